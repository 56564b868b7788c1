import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, type CommandStartedEvent, type Db, type Document } from 'mongodb';
import pino from 'pino';
import { ALL_REGION_CODES, type RegionCode } from '../kernel';
import { DEVELOPMENT_AGENCIES } from '../platform/agencies';
import { IDENTITY_HEADER, signClientToken } from '../platform/identity';
import { IdentityForwarder } from '../gateway/router/identityForwarding';
import { gatewayConfig } from '../gateway/config';
import { startGateway } from '../gateway/server';
import { generateSeedData, SEED_ENTITIES, type RegionSeedData } from '../seeds/generate';
import { ensureRegionIndexes } from '../seeds/seedRegion';
import { COLLECTIONS } from '../services/regional/model';
import { startEngine } from '../services/engine';
import { calendarFromEnv } from '../services/regional/config';
import { startRegionalService, type RunningRegionalService } from '../services/regional/server';
import { callerLimitsWith } from '../platform/config';
import { checkTarget, info, percentile, progress, type TargetResult } from './report';
import { BENCH_CALLER_LIMITS_JSON, BENCH_SECRETS } from './system';

const RECORDS = Number(process.env.BENCH_STATISTICS_RECORDS ?? 100_000);
const ITERATIONS = Number(process.env.BENCH_STATISTICS_ITERATIONS ?? 10);
/**
 * One statistics query over 100,000 complaints a region, merged from three regions whose databases share one
 * embedded engine in this process (so their database times add up in the total): the total p50, and each region's
 * database time p50 (while its aggregations run).
 */
const TARGET_P50_MS = Number(process.env.BENCH_STATISTICS_TARGET_MS ?? 5_000);
const TARGET_REGION_DATABASE_MS = Number(process.env.BENCH_STATISTICS_REGION_TARGET_MS ?? 1_500);
const LOAD_BATCH = 5_000;

/**
 * A fresh bench database loaded with bulk inserts (the seed's upserts, idempotent for `npm run seed`, cost a lookup
 * per record): the region's indexes first, then each collection in batches, with progress.
 */
async function bulkLoad(db: Db, region: RegionCode, data: RegionSeedData): Promise<void> {
  await ensureRegionIndexes(db);
  for (const entity of SEED_ENTITIES) {
    const documents = data[entity] as readonly Document[];
    const collection = db.collection(COLLECTIONS[entity]);
    for (let start = 0; start < documents.length; start += LOAD_BATCH) {
      await collection.insertMany(documents.slice(start, start + LOAD_BATCH) as Document[], { ordered: false });
      const done = Math.min(start + LOAD_BATCH, documents.length);
      if (done === documents.length || done % 20_000 === 0) progress(`${region}: ${entity} ${done.toLocaleString()}/${documents.length.toLocaleString()}`);
    }
  }
}

/** An analyst's question: amounts and time to decision per handling region and month, percentiles included. */
const QUERY = `{
  complaintStatistics(groupBy: [HANDLING_REGION, MONTH]) {
    key { handlingRegion month }
    count overdue
    amount { sum mean median p90 }
    durations { receiptToAcceptance { workingDays { mean median p90 } } }
  }
}`;

/** The same question as one region's subgraph is asked it by the gateway (the hidden merge state included). */
const REGION_QUERY = QUERY.replace('durations {', '_state durations {');

interface RegionUnderTest {
  region: RegionCode;
  service: RunningRegionalService;
  /** Database time since the last reset: while any of the region's statistics aggregations was in flight. */
  databaseMs: number;
}

/**
 * `npm run bench statistics`: three regional services in this process over one embedded engine, each region with
 * BENCH_STATISTICS_RECORDS complaints (100,000 by default), and the gateway over them. Times a merged statistics
 * query (per region a main aggregation and one per distribution selected, at once; the three regions share one in-process engine, so their database times overlap) and prints, per request, the total and
 * each region's database time side by side, then their medians; then each region alone, asked directly one at a
 * time, whose database time has no other region's aggregations interleaved (the per-region targets). The databases
 * are loaded with bulk inserts, with progress.
 */
export async function benchStatistics(): Promise<TargetResult[]> {
  console.log(`\n== analyst statistics through the gateway (${RECORDS.toLocaleString()} complaints per region) ==`);
  const dataDir = mkdtempSync(join(tmpdir(), 'jjj-bench-statistics-'));
  const engine = await startEngine({ dataDir });
  const regions: RegionUnderTest[] = [];
  let gateway: Awaited<ReturnType<typeof startGateway>> | undefined;
  try {
    const seeder = await MongoClient.connect(engine.uri);
    try {
      for (const region of ALL_REGION_CODES) {
        progress(`${region}: generating ${RECORDS.toLocaleString()} complaints`);
        let started = Date.now();
        const data = generateSeedData({ counts: { complaints: 0, recalls: 0, riskAlerts: 0, contractTemplates: 0, enterprises: 200 }, countsByRegion: { [region]: { complaints: RECORDS } } })[region];
        info(`${region}: generating`, (Date.now() - started) / 1000, 's');
        started = Date.now();
        await bulkLoad(seeder.db(`jjj_bench_${region.toLowerCase()}`), region, data);
        info(`${region}: loading (bulk inserts)`, (Date.now() - started) / 1000, 's');
      }
    } finally {
      await seeder.close();
    }

    for (const region of ALL_REGION_CODES) {
      progress(`${region}: starting the regional service`);
      const service = await startRegionalService(
        {
          region,
          host: '127.0.0.1',
          port: 0,
          mongodbUri: engine.uri,
          databaseName: `jjj_bench_${region.toLowerCase()}`,
          internalIdentitySecret: BENCH_SECRETS.internalIdentitySecret,
          calendar: calendarFromEnv({}),
          mongoClientOptions: { monitorCommands: true },
          dbCommandTimeoutMs: 600_000,
        },
        pino({ level: 'warn' }),
      );
      const entry: RegionUnderTest = { region, service, databaseMs: 0 };
      // Database time: while at least one of the region's aggregations is in flight (they run at once; summing
      // their round trips would count the overlap several times).
      const requests = new Set<number>();
      let spanStarted = 0;
      service.client.on('commandStarted', (event: CommandStartedEvent) => {
        if (event.commandName !== 'aggregate' || event.command.aggregate !== 'complaints') return;
        if (requests.size === 0) spanStarted = performance.now();
        requests.add(event.requestId);
      });
      const ended = (event: { requestId: number }) => {
        if (requests.delete(event.requestId) && requests.size === 0) entry.databaseMs += performance.now() - spanStarted;
      };
      service.client.on('commandSucceeded', ended);
      service.client.on('commandFailed', ended);
      regions.push(entry);
    }
    // Each service recomputes its complaints' deadlines and durations as it starts (a database without a recorded
    // calendar: all 100,000), reading every complaint in this process: the queries are timed after it.
    progress('waiting for the regions\' start-up deadline recompute');
    const recomputeStarted = Date.now();
    await Promise.all(regions.map(({ service }) => service.deadlines.idle()));
    info('start-up deadline recompute of the three regions (after the services started)', (Date.now() - recomputeStarted) / 1000, 's');
    const regionBaseUrls = Object.fromEntries(regions.map(({ region, service }) => [region, service.url.replace(/\/graphql$/, '')])) as Record<RegionCode, string>;
    gateway = await startGateway(
      gatewayConfig(
        { regionBaseUrls, jwtSecret: BENCH_SECRETS.jwtSecret, internalIdentitySecret: BENCH_SECRETS.internalIdentitySecret },
        { port: 0, metricsPort: 0, regionTimeoutMs: 120_000, callerLimits: callerLimitsWith(JSON.parse(BENCH_CALLER_LIMITS_JSON)), logLevel: 'warn' },
      ),
    );
    const token = signClientToken(DEVELOPMENT_AGENCIES.BJ, BENCH_SECRETS.jwtSecret);
    const ask = async () => {
      const response = await fetch(gateway!.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: QUERY }) });
      const body = (await response.json()) as { data?: { complaintStatistics: Array<{ count: number }> }; errors?: unknown[] };
      if (body.errors?.length || !body.data) throw new Error(`statistics query failed: ${JSON.stringify(body.errors)}`);
      return body.data.complaintStatistics;
    };

    progress('first query (warm-up)');
    const groups = await ask();
    const counted = groups.reduce((total, group) => total + group.count, 0);
    if (counted !== RECORDS * ALL_REGION_CODES.length) throw new Error(`the groups count ${counted} complaints, expected ${RECORDS * ALL_REGION_CODES.length}`);
    info('groups merged', groups.length, 'groups');

    console.log(`  ${'request'.padEnd(8)} ${'total ms'.padStart(9)} ${ALL_REGION_CODES.map((region) => `${region} db ms`.padStart(9)).join(' ')}`);
    const totals: number[] = [];
    const perRegion = new Map<RegionCode, number[]>(ALL_REGION_CODES.map((region) => [region, []]));
    for (let i = 0; i < ITERATIONS; i++) {
      for (const entry of regions) entry.databaseMs = 0;
      const started = process.hrtime.bigint();
      await ask();
      const total = Number(process.hrtime.bigint() - started) / 1e6;
      totals.push(total);
      for (const entry of regions) perRegion.get(entry.region)!.push(entry.databaseMs);
      console.log(`  ${String(i + 1).padEnd(8)} ${total.toFixed(0).padStart(9)} ${regions.map((entry) => entry.databaseMs.toFixed(0).padStart(9)).join(' ')}`);
    }
    console.log(`  ${'p50'.padEnd(8)} ${percentile(totals, 50).toFixed(0).padStart(9)} ${ALL_REGION_CODES.map((region) => percentile(perRegion.get(region)!, 50).toFixed(0).padStart(9)).join(' ')}`);

    // Each region alone (a direct subgraph call, one region at a time): its database time without the others'
    // aggregations interleaved on the shared engine.
    const forwarder = new IdentityForwarder(BENCH_SECRETS.internalIdentitySecret);
    const alone = new Map<RegionCode, { totals: number[]; database: number[] }>();
    console.log(`  each region alone, directly (${ITERATIONS} requests each): p50 total ms / database ms`);
    for (const entry of regions) {
      const samples = { totals: [] as number[], database: [] as number[] };
      for (let i = 0; i < ITERATIONS; i++) {
        // Per request: an internal identity lives seconds, and one query over 100,000 records on a busy machine can outlast it.
        const headers = { 'content-type': 'application/json', [IDENTITY_HEADER]: forwarder.headerFor(DEVELOPMENT_AGENCIES.BJ, { region: entry.region, endpoint: 'regional' }) };
        entry.databaseMs = 0;
        const started = process.hrtime.bigint();
        const response = await fetch(entry.service.url, { method: 'POST', headers, body: JSON.stringify({ query: REGION_QUERY }) });
        const body = (await response.json()) as { errors?: unknown[] };
        if (body.errors?.length) throw new Error(`${entry.region}: ${JSON.stringify(body.errors)}`);
        samples.totals.push(Number(process.hrtime.bigint() - started) / 1e6);
        samples.database.push(entry.databaseMs);
      }
      alone.set(entry.region, samples);
      console.log(`  ${entry.region.padEnd(8)} ${percentile(samples.totals, 50).toFixed(0).padStart(9)} ${percentile(samples.database, 50).toFixed(0).padStart(9)}`);
    }
    return [
      checkTarget(`statistics query p50 over ${ALL_REGION_CODES.length} × ${RECORDS.toLocaleString()} complaints`, percentile(totals, 50), 'ms', '<=', TARGET_P50_MS),
      ...ALL_REGION_CODES.map((region) =>
        checkTarget(`${region} alone: database time p50 (while its aggregations run)`, percentile(alone.get(region)!.database, 50), 'ms', '<=', TARGET_REGION_DATABASE_MS),
      ),
    ];
  } finally {
    await gateway?.stop?.();
    for (const { service } of regions) await service.stop();
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
