import { deserialize, serialize, type Document } from 'bson';
import { UNSUPPORTED, writeBsonDocument } from './storage/bsonWriter';

/** MongoDB wire protocol framing: OP_MSG (2013), legacy OP_QUERY (2004) and its OP_REPLY (1). */
export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;

export const HEADER_LENGTH = 16;
export const MAX_MESSAGE_SIZE_BYTES = 48_000_000;
export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;

const CHECKSUM_PRESENT = 1;
const MORE_TO_COME = 2;

export interface MessageHeader {
  messageLength: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

/** A parsed request: the command body with kind-1 document sequences folded in as arrays. */
export interface CommandRequest {
  header: MessageHeader;
  opCode: typeof OP_MSG | typeof OP_QUERY;
  command: Document;
  database: string;
  moreToCome: boolean;
}

export class MalformedMessageError extends Error {}

const DESERIALIZE_OPTIONS = { promoteLongs: true, promoteValues: true, promoteBuffers: false, bsonRegExp: false } as const;

export function readHeader(buffer: Buffer): MessageHeader {
  return {
    messageLength: buffer.readInt32LE(0),
    requestId: buffer.readInt32LE(4),
    responseTo: buffer.readInt32LE(8),
    opCode: buffer.readInt32LE(12),
  };
}

function readDocument(buffer: Buffer, offset: number, end: number): { document: Document; next: number } {
  if (offset + 5 > end) throw new MalformedMessageError('truncated BSON document');
  const size = buffer.readInt32LE(offset);
  if (size < 5 || offset + size > end) throw new MalformedMessageError(`invalid BSON document size ${size}`);
  try {
    return { document: deserialize(buffer.subarray(offset, offset + size), DESERIALIZE_OPTIONS), next: offset + size };
  } catch (error) {
    throw new MalformedMessageError(`invalid BSON: ${(error as Error).message}`);
  }
}

function readCString(buffer: Buffer, offset: number, end: number): { value: string; next: number } {
  const terminator = buffer.indexOf(0, offset);
  if (terminator < 0 || terminator >= end) throw new MalformedMessageError('unterminated C string');
  return { value: buffer.toString('utf8', offset, terminator), next: terminator + 1 };
}

export function parseMessage(message: Buffer): CommandRequest {
  const header = readHeader(message);
  if (header.opCode === OP_MSG) return parseOpMsg(message, header);
  if (header.opCode === OP_QUERY) return parseOpQuery(message, header);
  if (header.opCode === OP_COMPRESSED) throw new MalformedMessageError('OP_COMPRESSED is not supported (no compressors are advertised)');
  throw new MalformedMessageError(`unsupported opCode ${header.opCode}`);
}

function parseOpMsg(message: Buffer, header: MessageHeader): CommandRequest {
  const flags = message.readUInt32LE(HEADER_LENGTH);
  const end = flags & CHECKSUM_PRESENT ? message.length - 4 : message.length;
  let offset = HEADER_LENGTH + 4;
  let body: Document | undefined;
  const sequences: Array<{ identifier: string; documents: Document[] }> = [];
  while (offset < end) {
    const kind = message.readUInt8(offset);
    offset += 1;
    if (kind === 0) {
      const { document, next } = readDocument(message, offset, end);
      if (body) throw new MalformedMessageError('OP_MSG has more than one body section');
      body = document;
      offset = next;
    } else if (kind === 1) {
      const sectionSize = message.readInt32LE(offset);
      const sectionEnd = offset + sectionSize;
      if (sectionSize < 5 || sectionEnd > end) throw new MalformedMessageError('invalid document sequence size');
      const { value: identifier, next } = readCString(message, offset + 4, sectionEnd);
      const documents: Document[] = [];
      let cursor = next;
      while (cursor < sectionEnd) {
        const parsed = readDocument(message, cursor, sectionEnd);
        documents.push(parsed.document);
        cursor = parsed.next;
      }
      sequences.push({ identifier, documents });
      offset = sectionEnd;
    } else {
      throw new MalformedMessageError(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw new MalformedMessageError('OP_MSG without a body section');
  for (const sequence of sequences) body[sequence.identifier] = sequence.documents;
  const database = typeof body.$db === 'string' ? body.$db : 'admin';
  return { header, opCode: OP_MSG, command: body, database, moreToCome: (flags & MORE_TO_COME) !== 0 };
}

function parseOpQuery(message: Buffer, header: MessageHeader): CommandRequest {
  let offset = HEADER_LENGTH + 4;
  const { value: fullCollectionName, next } = readCString(message, offset, message.length);
  offset = next + 8; // numberToSkip, numberToReturn
  const { document } = readDocument(message, offset, message.length);
  const [database, collection] = splitNamespace(fullCollectionName);
  if (collection !== '$cmd') throw new MalformedMessageError('legacy OP_QUERY is only supported for commands');
  // Legacy commands may be wrapped as { $query: {...} }.
  const command = document.$query && typeof document.$query === 'object' ? (document.$query as Document) : document;
  return { header, opCode: OP_QUERY, command, database, moreToCome: false };
}

function splitNamespace(namespace: string): [string, string] {
  const dot = namespace.indexOf('.');
  return dot < 0 ? [namespace, ''] : [namespace.slice(0, dot), namespace.slice(dot + 1)];
}

let nextRequestId = 1;

function header(length: number, responseTo: number, opCode: number): Buffer {
  const buffer = Buffer.alloc(HEADER_LENGTH);
  buffer.writeInt32LE(length, 0);
  buffer.writeInt32LE(nextRequestId++ & 0x7fffffff, 4);
  buffer.writeInt32LE(responseTo, 8);
  buffer.writeInt32LE(opCode, 12);
  return buffer;
}

/** Header, flag bits and section kind: what comes before an OP_MSG reply's body. */
const OP_MSG_PREFIX_BYTES = HEADER_LENGTH + 5;
/**
 * Replies are written here first (bsonWriter.ts: no garbage, a third of bson's time), then copied out at their size.
 * Larger replies (a big getMore batch), and replies holding values the writer leaves to bson, take bson's path.
 */
const replyScratch = Buffer.allocUnsafe(1 << 20);

export function encodeOpMsgReply(responseTo: number, body: Document): Buffer {
  const end = writeBsonDocument(body, replyScratch, OP_MSG_PREFIX_BYTES);
  if (end === UNSUPPORTED) return encodeOpMsgReplyWithBson(responseTo, body);
  const reply = Buffer.allocUnsafe(end);
  replyScratch.copy(reply, OP_MSG_PREFIX_BYTES, OP_MSG_PREFIX_BYTES, end);
  reply.writeInt32LE(end, 0);
  reply.writeInt32LE(nextRequestId++ & 0x7fffffff, 4);
  reply.writeInt32LE(responseTo, 8);
  reply.writeInt32LE(OP_MSG, 12);
  reply.writeInt32LE(0, HEADER_LENGTH); // flagBits
  reply[HEADER_LENGTH + 4] = 0; // section kind 0: the body
  return reply;
}

function encodeOpMsgReplyWithBson(responseTo: number, body: Document): Buffer {
  const payload = serialize(body);
  const prefix = Buffer.alloc(5); // flagBits (0) + section kind 0
  const length = HEADER_LENGTH + prefix.length + payload.length;
  return Buffer.concat([header(length, responseTo, OP_MSG), prefix, payload], length);
}

export function encodeOpReply(responseTo: number, body: Document): Buffer {
  const payload = serialize(body);
  const fields = Buffer.alloc(20); // responseFlags, cursorID (8), startingFrom, numberReturned
  fields.writeInt32LE(1, 16);
  const length = HEADER_LENGTH + fields.length + payload.length;
  return Buffer.concat([header(length, responseTo, OP_REPLY), fields, payload], length);
}
