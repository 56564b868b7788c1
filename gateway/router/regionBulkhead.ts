import type { CancelSignal } from './callCancellation';

/** A call that could not get a slot: its caller already has the most calls waiting for this region, or it gave up waiting. */
export class BulkheadRefusal extends Error {
  constructor(
    message: string,
    readonly kind: 'full' | 'aborted',
  ) {
    super(message);
  }
}

interface Waiter {
  grant: (release: () => void) => void;
  refuse: (error: BulkheadRefusal) => void;
}

/**
 * A bounded number of calls to one region at once, shared fairly between callers: no caller holds more than
 * half of the slots, and when a caller cannot go it waits in a queue of its own; a freed slot goes to the next
 * caller in turn (round robin), so a caller with a thousand calls waiting delays another's single call by one
 * slot at most, not by a thousand. Each caller's queue is bounded; a waiting call leaves its queue when its
 * signal aborts (deadline, client gone).
 */
export class RegionBulkhead {
  private running = 0;
  private readonly runningByCaller = new Map<string, number>();
  /** Callers with calls waiting, in turn order (a caller served moves to the end). */
  private readonly waiting = new Map<string, Waiter[]>();
  constructor(
    private readonly maxConcurrent: number,
    private readonly maxWaitingPerCaller: number,
    /** The share of the slots one caller may hold at once (half by default): never all, so another caller's call finds one free. */
    private readonly shareOf: (caller: string) => number = () => 0.5,
  ) {}

  private capOf(caller: string): number {
    return Math.max(1, Math.ceil(this.maxConcurrent * this.shareOf(caller)));
  }

  get inFlight(): number {
    return this.running;
  }

  get queued(): number {
    let count = 0;
    for (const queue of this.waiting.values()) count += queue.length;
    return count;
  }

  /** Resolves with the slot's release once the call may go; rejects with a BulkheadRefusal. */
  acquire(caller: string, signal?: CancelSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new BulkheadRefusal('the request ended before the region was called', 'aborted'));
    if (this.running < this.maxConcurrent && !this.waiting.has(caller) && this.heldBy(caller) < this.capOf(caller) && !this.anyoneElseCanGo(caller)) {
      return Promise.resolve(this.take(caller));
    }
    const queue = this.waiting.get(caller) ?? [];
    if (queue.length >= this.maxWaitingPerCaller) {
      return Promise.reject(new BulkheadRefusal(`${queue.length} calls of this caller are already waiting for the region`, 'full'));
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const current = this.waiting.get(caller);
        const index = current?.indexOf(waiter) ?? -1;
        if (index < 0) return;
        current!.splice(index, 1);
        if (current!.length === 0) this.waiting.delete(caller);
        reject(new BulkheadRefusal('the request ended while waiting for the region', 'aborted'));
      };
      const waiter: Waiter = {
        grant: (release) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
        refuse: reject,
      };
      queue.push(waiter);
      if (!this.waiting.has(caller)) this.waiting.set(caller, queue);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private heldBy(caller: string): number {
    return this.runningByCaller.get(caller) ?? 0;
  }

  /** Whether a waiting caller other than `caller` could take a free slot now (then it goes first). */
  private anyoneElseCanGo(caller: string): boolean {
    for (const waiting of this.waiting.keys()) if (waiting !== caller && this.heldBy(waiting) < this.capOf(waiting)) return true;
    return false;
  }

  private take(caller: string): () => void {
    this.running++;
    this.runningByCaller.set(caller, this.heldBy(caller) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      const held = this.heldBy(caller) - 1;
      if (held <= 0) this.runningByCaller.delete(caller);
      else this.runningByCaller.set(caller, held);
      this.grantNext();
    };
  }

  private grantNext(): void {
    while (this.running < this.maxConcurrent) {
      // Round robin over the callers that may take one more slot; one at its share waits for its own calls to end.
      const next = [...this.waiting.entries()].find(([caller]) => this.heldBy(caller) < this.capOf(caller));
      if (!next) return;
      const [caller, queue] = next;
      const waiter = queue.shift()!;
      // The caller just served goes to the back of the line.
      this.waiting.delete(caller);
      if (queue.length > 0) this.waiting.set(caller, queue);
      waiter.grant(this.take(caller));
    }
  }
}
