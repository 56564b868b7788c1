import { KernelValidationError } from './errors';
import { regionFromDivisionCode, type RegionCode } from './regions';

/** GB 32100-2015 character set: digits and capitals without I, O, S, V, Z; a character's value is its index. */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export const CREDIT_CODE_LENGTH = 18;

/** Weights 3^(i−1) mod 31 for positions i = 1..17. */
export const CREDIT_CODE_WEIGHTS: readonly number[] = Array.from({ length: 17 }, (_, i) => {
  let weight = 1;
  for (let k = 0; k < i; k++) weight = (weight * 3) % 31;
  return weight;
});

export type CreditCodeProblem = 'LENGTH' | 'ALPHABET' | 'DIVISION_CODE' | 'CHECK_CHARACTER' | 'UNKNOWN_REGION';

export type CreditCodeValidation =
  | { valid: true; region: RegionCode }
  | { valid: false; problem: CreditCodeProblem; message: string };

function charValue(char: string): number {
  return CREDIT_CODE_ALPHABET.indexOf(char);
}

/** Check character (position 18) for the first 17 characters; throws on a malformed prefix. */
export function computeCreditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) {
    throw new KernelValidationError('creditCode', `Need the first 17 characters of a credit code, got ${first17.length}.`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = charValue(first17[i]!);
    if (value < 0) {
      throw new KernelValidationError('creditCode', `Character "${first17[i]}" at position ${i + 1} is not in the GB 32100-2015 alphabet.`);
    }
    sum += value * CREDIT_CODE_WEIGHTS[i]!;
  }
  const check = 31 - (sum % 31);
  return CREDIT_CODE_ALPHABET[check === 31 ? 0 : check]!;
}

/** Trims and upper-cases user input; validation itself is strict about both. */
export function normalizeCreditCode(input: string): string {
  return input.trim().toUpperCase();
}

/**
 * Validates an 18-character unified social credit code as used by this hub: GB 32100-2015
 * structure and check character, and registered in Beijing, Tianjin or Hebei.
 */
export function validateCreditCode(code: string): CreditCodeValidation {
  if (typeof code !== 'string' || code.length !== CREDIT_CODE_LENGTH) {
    const length = typeof code === 'string' ? code.length : 0;
    return { valid: false, problem: 'LENGTH', message: `A unified social credit code has 18 characters, got ${length}.` };
  }
  for (let i = 0; i < CREDIT_CODE_LENGTH; i++) {
    if (charValue(code[i]!) < 0) {
      return {
        valid: false,
        problem: 'ALPHABET',
        message: `Character "${code[i]}" at position ${i + 1} is not allowed (digits and capitals except I, O, S, V, Z).`,
      };
    }
  }
  const divisionCode = code.slice(2, 8);
  if (!/^\d{6}$/.test(divisionCode)) {
    return { valid: false, problem: 'DIVISION_CODE', message: `Characters 3–8 must be a 6-digit division code, got "${divisionCode}".` };
  }
  const expected = computeCreditCodeCheckChar(code.slice(0, 17));
  if (code[17] !== expected) {
    return { valid: false, problem: 'CHECK_CHARACTER', message: `Check character is "${code[17]}", expected "${expected}".` };
  }
  const region = regionFromDivisionCode(divisionCode);
  if (!region) {
    return {
      valid: false,
      problem: 'UNKNOWN_REGION',
      message: `Division code ${divisionCode} is not in Beijing (11), Tianjin (12) or Hebei (13).`,
    };
  }
  return { valid: true, region };
}

export function isValidCreditCode(code: unknown): code is string {
  return typeof code === 'string' && validateCreditCode(code).valid;
}

/** Region from characters 3–4 (no checksum check); null when not 11, 12 or 13. */
export function regionOfCreditCode(code: string): RegionCode | null {
  if (typeof code !== 'string' || code.length !== CREDIT_CODE_LENGTH) return null;
  return regionFromDivisionCode(code.slice(2, 4));
}

/** Returns the code if valid; throws a KernelValidationError naming `field` otherwise. */
export function requireCreditCode(code: string, field = 'creditCode'): string {
  const result = validateCreditCode(code);
  if (!result.valid) throw new KernelValidationError(field, `Invalid unified social credit code "${code}": ${result.message}`);
  return code;
}

export interface CreditCodeParts {
  /** Position 1: registering department, '9' = market regulation (工商). */
  registrationAuthority: string;
  /** Position 2: organisation type, for '9': '1' enterprise, '2' individual business, '3' farmers' cooperative. */
  organizationType: string;
  /** Positions 3–8: GB/T 2260 division code of the registering office. */
  divisionCode: string;
  /** Positions 9–17: organisation code (GB 11714 body plus its check character). */
  organizationCode: string;
}

/** Assembles a code and appends its check character (used by the seeds). */
export function buildCreditCode(parts: CreditCodeParts): string {
  const { registrationAuthority, organizationType, divisionCode, organizationCode } = parts;
  if (registrationAuthority.length !== 1 || organizationType.length !== 1) {
    throw new KernelValidationError('creditCode', 'Registration authority and organisation type are one character each.');
  }
  if (!/^\d{6}$/.test(divisionCode)) {
    throw new KernelValidationError('divisionCode', `Division code must have 6 digits, got "${divisionCode}".`);
  }
  if (organizationCode.length !== 9) {
    throw new KernelValidationError('organizationCode', `Organisation code must have 9 characters, got "${organizationCode}".`);
  }
  const first17 = registrationAuthority + organizationType + divisionCode + organizationCode;
  return first17 + computeCreditCodeCheckChar(first17);
}
