import { isValidCreditCode } from './creditCode';
import { KernelValidationError } from './errors';
import { isRecordEntryId, isRecordId } from './ids';

/**
 * Keyset cursor: base64url (no padding) of the JSON array `[sortValue, id]`. Sort values are
 * dates (as ISO-8601 strings), finite numbers or strings (IDs); never free text, whose order
 * differs between MongoDB and JavaScript. One cursor is valid for every region.
 */
export type CursorSortKind = 'date' | 'number' | 'string';
export type CursorSortValue = Date | number | string;

export interface CursorSortValueOf {
  date: Date;
  number: number;
  string: string;
}

export interface DecodedCursor<K extends CursorSortKind = CursorSortKind> {
  sortValue: CursorSortValueOf[K];
  id: string;
}

/** Longest cursor accepted; real ones are under 100 characters. */
export const MAX_CURSOR_LENGTH = 512;
const MAX_STRING_SORT_VALUE_LENGTH = 64;
const ISO_INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const BASE64URL_PATTERN = /^[A-Za-z0-9_-]+$/;

/** Record IDs, IDs of entries listed on their own (`TJ-LIC-2026-000003-N1`) and (for enterprises) credit codes are the keys a cursor may carry. */
export function isCursorId(id: unknown): id is string {
  return isRecordId(id) || isRecordEntryId(id) || isValidCreditCode(id);
}

export function encodeCursor(sortValue: CursorSortValue, id: string): string {
  let encodedSortValue: string | number;
  if (sortValue instanceof Date) {
    if (Number.isNaN(sortValue.getTime())) throw new KernelValidationError('cursor', 'Cannot encode an invalid date in a cursor.');
    encodedSortValue = sortValue.toISOString();
  } else if (typeof sortValue === 'number') {
    if (!Number.isFinite(sortValue)) throw new KernelValidationError('cursor', `Cannot encode the number ${sortValue} in a cursor.`);
    encodedSortValue = sortValue;
  } else {
    if (sortValue.length === 0 || sortValue.length > MAX_STRING_SORT_VALUE_LENGTH) {
      throw new KernelValidationError('cursor', `A string sort value has 1 to ${MAX_STRING_SORT_VALUE_LENGTH} characters.`);
    }
    encodedSortValue = sortValue;
  }
  if (!isCursorId(id)) throw new KernelValidationError('cursor', `Cannot encode "${id}" as a cursor ID: not a record ID or credit code.`);
  return Buffer.from(JSON.stringify([encodedSortValue, id]), 'utf8').toString('base64url');
}

function fail(reason: string): never {
  throw new KernelValidationError('cursor', `Invalid cursor: ${reason}`);
}

/** Reused: a fatal decoder keeps no state between whole (non-streaming) decodes. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

function decodePayload(cursor: string): [unknown, string] {
  if (typeof cursor !== 'string' || cursor.length === 0) fail('empty.');
  if (cursor.length > MAX_CURSOR_LENGTH) fail(`longer than ${MAX_CURSOR_LENGTH} characters.`);
  if (!BASE64URL_PATTERN.test(cursor)) fail('not base64url (allowed: A–Z, a–z, 0–9, "-", "_", no padding).');
  const bytes = Buffer.from(cursor, 'base64url');
  // Node's decoder skips stray bits silently; a cursor must round-trip exactly.
  if (bytes.toString('base64url') !== cursor) fail('not canonical base64url.');

  let payload: unknown;
  try {
    payload = JSON.parse(STRICT_UTF8.decode(bytes));
  } catch {
    fail('its content is not JSON.');
  }
  if (!Array.isArray(payload) || payload.length !== 2) fail('expected a JSON array [sortValue, id].');
  const [rawSortValue, id] = payload as [unknown, unknown];
  if (typeof id !== 'string' || !isCursorId(id)) fail('the id is not a record ID or credit code.');
  return [rawSortValue, id];
}

export function decodeCursor<K extends CursorSortKind>(cursor: string, expectedKind: K): DecodedCursor<K> {
  const [rawSortValue, id] = decodePayload(cursor);
  return { sortValue: decodeSortValue(rawSortValue, expectedKind), id };
}

/**
 * The order of two cursors of the same list sorted by (sortValue, id) in `direction` (1 ascending, -1 descending),
 * without knowing the sort kind: ISO instants and IDs order as strings, numbers as numbers.
 */
export function compareCursors(left: string, right: string, direction: 1 | -1): number {
  return compareCursorKeys(cursorSortKey(left), cursorSortKey(right), direction);
}

/** A cursor's `[sortValue, id]`, checked for shape; decode once, compare many times with `compareCursorKeys`. */
export type CursorSortKey = readonly [unknown, string];

export function cursorSortKey(cursor: string): CursorSortKey {
  return decodePayload(cursor);
}

/**
 * The sort key of a cursor a region service wrote into its answer (merging regional pages reads dozens per
 * request): decoded and checked for shape, without the canonical-encoding checks a client's cursor gets.
 */
export function regionCursorSortKey(cursor: string): CursorSortKey {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    fail('its content is not JSON.');
  }
  if (!Array.isArray(payload) || payload.length !== 2 || typeof payload[1] !== 'string') fail('expected a JSON array [sortValue, id].');
  return payload as unknown as CursorSortKey;
}

export function compareCursorKeys(left: CursorSortKey, right: CursorSortKey, direction: 1 | -1): number {
  return (compareSortValues(left[0], right[0]) || compareSortValues(left[1], right[1])) * direction;
}

function compareSortValues(left: unknown, right: unknown): number {
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  const a = String(left);
  const b = String(right);
  return a < b ? -1 : a > b ? 1 : 0;
}

function decodeSortValue<K extends CursorSortKind>(raw: unknown, kind: K): CursorSortValueOf[K] {
  switch (kind) {
    case 'date': {
      if (typeof raw !== 'string' || !ISO_INSTANT_PATTERN.test(raw)) fail('expected a date sort value (ISO-8601 UTC string).');
      const date = new Date(raw);
      if (Number.isNaN(date.getTime()) || date.toISOString() !== raw) fail(`"${raw}" is not a valid date.`);
      return date as CursorSortValueOf[K];
    }
    case 'number':
      if (typeof raw !== 'number' || !Number.isFinite(raw)) fail('expected a number sort value.');
      return raw as CursorSortValueOf[K];
    case 'string':
      if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_STRING_SORT_VALUE_LENGTH) {
        fail(`expected a string sort value of 1 to ${MAX_STRING_SORT_VALUE_LENGTH} characters.`);
      }
      return raw as CursorSortValueOf[K];
    default:
      throw new KernelValidationError('cursor', `Unknown cursor sort kind "${String(kind)}".`);
  }
}
