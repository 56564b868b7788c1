import { crc32 } from 'node:zlib';
import { deserialize, serialize, serializeWithBufferAndIndex, type Document } from 'bson';
import { UNSUPPORTED, writeBsonDocument } from './bsonWriter';

/**
 * On-disk record framing shared by the journal and the snapshot:
 * [payload length u32 LE][CRC-32 of payload u32 LE][BSON payload].
 * A record whose length runs past the end of the file or whose CRC differs is torn.
 */
const RECORD_HEADER_BYTES = 8;

/** Where encodeRecord writes a record before copying it out at its size (larger records take bson's path). */
const recordScratch = Buffer.allocUnsafe(1 << 20);

/** One record in a buffer of its own (a journal append). */
export function encodeRecord(payload: Document): Buffer {
  const end = writeBsonDocument(payload, recordScratch, RECORD_HEADER_BYTES);
  if (end !== UNSUPPORTED) {
    const record = Buffer.allocUnsafe(end);
    recordScratch.copy(record, RECORD_HEADER_BYTES, RECORD_HEADER_BYTES, end);
    frameRecord(record, 0, end);
    return record;
  }
  const serialized = serialize(payload, { checkKeys: false, ignoreUndefined: true });
  const record = Buffer.allocUnsafe(RECORD_HEADER_BYTES + serialized.byteLength);
  record.set(serialized, RECORD_HEADER_BYTES);
  frameRecord(record, 0, record.length);
  return record;
}

/** Writes the header of the record whose payload runs from `offset` + RECORD_HEADER_BYTES to `end`. */
function frameRecord(target: Buffer, offset: number, end: number): void {
  const start = offset + RECORD_HEADER_BYTES;
  target.writeUInt32LE(end - start, offset);
  target.writeUInt32LE(crc32(target.subarray(start, end)), offset + 4);
}

/**
 * Encodes a record into `target` at `offset` (no buffer of its own: a snapshot encodes millions of records, and a
 * Buffer per record was garbage for the young generation to collect, see writeSnapshotIncrementally), with the
 * allocation-free writer when it can (bsonWriter.ts), else with bson. Returns the record's length. `target` must
 * have room for a record of the largest document from `offset` on (RECORD_HEADER_BYTES + the payload's BSON size);
 * bson throws a RangeError otherwise.
 */
export function encodeRecordInto(payload: Document, target: Buffer, offset: number): number {
  const start = offset + RECORD_HEADER_BYTES;
  const written = writeBsonDocument(payload, target, start);
  const end = written !== UNSUPPORTED ? written : serializeWithBufferAndIndex(payload, target, { checkKeys: false, ignoreUndefined: true, index: start }) + 1;
  frameRecord(target, offset, end);
  return end - offset;
}

export interface DecodedRecords {
  records: Document[];
  /** Byte offset just past the last intact record. */
  validLength: number;
  /** Why reading stopped before the end of the buffer, if it did. */
  tornReason?: string;
}

export function decodeRecords(buffer: Buffer): DecodedRecords {
  const records: Document[] = [];
  let offset = 0;
  while (offset < buffer.length) {
    if (offset + RECORD_HEADER_BYTES > buffer.length) return { records, validLength: offset, tornReason: 'truncated record header' };
    const length = buffer.readUInt32LE(offset);
    const checksum = buffer.readUInt32LE(offset + 4);
    const start = offset + RECORD_HEADER_BYTES;
    if (length < 5 || start + length > buffer.length) return { records, validLength: offset, tornReason: 'truncated record body' };
    const body = buffer.subarray(start, start + length);
    if (crc32(body) !== checksum) return { records, validLength: offset, tornReason: 'checksum mismatch' };
    try {
      records.push(deserialize(body, { promoteLongs: true, promoteValues: true, promoteBuffers: false }));
    } catch (error) {
      return { records, validLength: offset, tornReason: `undecodable record: ${(error as Error).message}` };
    }
    offset = start + length;
  }
  return { records, validLength: offset };
}
