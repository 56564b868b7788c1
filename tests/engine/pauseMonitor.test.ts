/**
 * The engine reads its main thread's schedule (Linux schedstat) every 5 ms for its long pauses, and every
 * millisecond while it compacts. Each read must not allocate outside the V8 heap: `readFileSync` of the /proc file
 * did (about 6 KB a read), which V8 counted as external memory and answered with a full collection every ten seconds
 * or so in an idle engine (marking gigabytes at a million documents).
 */
import { mainThreadSchedule } from '../../services/engine/pauseMonitor';

const READS = 2_000;

describe('the main thread schedule', () => {
  it('is read again and again without allocating outside the heap, and follows the thread’s CPU time', () => {
    const first = mainThreadSchedule();
    expect(first).toBeDefined();
    const before = process.memoryUsage().arrayBuffers;
    let latest = first!;
    for (let i = 0; i < READS; i++) {
      const now = mainThreadSchedule()!;
      if (now[0] < latest[0] || now[1] < latest[1]) throw new Error(`schedstat went back: ${String(latest)} → ${String(now)}`);
      latest = now;
    }
    const grownBytes = process.memoryUsage().arrayBuffers - before;
    expect(grownBytes).toBeLessThan(256 * 1024);

    const busyUntil = performance.now() + 30;
    while (performance.now() < busyUntil);
    const after = mainThreadSchedule()!;
    // A thread that never blocks spends its 30 ms on a CPU or waiting in the run queue for one.
    expect(after[0] + after[1] - (latest[0] + latest[1])).toBeGreaterThanOrEqual(25e6);
    expect(after[0] - latest[0]).toBeGreaterThan(0);
  });
});
