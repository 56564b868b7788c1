import { readdirSync, readFileSync } from 'node:fs';
import { SchedstatFile } from '../platform/schedstat';

/** One stretch in which the kernel's memory monitor ran, in wall-clock time (ms since the epoch). */
export interface Burst {
  startMs: number;
  endMs: number;
  cpuMs: number;
}

/** Often enough for passes of 10–30 ms, rarely enough to cost the bench's own process nothing it would notice. */
const POLL_MS = 5;
/** CPU between two polls above which the monitor counts as running (its idle wakeups take a few microseconds). */
const RUNNING_CPU_MS = 0.2;
const BURSTS_KEPT = 1000;

/** How often DAMON samples (its first context's sample interval), in ms; undefined where it is not configured so. */
export function memoryMonitorSampleMs(): number | undefined {
  const root = '/sys/kernel/mm/damon/admin/kdamonds';
  try {
    for (const kdamond of readdirSync(root).filter((entry) => /^\d+$/.test(entry))) {
      if (readFileSync(`${root}/${kdamond}/state`, 'utf8').trim() !== 'on') continue;
      return Number(readFileSync(`${root}/${kdamond}/contexts/0/monitoring_attrs/intervals/sample_us`, 'utf8')) / 1000;
    }
  } catch {
    // No DAMON sysfs here.
  }
  return undefined;
}

/**
 * When the kernel's memory monitor threads (kdamond, see kernelMemoryMonitorPids) ran, polled every few ms from
 * their schedstat: to tell an engine pause that met one of its sampling passes from one of the engine's own.
 * On this machine's virtual machine a pass also costs the processes whose pages it samples: a process holding a 3 GB
 * heap and doing almost nothing had, in 10 s, six pauses of 6–12 ms outside any collection (4–11 ms of them its own
 * thread's CPU) with kdamond on, and one, of 6 ms without CPU, with it off.
 */
export class MemoryMonitorBursts {
  private readonly bursts: Burst[] = [];
  private timer: NodeJS.Timeout | undefined;
  private current: Burst | undefined;
  /** The monitor threads' schedstat files, kept open: each poll is one read per thread. */
  private files: SchedstatFile[] = [];

  constructor(private readonly pids: readonly number[]) {}

  /** The monitor threads' time on a CPU so far, in ms. */
  private cpuMs(): number {
    let nanoseconds = 0;
    // A thread that ended runs no more (read() is then undefined).
    for (const file of this.files) nanoseconds += file.read()?.[0] ?? 0;
    return nanoseconds / 1e6;
  }

  start(): this {
    this.files = this.pids.flatMap((pid) => SchedstatFile.open(`/proc/${pid}/schedstat`) ?? []);
    if (this.files.length === 0) return this;
    let lastCpuMs = this.cpuMs();
    let lastPollMs = Date.now();
    this.timer = setInterval(() => {
      const cpuMs = this.cpuMs();
      const nowMs = Date.now();
      const ranMs = cpuMs - lastCpuMs;
      if (ranMs > RUNNING_CPU_MS) {
        this.current ??= { startMs: lastPollMs, endMs: nowMs, cpuMs: 0 };
        this.current.endMs = nowMs;
        this.current.cpuMs += ranMs;
      } else if (this.current) {
        this.bursts.push(this.current);
        if (this.bursts.length > BURSTS_KEPT) this.bursts.shift();
        this.current = undefined;
      }
      lastCpuMs = cpuMs;
      lastPollMs = nowMs;
    }, POLL_MS);
    this.timer.unref();
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
    for (const file of this.files) file.close();
    this.files = [];
    if (this.current) this.bursts.push(this.current);
    this.current = undefined;
  }

  /** The monitor's CPU in bursts that overlapped [startMs, endMs] (wall clock), 0 when none did. */
  cpuMsDuring(startMs: number, endMs: number): number {
    return this.bursts.filter((burst) => burst.startMs <= endMs && burst.endMs >= startMs).reduce((sum, burst) => sum + burst.cpuMs, 0);
  }
}
