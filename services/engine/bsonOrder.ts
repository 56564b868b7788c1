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
  // Fast paths for the index key types that dominate (strings, numbers, dates): same order as the general case below.
  if (typeof left === 'string') {
    if (typeof right === 'string') return compareStrings(left, right);
  } else if (typeof left === 'number') {
    if (typeof right === 'number') return left < right ? -1 : left > right ? 1 : 0;
  } else if (left instanceof Date && right instanceof Date) {
    const a = left.getTime();
    const b = right.getTime();
    return a < b ? -1 : a > b ? 1 : 0;
  }
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

/**
 * MongoDB orders strings by their UTF-8 bytes, which is code point order; JS `<` compares UTF-16 units. The two
 * differ only where a surrogate (U+D800–DFFF, half of a code point above U+FFFF) meets a unit in U+E000–FFFF: at the
 * first differing unit, surrogates are moved above that range. No allocation, one pass over the common prefix.
 */
function compareStrings(left: string, right: string): number {
  if (left === right) return 0;
  const length = Math.min(left.length, right.length);
  for (let i = 0; i < length; i++) {
    let a = left.charCodeAt(i);
    let b = right.charCodeAt(i);
    if (a === b) continue;
    if (a >= 0xd800 && b >= 0xd800) {
      a = a >= 0xe000 ? a - 0x800 : a + 0x2000;
      b = b >= 0xe000 ? b - 0x800 : b + 0x2000;
    }
    return a < b ? -1 : 1;
  }
  return left.length < right.length ? -1 : left.length > right.length ? 1 : 0;
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
