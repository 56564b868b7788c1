import { crc32 } from 'node:zlib';
import { deserialize, serialize, serializeWithBufferAndIndex, type Document } from 'bson';
import { UNSUPPORTED, writeBsonDocument } from './bsonWriter';

/**
 * On-disk record framing shared by the journal and the snapshot:
 * [payload length u32 LE][CRC-32 of payload u32 LE][BSON payload].
 * A record whose length runs past the end of the file or whose CRC differs is torn.
 */
const RECORD_HEADER_BYTES = 8;

export function encodeRecord(payload: Document): Buffer {
  const serialized = serialize(payload, { checkKeys: false, ignoreUndefined: true });
  const body = Buffer.from(serialized.buffer, serialized.byteOffset, serialized.byteLength);
  const record = Buffer.allocUnsafe(RECORD_HEADER_BYTES + body.length);
  record.writeUInt32LE(body.length, 0);
  record.writeUInt32LE(crc32(body), 4);
  body.copy(record, RECORD_HEADER_BYTES);
  return record;
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
  const length = end - start;
  target.writeUInt32LE(length, offset);
  target.writeUInt32LE(crc32(target.subarray(start, end)), offset + 4);
  return RECORD_HEADER_BYTES + length;
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
