import { readdirSync, readFileSync } from 'node:fs';
import { type Agent, request } from 'node:http';

/** One POST over a keep-alive agent; resolves with the parsed body (and rejects on a GraphQL error, so a broken path cannot look fast). */
export function postGraphql(agent: Agent, url: string, headers: Record<string, string>, body: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data?: unknown; errors?: Array<{ message: string }> };
        if (response.statusCode !== 200 || parsed.errors) reject(new Error(`HTTP ${response.statusCode}: ${parsed.errors?.[0]?.message ?? 'no data'}`));
        else resolve(parsed.data);
      });
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc; clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * CPU time a process's threads have spent on a CPU so far, in ms, to the nanosecond (Linux schedstat of each thread:
 * no 10 ms clock ticks, so a hundred requests of a millisecond each can be told apart). Threads that have exited no
 * longer count, so read it around work, not across a thread's life.
 */
export function preciseCpuMs(pid: number): number {
  let nanoseconds = 0;
  for (const thread of readdirSync(`/proc/${pid}/task`)) {
    try {
      nanoseconds += Number(readFileSync(`/proc/${pid}/task/${thread}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return nanoseconds / 1e6;
}

/** CPU time of a process's main thread so far, in ms (its schedstat): the rest of preciseCpuMs is its other threads (V8's collector helpers, libuv's pool). */
export function mainThreadCpuMs(pid: number): number {
  return schedstatCpuMs(`/proc/${pid}/task/${pid}/schedstat`);
}

/** The time on a CPU a schedstat file reports (its first field, in nanoseconds), in ms. */
function schedstatCpuMs(path: string): number {
  return Number(readFileSync(path, 'utf8').split(' ')[0]) / 1e6;
}

/**
 * The kernel threads of DAMON (`kdamond`), the memory monitor some virtual machines run to reclaim their guests'
 * memory: none where it is off. It samples the accessed bits of pages all over physical memory every few hundred
 * milliseconds, and each burst takes a CPU from the bench's processes (on this machine: every 0.5 s, 12–18 ms).
 */
export function kernelMemoryMonitorPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').startsWith('kdamond')) pids.push(Number(entry));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return pids;
}

/** CPU time of whole processes or kernel threads so far, in ms (their schedstat), 0 for one that is gone. */
export function processesCpuMs(pids: readonly number[]): number {
  let milliseconds = 0;
  for (const pid of pids) {
    try {
      milliseconds += schedstatCpuMs(`/proc/${pid}/schedstat`);
    } catch {
      // Gone.
    }
  }
  return milliseconds;
}

/** Runs `run(0)` … `run(count − 1)` with `concurrency` of them in flight at a time. */
export async function runConcurrently(count: number, concurrency: number, run: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await run(next++);
    }),
  );
}

/** Requests per second with `concurrency` requests in flight for `seconds`. */
export async function throughput(run: (i: number) => Promise<unknown>, seconds: number, concurrency: number): Promise<number> {
  const until = Date.now() + seconds * 1000;
  let completed = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = worker; Date.now() < until; i += concurrency) {
        await run(i);
        completed++;
      }
    }),
  );
  return completed / (Number(process.hrtime.bigint() - started) / 1e9);
}
