import { Agent } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { formatRecordId } from '../kernel';
import { formatRecallNumber } from '../kernel/formats';
import { DEVELOPMENT_AGENCIES } from '../platform/agencies';
import { signClientToken } from '../platform/identity';
import { IdentityForwarder } from '../gateway/router/identityForwarding';
import { startEngine } from '../services/engine';
import { generateSeedData } from '../seeds/generate';
import { postGraphql } from './measure';
import { checkTarget, info, percentile, progress, timeEach, type TargetResult } from './report';
import { BENCH_SECRETS, pidOf, startBenchSystem } from './system';

/** `npm run bench scale` (not in CI): the same measurements at each size of Tianjin's recall collection. */
const SIZES = (process.env.BENCH_SCALE_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const SAMPLES = Number(process.env.BENCH_SCALE_SAMPLES ?? 300);
const INSERT_BATCH = 5_000;
/** Growth allowed between the smallest and the largest size for costs that should not grow with the data. */
const FLAT_GROWTH = 1.5;

const PAGE = (withCount: boolean) => `query Page($category: ProductCategory!) { recalls(first: 20, filter: { regions: [TIANJIN], categories: [$category] }) { ${withCount ? 'totalCount ' : ''}edges { node { id productName announcedAt } } } }`;
const STATISTICS = '{ recallStatistics(filter: { regions: [TIANJIN] }, groupBy: [CATEGORY, STATUS]) { key { category status } count } }';
const ENTITIES = 'query Entities($representations: [_Any!]!) { _entities(representations: $representations) { ... on ProductRecall { id productName brand } } }';

interface Row {
  size: number;
  pageP50: number;
  pageP99: number;
  countedPageP50: number;
  countedPageP99: number;
  entitiesP50: number;
  statisticsP50: number;
  rssBytesPerDocument: number;
  recoverySeconds: number;
}

function rssBytes(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
}

/** Synthetic Tianjin recalls shaped like the seeded one they copy, with IDs and numbers no seed uses. */
function syntheticRecalls(template: Record<string, unknown>, from: number, count: number, categories: readonly string[]): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, offset) => {
    const n = from + offset;
    const year = 2017 + (n % 10);
    const serial = 100_000 + Math.floor(n / 10);
    return {
      ...template,
      _id: formatRecordId({ region: 'TJ', type: 'RCL', year, serial }),
      recallNumber: formatRecallNumber({ region: 'TJ', year, serial }),
      productCategory: categories[n % categories.length],
      announcedAt: new Date(Date.UTC(year, n % 12, 1 + (n % 28), n % 24)),
      riskAlertIds: [],
    };
  });
}

async function measureAt(size: number): Promise<Row> {
  console.log(`\n-- ${size.toLocaleString()} Tianjin recalls --`);
  const dataDir = mkdtempSync(join(tmpdir(), 'jjj-bench-scale-'));
  const seed = generateSeedData();
  // Statistics read every record: at the larger sizes on a busy machine they outlast the default region timeout and
  // the regions' database command bound.
  const system = await startBenchSystem({ seed: 'always', seedData: seed, dataDir, engines: 'per-region', gatewayEnv: { REGION_TIMEOUT_MS: '60000' }, regionEnv: { LOG_LEVEL: 'info', DB_COMMAND_TIMEOUT_MS: '60000' } });
  const agent = new Agent({ keepAlive: true });
  let stopped: Promise<void> | undefined;
  const stopSystem = () => (stopped ??= system.stop());
  try {
    const client = await MongoClient.connect(system.databaseUris.TJ);
    const recalls = client.db(system.databaseNames.TJ).collection('recalls');
    const template = seed.TJ.recalls[0] as unknown as Record<string, unknown>;
    const categories = [...new Set(seed.TJ.recalls.map((recall) => String((recall as unknown as Record<string, unknown>).productCategory)))];
    const existing = await recalls.countDocuments();
    for (let inserted = existing; inserted < size; inserted += INSERT_BATCH) {
      await recalls.insertMany(syntheticRecalls(template, inserted, Math.min(INSERT_BATCH, size - inserted), categories), { ordered: false });
      if (((inserted - existing) / INSERT_BATCH) % 20 === 0) progress(`inserted ${Math.min(size, inserted + INSERT_BATCH).toLocaleString()} of ${size.toLocaleString()}`);
    }
    const documents = await recalls.estimatedDocumentCount();
    await client.close();

    const token = signClientToken(DEVELOPMENT_AGENCIES.TJ, BENCH_SECRETS.jwtSecret);
    const viaGateway = (body: string) => postGraphql(agent, system.gatewayUrl, { authorization: `Bearer ${token}` }, body);
    // Internal identities are short-lived: a fresh header per request (the forwarder re-signs after half its lifetime),
    // or a slow run outlives the first one (401 "token has expired").
    const forwarder = new IdentityForwarder(BENCH_SECRETS.internalIdentitySecret);
    const identity = () => forwarder.headerFor(DEVELOPMENT_AGENCIES.TJ, { region: 'TJ', endpoint: 'regional' });
    const pageBody = (withCount: boolean, i: number) => JSON.stringify({ query: PAGE(withCount), variables: { category: categories[i % categories.length] } });
    const ids = seed.TJ.recalls.map((recall) => recall._id);
    const entitiesBody = (i: number) => JSON.stringify({ query: ENTITIES, variables: { representations: Array.from({ length: 20 }, (_, k) => ({ __typename: 'ProductRecall', id: ids[(i * 20 + k) % ids.length] })) } });

    progress('warming up');
    for (let i = 0; i < 30; i++) {
      await viaGateway(pageBody(true, i));
      await postGraphql(agent, `${system.regionUrls.TJ}/graphql`, { 'x-jjj-identity': identity() }, entitiesBody(i));
    }
    progress(`measuring (${SAMPLES} of each)`);
    const pages = await timeEach(SAMPLES, (i) => viaGateway(pageBody(false, i)));
    const countedPages = await timeEach(SAMPLES, (i) => viaGateway(pageBody(true, i)));
    const entities = await timeEach(SAMPLES, (i) => postGraphql(agent, `${system.regionUrls.TJ}/graphql`, { 'x-jjj-identity': identity() }, entitiesBody(i)));
    const statistics = await timeEach(Math.max(10, Math.floor(SAMPLES / 10)), () => viaGateway(JSON.stringify({ query: STATISTICS })));
    const engineRss = rssBytes(pidOf(system.engineProcess('TJ')));
    await stopSystem();

    progress('recovering the Tianjin engine from its files');
    const recoveryStarted = Date.now();
    const engine = await startEngine({ dataDir: join(dataDir, 'engine-TJ') });
    const recoverySeconds = (Date.now() - recoveryStarted) / 1000;
    await engine.close();

    const row: Row = {
      size: documents,
      pageP50: percentile(pages, 50),
      pageP99: percentile(pages, 99),
      countedPageP50: percentile(countedPages, 50),
      countedPageP99: percentile(countedPages, 99),
      entitiesP50: percentile(entities, 50),
      statisticsP50: percentile(statistics, 50),
      rssBytesPerDocument: engineRss / documents,
      recoverySeconds,
    };
    for (const [name, value] of Object.entries(row)) if (name !== 'size') info(name, value, '');
    return row;
  } finally {
    agent.destroy();
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
  const rows: Row[] = [];
  for (const size of SIZES) rows.push(await measureAt(size));
  const first = rows[0]!;
  const last = rows.at(-1)!;
  const columns: Array<keyof Row> = ['size', 'pageP50', 'pageP99', 'countedPageP50', 'countedPageP99', 'entitiesP50', 'statisticsP50', 'rssBytesPerDocument', 'recoverySeconds'];
  console.log(`\n${columns.join('\t')}`);
  for (const row of rows) console.log(columns.map((column) => (column === 'size' ? row.size.toLocaleString() : row[column].toFixed(2))).join('\t'));
  console.log(columns.map((column) => (column === 'size' ? 'growth' : `${(last[column] / first[column]).toFixed(2)}×`)).join('\t'));
  const flat: Array<keyof Row> = ['pageP50', 'pageP99', 'countedPageP50', 'countedPageP99', 'entitiesP50'];
  return flat.map((column) => checkTarget(`${column} at ${last.size.toLocaleString()} / at ${first.size.toLocaleString()}`, last[column] / first[column], '×', '<=', FLAT_GROWTH));
}
