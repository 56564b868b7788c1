/**
 * Anonymising one record's personal data in memory: placeholders for its personal fields, and in its free texts
 * the personal values those fields held, mobile numbers and resident ID numbers typed in. Pure functions; the job
 * (retentionJob.ts) writes the result through the record's normal write path.
 */

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

const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_ID_CHECK = '10X98765432';

/** An 18-character resident identity card number (GB 11643) whose check character is right. */
export function isResidentIdNumber(candidate: string): boolean {
  if (!/^[1-9]\d{16}[\dXx]$/.test(candidate)) return false;
  const sum = RESIDENT_ID_WEIGHTS.reduce((total, weight, index) => total + weight * Number(candidate[index]), 0);
  return RESIDENT_ID_CHECK[sum % 11] === candidate[17]!.toUpperCase();
}

/** A mainland mobile number, optionally with +86 and spaces or hyphens between its groups (not inside a longer number). */
const MOBILE_NUMBER = /(?<![0-9])(?:(?:\+|00)?86[\s-]?)?1[3-9][0-9](?:[\s-]?[0-9]{4}){2}(?![0-9])/g;
/** Candidates for a resident ID number; the check character decides (a credit code or order number rarely passes). */
const RESIDENT_ID_CANDIDATE = /(?<![0-9A-Za-z])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The text with personal data replaced by ANONYMISED: every occurrence of the record's own personal values (a phone
 * number also when typed with other spacing), any mobile number and any valid resident ID number. Names and
 * addresses written differently from the record's fields are not recognised.
 */
export function scrubText(text: string, personalValues: readonly string[]): string {
  let scrubbed = text;
  const values = [...new Set(personalValues.map((value) => value.trim()).filter((value) => [...value].length >= 2 && value !== ANONYMISED))].sort((a, b) => b.length - a.length);
  for (const value of values) {
    scrubbed = scrubbed.split(value).join(ANONYMISED);
    const digits = value.replace(/\D/g, '');
    if (digits.length >= 7) scrubbed = scrubbed.replace(new RegExp(`(?<![0-9])${[...digits].map(escapeRegExp).join('[\\s-]?')}(?![0-9])`, 'g'), ANONYMISED);
  }
  scrubbed = scrubbed.replace(MOBILE_NUMBER, ANONYMISED);
  return scrubbed.replace(RESIDENT_ID_CANDIDATE, (candidate) => (isResidentIdNumber(candidate) ? ANONYMISED : candidate));
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
