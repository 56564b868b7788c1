/**
 * The snapshot's allocation-free BSON writer (services/engine/storage/bsonWriter.ts) against bson itself: the same
 * bytes for every document it encodes, UNSUPPORTED (so the record goes through bson) for the rest. Fixed seed: a
 * failure prints it with the counterexample.
 */
import fc from 'fast-check';
import { Binary, Decimal128, deserialize, Long, ObjectId, serialize, Timestamp, type Document } from 'bson';
import { bsonSizeOf, UNSUPPORTED, writeBsonDocument } from '../../services/engine/storage/bsonWriter';
import { decodeRecords, encodeRecord, encodeRecordInto } from '../../services/engine/storage/records';
import { encodeOpMsgReply, HEADER_LENGTH, OP_MSG } from '../../services/engine/wire';
import { generateSeedData } from '../../seeds/generate';

const SEED = 20261207;
const BSON_OPTIONS = { checkKeys: false, ignoreUndefined: true } as const;

function bsonBytes(document: Document): Buffer {
  return Buffer.from(serialize(document, BSON_OPTIONS));
}

/** The writer's bytes, or null when it declined the document. Written at an offset, between guard bytes. */
function writerBytes(document: Document, room = 1 << 20): Buffer | null {
  const target = Buffer.alloc(room + 16, 0xee);
  const end = writeBsonDocument(document, target, 7);
  if (end === UNSUPPORTED) return null;
  expect(target[6]).toBe(0xee);
  expect(target[end]).toBe(0xee);
  return target.subarray(7, end);
}

const key = fc.oneof(fc.string({ maxLength: 12 }).filter((name) => !name.includes('\0')), fc.constantFrom('_id', 'a.b', '$set', '0', '10', '日期', '😀'));
const date = fc.oneof(
  fc.integer({ min: -8_640_000_000_000, max: 8_640_000_000_000 }).map((ms) => new Date(ms)),
  fc.constantFrom(new Date(0), new Date(-1), new Date(2 ** 32), new Date(-(2 ** 32)), new Date(2 ** 32 - 1), new Date(Number.NaN)),
);
const scalar = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom('天津市东丽区嘉远电线电缆有限公司', 'TJ-RCL-2024-100000', '', 'x'.repeat(300), '\ud800'),
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, 2 ** 53, Number.NaN, Infinity, -Infinity),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  date,
  fc.integer({ min: 0, max: 2 ** 31 }).map((n) => ObjectId.createFromTime(n)),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => Long.fromBigInt(n)),
  fc.record({ t: fc.integer({ min: 0, max: 2 ** 32 - 1 }), i: fc.integer({ min: 0, max: 2 ** 32 - 1 }) }).map((parts) => new Timestamp(parts)),
);
const { document } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('document')),
  array: fc.array(tie('value'), { maxLength: 12 }),
  document: fc.dictionary(key, tie('value'), { maxKeys: 8 }),
}));

describe('the allocation-free BSON writer', () => {
  test('writes the bytes bson writes, for any document of the values it supports', () => {
    fc.assert(
      fc.property(document as fc.Arbitrary<Document>, (generated) => {
        const written = writerBytes(generated);
        expect(written).not.toBeNull();
        expect(written!.equals(bsonBytes(generated))).toBe(true);
        expect(bsonSizeOf(generated)).toBe(written!.length);
      }),
      { seed: SEED, numRuns: 400, verbose: true },
    );
  });

  test('writes seeded records of every collection of every region as bson does', () => {
    const seed = generateSeedData() as unknown as Record<string, Record<string, Document[]>>;
    let documents = 0;
    for (const collections of Object.values(seed)) {
      for (const records of Object.values(collections)) {
        if (!Array.isArray(records)) continue;
        for (const record of records.slice(0, 200)) {
          // As storage holds them: decoded from the wire.
          const stored = deserialize(bsonBytes(record));
          expect(writerBytes(stored)?.equals(bsonBytes(stored))).toBe(true);
          documents++;
        }
      }
    }
    expect(documents).toBeGreaterThan(1000);
  });

  test('declines what it does not encode, and the record is then bson’s', () => {
    const declined: Document[] = [
      { d: Decimal128.fromString('1.5') },
      { b: new Binary(Buffer.from('ab')) },
      { r: /x/i },
      { big: 5n },
      { m: new Map([['a', 1]]) },
      { nested: { deeper: [Buffer.from('x')] } },
      { 'bad\0key': 1 },
    ];
    for (const value of declined) {
      expect(writerBytes(value)).toBeNull();
      expect(bsonSizeOf(value)).toBe(UNSUPPORTED);
      const target = Buffer.alloc(1024);
      let length = 0;
      try {
        length = encodeRecordInto(value, target, 0);
      } catch (error) {
        // bson refuses a NUL in a name: the record encoder must refuse it the same way.
        expect(() => serialize(value, BSON_OPTIONS)).toThrow((error as Error).message);
        continue;
      }
      expect(target.subarray(8, length).equals(bsonBytes(value))).toBe(true);
    }
  });

  test('declines a document that would not fit the room left, rather than cutting it', () => {
    const large = { text: '电'.repeat(1000) };
    expect(writerBytes(large, 2000)).toBeNull();
    expect(writerBytes(large, 4000)?.equals(bsonBytes(large))).toBe(true);
  });

  test('records it encodes decode back to the same documents', () => {
    const documents = [{ o: 'put', db: 'jjj_tj', c: 'recalls', d: { _id: 'TJ-RCL-2024-000001', at: new Date('2024-05-01T00:00:00Z'), list: [1, 'two', null] } }, { o: 'delete', db: 'a', c: 'b', id: new ObjectId() }];
    const target = Buffer.alloc(4096);
    let offset = 0;
    for (const value of documents) offset += encodeRecordInto(value, target, offset);
    const decoded = decodeRecords(target.subarray(0, offset));
    expect(decoded.tornReason).toBeUndefined();
    expect(decoded.records).toEqual(documents);
  });

  test('a journal record (a buffer of its own) frames bson’s bytes, through the writer or through bson', () => {
    for (const value of [{ o: 'put', db: 'jjj_bj', c: 'complaints', d: { _id: 'BJ-CMP-2026-000001', amountFen: 1250, at: new Date() } }, { o: 'put', db: 'a', c: 'b', d: { _id: 1, price: Decimal128.fromString('9.99') } }]) {
      const record = encodeRecord(value);
      const payload = bsonBytes(value);
      expect(record.readUInt32LE(0)).toBe(payload.length);
      expect(record.subarray(8).equals(payload)).toBe(true);
      expect(decodeRecords(record).records).toEqual([value]);
    }
  });
});

describe('OP_MSG replies', () => {
  test('carry the body bson would write, after a header that frames it', () => {
    const bodies: Document[] = [
      { cursor: { firstBatch: [{ _id: 'TJ-RCL-2024-000001', name: '电源适配器', at: new Date(1_700_000_000_000) }], id: Long.fromNumber(0), ns: 'jjj_tj.recalls' }, ok: 1 },
      { cursor: { nextBatch: [], id: Long.fromString('9007199254740993'), ns: 'jjj_tj.recalls' }, ok: 1 },
      { ok: 1, n: 3, operationTime: new Timestamp({ t: 5, i: 1 }) },
      // Left to bson by the writer: the same bytes all the same.
      { ok: 1, value: Decimal128.fromString('12.50') },
      { ok: 0, errmsg: 'x'.repeat(2 << 20), code: 2 },
    ];
    for (const body of bodies) {
      const reply = encodeOpMsgReply(42, body);
      const payload = bsonBytes(body);
      expect(reply.readInt32LE(0)).toBe(reply.length);
      expect(reply.readInt32LE(8)).toBe(42);
      expect(reply.readInt32LE(12)).toBe(OP_MSG);
      expect(reply.readInt32LE(HEADER_LENGTH)).toBe(0);
      expect(reply[HEADER_LENGTH + 4]).toBe(0);
      expect(reply.subarray(HEADER_LENGTH + 5).equals(payload)).toBe(true);
    }
  });
});
