import type { ExecutionResult } from 'graphql';
import { encodeEventCursor, type EventPositions, type RegionCode } from '../../kernel';
import type { RegionEvent } from '../../contract';

export const SLOW_CONSUMER_CLOSE_CODE = 4008;

/**
 * One client subscription as an async iterator for graphql-ws. Results wait in a bounded queue; a client that
 * lets more pile up is disconnected with a close reason telling it to resume from its last cursor.
 */
export class Subscriber implements AsyncIterableIterator<ExecutionResult> {
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
   * Records that `seq` of `region` has been sent (or skipped, `payload` null) and sends the payload with the
   * cursor of everything sent so far, in one synchronous step: a cursor never covers an event not yet sent.
   */
  deliver(region: RegionCode, seq: number, payload: ((cursor: string) => ExecutionResult) | null): void {
    this.positions[region] = Math.max(this.positions[region] ?? 0, seq);
    if (payload) this.push(payload(encodeEventCursor(this.positions)));
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
