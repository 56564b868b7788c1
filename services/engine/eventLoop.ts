import { constants, monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram } from 'node:perf_hooks';

/** The monitor's timer interval: what exceeds it between two of its runs is a pause. */
const RESOLUTION_MS = 5;

const GC_KINDS: Readonly<Record<number, GcKind>> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak-callbacks',
};

export type GcKind = 'scavenge' | 'mark-compact' | 'incremental' | 'weak-callbacks' | 'other';

/**
 * Garbage collections on the main thread since the period began: what a pause was made of. At a million documents
 * the longest pauses are collections (a scavenge's cost grows with the old generation, however little survives).
 */
export interface GcStats {
  count: number;
  scavenges: number;
  totalMs: number;
  longestMs: number;
  /** The longest one's kind; null before the first. */
  longestKind: GcKind | null;
}

let histogram: IntervalHistogram | undefined;
let since = new Date();
const emptyGcStats = (): GcStats => ({ count: 0, scavenges: 0, totalMs: 0, longestMs: 0, longestKind: null });
let gc = emptyGcStats();

/** The kind of collection a perf_hooks 'gc' entry reports. */
export function gcKindOf(entry: object): GcKind {
  return GC_KINDS[(entry as { detail?: { kind?: number } }).detail?.kind ?? -1] ?? 'other';
}

function noteCollections(list: { getEntries(): ReadonlyArray<{ duration: number; detail?: unknown }> }): void {
  for (const entry of list.getEntries()) {
    const kind = gcKindOf(entry);
    gc.count++;
    if (kind === 'scavenge') gc.scavenges++;
    gc.totalMs += entry.duration;
    if (entry.duration > gc.longestMs) {
      gc.longestMs = entry.duration;
      gc.longestKind = kind;
    }
  }
}

/** Starts watching this process's event loop and collections (once per process; engines started in one process share the loop). */
export function watchEventLoop(): void {
  if (histogram) return;
  histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  new PerformanceObserver(noteCollections).observe({ entryTypes: ['gc'] });
  since = new Date();
}

export interface EventLoopStats {
  /** The longest time the event loop was blocked (any command, compaction, garbage collection), in milliseconds. */
  maxPauseMs: number;
  p99PauseMs: number;
  gc: GcStats;
  /** When these values started (engine start, or the last reset). */
  since: Date;
}

const rounded = (ms: number) => Math.round(ms * 100) / 100;

/** serverStatus `eventLoop`: pauses and collections since `since`; `reset` starts a new period after reading. */
export function eventLoopStats(reset = false): EventLoopStats {
  const stats: EventLoopStats = {
    maxPauseMs: histogram && histogram.count > 0 ? Math.max(0, histogram.max / 1e6 - RESOLUTION_MS) : 0,
    p99PauseMs: histogram && histogram.count > 0 ? Math.max(0, histogram.percentile(99) / 1e6 - RESOLUTION_MS) : 0,
    gc: { ...gc, totalMs: rounded(gc.totalMs), longestMs: rounded(gc.longestMs) },
    since,
  };
  if (reset && histogram) {
    histogram.reset();
    gc = emptyGcStats();
    since = new Date();
  }
  return stats;
}
