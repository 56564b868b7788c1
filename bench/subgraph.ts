import { PRODUCT_CATEGORIES } from '../kernel';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, type CommandStartedEvent, type CommandSucceededEvent } from 'mongodb';
import pino from 'pino';
import { DEVELOPMENT_AGENCIES } from '../platform/agencies';
import { IDENTITY_HEADER } from '../platform/identity';
import { IdentityForwarder } from '../gateway/router/identityForwarding';
import { isRelayCommand } from '../services/regional/events/outboxRelay';
import { generateSeedData } from '../seeds/generate';
import { seedRegion } from '../seeds/seedRegion';
import { startEngine } from '../services/engine';
import { calendarFromEnv } from '../services/regional/config';
import { startRegionalService } from '../services/regional/server';
import { checkTarget, info, percentile, progress, timeEach, type TargetResult } from './report';

const RECALLS = Number(process.env.BENCH_SUBGRAPH_RECALLS ?? 100_000);
const ITERATIONS = Number(process.env.BENCH_SUBGRAPH_ITERATIONS ?? 500);
const WARMUP = 50;
const SECRET = 'bench-subgraph-internal-secret-0123456789';
const CATEGORIES = PRODUCT_CATEGORIES;
const STATUSES = ['COMPLETED', 'IN_PROGRESS'];

const PAGE_QUERY = `query($filter: RecallFilter) {
  recalls(first: 20, filter: $filter, orderBy: { field: ANNOUNCED_AT, direction: DESC }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id recallNumber productName brand productCategory status announcedAt quantityToRecall } }
  }
}`;
const ENTITIES_QUERY = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on ProductRecall { id recallNumber productName brand productCategory status announcedAt quantityToRecall }
  }
}`;

/** The service's background outbox relay polls on the same client; its commands belong to no request. */
function isBackgroundCommand(event: CommandStartedEvent): boolean {
  return isRelayCommand(event.commandName, event.command);
}

/**
 * Regional subgraph benchmark over HTTP: one region (Tianjin) with 100,000 recalls on the embedded engine; a
 * page of 20 filtered by category and status sorted by announced date, and a 50-reference `_entities` batch,
 * with the database commands each request costs (command monitoring on the service's own client).
 */
export async function benchSubgraph(): Promise<TargetResult[]> {
  console.log(`\n== regional subgraph over HTTP (TJ, ${RECALLS.toLocaleString()} recalls) ==`);
  const dataDir = mkdtempSync(join(tmpdir(), 'jjj-bench-subgraph-'));
  const results: TargetResult[] = [];
  const engine = await startEngine({ dataDir });
  let service: Awaited<ReturnType<typeof startRegionalService>> | undefined;
  let seeder: MongoClient | undefined;
  try {
    progress('generating seed data');
    const data = generateSeedData({ countsByRegion: { TJ: { recalls: RECALLS } } }).TJ;
    seeder = await MongoClient.connect(engine.uri);
    const seedStarted = Date.now();
    await seedRegion(seeder.db('jjj_tj'), 'TJ', {
      data,
      progress: (line) => {
        const [done, total] = (line.split(' ').pop() ?? '').split('/').map(Number);
        if (done === total || (done ?? 0) % 10_000 === 0) progress(line);
      },
    });
    info('seeding (generated documents, replaceOne upserts in batches of 500)', (Date.now() - seedStarted) / 1000, 's');

    service = await startRegionalService(
      {
        region: 'TJ',
        host: '127.0.0.1',
        port: 0,
        mongodbUri: engine.uri,
        databaseName: 'jjj_tj',
        internalIdentitySecret: SECRET,
        calendar: calendarFromEnv({}),
        mongoClientOptions: { monitorCommands: true },
      },
      pino({ level: 'warn' }),
    );
    const commands: CommandStartedEvent[] = [];
    const requestIds = new Set<number>();
    const durations = new Map<string, number[]>();
    service.client.on('commandStarted', (event) => {
      if (isBackgroundCommand(event)) return;
      commands.push(event);
      requestIds.add(event.requestId);
    });
    service.client.on('commandSucceeded', (event: CommandSucceededEvent) => {
      if (!requestIds.delete(event.requestId)) return;
      const list = durations.get(event.commandName) ?? [];
      list.push(event.duration);
      durations.set(event.commandName, list);
    });
    /** Median database time of each command name since the last call (what the driver measured, round trip). */
    const databaseTimes = (): string => {
      const text = [...durations.entries()].map(([name, list]) => `${name} p50 ${percentile(list, 50).toFixed(1)} ms, p99 ${percentile(list, 99).toFixed(1)} ms`).join('; ');
      durations.clear();
      return text;
    };
    const forwarder = new IdentityForwarder(SECRET);
    const url = service.url;
    const post = async (query: string, variables: Record<string, unknown>): Promise<Record<string, any>> => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: forwarder.headerFor(DEVELOPMENT_AGENCIES.TJ, { region: 'TJ', endpoint: 'regional' }) }, body: JSON.stringify({ query, variables }) });
      const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
      if (body.errors?.length || !body.data) throw new Error(`subgraph error: ${JSON.stringify(body.errors)}`);
      return body.data;
    };
    /** Runs one request and returns the names of the database commands it started. */
    const commandsOf = async (run: () => Promise<unknown>): Promise<string[]> => {
      commands.length = 0;
      await run();
      return commands.map((command) => command.commandName);
    };

    const filterFor = (i: number) => ({ categories: [CATEGORIES[i % CATEGORIES.length]], statuses: [STATUSES[Math.floor(i / CATEGORIES.length) % STATUSES.length]] });
    const recallIds = data.recalls.map((recall) => recall._id);
    const referencesFor = (i: number, n: number) =>
      Array.from({ length: n }, (_, k) => ({ __typename: 'ProductRecall', id: recallIds[(i * 7919 + k * 104_729) % recallIds.length] }));
    const page = (i: number) => post(PAGE_QUERY, { filter: filterFor(i) });
    const batch = (i: number, n = 50) => post(ENTITIES_QUERY, { representations: referencesFor(i, n) });

    // Sanity: the page is filtered and sorted, the batch resolves every reference.
    const sample = await page(0);
    const nodes = sample.recalls.edges.map((edge: { node: Record<string, string> }) => edge.node) as Array<Record<string, string>>;
    const expectedTotal = data.recalls.filter((r) => r.productCategory === CATEGORIES[0] && r.status === STATUSES[0]).length;
    if (sample.recalls.totalCount !== expectedTotal || nodes.length !== 20 || nodes.some((n, k) => k > 0 && n.announcedAt! > nodes[k - 1]!.announcedAt!)) {
      throw new Error(`unexpected page: totalCount ${sample.recalls.totalCount} (expected ${expectedTotal}), ${nodes.length} nodes`);
    }
    const resolved = (await batch(0))._entities as unknown[];
    if (resolved.length !== 50 || resolved.some((entity) => entity === null)) throw new Error('the 50-reference batch did not resolve every reference');

    progress(`warming up (${WARMUP} requests each)`);
    await timeEach(WARMUP, (i) => page(i));
    await timeEach(WARMUP, (i) => batch(i));

    databaseTimes();
    progress(`timing ${ITERATIONS} pages of 20`);
    const pageCommands: number[] = [];
    const pageSamples = await timeEach(ITERATIONS, async (i) => {
      commands.length = 0;
      await page(i);
      pageCommands.push(commands.length);
    });
    results.push(checkTarget('page of 20 (category + status filter, sorted by announced date) p50', percentile(pageSamples, 50), 'ms', '<=', 20));
    info('page of 20 p99', percentile(pageSamples, 99), 'ms');
    console.log(`INFO  page of 20, database round trips: ${databaseTimes()}`);

    progress(`timing ${ITERATIONS} _entities batches of 50 references`);
    const batchCommands: number[] = [];
    const batchSamples = await timeEach(ITERATIONS, async (i) => {
      commands.length = 0;
      await batch(i + WARMUP);
      batchCommands.push(commands.length);
    });
    results.push(checkTarget('_entities batch of 50 recall references p50', percentile(batchSamples, 50), 'ms', '<=', 20));
    info('_entities batch of 50 p99', percentile(batchSamples, 99), 'ms');
    console.log(`INFO  _entities batch of 50, database round trips: ${databaseTimes()}`);

    // Where a page's time goes: the same two commands straight to the engine, one at a time (no HTTP, no GraphQL).
    const recalls = seeder.db('jjj_tj').collection('recalls');
    const mongoFilter = (i: number) => ({ productCategory: CATEGORIES[i % CATEGORIES.length], status: STATUSES[Math.floor(i / CATEGORIES.length) % STATUSES.length] });
    const finds = await timeEach(100, (i) => recalls.find(mongoFilter(i), { sort: { announcedAt: -1, _id: -1 }, limit: 21 }).toArray());
    const counts = await timeEach(100, (i) => recalls.countDocuments(mongoFilter(i)));
    info('  engine alone: the page’s find (limit 21, sorted) p50', percentile(finds, 50), 'ms');
    info('  engine alone: the page’s countDocuments (totalCount) p50', percentile(counts, 50), 'ms');

    const pageNames = await commandsOf(() => page(1));
    info(`database commands per page request (${pageNames.join(', ')}; max over the run ${Math.max(...pageCommands)})`, pageNames.length, 'commands');
    const perN: Record<number, string[]> = {};
    for (const n of [1, 10, 50, 100]) perN[n] = await commandsOf(() => batch(n, n));
    info(`database commands per 50-reference batch (${perN[50]!.join(', ')}; max over the run ${Math.max(...batchCommands)})`, perN[50]!.length, 'commands');
    info(`database commands per batch of 1 / 10 / 50 / 100 references: ${[1, 10, 50, 100].map((n) => perN[n]!.length).join(' / ')}`, perN[100]!.length, 'commands');
    results.push(
      checkTarget(
        `commands per request independent of the number of references (10 refs: ${perN[10]!.length}, 50 refs: ${perN[50]!.length}; difference)`,
        Math.abs(perN[50]!.length - perN[10]!.length),
        'commands',
        '<=',
        0,
      ),
    );
  } finally {
    await service?.stop();
    await seeder?.close();
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return results;
}
