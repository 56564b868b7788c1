/**
 * Total order over BSON values, following MongoDB's comparison order of types
 * (MinKey < null < numbers < strings < objects < arrays < binData < ObjectId < bool < Date < Timestamp < regex < MaxKey).
 * Used for index keys; query matching itself is mingo's.
 */
export const MIN_KEY = Symbol('MinKey');
export const MAX_KEY = Symbol('MaxKey');

function typeRank(value: unknown): number {
  if (value === MIN_KEY) return 0;
  if (value === MAX_KEY) return 100;
  if (value === null || value === undefined) return 2;
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return 3;
    case 'string':
      return 4;
    case 'boolean':
      return 9;
    case 'object':
      break;
    default:
      return 50;
  }
  if (Array.isArray(value)) return 6;
  if (value instanceof Date) return 10;
  if (value instanceof RegExp) return 12;
  const bsonType = (value as { _bsontype?: string })._bsontype;
  switch (bsonType) {
    case 'Long':
    case 'Int32':
    case 'Double':
    case 'Decimal128':
      return 3;
    case 'Binary':
      return 7;
    case 'ObjectId':
      return 8;
    case 'Timestamp':
      return 11;
    case 'BSONRegExp':
      return 12;
    case 'MinKey':
      return 0;
    case 'MaxKey':
      return 100;
    case undefined:
      return 5;
    default:
      return 50;
  }
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  const bsonType = (value as { _bsontype?: string })._bsontype;
  if (bsonType === 'Decimal128') return Number((value as object).toString());
  return Number((value as { valueOf(): unknown }).valueOf());
}

export function compareBson(left: unknown, right: unknown): number {
  const leftRank = typeRank(left);
  const rightRank = typeRank(right);
  if (leftRank !== rightRank) return leftRank < rightRank ? -1 : 1;
  switch (leftRank) {
    case 0:
    case 2:
    case 100:
      return 0;
    case 3: {
      const a = toNumber(left);
      const b = toNumber(right);
      return a < b ? -1 : a > b ? 1 : 0;
    }
    case 4:
      return compareStrings(left as string, right as string);
    case 5:
      return compareObjects(left as Record<string, unknown>, right as Record<string, unknown>);
    case 6:
      return compareArrays(left as unknown[], right as unknown[]);
    case 7:
      return Buffer.compare(
        Buffer.from((left as { buffer: Uint8Array }).buffer),
        Buffer.from((right as { buffer: Uint8Array }).buffer),
      );
    case 8: {
      const a = (left as { toHexString(): string }).toHexString();
      const b = (right as { toHexString(): string }).toHexString();
      return a === b ? 0 : a < b ? -1 : 1;
    }
    case 9:
      return left === right ? 0 : left ? 1 : -1;
    case 10: {
      const a = (left as Date).getTime();
      const b = (right as Date).getTime();
      return a < b ? -1 : a > b ? 1 : 0;
    }
    default: {
      const a = String(left);
      const b = String(right);
      return a === b ? 0 : a < b ? -1 : 1;
    }
  }
}

const SURROGATE_OR_HIGHER = /[\uD800-\uFFFF]/;

/** MongoDB orders strings by their UTF-8 bytes, which is code point order; JS `<` compares UTF-16 units. */
function compareStrings(left: string, right: string): number {
  if (left === right) return 0;
  if (!SURROGATE_OR_HIGHER.test(left) && !SURROGATE_OR_HIGHER.test(right)) return left < right ? -1 : 1;
  const a = [...left];
  const b = [...right];
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const difference = a[i].codePointAt(0)! - b[i].codePointAt(0)!;
    if (difference !== 0) return difference < 0 ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function compareArrays(left: unknown[], right: unknown[]): number {
  const length = Math.min(left.length, right.length);
  for (let i = 0; i < length; i++) {
    const result = compareBson(left[i], right[i]);
    if (result !== 0) return result;
  }
  return left.length - right.length === 0 ? 0 : left.length < right.length ? -1 : 1;
}

function compareObjects(left: Record<string, unknown>, right: Record<string, unknown>): number {
  const leftKeys = Object.keys(left);
  const rightKeys = Object.keys(right);
  const length = Math.min(leftKeys.length, rightKeys.length);
  for (let i = 0; i < length; i++) {
    const valueOrder = compareBson(left[leftKeys[i]], right[rightKeys[i]]);
    if (valueOrder !== 0) return valueOrder;
    if (leftKeys[i] !== rightKeys[i]) return leftKeys[i] < rightKeys[i] ? -1 : 1;
  }
  return leftKeys.length === rightKeys.length ? 0 : leftKeys.length < rightKeys.length ? -1 : 1;
}

/** A stable string that identifies a value for equality (used for `_id` lookups). */
export function identityKey(value: unknown): string {
  if (typeof value === 'string') return `s:${value}`;
  if (typeof value === 'number') return `n:${value}`;
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return `d:${value.getTime()}`;
  const bsonType = (value as { _bsontype?: string })._bsontype;
  if (bsonType === 'ObjectId') return `o:${(value as { toHexString(): string }).toHexString()}`;
  if (bsonType === 'Long' || bsonType === 'Int32' || bsonType === 'Double') return `n:${toNumber(value)}`;
  return `j:${stableStringify(value)}`;
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(identityKey).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([key, inner]) => `${JSON.stringify(key)}:${identityKey(inner)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? String(value);
}
