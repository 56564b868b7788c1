import { createServer, type Server, type Socket } from 'node:net';
import type { Document } from 'bson';
import type { Logger } from 'pino';
import { dispatchCommand, commandName } from './commands';
import type { CursorRegistry } from './commands/cursorRegistry';
import { MongoCommandError } from './errors';
import type { ConnectionState, OperationRegistry } from './operations';
import type { Storage } from './storage/storage';
import {
  encodeOpMsgReply,
  encodeOpReply,
  HEADER_LENGTH,
  MalformedMessageError,
  MAX_MESSAGE_SIZE_BYTES,
  OP_QUERY,
  parseMessage,
  readHeader,
} from './wire';

export interface WireServerDependencies {
  storage: Storage;
  cursors: CursorRegistry;
  operations: OperationRegistry;
  logger?: Logger;
}

function errorReply(error: unknown): Document {
  if (error instanceof MongoCommandError) return { ok: 0, errmsg: error.message, code: error.code, codeName: error.codeName, ...error.extra };
  return { ok: 0, errmsg: error instanceof Error ? error.message : String(error), code: 1, codeName: 'InternalError' };
}

/**
 * Accepts driver connections and answers each request in order, one at a time per connection. When a connection
 * ends or closes, the command it is running stops at its next pause (see operations.ts) and no reply is written;
 * requests still queued behind it are dropped.
 */
export function createWireServer({ storage, cursors, operations, logger }: WireServerDependencies): { server: Server; sockets: Set<Socket> } {
  const sockets = new Set<Socket>();
  let nextConnectionId = 1;

  const server = createServer((socket) => {
    const connectionId = nextConnectionId++;
    const connection: ConnectionState = { id: connectionId, remote: `${socket.remoteAddress}:${socket.remotePort}`, closed: false };
    const markClosed = () => {
      if (connection.closed) return;
      connection.closed = true;
      connection.closedAt = performance.now();
    };
    sockets.add(socket);
    socket.setNoDelay(true);
    let buffered: Buffer = Buffer.alloc(0);
    let queue: Promise<void> = Promise.resolve();

    const handle = async (message: Buffer) => {
      if (connection.closed) return;
      let responseTo = 0;
      let legacy = false;
      let reply: Document;
      let moreToCome = false;
      try {
        const header = readHeader(message);
        responseTo = header.requestId;
        legacy = header.opCode === OP_QUERY;
        const request = parseMessage(message);
        moreToCome = request.moreToCome;
        reply = await dispatchCommand(request.command, { storage, cursors, operations, database: request.database, connectionId, connection, logger });
      } catch (error) {
        if (!(error instanceof MongoCommandError) && !(error instanceof MalformedMessageError)) {
          logger?.error({ err: error, connectionId }, 'command failed unexpectedly');
        }
        reply = errorReply(error instanceof MalformedMessageError ? new MongoCommandError(9, 'FailedToParse', error.message) : error);
      }
      if (moreToCome || connection.closed || socket.destroyed) return;
      socket.write(legacy ? encodeOpReply(responseTo, reply) : encodeOpMsgReply(responseTo, reply));
    };

    // Chunks of a message not yet whole, joined once it is (joining at every chunk copied a large insert's bytes
    // once per 64 KB chunk: quadratic, a tenth of a bulk load's time).
    let pending: Buffer[] = [];
    let pendingLength = 0;
    socket.on('data', (chunk: Buffer) => {
      if (buffered.length > 0 || pending.length > 0) {
        pending.push(chunk);
        pendingLength += chunk.length;
        const expected = buffered.length >= 4 ? buffered.readInt32LE(0) : 0;
        if (pendingLength + buffered.length < Math.max(expected, 4)) return;
        buffered = Buffer.concat([buffered, ...pending]);
        pending = [];
        pendingLength = 0;
      } else buffered = chunk;
      while (buffered.length >= 4) {
        const length = buffered.readInt32LE(0);
        if (length < HEADER_LENGTH + 5 || length > MAX_MESSAGE_SIZE_BYTES) {
          logger?.warn({ connectionId, length }, 'closing connection after an invalid message length');
          socket.destroy();
          return;
        }
        if (buffered.length < length) break;
        const message = buffered.subarray(0, length);
        buffered = buffered.subarray(length);
        queue = queue.then(() => handle(message)).catch((error) => logger?.error({ err: error }, 'connection handler failed'));
      }
    });
    socket.on('error', (error) => logger?.debug({ err: error, connectionId }, 'socket error'));
    socket.on('end', markClosed);
    socket.on('close', () => {
      markClosed();
      sockets.delete(socket);
    });
  });
  return { server, sockets };
}

export { commandName };
