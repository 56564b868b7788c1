import { KernelValidationError } from './errors';

/**
 * Money (人民币): stored, summed and compared as an integer number of fen (分, 1/100 yuan), never as a floating
 * yuan amount, so that 0.10 + 0.20 is 30 fen and prints "0.30". A JavaScript number holds integers exactly up to
 * 2^53 − 1 fen (about 90 万亿 yuan), the bound here; MongoDB keeps such integers exactly as doubles or Int64.
 */
export type Fen = number;

/** The largest amount in fen: every integer up to it is exact as a double, and Int64 holds it. */
export const MAX_FEN: Fen = Number.MAX_SAFE_INTEGER;

/** Digits, an optional sign and at most two decimals: "12", "12.5", "-0.05". */
const AMOUNT_TEXT = /^([+-]?)(\d+)(?:\.(\d{1,2}))?$/;

/** Why an amount is refused (extensions.reason). */
export type MoneyRefusal = 'NOT_A_NUMBER' | 'TOO_MANY_DECIMALS' | 'OUT_OF_RANGE';

export class MoneyError extends KernelValidationError {
  constructor(
    field: string,
    message: string,
    readonly reason: MoneyRefusal,
  ) {
    super(field, message);
    this.name = 'MoneyError';
  }
}

function refuse(field: string, reason: MoneyRefusal, shown: string): never {
  const why =
    reason === 'TOO_MANY_DECIMALS'
      ? 'has more than two decimals (amounts are in yuan to the fen)'
      : reason === 'OUT_OF_RANGE'
        ? `is beyond ±${formatFen(MAX_FEN)} yuan`
        : 'is not an amount such as "12.50" or 12.5';
  throw new MoneyError(field, `${field}: ${shown} ${why}`, reason);
}

function fenOfText(field: string, text: string, shown: string): Fen {
  const match = AMOUNT_TEXT.exec(text);
  if (!match) {
    if (/^[+-]?\d+\.\d{3,}$/.test(text)) refuse(field, 'TOO_MANY_DECIMALS', shown);
    refuse(field, 'NOT_A_NUMBER', shown);
  }
  const [, sign, whole, decimals = ''] = match;
  // Integer arithmetic on the digits: no floating yuan value is ever formed.
  const wholeFen = BigInt(whole!) * 100n + BigInt(decimals.padEnd(2, '0'));
  if (wholeFen > BigInt(MAX_FEN)) refuse(field, 'OUT_OF_RANGE', shown);
  const fen = Number(wholeFen);
  return sign === '-' && fen !== 0 ? -fen : fen;
}

/**
 * An amount in yuan as given by a caller — a string ("12.50", "0.3") or a number (12.5) with at most two decimals —
 * in fen. Refused with BAD_USER_INPUT naming `field`: more decimals, not a number (NaN, Infinity, "12,50", ""),
 * beyond ±MAX_FEN fen.
 */
export function parseMoney(value: unknown, field = 'amount'): Fen {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) refuse(field, 'NOT_A_NUMBER', String(value));
    // Numbers print with an exponent from 1e21 up (out of range) and below 1e-6 (too many decimals).
    if (Math.abs(value) >= 1e21) refuse(field, 'OUT_OF_RANGE', String(value));
    if (/e/i.test(String(value))) refuse(field, 'TOO_MANY_DECIMALS', String(value));
    // The shortest text that reads back as this number: 0.1 is "0.1", 0.1 + 0.2 is "0.30000000000000004".
    return fenOfText(field, String(value), String(value));
  }
  if (typeof value === 'string') return fenOfText(field, value.trim(), JSON.stringify(value));
  if (typeof value === 'bigint') return fenOfText(field, value.toString(), value.toString());
  return refuse(field, 'NOT_A_NUMBER', value === null ? 'null' : typeof value);
}

/** Fen as a two-decimal yuan string: 30 → "0.30", -105 → "-1.05", 123456 → "1234.56". */
export function formatFen(fen: Fen): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not a whole number of fen: ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const digits = String(Math.abs(fen)).padStart(3, '0');
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** The nearest fen of a yuan amount stored as a float by earlier builds (342876.22000000003 → 34287622). */
export function fenOfYuanFloat(yuan: number): Fen {
  const fen = Math.round(yuan * 100);
  if (!Number.isSafeInteger(fen)) throw new RangeError(`yuan amount out of range: ${yuan}`);
  return fen;
}

/** Fen as a yuan float, only for the deprecated Float fields; sums use the integers. */
export function yuanOfFen(fen: Fen): number {
  return fen / 100;
}

/** Adds amounts in fen, refusing a total that would no longer be exact. */
export function addFen(...amounts: Fen[]): Fen {
  let total = 0;
  for (const amount of amounts) {
    total += amount;
    if (!Number.isSafeInteger(total)) throw new RangeError('sum of amounts beyond the exact integer range');
  }
  return total;
}
