import { Long, ObjectId, Timestamp, type Document } from 'bson';

/**
 * A BSON encoder for what stored documents hold (strings, numbers, booleans, null, dates, ObjectIds, plain objects
 * and arrays; Longs and Timestamps, which replies hold) that writes straight into the caller's buffer and allocates nothing on the way.
 *
 * Written here rather than taken from `bson` because of what a snapshot costs: bson's serializeWithBufferAndIndex
 * encodes into its own buffer and copies, and makes garbage for every document (a Long per date, a key array per
 * object, a Set of the objects on the path). A compaction encodes every document the engine holds: at a million
 * recalls that was about 1.9 KB of garbage per document, some thirty scavenges of a 64 MiB young generation, each
 * of which walks every page of the 3.4 GB old generation (~15 ms).
 *
 * The bytes are bson's, exactly, for every value it accepts (tests/engine/bsonWriter.test.ts compares them, with
 * bson's options checkKeys false and ignoreUndefined true); anything else makes it return UNSUPPORTED, and the
 * caller encodes that document with bson instead.
 */
export const UNSUPPORTED = -1;

const TYPE_DOUBLE = 0x01;
const TYPE_STRING = 0x02;
const TYPE_DOCUMENT = 0x03;
const TYPE_ARRAY = 0x04;
const TYPE_OBJECT_ID = 0x07;
const TYPE_BOOLEAN = 0x08;
const TYPE_DATE = 0x09;
const TYPE_NULL = 0x0a;
const TYPE_INT32 = 0x10;
const TYPE_TIMESTAMP = 0x11;
const TYPE_INT64 = 0x12;

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
const TWO_TO_32 = 0x100000000;
/** Deeper documents are left to bson (which has its own limits and messages). */
const MAX_DEPTH = 100;
/** Strings up to this length are tried as ASCII in a loop: cheaper than a call into C++ for a short string. */
const SHORT_STRING = 24;

/** Signals a value this encoder leaves to bson; caught once per document. */
class Unsupported extends Error {}
const UNSUPPORTED_VALUE = new Unsupported('value not supported by the fast BSON writer');

/**
 * Writes `document` as BSON into `target` from `offset`. Returns the offset just past it, or UNSUPPORTED (leaving
 * `target` partly written) when the document holds a value this writer does not encode or would not fit.
 */
export function writeBsonDocument(document: Document, target: Buffer, offset: number): number {
  try {
    return writeObject(document, target, offset, 0);
  } catch (error) {
    if (error === UNSUPPORTED_VALUE) return UNSUPPORTED;
    throw error;
  }
}

function writeObject(object: Document, target: Buffer, start: number, depth: number): number {
  if (depth > MAX_DEPTH) throw UNSUPPORTED_VALUE;
  let index = start + 4;
  for (const key in object) {
    if (!Object.prototype.hasOwnProperty.call(object, key)) throw UNSUPPORTED_VALUE;
    const value: unknown = object[key];
    if (value === undefined) continue;
    index = writeElement(key, -1, value, target, index, depth);
  }
  return closeDocument(target, start, index);
}

function writeArray(array: readonly unknown[], target: Buffer, start: number, depth: number): number {
  if (depth > MAX_DEPTH) throw UNSUPPORTED_VALUE;
  let index = start + 4;
  for (let i = 0; i < array.length; i++) index = writeElement(null, i, array[i], target, index, depth);
  return closeDocument(target, start, index);
}

function closeDocument(target: Buffer, start: number, index: number): number {
  ensureRoom(target, index, 1);
  target[index++] = 0;
  target.writeInt32LE(index - start, start);
  return index;
}

/** One element: its type byte, its name (`key`, or the array position when `key` is null), its value. */
function writeElement(key: string | null, position: number, value: unknown, target: Buffer, start: number, depth: number): number {
  const typeAt = start;
  let index = key === null ? writePosition(position, target, start + 1) : writeKey(key, target, start + 1);
  if (value === null || value === undefined) {
    target[typeAt] = TYPE_NULL;
    return index;
  }
  switch (typeof value) {
    case 'string':
      target[typeAt] = TYPE_STRING;
      return writeString(value, target, index);
    case 'number':
      ensureRoom(target, index, 8);
      if (Number.isSafeInteger(value) && value >= INT32_MIN && value <= INT32_MAX && !Object.is(value, -0)) {
        target[typeAt] = TYPE_INT32;
        return target.writeInt32LE(value, index);
      }
      target[typeAt] = TYPE_DOUBLE;
      return target.writeDoubleLE(value, index);
    case 'boolean':
      ensureRoom(target, index, 1);
      target[typeAt] = TYPE_BOOLEAN;
      target[index] = value ? 1 : 0;
      return index + 1;
    case 'object':
      break;
    default:
      throw UNSUPPORTED_VALUE;
  }
  if (Array.isArray(value)) {
    target[typeAt] = TYPE_ARRAY;
    return writeArray(value, target, index, depth + 1);
  }
  if (value instanceof Date) {
    target[typeAt] = TYPE_DATE;
    return writeDate(value, target, index);
  }
  if (value instanceof Long) {
    // Timestamp extends Long: the same two words under its own type byte.
    ensureRoom(target, index, 8);
    target[typeAt] = value instanceof Timestamp ? TYPE_TIMESTAMP : TYPE_INT64;
    target.writeInt32LE(value.low, index);
    return target.writeInt32LE(value.high, index + 4);
  }
  if (value instanceof ObjectId) {
    ensureRoom(target, index, 12);
    target[typeAt] = TYPE_OBJECT_ID;
    const bytes = value.id;
    for (let i = 0; i < 12; i++) target[index + i] = bytes[i];
    return index + 12;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  // Class instances, and objects that claim a BSON type (bson checks their version and may refuse them).
  if ((prototype !== Object.prototype && prototype !== null) || (value as { _bsontype?: unknown })._bsontype != null) throw UNSUPPORTED_VALUE;
  target[typeAt] = TYPE_DOCUMENT;
  return writeObject(value as Document, target, index, depth + 1);
}

/** A date as bson writes it: the milliseconds as a 64-bit two's-complement integer (an invalid date as 0). */
function writeDate(date: Date, target: Buffer, index: number): number {
  ensureRoom(target, index, 8);
  const milliseconds = date.getTime();
  if (Number.isNaN(milliseconds)) {
    target.writeInt32LE(0, index);
    target.writeInt32LE(0, index + 4);
    return index + 8;
  }
  const high = Math.floor(milliseconds / TWO_TO_32);
  target.writeUInt32LE(milliseconds - high * TWO_TO_32, index);
  target.writeInt32LE(high, index + 4);
  return index + 8;
}

function writeKey(key: string, target: Buffer, index: number): number {
  // bson refuses names with a NUL (it would end the name early): left to it, to throw as it does.
  if (key.includes('\0')) throw UNSUPPORTED_VALUE;
  const end = writeUtf8(key, target, index);
  ensureRoom(target, end, 1);
  target[end] = 0;
  return end + 1;
}

/** An array element's name: its position in decimal, without making a string of it. */
function writePosition(position: number, target: Buffer, index: number): number {
  ensureRoom(target, index, 11);
  if (position === 0) {
    target[index] = 0x30;
    target[index + 1] = 0;
    return index + 2;
  }
  let digits = 0;
  for (let rest = position; rest > 0; rest = Math.floor(rest / 10)) digits++;
  for (let i = digits - 1, rest = position; i >= 0; i--, rest = Math.floor(rest / 10)) target[index + i] = 0x30 + (rest % 10);
  target[index + digits] = 0;
  return index + digits + 1;
}

function writeString(value: string, target: Buffer, index: number): number {
  const end = writeUtf8(value, target, index + 4);
  ensureRoom(target, end, 1);
  target[end] = 0;
  target.writeInt32LE(end - index - 4 + 1, index);
  return end + 1;
}

/** The string's UTF-8 bytes from `index` (no terminator); returns the offset past them. */
function writeUtf8(value: string, target: Buffer, index: number): number {
  // Three bytes per UTF-16 unit at most: room for that, or bson encodes the document (and says what is too large).
  ensureRoom(target, index, value.length * 3);
  if (value.length <= SHORT_STRING) {
    let ascii = true;
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (code > 0x7f) {
        ascii = false;
        break;
      }
      target[index + i] = code;
    }
    if (ascii) return index + value.length;
  }
  return index + target.write(value, index, 'utf8');
}

function ensureRoom(target: Buffer, index: number, bytes: number): void {
  if (index + bytes > target.length) throw UNSUPPORTED_VALUE;
}

/**
 * The bytes writeBsonDocument would write for `document` (bson's serialized size, as `serialize(…).length`), without
 * writing them or allocating; UNSUPPORTED when the document holds a value the writer leaves to bson. bson's
 * calculateObjectSize makes a key array per object: a cursor sizes every document of every batch it returns.
 */
export function bsonSizeOf(document: Document): number {
  try {
    return objectSize(document, 0);
  } catch (error) {
    if (error === UNSUPPORTED_VALUE) return UNSUPPORTED;
    throw error;
  }
}

function objectSize(object: Document, depth: number): number {
  if (depth > MAX_DEPTH) throw UNSUPPORTED_VALUE;
  let size = 5;
  for (const key in object) {
    if (!Object.prototype.hasOwnProperty.call(object, key)) throw UNSUPPORTED_VALUE;
    const value: unknown = object[key];
    if (value === undefined) continue;
    if (key.includes('\0')) throw UNSUPPORTED_VALUE;
    size += 2 + Buffer.byteLength(key, 'utf8') + valueSize(value, depth);
  }
  return size;
}

function arraySize(array: readonly unknown[], depth: number): number {
  if (depth > MAX_DEPTH) throw UNSUPPORTED_VALUE;
  let size = 5;
  for (let i = 0; i < array.length; i++) size += 2 + decimalDigits(i) + valueSize(array[i], depth);
  return size;
}

function decimalDigits(position: number): number {
  let digits = 1;
  for (let rest = position; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  return digits;
}

/** A value's bytes after its element's type byte and name. */
function valueSize(value: unknown, depth: number): number {
  if (value === null || value === undefined) return 0;
  switch (typeof value) {
    case 'string':
      return 5 + Buffer.byteLength(value, 'utf8');
    case 'number':
      return Number.isSafeInteger(value) && value >= INT32_MIN && value <= INT32_MAX && !Object.is(value, -0) ? 4 : 8;
    case 'boolean':
      return 1;
    case 'object':
      break;
    default:
      throw UNSUPPORTED_VALUE;
  }
  if (Array.isArray(value)) return arraySize(value, depth + 1);
  if (value instanceof Date || value instanceof Long) return 8;
  if (value instanceof ObjectId) return 12;
  const prototype: unknown = Object.getPrototypeOf(value);
  if ((prototype !== Object.prototype && prototype !== null) || (value as { _bsontype?: unknown })._bsontype != null) throw UNSUPPORTED_VALUE;
  return objectSize(value as Document, depth + 1);
}
