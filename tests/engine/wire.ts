/** Raw wire-protocol helpers for tests that must bypass the driver (not a test file). */
import * as net from 'net';
import { BSON, type Document } from 'mongodb';

export const OP_MSG = 2013;

export function hostPortFromUri(uri: string): { host: string; port: number } | undefined {
  const m = /^mongodb:\/\/(?:[^@/]*@)?([^,/?]+)/.exec(uri);
  if (!m) return undefined;
  const hp = m[1];
  const idx = hp.lastIndexOf(':');
  if (idx < 0) return { host: hp, port: 27017 };
  return { host: hp.slice(0, idx).replace(/^\[|\]$/g, ''), port: Number(hp.slice(idx + 1)) };
}

export function header(messageLength: number, requestId: number, opCode: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeInt32LE(messageLength, 0);
  b.writeInt32LE(requestId, 4);
  b.writeInt32LE(0, 8);
  b.writeInt32LE(opCode, 12);
  return b;
}

/** An OP_MSG with one kind-0 body and optional kind-1 document sequences. */
export function opMsg(requestId: number, body: Document, sequences: Array<{ id: string; docs: Buffer[] }> = []): Buffer {
  const parts: Buffer[] = [];
  const flags = Buffer.alloc(4);
  parts.push(flags, Buffer.from([0]), Buffer.from(BSON.serialize(body)));
  for (const s of sequences) {
    const ident = Buffer.from(`${s.id}\0`, 'utf8');
    const size = 4 + ident.length + s.docs.reduce((n, d) => n + d.length, 0);
    const sizeBuf = Buffer.alloc(4);
    sizeBuf.writeInt32LE(size, 0);
    parts.push(Buffer.from([1]), sizeBuf, ident, ...s.docs);
  }
  const payload = Buffer.concat(parts);
  return Buffer.concat([header(16 + payload.length, requestId, OP_MSG), payload]);
}

export interface RawConn {
  socket: net.Socket;
  /** Resolves with the next OP_MSG reply body, or undefined if the server closed the connection. */
  nextReply(timeoutMs?: number): Promise<Document | undefined>;
  /** Resolves true once the server closed the connection (or after timeout, false). */
  closedWithin(timeoutMs: number): Promise<boolean>;
  destroy(): void;
}

export function rawConnect(host: string, port: number): Promise<RawConn> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let buf = Buffer.alloc(0);
    let closed = false;
    const waiters: Array<() => void> = [];
    const wake = () => waiters.splice(0).forEach((w) => w());
    socket.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      wake();
    });
    socket.on('close', () => {
      closed = true;
      wake();
    });
    socket.on('error', () => {
      closed = true;
      wake();
    });
    const take = (): Document | undefined | null => {
      if (buf.length < 4) return null;
      const len = buf.readInt32LE(0);
      if (buf.length < len) return null;
      const msg = buf.subarray(0, len);
      buf = buf.subarray(len);
      const opCode = msg.readInt32LE(12);
      if (opCode !== OP_MSG) return { __opCode: opCode };
      // flagBits(4) then section kind 0
      const kind = msg.readUInt8(20);
      if (kind !== 0) return { __kind: kind };
      return BSON.deserialize(msg.subarray(21));
    };
    const conn: RawConn = {
      socket,
      nextReply(timeoutMs = 5000) {
        return new Promise((res, rej) => {
          const deadline = setTimeout(() => rej(new Error('no reply within timeout')), timeoutMs);
          const attempt = () => {
            const r = take();
            if (r !== null) {
              clearTimeout(deadline);
              res(r);
            } else if (closed) {
              clearTimeout(deadline);
              res(undefined);
            } else waiters.push(attempt);
          };
          attempt();
        });
      },
      closedWithin(timeoutMs) {
        return new Promise((res) => {
          if (closed) return res(true);
          const t = setTimeout(() => res(false), timeoutMs);
          waiters.push(function check() {
            if (closed) {
              clearTimeout(t);
              res(true);
            } else waiters.push(check);
          });
        });
      },
      destroy() {
        socket.destroy();
      },
    };
    let connected = false;
    socket.once('connect', () => {
      connected = true;
      resolve(conn);
    });
    socket.once('error', (e) => {
      if (!connected) reject(e);
    });
  });
}
