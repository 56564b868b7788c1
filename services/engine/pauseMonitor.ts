import { SchedstatFile } from '../../platform/schedstat';

/** Where Linux reports the main thread's time on a CPU and waiting in the run queue for one (nanoseconds). */
const SCHEDSTAT = `/proc/${process.pid}/task/${process.pid}/schedstat`;
const TICK_MS = 1;

/** Kept open: it is read every few milliseconds (SchedstatFile). */
let schedstat: SchedstatFile | null | undefined;

/** The main thread's [time on a CPU, time waiting in the run queue] so far, in nanoseconds; undefined off Linux. */
export function mainThreadSchedule(): [number, number] | undefined {
  schedstat ??= SchedstatFile.open(SCHEDSTAT);
  return schedstat?.read();
}

/** Nanoseconds the main thread has waited for a CPU that the operating system gave to others; undefined off Linux. */
function mainThreadRunQueueWaitNs(): number | undefined {
  return mainThreadSchedule()?.[1];
}

export interface Pauses {
  /** The longest time between two runs of a 1 ms timer, less the millisecond: how long the event loop was blocked. */
  longestMs: number;
  /**
   * Such a stretch less the time the main thread waited in the run queue while the operating system ran other
   * processes (Linux schedstat): the engine's own pause — its JavaScript, garbage collection, and any blocking system
   * call — without the time slices a busy shared machine gives to others. Equals longestMs elsewhere.
   */
  longestOwnMs: number;
}

/**
 * Watches the event loop while some work runs (a compaction): a 1 ms timer notes each gap between its runs, in wall
 * time and less the main thread's run-queue wait.
 */
export class PauseMonitor {
  private timer: NodeJS.Timeout | undefined;
  private lastWall = 0;
  private lastWait: number | undefined;
  private readonly pauses: Pauses = { longestMs: 0, longestOwnMs: 0 };

  start(): this {
    this.lastWall = performance.now();
    this.lastWait = mainThreadRunQueueWaitNs();
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
    return this;
  }

  private tick(): void {
    const wall = performance.now();
    const wait = this.lastWait === undefined ? undefined : mainThreadRunQueueWaitNs();
    const wallMs = Math.max(0, wall - this.lastWall - TICK_MS);
    const ownMs = wait === undefined || this.lastWait === undefined ? wallMs : Math.max(0, wallMs - Math.max(0, (wait - this.lastWait) / 1e6));
    this.pauses.longestMs = Math.max(this.pauses.longestMs, wallMs);
    this.pauses.longestOwnMs = Math.max(this.pauses.longestOwnMs, ownMs);
    this.lastWall = wall;
    this.lastWait = wait;
  }

  /** Stops watching (counting the stretch up to now) and returns the longest pauses seen. */
  stop(): Pauses {
    if (this.timer) {
      this.tick();
      clearInterval(this.timer);
      this.timer = undefined;
    }
    return { ...this.pauses };
  }
}
