import { WebSocket } from 'ws';

/** Whoever is charged for a message until it has been handed to the operating system (a subscriber's bounded buffer). */
export interface UnsentCounter {
  unsent: number;
}

/** ws's TCP socket under a WebSocket, and its negotiated extensions. */
interface SocketInternals {
  _socket?: { cork(): void; uncork(): void; write(data: Buffer, done: (error?: Error | null) => void): boolean; destroyed?: boolean } | null;
  _extensions?: Record<string, unknown>;
}

/**
 * The frames of unmasked, unfragmented text messages (what a server sends, RFC 6455 §5.2) in one buffer: FIN and
 * opcode 1, then the payload length (7 bits, or 126 and 16 bits, or 127 and 64 bits), then the UTF-8 payload.
 */
export function textFrames(texts: readonly string[]): Buffer {
  const lengths = texts.map((text) => Buffer.byteLength(text));
  let total = 0;
  for (const length of lengths) total += length + (length < 126 ? 2 : length < 65_536 ? 4 : 10);
  const frames = Buffer.allocUnsafe(total);
  let offset = 0;
  for (let i = 0; i < texts.length; i++) {
    const length = lengths[i]!;
    frames[offset++] = 0x81;
    if (length < 126) frames[offset++] = length;
    else if (length < 65_536) {
      frames[offset++] = 126;
      offset = frames.writeUInt16BE(length, offset);
    } else {
      frames[offset++] = 127;
      offset = frames.writeUInt16BE(0, offset);
      offset = frames.writeUIntBE(length, offset, 6);
    }
    offset += frames.write(texts[i]!, offset, 'utf8');
  }
  return frames;
}

const dirty = new Set<SocketWriter>();
let flushScheduled = false;

function flushAll(): void {
  flushScheduled = false;
  const writers = [...dirty];
  dirty.clear();
  for (const writer of writers) writer.flush();
}

/**
 * Every message the gateway sends on one client WebSocket, in order: the messages of one event-loop turn (an event's
 * deliveries to all the subscriptions on this socket, graphql-ws's own messages) are written together at the end of
 * the turn as one buffer of frames on the TCP socket (through ws, corked, when the connection compresses), so a
 * socket costs one write to the operating system per turn, not one per message. ws writes its own frames (ping,
 * close) whole as well, so they fall between ours. A message charged to a counter (a subscriber) counts as unsent
 * until the operating system has taken it.
 */
export class SocketWriter {
  private texts: string[] = [];
  private charged: Array<UnsentCounter | null> = [];
  private callbacks: Array<((error?: Error) => void) | undefined> = [];

  constructor(
    private readonly socket: WebSocket,
    /** False when nothing may be sent on this socket any more (its token expired): the message is dropped. */
    private readonly maySend: () => boolean = () => true,
  ) {}

  /** Whether a message enqueued now would be sent. */
  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN && this.maySend();
  }

  /** Queues `text` for the end of this turn; `done` is called once it is written (with an error if it could not be). */
  enqueue(text: string, chargedTo: UnsentCounter | null = null, done?: (error?: Error) => void): boolean {
    if (!this.open) {
      done?.();
      return false;
    }
    this.texts.push(text);
    this.charged.push(chargedTo);
    this.callbacks.push(done);
    if (chargedTo) chargedTo.unsent += 1;
    dirty.add(this);
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flushAll);
    }
    return true;
  }

  /** Writes what is queued (called at the end of the turn; also usable directly). */
  flush(): void {
    const { texts, charged, callbacks } = this;
    if (texts.length === 0) return;
    this.texts = [];
    this.charged = [];
    this.callbacks = [];
    if (this.socket.readyState !== WebSocket.OPEN) {
      release(charged);
      for (const done of callbacks) done?.();
      return;
    }
    const internals = this.socket as unknown as SocketInternals;
    const tcp = internals._socket;
    if (tcp && !tcp.destroyed && !internals._extensions?.['permessage-deflate']) {
      tcp.write(textFrames(texts), (error) => {
        release(charged);
        for (const done of callbacks) done?.(error ?? undefined);
      });
      return;
    }
    tcp?.cork();
    try {
      const last = texts.length - 1;
      for (let i = 0; i < last; i++) {
        const done = callbacks[i];
        if (done) this.socket.send(texts[i]!, done);
        else this.socket.send(texts[i]!);
      }
      // Writes complete in order: when the last one is written, so are all the others.
      const lastDone = callbacks[last];
      this.socket.send(texts[last]!, (error) => {
        release(charged);
        lastDone?.(error);
      });
    } finally {
      tcp?.uncork();
    }
  }
}

function release(charged: ReadonlyArray<UnsentCounter | null>): void {
  for (const counter of charged) if (counter) counter.unsent -= 1;
}

const writers = new WeakMap<WebSocket, SocketWriter>();

/** The socket's writer (made on first use; `maySend` applies from then on). */
export function socketWriterOf(socket: WebSocket, maySend?: () => boolean): SocketWriter {
  let writer = writers.get(socket);
  if (!writer) {
    writer = new SocketWriter(socket, maySend);
    writers.set(socket, writer);
  }
  return writer;
}

/** Closes the socket after writing what is queued on it (so its last messages arrive before the close frame). */
export function flushAndClose(socket: WebSocket, code?: number, reason?: string): void {
  writers.get(socket)?.flush();
  socket.close(code, reason);
}
