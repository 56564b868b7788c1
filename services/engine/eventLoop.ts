import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** The monitor's timer interval: what exceeds it between two of its runs is a pause. */
const RESOLUTION_MS = 5;

let histogram: IntervalHistogram | undefined;
let since = new Date();

/** Starts watching this process's event loop (once per process; engines started in one process share the loop). */
export function watchEventLoop(): void {
  if (histogram) return;
  histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  since = new Date();
}

export interface EventLoopStats {
  /** The longest time the event loop was blocked (any command, compaction, garbage collection), in milliseconds. */
  maxPauseMs: number;
  p99PauseMs: number;
  /** When these values started (engine start, or the last reset). */
  since: Date;
}

/** serverStatus `eventLoop`: pauses since `since`; `reset` starts a new period after reading. */
export function eventLoopStats(reset = false): EventLoopStats {
  const stats: EventLoopStats = {
    maxPauseMs: histogram && histogram.count > 0 ? Math.max(0, histogram.max / 1e6 - RESOLUTION_MS) : 0,
    p99PauseMs: histogram && histogram.count > 0 ? Math.max(0, histogram.percentile(99) / 1e6 - RESOLUTION_MS) : 0,
    since,
  };
  if (reset && histogram) {
    histogram.reset();
    since = new Date();
  }
  return stats;
}
