import { Agent } from 'node:http';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { DEVELOPMENT_AGENCIES } from '../platform/agencies';
import { signClientToken } from '../platform/identity';
import { IdentityForwarder } from '../gateway/router/identityForwarding';
import { startTsProcess } from '../platform/childProcess';
import { generateSeedData } from '../seeds/generate';
import { LONG_PAUSE_MS } from '../services/engine/eventLoop';
import { MemoryMonitorBursts, memoryMonitorSampleMs } from './memoryMonitorBursts';
import { kernelMemoryMonitorPids, mainThreadCpuMs, postGraphql, preciseCpuMs, processesCpuMs } from './measure';
import { syntheticRecalls } from './syntheticRecalls';
import { checkTarget, info, percentile, progress, timeEach, type TargetResult } from './report';
import { BENCH_SECRETS, pidOf, startBenchSystem } from './system';

/** `npm run bench scale` (not in CI): the same measurements at each size of Tianjin's recall collection. */
const SIZES = (process.env.BENCH_SCALE_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const SAMPLES = Number(process.env.BENCH_SCALE_SAMPLES ?? 300);
const INSERT_BATCH = 5_000;
const WARM_UP = Number(process.env.BENCH_SCALE_WARM_UP ?? 200);
/**
 * The engine keeps every document in its V8 heap (about 5 KB per recall with its nine indexes): a million need more
 * than V8's default old-space limit (about 4 GB here), so the bench's engines get a larger one.
 */
const ENGINE_HEAP_MB = Number(process.env.BENCH_SCALE_ENGINE_HEAP_MB ?? 12_288);
/**
 * A young generation of up to 64 MiB per semi-space (V8's default here: 16): every scavenge walks all pages of the old
 * generation looking for old-to-new pointers (perf: ScavengerCollector::CollectGarbage, ~15 ms at 1,000,000 recalls,
 * 3.4 GB, about 0.2 ms at 10,000), so its cost grows with the data while the garbage per request does not; four times
 * fewer scavenges are four times fewer requests that wait for one (page p99) and fewer chances of a long one while a
 * compaction runs. It is also the minimum, and V8's memory reducer is off: otherwise, once a load ends, the reducer
 * shrinks the young generation to 1 MiB (a scavenge per megabyte of garbage, each still ~15 ms: bench/engineGc at a
 * million recalls counted 291 scavenges during its pages, against 63 with these flags, and its longest pause fell
 * from 48 to 19 ms) and starts full collections of the 3.4 GB heap as soon as the engine looks idle.
 */
const ENGINE_SEMI_SPACE_MB = Number(process.env.BENCH_SCALE_ENGINE_SEMI_SPACE_MB ?? 64);
/** On the command line (ENGINE_NODE_FLAGS for npm start): NODE_OPTIONS refuses most V8 flags. */
const ENGINE_NODE_FLAGS = [`--max-old-space-size=${ENGINE_HEAP_MB}`, `--max-semi-space-size=${ENGINE_SEMI_SPACE_MB}`, `--min-semi-space-size=${ENGINE_SEMI_SPACE_MB}`, '--no-memory-reducer'];
/** The longest event-loop pause allowed while the engine compacts (issue 22). */
const COMPACTION_PAUSE_MS = 50;
/** Growth allowed between the smallest and the largest size for costs that should not grow with the data. */
const FLAT_GROWTH = 1.5;
/**
 * Before measuring, the loaded engine must be at rest: after a load V8 may go on marking the grown heap on its helper
 * threads for a while, which on two cores takes a CPU from the requests (a cost of the load, not of reading). The
 * engine is at rest once its threads use less than this much CPU per second for SETTLED_SECONDS in a row (an idle
 * engine still answers the regions' outbox and event pollers), or after SETTLE_MAX_SECONDS.
 */
const SETTLED_CPU_MS_PER_SECOND = 100;
const SETTLED_SECONDS = 3;
const SETTLE_MAX_SECONDS = 300;

/**
 * BENCH_SCALE_PROCESS_OUTPUT=FILE appends the servers' output lines that are not JSON logs to FILE, each with the time
 * it arrived (UTC), to match against the engine pauses the bench prints: V8's own traces, for example, with
 * `JJJ_NODE_FLAGS=--trace-gc JJJ_CPU_PROFILE_ENTRY=services/engine/main` (the flags go to the engines only).
 */
const PROCESS_OUTPUT_FILE = process.env.BENCH_SCALE_PROCESS_OUTPUT;
const forwardProcessOutput = PROCESS_OUTPUT_FILE
  ? (line: string) => {
      if (!line.startsWith('{')) appendFileSync(PROCESS_OUTPUT_FILE, `${new Date().toISOString().slice(11, 23)} ${line}\n`);
    }
  : undefined;

const PAGE = (withCount: boolean) => `query Page($category: ProductCategory!) { recalls(first: 20, filter: { regions: [TIANJIN], categories: [$category] }) { ${withCount ? 'totalCount ' : ''}edges { node { id productName announcedAt } } } }`;
const STATISTICS = '{ recallStatistics(filter: { regions: [TIANJIN] }, groupBy: [CATEGORY, STATUS]) { key { category status } count } }';
const ENTITIES = 'query Entities($representations: [_Any!]!) { _entities(representations: $representations) { ... on ProductRecall { id productName brand } } }';

interface Row {
  size: number;
  pageP50: number;
  pageP99: number;
  countedPageP50: number;
  countedPageP99: number;
  /**
   * Page p99s of the samples that met no pass of the kernel's memory monitor (MemoryMonitorBursts; the same as the
   * p99s where it is off): printed beside the targets, which count every sample.
   */
  pageP99ClearOfMonitor: number;
  countedPageP99ClearOfMonitor: number;
  entitiesP50: number;
  statisticsP50: number;
  rssBytesPerDocument: number;
  /** V8 heap in use per document, as the engine reports it (serverStatus mem.heapUsedBytes, after a load). */
  heapBytesPerDocument: number;
  /** The snapshot file's bytes per document after the forced compaction. */
  snapshotBytesPerDocument: number;
  recoverySeconds: number;
  loadSeconds: number;
  /** Seconds the engine took to come to rest after the load, before anything was measured. */
  settleSeconds: number;
  /** Compactions the journal's size started during the bulk load. */
  loadCompactions: number;
  /** The longest event-loop pause while the forced compaction ran under page load (wall time). */
  compactionPauseMs: number;
  /** The same less the time the operating system ran other processes instead (the engine's own pause). */
  compactionPauseOwnMs: number;
  compactionSeconds: number;
  /** Page p50 while that compaction ran. */
  pageDuringCompactionP50: number;
  /** The engine's longest garbage collection while that compaction ran, and how many collections it made. */
  compactionLongestGcMs: number;
  compactionCollections: number;
  /** The longest event-loop pause of the engine during the measurements (pages, entities, statistics). */
  measuringMaxPauseMs: number;
  /** The engine's longest garbage collection during the measurements, and how many scavenges they made. */
  measuringLongestGcMs: number;
  measuringScavenges: number;
}

interface EngineStatus {
  mem: { residentBytes: number; heapUsedBytes: number };
  storage: { documents: number; journalBytes: number };
  compaction: { completed: number; automatic: number; running: boolean; lastMs: number; lastPauseMs: number; longestPauseMs: number; lastPauseOwnMs: number; longestPauseOwnMs: number; snapshotBytes: number };
  eventLoop: { maxPauseMs: number; p99PauseMs: number; gc: { count: number; scavenges: number; totalMs: number; longestMs: number; longestKind: string | null }; longPauses?: Array<{ at: Date; ms: number; cpuMs: number; mainThreadCpuMs: number | null; runQueueMs: number | null; gcMs: number; gcKinds: string[]; commands: string[] }> };
}

/** Waits until the engine's threads are at rest (see SETTLED_CPU_MS_PER_SECOND); returns how long that took and what its threads used meanwhile. */
async function settle(pid: number): Promise<{ seconds: number; cpuMs: number; offMainThreadMs: number }> {
  const started = Date.now();
  const firstTotal = preciseCpuMs(pid);
  const firstMain = mainThreadCpuMs(pid);
  let previous = firstTotal;
  let quietSeconds = 0;
  for (let second = 1; second <= SETTLE_MAX_SECONDS && quietSeconds < SETTLED_SECONDS; second++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const total = preciseCpuMs(pid);
    quietSeconds = total - previous < SETTLED_CPU_MS_PER_SECOND ? quietSeconds + 1 : 0;
    if (second % 10 === 0) progress(`waiting for the engine to be at rest: ${(total - previous).toFixed(0)} ms of CPU in the last second, ${second} s so far`);
    previous = total;
  }
  const cpuMs = preciseCpuMs(pid) - firstTotal;
  return { seconds: (Date.now() - started) / 1000, cpuMs, offMainThreadMs: cpuMs - (mainThreadCpuMs(pid) - firstMain) };
}

function rssBytes(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
}

/** Starts an engine process on the data directory and returns how long it took to recover it (the engine's own figure). */
async function recoverySecondsOf(dataDir: string): Promise<number> {
  let recoveredMs: number | undefined;
  const child = startTsProcess('engine-recovery', 'services/engine/main.ts', { ENGINE_PORT: '0', ENGINE_HOST: '127.0.0.1', ENGINE_DATA_DIR: dataDir, LOG_LEVEL: 'info' }, {
    readyMessage: 'engine listening',
    nodeFlags: ENGINE_NODE_FLAGS,
    startTimeoutMs: 600_000,
    forwardOutput: (line) => {
      if (!line.includes('recovered storage')) return;
      try {
        recoveredMs = Number((JSON.parse(line) as { ms?: number }).ms);
      } catch {
        // not a JSON log line
      }
    },
  });
  const started = Date.now();
  try {
    await child.ready;
    return (recoveredMs ?? Date.now() - started) / 1000;
  } finally {
    await child.stop(60_000);
  }
}

async function measureAt(size: number): Promise<Row> {
  console.log(`\n-- ${size.toLocaleString()} Tianjin recalls --`);
  const dataDir = mkdtempSync(join(tmpdir(), 'jjj-bench-scale-'));
  const seed = generateSeedData();
  // Statistics read every record: at the larger sizes on a busy machine they outlast the default region timeout and
  // the regions' database command bound.
  const system = await startBenchSystem({ seed: 'always', seedData: seed, dataDir, engines: 'per-region', engineNodeFlags: ENGINE_NODE_FLAGS, gatewayEnv: { REGION_TIMEOUT_MS: '60000' }, regionEnv: { LOG_LEVEL: 'info', DB_COMMAND_TIMEOUT_MS: '60000' }, forwardOutput: forwardProcessOutput });
  const agent = new Agent({ keepAlive: true });
  let stopped: Promise<void> | undefined;
  const stopSystem = () => (stopped ??= system.stop());
  const client = await MongoClient.connect(system.databaseUris.TJ);
  try {
    const db = client.db(system.databaseNames.TJ);
    const recalls = db.collection('recalls');
    const engineStatus = async (resetEventLoop = false) => (await db.admin().command({ serverStatus: 1, resetEventLoop })) as unknown as EngineStatus;
    const template = seed.TJ.recalls[0] as unknown as Record<string, unknown>;
    const categories = [...new Set(seed.TJ.recalls.map((recall) => String((recall as unknown as Record<string, unknown>).productCategory)))];
    const existing = await recalls.countDocuments();
    const compactionsBefore = (await engineStatus()).compaction.automatic;
    const loadStarted = Date.now();
    for (let inserted = existing; inserted < size; inserted += INSERT_BATCH) {
      await recalls.insertMany(syntheticRecalls(template, inserted, Math.min(INSERT_BATCH, size - inserted), categories), { ordered: false });
      if (((inserted - existing) / INSERT_BATCH) % 20 === 19) {
        const done = Math.min(size, inserted + INSERT_BATCH);
        const seconds = (Date.now() - loadStarted) / 1000;
        progress(`inserted ${done.toLocaleString()} of ${size.toLocaleString()} in ${seconds.toFixed(0)} s (${Math.round((done - existing) / seconds).toLocaleString()}/s)`);
      }
    }
    const loadSeconds = (Date.now() - loadStarted) / 1000;
    const documents = await recalls.estimatedDocumentCount();
    let afterLoad = await engineStatus();
    progress(`loaded ${documents.toLocaleString()} in ${loadSeconds.toFixed(0)} s, ${afterLoad.compaction.automatic - compactionsBefore} compactions meanwhile (longest event-loop pause while one ran, inserts included: ${afterLoad.compaction.longestPauseMs.toFixed(1)} ms, own ${afterLoad.compaction.longestPauseOwnMs.toFixed(1)} ms)`);
    // A compaction the load started may still be writing the snapshot: the steady-state figures wait for it (pages
    // while one runs are measured on their own below).
    for (let waited = 0; afterLoad.compaction.running; waited += 1) {
      if (waited % 10 === 0) progress('waiting for the compaction the load started to finish');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      afterLoad = await engineStatus();
    }

    const token = signClientToken(DEVELOPMENT_AGENCIES.TJ, BENCH_SECRETS.jwtSecret);
    const viaGateway = (body: string) => postGraphql(agent, system.gatewayUrl, { authorization: `Bearer ${token}` }, body);
    // Internal identities are short-lived: a fresh header per request (the forwarder re-signs after half its lifetime),
    // or a slow run outlives the first one (401 "token has expired").
    const forwarder = new IdentityForwarder(BENCH_SECRETS.internalIdentitySecret);
    const identity = () => forwarder.headerFor(DEVELOPMENT_AGENCIES.TJ, { region: 'TJ', endpoint: 'regional' });
    const pageBody = (withCount: boolean, i: number) => JSON.stringify({ query: PAGE(withCount), variables: { category: categories[i % categories.length] } });
    const ids = seed.TJ.recalls.map((recall) => recall._id);
    const entitiesBody = (i: number) => JSON.stringify({ query: ENTITIES, variables: { representations: Array.from({ length: 20 }, (_, k) => ({ __typename: 'ProductRecall', id: ids[(i * 20 + k) % ids.length] })) } });

    // The full collection the load's growth owes V8, paid now rather than during whichever measurement the heap
    // crosses V8's limit in (its concurrent marking of gigabytes takes a CPU for seconds: an _entities p50 of 28 ms
    // instead of 3.5 in one run).
    const collected = (await db.admin().command({ collectGarbage: 1 })) as { ms: number; heapUsedBytesBefore: number; heapUsedBytesAfter: number };
    progress(`full collection after the load: ${collected.ms.toFixed(0)} ms, heap ${(collected.heapUsedBytesBefore / 2 ** 30).toFixed(2)} → ${(collected.heapUsedBytesAfter / 2 ** 30).toFixed(2)} GiB`);
    const rest = await settle(pidOf(system.engineProcess('TJ')));
    progress(`the engine was at rest after ${rest.seconds.toFixed(0)} s (its threads used ${rest.cpuMs.toFixed(0)} ms of CPU meanwhile, ${rest.offMainThreadMs.toFixed(0)} ms of it off the main thread)`);
    progress('warming up');
    // Long enough for the engine's young generation to turn over (with a large one, the load's last documents are
    // still in it: the first scavenges copy them, a cost of the load, not of the pages).
    for (let i = 0; i < WARM_UP; i++) {
      await viaGateway(pageBody(true, i));
      await postGraphql(agent, `${system.regionUrls.TJ}/graphql`, { 'x-jjj-identity': identity() }, entitiesBody(i));
    }
    progress(`measuring (${SAMPLES} of each)`);
    const memoryMonitorPids = kernelMemoryMonitorPids();
    const memoryMonitorBursts = new MemoryMonitorBursts(memoryMonitorPids).start();
    const measuredGc: EngineStatus['eventLoop'] = { maxPauseMs: 0, p99PauseMs: 0, gc: { count: 0, scavenges: 0, totalMs: 0, longestMs: 0, longestKind: null } };
    // Each kind of request on its own engine period: whether a slow sample met one of the engine's collections.
    const phase = async (name: string, count: number, run: (i: number) => Promise<unknown>) => {
      await engineStatus(true);
      const memoryMonitorCpuBefore = processesCpuMs(memoryMonitorPids);
      const started = performance.now();
      const sampleWindows: Array<{ startMs: number; endMs: number }> = [];
      const samples = await timeEach(count, async (i) => {
        const startMs = Date.now();
        await run(i);
        sampleWindows.push({ startMs, endMs: Date.now() });
      });
      const memoryMonitorCpuMs = processesCpuMs(memoryMonitorPids) - memoryMonitorCpuBefore;
      const seconds = (performance.now() - started) / 1000;
      const { eventLoop } = await engineStatus();
      const slow = samples.filter((sample) => sample > 3 * percentile(samples, 50)).length;
      info(`${name}: ${slow} of ${count} slower than 3× p50; engine collections ${eventLoop.gc.count} (${eventLoop.gc.scavenges} scavenges, ${eventLoop.gc.totalMs.toFixed(0)} ms), longest event-loop pause ${eventLoop.maxPauseMs.toFixed(1)} ms, longest collection`, eventLoop.gc.longestMs, 'ms');
      if (memoryMonitorPids.length > 0) info(`  the kernel's memory monitor (kdamond) meanwhile: ${memoryMonitorCpuMs.toFixed(0)} ms of CPU in ${seconds.toFixed(1)} s`, memoryMonitorCpuMs, 'ms');
      const longPauses = eventLoop.longPauses ?? [];
      const monitorMsDuring = (pause: (typeof longPauses)[number]) => memoryMonitorBursts.cpuMsDuring(pause.at.getTime(), pause.at.getTime() + pause.ms);
      if (memoryMonitorPids.length > 0) info(`  engine pauses of ${LONG_PAUSE_MS} ms or more (${longPauses.length}) that met a pass of the kernel's memory monitor`, longPauses.filter((pause) => monitorMsDuring(pause) > 0).length, 'pauses');
      for (const pause of longPauses.slice(-8)) info(`  engine pause at ${pause.at.toISOString().slice(11, 23)}: ${pause.ms} ms (CPU ${pause.cpuMs} ms, main thread ${pause.mainThreadCpuMs} ms on a CPU and ${pause.runQueueMs} ms waiting for one, collections ${pause.gcMs} ms ${pause.gcKinds.join('+')}, kernel memory monitor ${monitorMsDuring(pause).toFixed(1)} ms), commands: ${pause.commands.join(', ') || 'none'}`, pause.ms, 'ms');
      measuredGc.maxPauseMs = Math.max(measuredGc.maxPauseMs, eventLoop.maxPauseMs);
      measuredGc.gc.count += eventLoop.gc.count;
      measuredGc.gc.scavenges += eventLoop.gc.scavenges;
      measuredGc.gc.totalMs += eventLoop.gc.totalMs;
      if (eventLoop.gc.longestMs > measuredGc.gc.longestMs) Object.assign(measuredGc.gc, { longestMs: eventLoop.gc.longestMs, longestKind: eventLoop.gc.longestKind });
      const clearOfMonitor = samples.filter((_, i) => memoryMonitorBursts.cpuMsDuring(sampleWindows[i]!.startMs, sampleWindows[i]!.endMs) === 0);
      if (memoryMonitorPids.length > 0) info(`  p99 of the ${clearOfMonitor.length} samples of ${count} that met no pass of the kernel's memory monitor`, percentile(clearOfMonitor, 99), 'ms');
      return { samples, clearOfMonitor };
    };
    const pages = await phase('pages', SAMPLES, (i) => viaGateway(pageBody(false, i)));
    const countedPages = await phase('counted pages', SAMPLES, (i) => viaGateway(pageBody(true, i)));
    const { samples: entities } = await phase('_entities batches', SAMPLES, (i) => postGraphql(agent, `${system.regionUrls.TJ}/graphql`, { 'x-jjj-identity': identity() }, entitiesBody(i)));
    const { samples: statistics } = await phase('statistics', Math.max(10, Math.floor(SAMPLES / 10)), () => viaGateway(JSON.stringify({ query: STATISTICS })));
    memoryMonitorBursts.stop();
    const measured = { eventLoop: measuredGc };

    // A compaction of everything, forced, while pages go on: the engine's longest event-loop pause meanwhile.
    progress('compacting the Tianjin engine while pages are read');
    await engineStatus(true);
    let compacting = true;
    const compaction = db.command({ compact: 'recalls' }).finally(() => {
      compacting = false;
    });
    const pagesDuringCompaction: number[] = [];
    for (let i = 0; compacting; i++) pagesDuringCompaction.push(...(await timeEach(1, () => viaGateway(pageBody(false, i)))));
    const compacted = (await compaction) as unknown as EngineStatus['compaction'];
    const duringCompaction = (await engineStatus()).eventLoop.gc;
    info(`engine collections while the compaction ran: ${duringCompaction.count} (${duringCompaction.scavenges} scavenges, ${duringCompaction.totalMs.toFixed(0)} ms in all), the longest a ${duringCompaction.longestKind ?? 'none'}`, duringCompaction.longestMs, 'ms');
    const engineRss = rssBytes(pidOf(system.engineProcess('TJ')));
    await client.close();
    await stopSystem();

    progress('recovering the Tianjin engine from its files');
    const recoverySeconds = await recoverySecondsOf(join(dataDir, 'engine-TJ'));

    const row: Row = {
      size: documents,
      pageP50: percentile(pages.samples, 50),
      pageP99: percentile(pages.samples, 99),
      countedPageP50: percentile(countedPages.samples, 50),
      countedPageP99: percentile(countedPages.samples, 99),
      pageP99ClearOfMonitor: percentile(pages.clearOfMonitor, 99),
      countedPageP99ClearOfMonitor: percentile(countedPages.clearOfMonitor, 99),
      entitiesP50: percentile(entities, 50),
      statisticsP50: percentile(statistics, 50),
      rssBytesPerDocument: engineRss / documents,
      heapBytesPerDocument: afterLoad.mem.heapUsedBytes / documents,
      snapshotBytesPerDocument: compacted.snapshotBytes / documents,
      recoverySeconds,
      loadSeconds,
      settleSeconds: rest.seconds,
      loadCompactions: afterLoad.compaction.automatic - compactionsBefore,
      compactionPauseMs: compacted.lastPauseMs,
      compactionPauseOwnMs: compacted.lastPauseOwnMs,
      compactionSeconds: compacted.lastMs / 1000,
      pageDuringCompactionP50: percentile(pagesDuringCompaction, 50),
      compactionLongestGcMs: duringCompaction.longestMs,
      compactionCollections: duringCompaction.count,
      measuringMaxPauseMs: measured.eventLoop.maxPauseMs,
      measuringLongestGcMs: measured.eventLoop.gc.longestMs,
      measuringScavenges: measured.eventLoop.gc.scavenges,
    };
    info(`engine collections while measuring: ${measured.eventLoop.gc.count} (${measured.eventLoop.gc.totalMs.toFixed(0)} ms in all), the longest a ${measured.eventLoop.gc.longestKind ?? 'none'}`, measured.eventLoop.gc.longestMs, 'ms');
    for (const [name, value] of Object.entries(row)) if (name !== 'size') info(name, value, '');
    return row;
  } finally {
    agent.destroy();
    await client.close();
    await stopSystem();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Growth table: the costs that should stay flat (a page with and without totalCount, an `_entities` batch) are
 * checked against FLAT_GROWTH between the smallest and the largest size; the others (RSS per document, recovery,
 * statistics, which must read everything) are printed with their growth factors.
 */
export async function benchScale(): Promise<TargetResult[]> {
  console.log(`\n== scale (Tianjin recalls: ${SIZES.map((size) => size.toLocaleString()).join(' / ')}) ==`);
  const sampleMs = memoryMonitorSampleMs();
  if (sampleMs !== undefined) info("the kernel's memory monitor (DAMON) is on; its sample interval", sampleMs, 'ms');
  const rows: Row[] = [];
  for (const size of SIZES) rows.push(await measureAt(size));
  const first = rows[0]!;
  const last = rows.at(-1)!;
  const columns: Array<keyof Row> = [
    'size', 'pageP50', 'pageP99', 'countedPageP50', 'countedPageP99', 'pageP99ClearOfMonitor', 'countedPageP99ClearOfMonitor', 'entitiesP50', 'statisticsP50', 'rssBytesPerDocument', 'heapBytesPerDocument',
    'snapshotBytesPerDocument', 'recoverySeconds', 'loadSeconds', 'settleSeconds', 'loadCompactions', 'compactionSeconds', 'compactionPauseMs', 'compactionPauseOwnMs', 'pageDuringCompactionP50', 'compactionLongestGcMs', 'compactionCollections', 'measuringMaxPauseMs',
    'measuringLongestGcMs', 'measuringScavenges',
  ];
  console.log(`\n${columns.join('\t')}`);
  for (const row of rows) console.log(columns.map((column) => (column === 'size' ? row.size.toLocaleString() : row[column].toFixed(2))).join('\t'));
  console.log(columns.map((column) => (column === 'size' ? 'growth' : `${(last[column] / first[column]).toFixed(2)}×`)).join('\t'));
  const flat: Array<keyof Row> = ['pageP50', 'pageP99', 'countedPageP50', 'countedPageP99', 'entitiesP50'];
  for (const column of ['pageP99ClearOfMonitor', 'countedPageP99ClearOfMonitor'] as const) info(`${column} at ${last.size.toLocaleString()} / at ${first.size.toLocaleString()} (not a target: what the p99 grows by less the kernel memory monitor's passes)`, last[column] / first[column], '×');
  info('longest engine event-loop pause (wall time, other processes included) while a compaction ran', Math.max(...rows.map((row) => row.compactionPauseMs)), 'ms');
  return [
    ...flat.map((column) => checkTarget(`${column} at ${last.size.toLocaleString()} / at ${first.size.toLocaleString()}`, last[column] / first[column], '×', '<=', FLAT_GROWTH)),
    // On a machine shared with other busy processes the wall-time pause includes their time slices: the target is
    // checked on the engine's own pause (wall time less its run-queue wait), and the wall-time pause printed beside it.
    checkTarget('longest engine event-loop pause (own: less run-queue wait) while a compaction of everything ran (any size)', Math.max(...rows.map((row) => row.compactionPauseOwnMs)), 'ms', '<=', COMPACTION_PAUSE_MS),
  ];
}
