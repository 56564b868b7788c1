import { isRecordId, validateCreditCode, type RecordTypeCode, type RegionCode } from '../../../kernel';
import { phoneKindOf, provinceOfDivisionCode, recallNumberProblem, recordDateProblem, type PhoneKind } from '../../../kernel/formats';
import { now as clockNow } from '../../../platform/clock';
import { REGIONAL_DEFAULTS } from '../../../platform/config/defaults';
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

/**
 * A unified social credit code. One registered outside Beijing, Tianjin and Hebei (well formed, check character
 * right, another province's division code) is refused with its own reason, OUTSIDE_JJJ, unless `anyRegion` accepts
 * it: a recall's manufacturer, a risk alert's enterprises and list filters may name a business anywhere.
 */
export function requireCreditCodeInput(field: string, value: string, options: { anyRegion?: boolean } = {}): string {
  const code = (value ?? '').trim().toUpperCase();
  const result = validateCreditCode(code);
  if (result.valid) return code;
  const province = result.problem === 'UNKNOWN_REGION' ? provinceOfDivisionCode(code.slice(2, 8)) : null;
  if (province === null) throw new BadUserInputError(field, `${field}: "${value}" is not a valid unified social credit code: ${result.message}`);
  if (options.anyRegion) return code;
  throw new BadUserInputError(
    field,
    `${field}: 该经营者登记于${province}，不在京津冀范围内 — the business ${code} is registered in ${province} (division code ${code.slice(2, 8)}), outside Beijing, Tianjin and Hebei, so no region of the hub handles it`,
    'OUTSIDE_JJJ',
  );
}

/** Credit codes of enterprises (any region): each valid, duplicates dropped. */
export function requireCreditCodeList(field: string, values: readonly string[] | null | undefined, maxItems: number, options: { anyRegion?: boolean } = {}): string[] {
  const list = values ?? [];
  if (list.length > maxItems) throw new BadUserInputError(field, `${field} has more than ${maxItems} entries`);
  return [...new Set(list.map((value, i) => requireCreditCodeInput(`${field}[${i}]`, value, options)))];
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

/** An amount in whole fen (the Money scalar's value) from 0 to `maxYuan` yuan. */
export function requireFen(field: string, fen: number, maxYuan = 1_000_000_000): number {
  if (!Number.isSafeInteger(fen) || fen < 0 || fen > maxYuan * 100) throw new BadUserInputError(field, `${field} must be an amount from 0 to ${maxYuan} yuan`, 'OUT_OF_RANGE');
  return fen;
}

export function requireDateOrder(field: string, start: Date, end: Date): void {
  if (start.getTime() > end.getTime()) throw new BadUserInputError(field, `${field}: start ${start.toISOString()} is after end ${end.toISOString()}`);
}

export function requireNotFuture(field: string, date: Date, now = clockNow()): void {
  if (date.getTime() > now.getTime() + 5 * 60_000) throw new BadUserInputError(field, `${field} (${date.toISOString()}) is in the future`, 'IN_FUTURE');
}

/** MAX_RECORD_AGE_YEARS (checked at the service's start with the rest of its configuration), else the default. */
export function maxRecordAgeYears(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.MAX_RECORD_AGE_YEARS);
  return Number.isInteger(value) && value >= 1 ? value : REGIONAL_DEFAULTS.maxRecordAgeYears;
}

/**
 * A business date a new record or step carries (announcedAt, issuedAt, receivedAt, a step's at): not later than now
 * (the one clock) plus a few minutes' skew, not older than MAX_RECORD_AGE_YEARS. `reason` IN_FUTURE or TOO_OLD.
 */
export function requireRecordDate(field: string, date: Date, now = clockNow()): Date {
  const problem = recordDateProblem(date, now, maxRecordAgeYears());
  if (problem) throw new BadUserInputError(field, `${field}: ${problem.message}`, problem.reason);
  return date;
}

/** The official recall number of a recall `region` announces at `announcedAt` (kernel/formats.ts). */
export function requireRecallNumberInput(field: string, value: string, region: RegionCode, announcedAt: Date): string {
  const text = requireText(field, value, { max: 64 });
  const problem = recallNumberProblem(text, region, announcedAt);
  if (problem) throw new BadUserInputError(field, `${field}: ${problem}`, 'FORMAT');
  return text;
}

const PHONE_KIND_NAMES: Readonly<Record<PhoneKind, string>> = { MOBILE: 'a mobile number such as 13812345678', LANDLINE: 'a fixed line with its area code such as 022-23456789 or 0311-86012345', SERVICE: 'a 400/800 service number such as 400-810-8888' };

/** A mainland telephone number of one of the `kinds` (kernel/formats.ts), as typed (trimmed). */
export function requirePhoneInput(field: string, value: string, kinds: readonly PhoneKind[]): string {
  const text = requireText(field, value, { max: 30 });
  const kind = phoneKindOf(text);
  if (kind === null || !kinds.includes(kind)) {
    throw new BadUserInputError(field, `${field}: 电话号码格式不正确 — "${value}" is not ${kinds.map((k) => PHONE_KIND_NAMES[k]).join(', or ')}`, 'FORMAT');
  }
  return text;
}
