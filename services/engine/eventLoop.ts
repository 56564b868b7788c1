import { constants, monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram } from 'node:perf_hooks';
import { mainThreadSchedule } from './pauseMonitor';

/** The monitor's timer interval: what exceeds it between two of its runs is a pause. */
const RESOLUTION_MS = 5;
/** Pauses at least this long are kept with what ran during them (serverStatus eventLoop.longPauses). */
export const LONG_PAUSE_MS = 20;
/** Long pauses kept (the latest), and commands named per pause at most. */
const LONG_PAUSES_KEPT = 20;
const COMMANDS_PER_PAUSE = 12;
/** Collections kept (the latest) to tell which pauses they were part of. */
const COLLECTIONS_KEPT = 256;

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

/**
 * One stretch of at least LONG_PAUSE_MS in which the event loop did not get to its timer: what a slow request met.
 * `cpuMs` is the process's CPU time in the stretch (all its threads): close to `ms` when the engine itself was busy,
 * far below it when the operating system ran other processes instead.
 */
export interface LongPause {
  at: Date;
  ms: number;
  cpuMs: number;
  /**
   * The main thread's part (Linux schedstat; null elsewhere): its time on a CPU, and its time waiting in the run
   * queue while the machine ran others. What is neither, it spent blocked in the kernel (page faults, I/O).
   */
  mainThreadCpuMs: number | null;
  runQueueMs: number | null;
  /** Collections (main thread) that ran within the stretch, and how long they took in all. */
  gcMs: number;
  gcKinds: GcKind[];
  /** The commands the engine started since the timer last ran (`find recalls`), the first COMMANDS_PER_PAUSE. */
  commands: string[];
}

let histogram: IntervalHistogram | undefined;
let since = new Date();
const emptyGcStats = (): GcStats => ({ count: 0, scavenges: 0, totalMs: 0, longestMs: 0, longestKind: null });
let gc = emptyGcStats();
/** Pauses as the timer saw them, in performance.now() time (collections are attributed when read). */
let longPauses: Array<{ startedAt: number; endedAt: number; at: Date; cpuMs: number; mainThreadCpuMs: number | null; runQueueMs: number | null; commands: string[] }> = [];
const recentCollections: Array<{ startedAt: number; duration: number; kind: GcKind }> = [];
let commandsSinceTick: string[] = [];

/** The kind of collection a perf_hooks 'gc' entry reports. */
export function gcKindOf(entry: object): GcKind {
  return GC_KINDS[(entry as { detail?: { kind?: number } }).detail?.kind ?? -1] ?? 'other';
}

function noteCollections(list: { getEntries(): ReadonlyArray<{ duration: number; detail?: unknown }> }): void {
  for (const entry of list.getEntries()) {
    const kind = gcKindOf(entry);
    recentCollections.push({ startedAt: (entry as { startTime?: number }).startTime ?? 0, duration: entry.duration, kind });
    if (recentCollections.length > COLLECTIONS_KEPT) recentCollections.shift();
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
  watchLongPauses();
}

/** A command the engine starts, named for the long pause it may be part of. */
export function noteCommandStarted(name: string, target: unknown): void {
  if (commandsSinceTick.length < COMMANDS_PER_PAUSE) commandsSinceTick.push(typeof target === 'string' ? `${name} ${target}` : name);
}

function watchLongPauses(): void {
  let lastTick = performance.now();
  let lastCpu = process.cpuUsage();
  let lastSchedule = mainThreadSchedule();
  setInterval(() => {
    const now = performance.now();
    const gapMs = now - lastTick - RESOLUTION_MS;
    const cpu = process.cpuUsage();
    const schedule = lastSchedule && mainThreadSchedule();
    if (gapMs >= LONG_PAUSE_MS) {
      const cpuMs = (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000;
      longPauses.push({
        startedAt: lastTick + RESOLUTION_MS,
        endedAt: now,
        at: new Date(Date.now() - gapMs),
        cpuMs: rounded(cpuMs),
        mainThreadCpuMs: schedule && lastSchedule ? rounded((schedule[0] - lastSchedule[0]) / 1e6) : null,
        runQueueMs: schedule && lastSchedule ? rounded((schedule[1] - lastSchedule[1]) / 1e6) : null,
        commands: commandsSinceTick,
      });
      if (longPauses.length > LONG_PAUSES_KEPT) longPauses.shift();
    }
    commandsSinceTick = [];
    lastTick = now;
    lastCpu = cpu;
    lastSchedule = schedule;
  }, RESOLUTION_MS).unref();
}

function describedPauses(): LongPause[] {
  return longPauses.map(({ startedAt, endedAt, at, cpuMs, mainThreadCpuMs, runQueueMs, commands }) => {
    const within = recentCollections.filter((collection) => collection.startedAt < endedAt && collection.startedAt + collection.duration > startedAt);
    return { at, ms: rounded(endedAt - startedAt), cpuMs, mainThreadCpuMs, runQueueMs, gcMs: rounded(within.reduce((sum, collection) => sum + collection.duration, 0)), gcKinds: within.map((collection) => collection.kind), commands };
  });
}

export interface EventLoopStats {
  /** The longest time the event loop was blocked (any command, compaction, garbage collection), in milliseconds. */
  maxPauseMs: number;
  p99PauseMs: number;
  gc: GcStats;
  /** The latest pauses of at least LONG_PAUSE_MS, with what ran during them. */
  longPauses: LongPause[];
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
    longPauses: describedPauses(),
    since,
  };
  if (reset && histogram) {
    histogram.reset();
    gc = emptyGcStats();
    longPauses = [];
    since = new Date();
  }
  return stats;
}
