import { readFileSync } from 'node:fs';

/** Where Linux reports the main thread's time on a CPU and waiting for one (nanoseconds); absent elsewhere. */
const SCHEDSTAT = `/proc/${process.pid}/task/${process.pid}/schedstat`;
const TICK_MS = 1;

function mainThreadCpuNs(): number | undefined {
  try {
    return Number(readFileSync(SCHEDSTAT, 'utf8').split(' ')[0]);
  } catch {
    return undefined;
  }
}

export interface Pauses {
  /** The longest time between two runs of a 1 ms timer, less the millisecond: how long the event loop was blocked. */
  longestMs: number;
  /**
   * Of such a stretch, the most time the main thread actually ran on a CPU (Linux schedstat): the engine's own work
   * (its JavaScript, garbage collection), without the time the operating system gave the CPUs to other processes.
   * Equals longestMs where the thread's CPU time cannot be read.
   */
  longestOnCpuMs: number;
}

/**
 * Watches the event loop while some work runs (a compaction): a 1 ms timer notes each gap between its runs, in wall
 * time and in the main thread's CPU time. On a machine shared with other busy processes the first includes the
 * scheduler's time slices; the second is what the work itself cost in one stretch.
 */
export class PauseMonitor {
  private timer: NodeJS.Timeout | undefined;
  private lastWall = 0;
  private lastCpu: number | undefined;
  private readonly pauses: Pauses = { longestMs: 0, longestOnCpuMs: 0 };

  start(): this {
    this.lastWall = performance.now();
    this.lastCpu = mainThreadCpuNs();
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
    return this;
  }

  private tick(): void {
    const wall = performance.now();
    const cpu = this.lastCpu === undefined ? undefined : mainThreadCpuNs();
    const wallMs = Math.max(0, wall - this.lastWall - TICK_MS);
    const cpuMs = cpu === undefined || this.lastCpu === undefined ? wallMs : Math.min(wallMs, Math.max(0, (cpu - this.lastCpu) / 1e6 - TICK_MS));
    this.pauses.longestMs = Math.max(this.pauses.longestMs, wallMs);
    this.pauses.longestOnCpuMs = Math.max(this.pauses.longestOnCpuMs, cpuMs);
    this.lastWall = wall;
    this.lastCpu = cpu;
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
