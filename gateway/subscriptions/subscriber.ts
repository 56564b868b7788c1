import type { ExecutionResult } from 'graphql';
import type { EventPositions } from '../../kernel';
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
  /** Live events that arrived while this subscriber was catching up from its cursor. */
  readonly pendingLive: RegionEvent[] = [];

  constructor(
    readonly positions: EventPositions,
    private readonly limits: { maxQueued: number; maxPendingLive: number },
    private readonly disconnect: (code: number, reason: string) => void,
    private readonly onClose: () => void,
  ) {}

  get isClosed(): boolean {
    return this.closed;
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

  bufferLive(event: RegionEvent): void {
    if (this.pendingLive.length >= this.limits.maxPendingLive) this.overflow(`more than ${this.limits.maxPendingLive} events arrived while catching up`);
    else this.pendingLive.push(event);
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
      this.pendingLive.length = 0;
      for (const waiter of this.waiting.splice(0)) waiter({ value: undefined, done: true });
      this.onClose();
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
