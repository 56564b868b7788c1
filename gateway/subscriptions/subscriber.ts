import type { ExecutionResult, FormattedExecutionResult } from 'graphql';
import { encodeEventCursor, type EventPositions, type RegionCode } from '../../kernel';
import type { RegionEvent } from '../../contract';
import type { PreparedPayload } from './eventPayload';
import type { SocketWriter, UnsentCounter } from './socketWriter';

export const SLOW_CONSUMER_CLOSE_CODE = 4008;

/**
 * Where a subscriber's events are written directly (instead of through graphql-ws's iterator loop): its socket's
 * writer and its operation id; `format` turns a result with errors into what graphql-ws's onNext would send.
 */
export interface DirectSink {
  writer: SocketWriter;
  operationId: string;
  format: (result: ExecutionResult) => FormattedExecutionResult;
}

/** The cursor of the last positions encoded (the members of a group mostly share their positions). */
let lastCursorKey = '';
let lastCursor = '';

function cursorOf(positions: EventPositions): string {
  const key = `${positions.BJ ?? ''},${positions.TJ ?? ''},${positions.HE ?? ''}`;
  if (key !== lastCursorKey) {
    lastCursor = encodeEventCursor(positions);
    lastCursorKey = key;
  }
  return lastCursor;
}

/**
 * One client subscription as an async iterator for graphql-ws. Results wait in a bounded queue; a client that
 * lets more pile up is disconnected with a close reason telling it to resume from its last cursor. With a direct
 * sink, events skip the iterator: each is written to the socket as graphql-ws's `next` message, from a payload
 * serialized once for every subscriber of the same shape; the bound is then on messages not yet taken by the
 * operating system (the iterator carries only a last result, `endWith`).
 */
export class Subscriber implements AsyncIterableIterator<ExecutionResult>, UnsentCounter {
  private readonly queue: ExecutionResult[] = [];
  private readonly waiting: Array<(result: IteratorResult<ExecutionResult>) => void> = [];
  private closed = false;
  /** A last result is queued: the subscription ends once it has been read. */
  private ending = false;
  /**
   * The regions this subscriber is still replaying from their logs (resuming from a cursor), each with the live
   * events of that region that arrived meanwhile. Every other region's events reach it live.
   */
  private readonly catchingUp = new Map<RegionCode, RegionEvent[]>();
  private markClosed!: () => void;
  private sink: DirectSink | null = null;
  /** `{"id":…,"type":"next","payload":` for the direct sink. */
  private messagePrefix = '';
  /** Messages written to the sink's socket and not yet taken by the operating system. */
  unsent = 0;
  /** Settles when the subscription ends (ends a catch-up's retry wait early). */
  readonly whenClosed = new Promise<void>((resolve) => {
    this.markClosed = resolve;
  });

  constructor(
    readonly positions: EventPositions,
    private readonly limits: { maxQueued: number; maxPendingLive: number },
    private readonly disconnect: (code: number, reason: string) => void,
    private readonly onClose: () => void,
  ) {}

  /** From now on events are written straight to the socket (see DirectSink). */
  writeDirectlyTo(sink: DirectSink): void {
    this.sink = sink;
    this.messagePrefix = `{"id":${JSON.stringify(sink.operationId)},"type":"next","payload":`;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Closed, or ending with a last result: nothing more will be sent. */
  get isDone(): boolean {
    return this.closed || this.ending;
  }

  /** The regions to replay from the log before their live events are delivered. */
  startCatchingUp(regions: readonly RegionCode[]): void {
    for (const region of regions) this.catchingUp.set(region, []);
  }

  /** Whether this region's live events are delivered to this subscriber (it is not replaying that region's log). */
  isLiveFor(region: RegionCode): boolean {
    return !this.catchingUp.has(region);
  }

  get isCatchingUp(): boolean {
    return this.catchingUp.size > 0;
  }

  /** The next live event of `region` held while catching up, oldest first. */
  takeBuffered(region: RegionCode): RegionEvent | undefined {
    return this.catchingUp.get(region)?.shift();
  }

  /** From now on this region's events are delivered live; call with its buffer empty, in the same step as the last takeBuffered. */
  goLive(region: RegionCode): void {
    this.catchingUp.delete(region);
  }

  /**
   * Records that `seq` of `region` has been sent (or skipped, `payload` null) and sends the payload (prepared for
   * every subscriber of this shape) with the cursor of everything sent so far, in one synchronous step: a cursor
   * never covers an event not yet sent. Written straight to the socket with a direct sink, else queued for graphql-ws.
   */
  deliverPrepared(region: RegionCode, seq: number, payload: PreparedPayload | null): void {
    const positions = this.positions;
    if (!(seq <= (positions[region] ?? 0))) positions[region] = seq;
    if (!payload || this.closed || this.ending) return;
    const cursor = payload.needsCursor ? cursorOf(positions) : '';
    if (!this.sink) {
      this.push(payload.withCursor(cursor));
      return;
    }
    const text = payload.hasErrors ? JSON.stringify(this.sink.format(payload.withCursor(cursor))) : payload.text(cursor);
    this.write(this.messagePrefix + text + '}');
  }

  private write(message: string): void {
    if (this.unsent >= this.limits.maxQueued) {
      this.overflow(`more than ${this.limits.maxQueued} events waiting to be sent`);
      return;
    }
    this.sink!.writer.enqueue(message, this);
  }

  push(result: ExecutionResult): void {
    if (this.closed || this.ending) return;
    const waiter = this.waiting.shift();
    if (waiter) {
      waiter({ value: result, done: false });
      return;
    }
    if (this.queue.length >= this.limits.maxQueued) {
      this.overflow(`more than ${this.limits.maxQueued} events waiting to be sent`);
      return;
    }
    this.queue.push(result);
  }

  /** Holds a live event of a region this subscriber is still catching up on (bounded per region). */
  bufferLive(event: RegionEvent): void {
    const buffer = this.catchingUp.get(event.region);
    if (!buffer) return;
    if (buffer.length >= this.limits.maxPendingLive) this.overflow(`more than ${this.limits.maxPendingLive} events of one region arrived while catching up`);
    else buffer.push(event);
  }

  /** Sends `result` as the subscription's last one, then ends it; the socket and its other subscriptions stay. */
  endWith(result: ExecutionResult): void {
    if (this.closed || this.ending) return;
    this.push(result);
    this.ending = true;
  }

  /** Closes the client's socket with `code` and ends this subscription. */
  disconnectWith(code: number, reason: string): void {
    this.disconnect(code, reason);
    void this.return();
  }

  private overflow(why: string): void {
    this.disconnectWith(SLOW_CONSUMER_CLOSE_CODE, `Slow consumer: ${why}; reconnect with your last cursor`.slice(0, 120));
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    const value = this.queue.shift();
    if (value) return Promise.resolve({ value, done: false });
    if (this.ending) void this.return();
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  return(): Promise<IteratorResult<ExecutionResult>> {
    if (!this.closed) {
      this.closed = true;
      this.queue.length = 0;
      this.catchingUp.clear();
      for (const waiter of this.waiting.splice(0)) waiter({ value: undefined, done: true });
      this.markClosed();
      this.onClose();
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
