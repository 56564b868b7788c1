/**
 * Proficiency testing (能力验证, ISO 13528 / CNAS-GL002): z = (x − X) / σpt, computed in decimal — exact integer
 * arithmetic on scaled BigInts, never binary floating point — and rounded half away from zero to 2 decimal places
 * before it is classified, so a result exactly 2σ or 3σ from the assigned value is 2.00 or 3.00 and not 1.9999999.
 * The classification of the rounded value: |z| ≤ 2.00 satisfactory, 2.00 < |z| < 3.00 questionable, |z| ≥ 3.00
 * unsatisfactory.
 */
import { KernelValidationError } from './errors';

export const PROFICIENCY_OUTCOMES = ['SATISFACTORY', 'QUESTIONABLE', 'UNSATISFACTORY'] as const;
export type ProficiencyOutcome = (typeof PROFICIENCY_OUTCOMES)[number];

export const PROFICIENCY_OUTCOME_LABELS: Readonly<Record<ProficiencyOutcome | 'PENDING', string>> = {
  SATISFACTORY: '满意',
  QUESTIONABLE: '有问题',
  UNSATISFACTORY: '不满意',
  PENDING: '未回报结果',
};

/** Decimal inputs: an optional sign, up to 12 integer digits and up to 8 decimals (e.g. `-0.0125`, `12.5`). */
const DECIMAL_PATTERN = /^([+-]?)(\d{1,12})(?:\.(\d{1,8}))?$/;
export const MAX_DECIMAL_PLACES = 8;

/** A decimal as an integer count of 10^-scale. */
export interface Decimal {
  units: bigint;
  scale: number;
}

export function parseDecimal(text: string): Decimal | null {
  const match = DECIMAL_PATTERN.exec(typeof text === 'string' ? text.trim() : '');
  if (!match) return null;
  const fraction = match[3] ?? '';
  const magnitude = BigInt(`${match[2]}${fraction}`);
  return { units: match[1] === '-' ? -magnitude : magnitude, scale: fraction.length };
}

/** Like parseDecimal, but throws a KernelValidationError naming `field`. */
export function requireDecimal(field: string, text: string): Decimal {
  const decimal = parseDecimal(text);
  if (!decimal) throw new KernelValidationError(field, `"${text}" is not a decimal number such as 12.35 (at most 12 digits before the point and ${MAX_DECIMAL_PLACES} after)`);
  return decimal;
}

function atScale(decimal: Decimal, scale: number): bigint {
  return decimal.units * 10n ** BigInt(scale - decimal.scale);
}

/** The canonical text of a decimal: no sign on zero, no leading zeros, trailing decimals kept as given. */
export function formatDecimal(decimal: Decimal): string {
  const negative = decimal.units < 0n;
  const digits = (negative ? -decimal.units : decimal.units).toString().padStart(decimal.scale + 1, '0');
  const whole = decimal.scale === 0 ? digits : `${digits.slice(0, -decimal.scale)}.${digits.slice(-decimal.scale)}`;
  return negative ? `-${whole}` : whole;
}

/** numerator / denominator (denominator > 0) rounded half away from zero to an integer. */
function divideRoundingHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  const magnitude = numerator < 0n ? -numerator : numerator;
  const rounded = (2n * magnitude + denominator) / (2n * denominator);
  return numerator < 0n ? -rounded : rounded;
}

/**
 * z × 100, exactly: (x − X) / σpt rounded half away from zero to 2 decimal places (an integer count of hundredths).
 * Throws when σpt is not positive.
 */
export function zScoreHundredths(result: Decimal, assignedValue: Decimal, standardDeviation: Decimal): bigint {
  if (standardDeviation.units <= 0n) throw new KernelValidationError('standardDeviation', 'the standard deviation for proficiency assessment must be greater than 0');
  const scale = Math.max(result.scale, assignedValue.scale, standardDeviation.scale);
  const difference = atScale(result, scale) - atScale(assignedValue, scale);
  return divideRoundingHalfAwayFromZero(difference * 100n, atScale(standardDeviation, scale));
}

/** The z-score as text with exactly 2 decimals, e.g. `-2.00`, `0.37`, `3.14`. */
export function formatZScore(hundredths: bigint): string {
  return formatDecimal({ units: hundredths, scale: 2 });
}

/** ISO 13528 classification of a z-score already rounded to hundredths. */
export function classifyZScore(hundredths: bigint): ProficiencyOutcome {
  const magnitude = hundredths < 0n ? -hundredths : hundredths;
  if (magnitude <= 200n) return 'SATISFACTORY';
  if (magnitude < 300n) return 'QUESTIONABLE';
  return 'UNSATISFACTORY';
}

/** z-score text and outcome of one result, from the decimal texts of the round. */
export function assessResult(result: string, assignedValue: string, standardDeviation: string): { zScore: string; outcome: ProficiencyOutcome } {
  const hundredths = zScoreHundredths(requireDecimal('result', result), requireDecimal('assignedValue', assignedValue), requireDecimal('standardDeviation', standardDeviation));
  return { zScore: formatZScore(hundredths), outcome: classifyZScore(hundredths) };
}

/**
 * The stable code under which a participating laboratory appears to agencies outside its region and the organiser's:
 * 实验室A … 实验室Z, 实验室AA … (by the laboratory's place in the round, fixed when the round opens).
 */
export function laboratoryCode(index: number): string {
  let letters = '';
  for (let rest = index; rest >= 0; rest = Math.floor(rest / 26) - 1) letters = String.fromCharCode(65 + (rest % 26)) + letters;
  return `实验室${letters}`;
}
