export interface ProbeResult {
  ok: boolean;
  latencyMs: number | null;
  error?: string;
  /** When the answer was found (ms since the epoch). */
  checkedAt: number;
}

const RESULT_MAX_AGE_MS = 1000;

/**
 * A health check bounded in time and in cost, whoever asks and however often: an answer counts as a failure once
 * `timeoutMs` has passed (the check is aborted), one check runs at a time and its answer is reused for a second,
 * and while a timed-out check has still not let go no new one is started (a frozen dependency is not sent a
 * growing pile of pings).
 */
export class BoundedProbe {
  private last: ProbeResult | undefined;
  private inFlight: Promise<ProbeResult> | undefined;
  private unsettled: Promise<unknown> | undefined;

  constructor(
    private readonly run: (signal: AbortSignal) => Promise<unknown>,
    private readonly timeoutMs: number,
    private readonly maxAgeMs = RESULT_MAX_AGE_MS,
  ) {}

  check(): Promise<ProbeResult> {
    if (this.last && Date.now() - this.last.checkedAt < this.maxAgeMs) return Promise.resolve(this.last);
    this.inFlight ??= this.probe().then((result) => {
      this.last = result;
      this.inFlight = undefined;
      return result;
    });
    return this.inFlight;
  }

  private async probe(): Promise<ProbeResult> {
    if (this.unsettled) return { ok: false, latencyMs: null, error: `the previous check has not answered after more than ${this.timeoutMs} ms`, checkedAt: Date.now() };
    const started = performance.now();
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const attempt = this.run(abort.signal);
    this.unsettled = attempt;
    void attempt.then(
      () => this.settle(attempt),
      () => this.settle(attempt),
    );
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(new Error(`no answer within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
    });
    try {
      await Promise.race([attempt, timeout]);
      return { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10, checkedAt: Date.now() };
    } catch (error) {
      return { ok: false, latencyMs: null, error: (error as Error).message ?? String(error), checkedAt: Date.now() };
    } finally {
      clearTimeout(timer);
    }
  }

  private settle(attempt: Promise<unknown>): void {
    if (this.unsettled === attempt) this.unsettled = undefined;
  }
}
