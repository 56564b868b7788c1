import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, type CommandStartedEvent, type CommandSucceededEvent } from 'mongodb';
import pino from 'pino';
import { ALL_REGION_CODES, type RegionCode } from '../kernel';
import { DEVELOPMENT_AGENCIES } from '../platform/agencies';
import { signClientToken } from '../platform/identity';
import { gatewayConfig } from '../gateway/config';
import { startGateway } from '../gateway/server';
import { generateSeedData } from '../seeds/generate';
import { seedRegion } from '../seeds/seedRegion';
import { startEngine } from '../services/engine';
import { calendarFromEnv } from '../services/regional/config';
import { startRegionalService, type RunningRegionalService } from '../services/regional/server';
import { callerLimitsWith } from '../platform/config';
import { checkTarget, info, percentile, progress, type TargetResult } from './report';
import { BENCH_CALLER_LIMITS_JSON, BENCH_SECRETS } from './system';

const RECORDS = Number(process.env.BENCH_STATISTICS_RECORDS ?? 100_000);
const ITERATIONS = Number(process.env.BENCH_STATISTICS_ITERATIONS ?? 10);
/** A generous bound for one statistics query over 100,000 complaints a region on the embedded engine. */
const TARGET_P50_MS = Number(process.env.BENCH_STATISTICS_TARGET_MS ?? 30_000);

/** An analyst's question: amounts and time to decision per handling region and month, percentiles included. */
const QUERY = `{
  complaintStatistics(groupBy: [HANDLING_REGION, MONTH]) {
    key { handlingRegion month }
    count overdue
    amount { sum mean median p90 }
    durations { receiptToAcceptance { workingDays { mean median p90 } } }
  }
}`;

interface RegionUnderTest {
  region: RegionCode;
  service: RunningRegionalService;
  /** Database time (the driver's round trip) of the request commands since the last reset. */
  databaseMs: number;
}

/**
 * `npm run bench statistics`: three regional services in this process over one embedded engine, each region with
 * BENCH_STATISTICS_RECORDS complaints (100,000 by default), and the gateway over them. Times a merged statistics
 * query (per region a main aggregation and one for the distributions, at once; the three regions share one in-process engine, so their database times overlap) and prints, per request, the total and
 * each region's database time side by side, then their medians.
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
        const data = generateSeedData({ counts: { complaints: 0, recalls: 0, riskAlerts: 0, contractTemplates: 0, enterprises: 200 }, countsByRegion: { [region]: { complaints: RECORDS } } })[region];
        const started = Date.now();
        await seedRegion(seeder.db(`jjj_bench_${region.toLowerCase()}`), region, {
          data,
          progress: (line) => {
            const [done, total] = (line.split(' ').pop() ?? '').split('/').map(Number);
            if (done === total || (done ?? 0) % 20_000 === 0) progress(`${region}: ${line}`);
          },
        });
        info(`${region}: seeding`, (Date.now() - started) / 1000, 's');
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
      const requests = new Set<number>();
      service.client.on('commandStarted', (event: CommandStartedEvent) => {
        if (event.commandName === 'aggregate' && event.command.aggregate === 'complaints') requests.add(event.requestId);
      });
      service.client.on('commandSucceeded', (event: CommandSucceededEvent) => {
        if (requests.delete(event.requestId)) entry.databaseMs += event.duration;
      });
      regions.push(entry);
    }
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
    for (const region of ALL_REGION_CODES) info(`${region} database time p50 (its 2 aggregations, round trips summed)`, percentile(perRegion.get(region)!, 50), 'ms');
    return [checkTarget(`statistics query p50 over ${ALL_REGION_CODES.length} × ${RECORDS.toLocaleString()} complaints`, percentile(totals, 50), 'ms', '<=', TARGET_P50_MS)];
  } finally {
    await gateway?.stop?.();
    for (const { service } of regions) await service.stop();
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
