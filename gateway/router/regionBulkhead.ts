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
 * A bounded number of calls to one region at once, shared fairly between callers: when every slot is taken,
 * callers wait in queues of their own and a freed slot goes to the next caller in turn (round robin), so a
 * caller with a thousand calls waiting delays another's single call by one slot, not by a thousand. Each
 * caller's queue is bounded; a waiting call leaves its queue when its signal aborts (deadline, client gone).
 */
export class RegionBulkhead {
  private running = 0;
  /** Callers with calls waiting, in turn order (a caller served moves to the end). */
  private readonly waiting = new Map<string, Waiter[]>();

  constructor(
    private readonly maxConcurrent: number,
    private readonly maxWaitingPerCaller: number,
  ) {}

  get inFlight(): number {
    return this.running;
  }

  get queued(): number {
    let count = 0;
    for (const queue of this.waiting.values()) count += queue.length;
    return count;
  }

  /** Resolves with the slot's release once the call may go; rejects with a BulkheadRefusal. */
  acquire(caller: string, signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new BulkheadRefusal('the request ended before the region was called', 'aborted'));
    if (this.running < this.maxConcurrent && this.waiting.size === 0) {
      this.running++;
      return Promise.resolve(this.releaser());
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

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      this.grantNext();
    };
  }

  private grantNext(): void {
    while (this.running < this.maxConcurrent && this.waiting.size > 0) {
      const [caller, queue] = this.waiting.entries().next().value as [string, Waiter[]];
      const waiter = queue.shift()!;
      // Round robin: the caller just served goes to the back of the line.
      this.waiting.delete(caller);
      if (queue.length > 0) this.waiting.set(caller, queue);
      this.running++;
      waiter.grant(this.releaser());
    }
  }
}
