import { isRecordId, validateCreditCode, type RecordTypeCode } from '../../../kernel';
import { BadUserInputError } from './domainErrors';

/** Input checks shared by the services; each throws a BadUserInputError naming the field. */
export function requireText(field: string, value: string | null | undefined, limits: { min?: number; max: number }): string {
  const text = (value ?? '').trim();
  const min = limits.min ?? 1;
  if (text.length < min) throw new BadUserInputError(field, `${field} must not be empty`);
  if (text.length > limits.max) throw new BadUserInputError(field, `${field} is longer than ${limits.max} characters (${text.length})`);
  return text;
}

export function optionalText(field: string, value: string | null | undefined, max: number): string | undefined {
  if (value === null || value === undefined) return undefined;
  return requireText(field, value, { min: 0, max });
}

export function requireTextList(field: string, values: readonly string[] | null | undefined, limits: { maxItems: number; maxLength: number }): string[] {
  const list = values ?? [];
  if (list.length > limits.maxItems) throw new BadUserInputError(field, `${field} has more than ${limits.maxItems} entries`);
  return list.map((value, i) => requireText(`${field}[${i}]`, value, { max: limits.maxLength }));
}

export function requireCreditCodeInput(field: string, value: string): string {
  const code = (value ?? '').trim().toUpperCase();
  const result = validateCreditCode(code);
  if (!result.valid) throw new BadUserInputError(field, `${field}: "${value}" is not a valid unified social credit code: ${result.message}`);
  return code;
}

/** Credit codes of enterprises (any region): each valid, duplicates dropped. */
export function requireCreditCodeList(field: string, values: readonly string[] | null | undefined, maxItems: number): string[] {
  const list = values ?? [];
  if (list.length > maxItems) throw new BadUserInputError(field, `${field} has more than ${maxItems} entries`);
  return [...new Set(list.map((value, i) => requireCreditCodeInput(`${field}[${i}]`, value)))];
}

export function requireRecordIdInput(field: string, value: string, type: RecordTypeCode): string {
  if (!isRecordId(value, type)) throw new BadUserInputError(field, `${field}: "${value}" is not a ${type} record ID such as TJ-${type}-2024-000123`);
  return value;
}

export function requireRecordIdList(field: string, values: readonly string[] | null | undefined, type: RecordTypeCode, maxItems = 50): string[] {
  const list = values ?? [];
  if (list.length > maxItems) throw new BadUserInputError(field, `${field} has more than ${maxItems} entries`);
  return [...new Set(list.map((value, i) => requireRecordIdInput(`${field}[${i}]`, value, type)))];
}

export function requireCount(field: string, value: number, max = 1_000_000_000): number {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new BadUserInputError(field, `${field} must be an integer from 0 to ${max}`);
  return value;
}

export function requireAmount(field: string, value: number, max = 1_000_000_000): number {
  if (!Number.isFinite(value) || value < 0 || value > max) throw new BadUserInputError(field, `${field} must be a number from 0 to ${max}`);
  return Math.round(value * 100) / 100;
}

export function requireDateOrder(field: string, start: Date, end: Date): void {
  if (start.getTime() > end.getTime()) throw new BadUserInputError(field, `${field}: start ${start.toISOString()} is after end ${end.toISOString()}`);
}

export function requireNotFuture(field: string, date: Date, now = new Date()): void {
  if (date.getTime() > now.getTime() + 5 * 60_000) throw new BadUserInputError(field, `${field} (${date.toISOString()}) is in the future`);
}
