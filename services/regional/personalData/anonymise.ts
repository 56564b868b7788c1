import { EMAIL_IN_TEXT, isResidentIdNumber, MOBILE_IN_TEXT, RESIDENT_ID_IN_TEXT } from '../../../kernel/formats';

/**
 * Anonymising one record's personal data in memory: placeholders for its personal fields, and in its free texts
 * the personal values those fields held, mobile numbers, resident ID numbers and e-mail addresses typed in. Pure
 * functions; the job (retentionJob.ts) writes the result through the record's normal write path.
 */

export { isResidentIdNumber };

/** What a personal field, or a piece of personal data found in a text, reads once anonymised. */
export const ANONYMISED = '[已匿名]';

/** A field path: dot-separated names, `[]` after an array's name for each of its elements (`timeline[].note`). */
export type FieldPath = string;

type Replace = (value: unknown) => unknown;

function rewrite(container: unknown, segments: readonly string[], replace: Replace): void {
  if (container === null || typeof container !== 'object') return;
  const [head, ...rest] = segments;
  if (head === undefined) return;
  const object = container as Record<string, unknown>;
  if (head.endsWith('[]')) {
    const array = object[head.slice(0, -2)];
    if (!Array.isArray(array)) return;
    array.forEach((element, index) => {
      if (rest.length === 0) array[index] = replace(element);
      else rewrite(element, rest, replace);
    });
    return;
  }
  if (rest.length > 0) return rewrite(object[head], rest, replace);
  if (object[head] !== undefined && object[head] !== null) object[head] = replace(object[head]);
}

function valuesAt(container: unknown, path: FieldPath): unknown[] {
  const found: unknown[] = [];
  rewrite(structuredClone(container), path.split('.'), (value) => {
    found.push(value);
    return value;
  });
  return found;
}

function topLevelField(path: FieldPath): string {
  return path.split('.')[0]!.replace(/\[\]$/, '');
}

/** What kind of personal data a piece of free text was found to be: one of the record's own values, or a pattern. */
export type PersonalDataKind = 'VALUE' | 'MOBILE' | 'RESIDENT_ID' | 'EMAIL';

/** How a piece of personal data found in a text is written instead; `value` is the record's value a VALUE match is of. */
export type PersonalDataReplacer = (match: string, kind: PersonalDataKind, value?: string) => string;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The one finder of personal data inside free text, for anonymising (scrubText) and for masking what a caller may not
 * see (complaint.privacy.ts): every occurrence of the record's own personal values (a phone number also when typed
 * with other spacing), any mainland mobile number, any valid resident ID number and any e-mail address (patterns in
 * kernel/formats.ts), each passed to `replace`. Names and addresses written differently from the record's fields are
 * not recognised.
 */
export function replacePersonalData(text: string, personalValues: readonly string[], replace: PersonalDataReplacer): string {
  let result = text;
  const values = [...new Set(personalValues.map((value) => value.trim()).filter((value) => [...value].length >= 2 && value !== ANONYMISED))].sort((a, b) => b.length - a.length);
  for (const value of values) {
    result = result.split(value).join(replace(value, 'VALUE', value));
    const digits = value.replace(/\D/g, '');
    if (digits.length >= 7) result = result.replace(new RegExp(`(?<![0-9])${[...digits].map(escapeRegExp).join('[\\s-]?')}(?![0-9])`, 'g'), (match) => replace(match, 'VALUE', value));
  }
  result = result.replace(MOBILE_IN_TEXT, (match) => replace(match, 'MOBILE'));
  result = result.replace(RESIDENT_ID_IN_TEXT, (candidate) => (isResidentIdNumber(candidate) ? replace(candidate, 'RESIDENT_ID') : candidate));
  return result.replace(EMAIL_IN_TEXT, (match) => replace(match, 'EMAIL'));
}

/** The text with personal data (replacePersonalData) replaced by ANONYMISED. */
export function scrubText(text: string, personalValues: readonly string[]): string {
  return replacePersonalData(text, personalValues, () => ANONYMISED);
}

/**
 * The top-level fields of `record` that anonymising it changes, with their new values: each personal field set to
 * its placeholder, each free-text field scrubbed of the personal values the record held (and of phone and ID
 * numbers). The record itself is not changed.
 */
export function anonymisedFields(
  record: object,
  personalFields: Readonly<Record<FieldPath, unknown>>,
  freeTextFields: readonly FieldPath[],
): Record<string, unknown> {
  const personalValues = Object.keys(personalFields)
    .flatMap((path) => valuesAt(record, path))
    .filter((value): value is string => typeof value === 'string');
  const paths = [...Object.keys(personalFields), ...freeTextFields];
  const changed: Record<string, unknown> = {};
  for (const field of new Set(paths.map(topLevelField))) {
    const value = (record as Record<string, unknown>)[field];
    if (value !== undefined) changed[field] = structuredClone(value);
  }
  for (const [path, placeholder] of Object.entries(personalFields)) rewrite(changed, path.split('.'), () => structuredClone(placeholder));
  for (const path of freeTextFields) rewrite(changed, path.split('.'), (value) => (typeof value === 'string' ? scrubText(value, personalValues) : value));
  return changed;
}
