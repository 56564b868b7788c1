import { MongoClient } from 'mongodb';
import pino from 'pino';
import { SharedTokenBuckets } from '../../gateway/limits/sharedTokenBuckets';
import { StoreSync } from '../../gateway/operationalStore/storeSync';
import { startEngine, type RunningEngine } from '../../services/engine';

/**
 * Two gateway processes' buckets over one store (the embedded engine, through the real driver), on one pinned
 * clock: what they admit together is what one bucket would admit.
 */
const BURST = 10;
const PER_SECOND = 5;
const SYNC_MS = 60_000; // exchanges run only when the test calls sync()

let engine: RunningEngine;
let client: MongoClient;
let nowMs = Date.UTC(2026, 11, 6, 2, 0, 0);
const clock = () => nowMs;
const logger = pino({ level: 'silent' });

/** One gateway process's buckets and the exchange that keeps them in step with the store. */
interface GatewayProcess {
  take: SharedTokenBuckets['take'];
  sync(): Promise<void>;
}

function processOn(storeClient: MongoClient, databaseName: string): GatewayProcess {
  const buckets = new SharedTokenBuckets(SharedTokenBuckets.collectionIn(storeClient.db(databaseName)), logger, clock);
  const storeSync = new StoreSync(storeClient, databaseName, [buckets], SYNC_MS, clock);
  return { take: (key, burst, perSecond) => buckets.take(key, burst, perSecond), sync: () => storeSync.sync() };
}

function processes(): [GatewayProcess, GatewayProcess] {
  const databaseName = `buckets_${Math.random().toString(36).slice(2)}`;
  return [processOn(client, databaseName), processOn(client, databaseName)];
}

function takeMany(buckets: GatewayProcess, key: string, count: number, burst = BURST, perSecond = PER_SECOND): number {
  let admitted = 0;
  for (let i = 0; i < count; i++) if (buckets.take(key, burst, perSecond).ok) admitted++;
  return admitted;
}

beforeAll(async () => {
  engine = await startEngine({ port: 0 });
  client = await MongoClient.connect(engine.uri);
});

afterAll(async () => {
  await client?.close();
  await engine?.close();
});

test('the burst holds across processes, and refills once for all of them', async () => {
  const [first, second] = processes();
  expect(takeMany(second, 'agency:a', 1)).toBe(1);
  await second.sync();
  expect(takeMany(first, 'agency:a', 7)).toBe(7);
  await first.sync();
  await second.sync();
  // 1 + 7 taken of 10: the second process has 2 left, though it took only one itself.
  expect(takeMany(second, 'agency:a', 5)).toBe(2);
  await second.sync();
  await first.sync();
  expect(takeMany(first, 'agency:a', 5)).toBe(0);

  // One second refills 5 for the caller, not 5 per process.
  nowMs += 1000;
  await first.sync();
  await second.sync();
  expect(takeMany(first, 'agency:a', 3) + takeMany(second, 'agency:a', 3)).toBe(6);
  await first.sync();
  await second.sync();
  await first.sync();
  // The second took 3 before it learnt of the first's 3: the shared count is 1 over; nothing is left for anyone.
  expect(takeMany(first, 'agency:a', 3) + takeMany(second, 'agency:a', 3)).toBe(0);
  // After long enough the bucket is full again, never fuller.
  nowMs += 60_000;
  await first.sync();
  await second.sync();
  expect(takeMany(first, 'agency:a', 20)).toBe(BURST);
});

test('interleaved exchanges lose no count (no refill)', async () => {
  const [first, second] = processes();
  expect(takeMany(first, 'public:x', 3, 8, 0)).toBe(3);
  expect(takeMany(second, 'public:x', 3, 8, 0)).toBe(3);
  await Promise.all([first.sync(), second.sync()]);
  await Promise.all([first.sync(), second.sync()]);
  expect(takeMany(first, 'public:x', 5, 8, 0)).toBe(2);
  await first.sync();
  await second.sync();
  expect(takeMany(second, 'public:x', 5, 8, 0)).toBe(0);
});

test('a store that cannot be reached: each process limits on its own counts, and sends them later', async () => {
  const [first] = processes();
  const broken = processOn(new MongoClient('mongodb://127.0.0.1:9/', { serverSelectionTimeoutMS: 100 }), 'x');
  expect(takeMany(broken, 'agency:b', 12)).toBe(BURST);
  await broken.sync();
  expect(takeMany(broken, 'agency:b', 1)).toBe(0);
  expect(takeMany(first, 'agency:b', 1)).toBe(1);
});
