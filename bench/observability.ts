import { Agent, createServer, type Server } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { DEVELOPMENT_AGENCIES } from '../platform/agencies';
import { listen } from '../platform/httpListen';
import { signClientToken } from '../platform/identity';
import type { ManagedProcess } from '../platform/childProcess';
import type { RunningSystem } from '../scripts/system';
import { generateSeedData } from '../seeds/generate';
import { cpuMs, postGraphql, runConcurrently } from './measure';
import { checkTarget, info, progress, type TargetResult } from './report';
import { BENCH_SECRETS, pidOf, startBenchSystem } from './system';

const REQUESTS_PER_RUN = Number(process.env.BENCH_OBSERVABILITY_REQUESTS ?? 4_000);
const RUNS = Number(process.env.BENCH_OBSERVABILITY_RUNS ?? 5);
const WARM_UP = 1_000;
const CONCURRENCY = 2;
/** Within a run the variants take turns every this many requests, so that each sees the same machine load. */
const TURN = 250;

const BY_ID_QUERY = 'query Recall($id: ID!) { recall(id: $id) { id region recallNumber productName brand announcedAt status } }';
const MERGED_PAGE_QUERY = '{ recalls(first: 20) { totalCount edges { node { id region productName brand announcedAt } } } }';

interface Variant {
  name: string;
  env: NodeJS.ProcessEnv;
  process?: ManagedProcess;
  url?: string;
  microsecondsPerRequest: number[];
}

/** An OTLP/HTTP receiver that accepts every export and counts the spans in it (without parsing the JSON). */
async function startSpanSink(): Promise<{ url: string; spans: () => number; close: () => Promise<void> }> {
  let spans = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      spans += Buffer.concat(chunks).toString('utf8').split('"spanId"').length - 1;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
  });
  const port = await listen(server, 0, '127.0.0.1');
  return { url: `http://127.0.0.1:${port}`, spans: () => spans, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * What observability costs the gateway: gateway processes over the same three regions — metrics and request
 * logs off, both on (the default), both on with tracing exporting every trace over OTLP, and with a 10 % trace
 * sampler (what a busy deployment would set) — each sent the same requests (by-ID queries and merged pages,
 * alternating) in runs where they take turns every few hundred requests, so all of them see the same machine.
 * The figure is gateway CPU per request, read from /proc (the process's own user + system time, what
 * process.cpuUsage reports inside it), the median of the runs.
 */
export async function benchObservability(): Promise<TargetResult[]> {
  console.log(`\n== observability (gateway CPU per request; ${RUNS} interleaved runs of ${REQUESTS_PER_RUN.toLocaleString()} requests per variant, ${CONCURRENCY} in flight) ==`);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY * 2 });
  const results: TargetResult[] = [];
  let system: RunningSystem | undefined;
  const sink = await startSpanSink();
  try {
    info(`machine load average (1 min) at start, ${cpus().length} CPUs`, loadavg()[0]!, '');
    const seed = generateSeedData();
    system = await startBenchSystem({ seed: 'always', seedData: seed, dataDir: null, gateway: false });
    const variants: Variant[] = [
      { name: 'metrics and logs off', env: { METRICS: 'false', REQUEST_LOG: 'false' }, microsecondsPerRequest: [] },
      { name: 'metrics and logs on', env: {}, microsecondsPerRequest: [] },
      { name: 'metrics, logs and tracing exporting', env: { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url }, microsecondsPerRequest: [] },
      {
        name: 'metrics, logs and tracing exporting 10 % of traces',
        env: { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' },
        microsecondsPerRequest: [],
      },
    ];
    for (const variant of variants) {
      progress(`starting a gateway with ${variant.name}`);
      variant.process = system.startGatewayProcess(variant.env);
      variant.url = String(((await variant.process.ready) as { url: string }).url);
    }

    const token = signClientToken(DEVELOPMENT_AGENCIES.BJ, BENCH_SECRETS.jwtSecret);
    const tianjinIds = seed.TJ.recalls.map((recall) => recall._id);
    const mergedBody = JSON.stringify({ query: MERGED_PAGE_QUERY });
    const body = (i: number) => (i % 2 === 0 ? JSON.stringify({ query: BY_ID_QUERY, variables: { id: tianjinIds[i % tianjinIds.length] }, operationName: 'Recall' }) : mergedBody);
    const send = (variant: Variant, count: number) =>
      runConcurrently(count, CONCURRENCY, (i) => postGraphql(agent, variant.url!, { authorization: `Bearer ${token}` }, body(i))).catch((error: Error) => {
        const child = variant.process!.child;
        throw new Error(`the gateway with ${variant.name} failed a request (${error.message}); its process ${child.exitCode === null && child.signalCode === null ? 'is running' : `exited (${child.exitCode ?? child.signalCode})`}`);
      });

    progress(`warming up (${WARM_UP} requests per gateway)`);
    for (const variant of variants) await send(variant, WARM_UP);

    for (let run = 0; run < RUNS; run++) {
      progress(`run ${run + 1} of ${RUNS}`);
      const cpuUsed = new Map<Variant, number>(variants.map((variant) => [variant, 0]));
      for (let sent = 0, turn = 0; sent < REQUESTS_PER_RUN; sent += TURN, turn++) {
        // Rotate who goes first, so that no variant always follows another.
        for (let index = 0; index < variants.length; index++) {
          const variant = variants[(index + turn) % variants.length]!;
          const pid = pidOf(variant.process);
          const before = cpuMs(pid);
          await send(variant, Math.min(TURN, REQUESTS_PER_RUN - sent));
          cpuUsed.set(variant, cpuUsed.get(variant)! + cpuMs(pid) - before);
        }
      }
      for (const variant of variants) variant.microsecondsPerRequest.push((cpuUsed.get(variant)! * 1000) / REQUESTS_PER_RUN);
    }

    const [off, on, traced, sampled] = variants.map((variant) => {
      const value = median(variant.microsecondsPerRequest);
      info(`gateway CPU per request, ${variant.name} (median; runs ${variant.microsecondsPerRequest.map((runValue) => runValue.toFixed(0)).join(', ')})`, value, 'µs');
      return value;
    }) as [number, number, number, number];
    info('spans the tracing gateway exported', sink.spans(), 'spans');
    if (sink.spans() === 0) throw new Error('the tracing gateway exported no span: the tracing figure would measure nothing');
    results.push(checkTarget('gateway CPU per request with metrics and logs on vs off', (on / off - 1) * 100, '%', '<=', 10));
    results.push(checkTarget('gateway CPU per request with tracing exporting (and metrics, logs) vs all off', (traced / off - 1) * 100, '%', '<=', 25));
    info('gateway CPU per request with 10 % of traces exported vs all off', (sampled / off - 1) * 100, '%');
    info('machine load average (1 min) at the end', loadavg()[0]!, '');
  } finally {
    agent.destroy();
    await system?.stop();
    await sink.close();
  }
  return results;
}
