import { readdirSync, readFileSync } from 'node:fs';
import { processesCpuMs } from './measure';

/** One stretch in which the kernel's memory monitor ran, in wall-clock time (ms since the epoch). */
export interface Burst {
  startMs: number;
  endMs: number;
  cpuMs: number;
}

const POLL_MS = 2;
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
 * heap and doing almost nothing had six pauses of 6–11 ms of its own thread's CPU, outside any collection, in 10 s
 * with kdamond on, and none with it off.
 */
export class MemoryMonitorBursts {
  private readonly bursts: Burst[] = [];
  private timer: NodeJS.Timeout | undefined;
  private current: Burst | undefined;

  constructor(private readonly pids: readonly number[]) {}

  start(): this {
    if (this.pids.length === 0) return this;
    let lastCpuMs = processesCpuMs(this.pids);
    let lastPollMs = Date.now();
    this.timer = setInterval(() => {
      const cpuMs = processesCpuMs(this.pids);
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
    if (this.current) this.bursts.push(this.current);
    this.current = undefined;
  }

  /** The monitor's CPU in bursts that overlapped [startMs, endMs] (wall clock), 0 when none did. */
  cpuMsDuring(startMs: number, endMs: number): number {
    return this.bursts.filter((burst) => burst.startMs <= endMs && burst.endMs >= startMs).reduce((sum, burst) => sum + burst.cpuMs, 0);
  }
}
