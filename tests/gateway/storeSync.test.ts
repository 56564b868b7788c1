import { MongoClient, type Document } from 'mongodb';
import pino from 'pino';
import { SharedTokenBuckets } from '../../gateway/limits/sharedTokenBuckets';
import { StoreSync, type StoreSyncPart } from '../../gateway/operationalStore/storeSync';
import { revokedTokens, revokeToken, TokenRevocations } from '../../gateway/operationalStore/tokenRevocations';
import { useMonitoredEngine } from '../helpers/monitoredEngine';

/**
 * The joint exchange with the gateway's operational store (the embedded engine, through the real driver): each part
 * sends, then one aggregate reads every part's documents, however many batches they take.
 */
const SYNC_MS = 60_000; // exchanges run only when the test calls sync()
const nowMs = Date.UTC(2026, 11, 7, 2, 0, 0);
const clock = () => nowMs;
const logger = pino({ level: 'silent' });

const store = useMonitoredEngine();
const { commands } = store;

function freshDatabase(): string {
  return `sync_${Math.random().toString(36).slice(2)}`;
}

async function revokeSome(databaseName: string, tokenIds: string[], expiresAt: Date): Promise<void> {
  for (const tokenId of tokenIds) await revokeToken(store.client.db(databaseName), { tokenId, expiresAt, reason: 'test', revokedBy: 'test' }, new Date(nowMs));
}

test('one exchange sends the counts, then reads revocations and counts in one aggregate, over as many batches as they take', async () => {
  const databaseName = freshDatabase();
  const live = ['t1', 't2', 't3', 't4', 't5'];
  await revokeSome(databaseName, live, new Date(nowMs + 3600_000));
  await revokeSome(databaseName, ['expired'], new Date(nowMs - 1000));
  const db = store.client.db(databaseName);

  // Another process took 7 of 10 from each of three callers.
  const otherBuckets = new SharedTokenBuckets(SharedTokenBuckets.collectionIn(db), logger, clock);
  const other = new StoreSync(store.client, databaseName, [otherBuckets], SYNC_MS, clock);
  for (const caller of ['a', 'b', 'c']) for (let i = 0; i < 7; i++) expect(otherBuckets.take(caller, 10, 0).ok).toBe(true);
  await other.sync();

  const revocations = new TokenRevocations(revokedTokens(db), logger);
  const buckets = new SharedTokenBuckets(SharedTokenBuckets.collectionIn(db), logger, clock);
  // Two documents a batch: the five revocations and three counts come in four batches.
  const sync = new StoreSync(store.client, databaseName, [revocations, buckets], SYNC_MS, clock, 2);
  for (const caller of ['a', 'b', 'c']) expect(buckets.take(caller, 10, 0).ok).toBe(true);

  commands.length = 0;
  await sync.sync();
  expect(commands.filter((name) => name === 'aggregate')).toHaveLength(1);
  expect(commands.filter((name) => name === 'find')).toHaveLength(0);
  expect(commands.filter((name) => name === 'getMore').length).toBeGreaterThanOrEqual(3);
  expect(commands[0]).toBe('update');

  expect(revocations.size).toBe(live.length);
  for (const tokenId of live) expect(revocations.isRevoked(tokenId)).toBe(true);
  expect(revocations.isRevoked('expired')).toBe(false);
  expect(revocations.current).toBe(true);
  // 7 taken there and 1 here: 2 left for each caller, here.
  for (const caller of ['a', 'b', 'c']) {
    expect(buckets.take(caller, 10, 0).ok).toBe(true);
    expect(buckets.take(caller, 10, 0).ok).toBe(true);
    expect(buckets.take(caller, 10, 0).ok).toBe(false);
  }
});

test('newly revoked ids reach the listeners once; a part whose send fails is not read, and the others still are', async () => {
  const databaseName = freshDatabase();
  const db = store.client.db(databaseName);
  const revocations = new TokenRevocations(revokedTokens(db), logger);
  const told: string[][] = [];
  revocations.onRevoked((tokenIds) => told.push(tokenIds));
  const failures: unknown[] = [];
  let readsAsked = 0;
  const failingPart: StoreSyncPart = {
    send: () => Promise.reject(new Error('store refused the write')),
    read: () => {
      readsAsked++;
      return { collection: 'anything', pipeline: [] };
    },
    receive: (_documents: Document[]) => undefined,
    prune: async () => undefined,
    fail: (error) => failures.push(error),
  };
  const sync = new StoreSync(store.client, databaseName, [failingPart, revocations], SYNC_MS, clock);
  await sync.start();
  expect(revocations.size).toBe(0);

  await revokeSome(databaseName, ['late'], new Date(nowMs + 3600_000));
  await sync.sync();
  await sync.sync();
  expect(told).toEqual([['late']]);
  expect(revocations.isRevoked('late')).toBe(true);
  expect(readsAsked).toBe(0);
  expect(failures.length).toBeGreaterThanOrEqual(3);
  await sync.stop();
});

test('a store that cannot be reached: the revocations keep their last copy and say they are not current', async () => {
  const unreachable = new MongoClient('mongodb://127.0.0.1:9/', { serverSelectionTimeoutMS: 100 });
  const revocations = new TokenRevocations(revokedTokens(unreachable.db('x')), logger);
  const sync = new StoreSync(unreachable, 'x', [revocations], SYNC_MS, clock);
  await sync.sync();
  expect(revocations.current).toBe(false);
  expect(revocations.size).toBe(0);
  await unreachable.close();
});
