/** What a waiting region call listens to: an AbortSignal, or a call's own CallCancellation. */
export interface CancelSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * An abort signal as a plain object: `abort(reason)` tells the listeners once. Cheaper than an AbortController
 * (one or two per request were a measurable share of a by-ID request's CPU), and enough for the gateway's own
 * listeners (region calls waiting for a slot or an answer).
 */
export class Cancellation implements CancelSignal {
  aborted = false;
  reason: unknown = undefined;
  private listeners: Array<() => void> = [];

  addEventListener(_type: 'abort', listener: () => void): void {
    if (!this.aborted) this.listeners.push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const index = this.listeners.indexOf(listener);
    if (index >= 0) this.listeners.splice(index, 1);
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) listener();
  }

  protected forgetListeners(): void {
    this.listeners = [];
  }
}

/**
 * A region call's cancellation: the client's request ending or the call's deadline passing, whichever comes first.
 * Its timer and its listener on the request's signal are gone as soon as the call is `done`.
 */
export class CallCancellation extends Cancellation {
  private readonly timer: NodeJS.Timeout;
  private readonly onRequestEnded = () => this.abort(this.requestSignal?.reason);

  constructor(
    private readonly requestSignal: CancelSignal | undefined,
    timeoutMs: number,
    timeoutReason: unknown,
  ) {
    super();
    this.timer = setTimeout(() => this.abort(timeoutReason), timeoutMs);
    this.timer.unref();
    if (!requestSignal) return;
    if (requestSignal.aborted) this.abort(requestSignal.reason);
    else requestSignal.addEventListener('abort', this.onRequestEnded, { once: true });
  }

  /** The call has ended: no timer, no listener left behind. */
  done(): void {
    clearTimeout(this.timer);
    this.requestSignal?.removeEventListener('abort', this.onRequestEnded);
    this.forgetListeners();
  }
}
