/**
 * Cancellation in the embedded engine (issue 14, "one request cannot take the regions down"): long commands honour
 * maxTimeMS (failing as MongoDB does: code 50, MaxTimeMSExpired), yield so other connections are served meanwhile,
 * and stop when the connection that sent them closes. Observed through the engine's operation registry
 * (`engine.operations`, also served as `serverStatus().operations` and `currentOp`).
 *
 * Engine-only (it reads the engine's counters): skipped when MONGODB_URI points the suite at a real MongoDB.
 * Stop times are printed; the assertions leave room for a loaded two-core machine.
 */
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MongoClient, MongoServerError, type Collection, type Document } from 'mongodb';
import { startEngine, type RunningEngine } from '../../services/engine';
import type { Operation, StopRecord } from '../../services/engine/operations';
import type { AnyDoc } from './util';

const describeEmbedded = process.env.MONGODB_URI ? describe.skip : describe;

const N = 100_000;
/** A join that scans the whole collection once per document: hours of work without a limit. */
const RUNAWAY: Document[] = [
  { $lookup: { from: 'big', let: { g: '$g' }, pipeline: [{ $match: { $expr: { $eq: ['$g', '$$g'] } } }], as: 'same' } },
];
/** A $group on a computed key over every document, then a $sort: about a second of work here. */
const HEAVY_GROUP: Document[] = [
  { $group: { _id: { $concat: ['$s', '-', { $toString: { $mod: ['$n', 7] } }] }, total: { $sum: { $multiply: ['$n', 1.5] } }, ns: { $push: '$n' } } },
  { $sort: { total: -1 } },
];

/** Slack for timing on a loaded machine: the requirement is 50 ms from the signal to the stop. */
const STOP_BOUND_MS = 50 + 200;

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error('waitFor timed out');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Runs `start`, then resolves when the engine records the stop of the operation `opid`, with the time it took. */
async function stopOf(engine: RunningEngine, opid: number, trigger: () => unknown): Promise<{ record: StopRecord; ms: number }> {
  const stopped = new Promise<StopRecord>((resolve) => {
    const listener = (record: StopRecord) => {
      if (record.opid !== opid) return;
      engine.operations.off('stopped', listener);
      resolve(record);
    };
    engine.operations.on('stopped', listener);
  });
  const started = performance.now();
  trigger();
  const record = await stopped;
  return { record, ms: performance.now() - started };
}

function running(engine: RunningEngine, name: string): Operation | undefined {
  return engine.operations.list().find((operation) => operation.name === name && operation.work > 0);
}

async function expectMaxTimeExpired(promise: Promise<unknown>): Promise<MongoServerError> {
  const error = await promise.then(
    () => {
      throw new Error('expected MaxTimeMSExpired, the command succeeded');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MongoServerError);
  expect(error).toMatchObject({ code: 50, codeName: 'MaxTimeMSExpired', errmsg: 'operation exceeded time limit' });
  return error as MongoServerError;
}

describeEmbedded('cancellation', () => {
  let engine: RunningEngine;
  let client: MongoClient;
  let other: MongoClient;
  let big: Collection<Document>;

  beforeAll(async () => {
    engine = await startEngine({ port: 0 }); // in memory: the setup needs no journal
    client = new MongoClient(engine.uri);
    other = new MongoClient(engine.uri);
    await Promise.all([client.connect(), other.connect()]);
    big = client.db('cancel').collection('big');
    const started = performance.now();
    for (let from = 0; from < N; from += 25_000) {
      await big.insertMany(Array.from({ length: 25_000 }, (_, i) => ({ _id: from + i, n: from + i, g: (from + i) % 1000, s: `k${(from + i) % 5000}` })) as Document[]);
    }
    console.log(`cancellation: ${N} documents inserted in ${Math.round(performance.now() - started)} ms`);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([client?.close(), other?.close()]);
    await engine?.close();
  });

  afterEach(async () => {
    // Nothing a test started may outlive it.
    await waitFor(() => (engine.operations.list().every((operation) => operation.name === 'hello' || operation.name === 'ismaster') ? true : undefined), 5_000);
  });

  it('an aggregate with maxTimeMS: 100 fails with code 50 soon after 100 ms ($lookup per document, $group + $sort)', async () => {
    for (const [label, pipeline] of [['$lookup', RUNAWAY], ['$group+$sort', HEAVY_GROUP]] as const) {
      const stops = engine.operationStats().stopped.maxTimeMSExpired;
      const started = performance.now();
      const error = await expectMaxTimeExpired(big.aggregate([...pipeline], { maxTimeMS: 100 }).toArray());
      const elapsed = performance.now() - started;
      const [record] = engine.operationStats().recentStops.slice(-1);
      console.log(`maxTimeMS 100 (${label}): failed after ${elapsed.toFixed(1)} ms, ${record.latencyMs.toFixed(1)} ms past the deadline, ${record.workAfterSignal} units of work after it, longest slice ${record.longestSliceMs.toFixed(1)} ms`);
      expect(error.code).toBe(50);
      expect(engine.operationStats().stopped.maxTimeMSExpired).toBe(stops + 1);
      expect(record).toMatchObject({ command: 'aggregate', reason: 'maxTimeMSExpired' });
      expect(record.latencyMs).toBeLessThan(STOP_BOUND_MS);
      expect(elapsed).toBeLessThan(100 + 400);
    }
  });

  it('every long command honours maxTimeMS: find, count, distinct, countDocuments, update/delete multi, findAndModify, createIndexes', async () => {
    const db = client.db('cancel');
    const nothing = { s: 'no such value' }; // a filter no index serves: every command scans all documents
    const commands: Document[] = [
      { find: 'big', filter: nothing },
      { find: 'big', filter: {}, sort: { s: -1, n: 1 } },
      { count: 'big', query: nothing },
      { distinct: 'big', key: 's' },
      { aggregate: 'big', pipeline: [{ $match: nothing }, { $group: { _id: 1, n: { $sum: 1 } } }], cursor: {} }, // countDocuments
      { aggregate: 'big', pipeline: [{ $sortByCount: '$s' }], cursor: {} },
      { update: 'big', updates: [{ q: nothing, u: { $set: { x: 1 } }, multi: true }] },
      { delete: 'big', deletes: [{ q: nothing, limit: 0 }] },
      { findAndModify: 'big', query: { n: { $gte: 0 } }, sort: { s: 1 }, update: { $set: { x: 1 } } },
      { createIndexes: 'big', indexes: [{ key: { s: 1, g: 1 }, name: 's_1_g_1' }] },
    ];
    for (const command of commands) {
      await expectMaxTimeExpired(db.command({ ...command, maxTimeMS: 1 }));
    }
    expect((await big.indexes()).map((index) => index.name)).toEqual(['_id_']);
    expect(await big.countDocuments({ x: 1 })).toBe(0);
    // The driver's own helpers send maxTimeMS too.
    await expectMaxTimeExpired(big.find({ s: 'none' }).maxTimeMS(1).toArray());
    await expectMaxTimeExpired(big.countDocuments({ s: 'none' }, { maxTimeMS: 1 }));
    await expectMaxTimeExpired(big.distinct('s', {}, { maxTimeMS: 1 }));
    await expectMaxTimeExpired(big.updateMany({ s: 'none' }, { $set: { x: 1 } }, { maxTimeMS: 1 }));
  });

  it('a generous maxTimeMS changes nothing; a cursor carries the rest of it and getMore may not set its own', async () => {
    const [total] = await big.aggregate([{ $group: { _id: null, sum: { $sum: '$n' }, count: { $sum: 1 } } }], { maxTimeMS: 60_000 }).toArray();
    expect(total).toEqual({ _id: null, sum: (N * (N - 1)) / 2, count: N });
    const cursor = big.find({ g: 7 }, { maxTimeMS: 60_000, batchSize: 10, sort: { _id: 1 } });
    const found = await cursor.toArray();
    expect(found).toHaveLength(N / 1000);
    const opened = await client.db('cancel').command({ find: 'big', filter: { g: 8 }, batchSize: 5, maxTimeMS: 60_000 });
    await expect(client.db('cancel').command({ getMore: opened.cursor.id, collection: 'big', maxTimeMS: 1000 })).rejects.toMatchObject({
      code: 2,
      message: 'cannot set maxTimeMS on getMore command for a non-awaitData cursor',
    });
    const more = await client.db('cancel').command({ getMore: opened.cursor.id, collection: 'big' });
    expect(more.cursor.nextBatch).toHaveLength(N / 1000 - 5);
    for (const maxTimeMS of [-1, 'soon', 2 ** 31, 1.5]) {
      await expect(client.db('cancel').command({ find: 'big', filter: { _id: 1 }, maxTimeMS })).rejects.toMatchObject({ code: 2, codeName: 'BadValue' });
    }
  });

  it('while a long command runs, another client is answered (findOne by _id) and killOp stops it', async () => {
    const long = big.aggregate([...RUNAWAY]).toArray().catch((error: unknown) => error);
    const operation = await waitFor(() => running(engine, 'aggregate'));
    const started = performance.now();
    const doc = await other.db('cancel').collection('big').findOne({ _id: 4242 } as Document);
    const latency = performance.now() - started;
    console.log(`findOne by _id on another client during a long aggregate: ${latency.toFixed(1)} ms (the aggregate had run ${(performance.now() - operation.startedAt).toFixed(0)} ms, ${operation.yields} yields)`);
    expect(doc).toMatchObject({ _id: 4242, n: 4242 });
    expect(engine.operations.list()).toContain(operation); // answered before the long command ended
    expect(latency).toBeLessThan(500);

    const inprog = (await other.db('admin').command({ currentOp: 1 })).inprog as Document[];
    expect(inprog.find((entry) => entry.opid === operation.opid)).toMatchObject({ op: 'command', ns: 'cancel.big', active: true });
    const { record, ms } = await stopOf(engine, operation.opid, () => void other.db('admin').command({ killOp: 1, op: operation.opid }));
    console.log(`killOp: stopped ${ms.toFixed(1)} ms after the request was sent (${record.latencyMs.toFixed(1)} ms after the engine took it)`);
    expect(record.reason).toBe('killed');
    expect(await long).toMatchObject({ code: 11601, codeName: 'Interrupted' });
  });

  it('a long command whose client connection is destroyed stops within 50 ms, without a reply', async () => {
    const leaving = new MongoClient(engine.uri);
    await leaving.connect();
    const before = engine.operationStats();
    const pending = leaving.db('cancel').collection('big').aggregate([...RUNAWAY]).toArray().catch((error: unknown) => error);
    const operation = await waitFor(() => running(engine, 'aggregate'));
    const workBefore = operation.work;
    let closing: Promise<void> | undefined;
    const { record, ms } = await stopOf(engine, operation.opid, () => (closing = leaving.close(true)));
    await closing;
    console.log(
      `client.close(true) during a long aggregate: stopped ${ms.toFixed(1)} ms after the close began, ` +
        `${record.latencyMs.toFixed(1)} ms after the engine saw the socket close, ${record.workAfterSignal} units of work after it (it had done ${workBefore}; longest slice ${record.longestSliceMs.toFixed(1)} ms)`,
    );
    expect(record).toMatchObject({ command: 'aggregate', reason: 'clientDisconnected' });
    expect(ms).toBeLessThan(STOP_BOUND_MS);
    expect(record.latencyMs).toBeLessThan(STOP_BOUND_MS);
    await pending;
    const after = engine.operationStats();
    expect(after.stopped.clientDisconnected).toBe(before.stopped.clientDisconnected + 1);
    expect(engine.operations.list()).not.toContain(operation);
    const status = await other.db('admin').command({ serverStatus: 1 });
    expect(status.operations.stopped.clientDisconnected).toBe(after.stopped.clientDisconnected);
  });

  it("an AbortSignal (the driver closes the connection) stops the engine's work too", async () => {
    const aborting = new MongoClient(engine.uri);
    await aborting.connect();
    try {
      const controller = new AbortController();
      const pending = aborting.db('cancel').collection('big').aggregate([...RUNAWAY], { signal: controller.signal }).toArray().catch((error: unknown) => error);
      const operation = await waitFor(() => running(engine, 'aggregate'));
      const { record, ms } = await stopOf(engine, operation.opid, () => controller.abort(new Error('request gone')));
      console.log(`AbortSignal during a long aggregate: stopped ${ms.toFixed(1)} ms after abort()`);
      expect(record.reason).toBe('clientDisconnected');
      expect(ms).toBeLessThan(STOP_BOUND_MS);
      expect(await pending).toMatchObject({ message: 'request gone' });
    } finally {
      await aborting.close();
    }
  });

  it("the driver's timeoutMS (CSOT): what driver 6.22 sends, and the work stops either way", async () => {
    const sent: Document[] = [];
    const csot = new MongoClient(engine.uri, { monitorCommands: true, timeoutMS: 100 });
    csot.on('commandStarted', (event) => {
      if (event.commandName === 'aggregate') sent.push(event.command);
    });
    await csot.connect();
    try {
      const controller = new AbortController();
      const started = performance.now();
      const pending = csot.db('cancel').collection('big').aggregate([...RUNAWAY], { timeoutMS: 100, signal: controller.signal }).toArray().catch((error: unknown) => error);
      const operation = await waitFor(() => running(engine, 'aggregate'));
      const maxTimeMS = sent[0]?.maxTimeMS;
      if (maxTimeMS === undefined) {
        // mongodb 6.22 ignores timeoutMS ("timeoutMS has no effect and will be removed"): no maxTimeMS is sent and
        // no client-side timer runs, so only maxTimeMS or an AbortSignal bounds a command. Stop it with the signal.
        console.log('timeoutMS: the driver sent no maxTimeMS (CSOT is a no-op in this driver version); stopping with an AbortSignal');
        await new Promise((resolve) => setTimeout(resolve, 150));
        expect(engine.operations.list()).toContain(operation); // nothing stopped it at 100 ms
        const { record } = await stopOf(engine, operation.opid, () => controller.abort(new Error('request gone')));
        expect(record.reason).toBe('clientDisconnected');
      } else {
        // A driver with CSOT sends the time left as maxTimeMS and gives up itself at timeoutMS (closing the socket).
        const error = await pending;
        const elapsed = performance.now() - started;
        console.log(`timeoutMS 100: driver sent maxTimeMS ${maxTimeMS}; failed after ${elapsed.toFixed(1)} ms: ${String(error)}`);
        expect(elapsed).toBeLessThan(100 + 400);
        await waitFor(() => (engine.operations.list().includes(operation) ? undefined : true), STOP_BOUND_MS + 400);
      }
      await pending;
    } finally {
      await csot.close();
    }
  });
});

describeEmbedded('cancellation and consistency of writes (journal, indexes)', () => {
  let dataDir: string;
  let engine: RunningEngine;
  let client: MongoClient;
  const COUNT = 20_000;

  const items = () => client.db('cw').collection<AnyDoc>('items');
  /** Counts through the named index and through a collection scan ($expr cannot use an index): they must agree. */
  async function countBoth(value: number): Promise<[number, number]> {
    const byIndex = await items().countDocuments({ v: value }, { hint: 'v_1' });
    const byScan = await items().countDocuments({ $expr: { $eq: ['$v', value] } });
    return [byIndex, byScan];
  }

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-cancel-'));
    engine = await startEngine({ port: 0, dataDir });
    client = new MongoClient(engine.uri);
    await client.connect();
    await items().createIndex({ v: 1 });
    await items().createIndex({ u: 1 }, { unique: true });
    await items().insertMany(Array.from({ length: COUNT }, (_, i) => ({ _id: i, u: i, v: 0, w: i })));
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await engine?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a multi-update stopped by maxTimeMS keeps a prefix, with indexes and journal consistent', async () => {
    await expectMaxTimeExpired(items().updateMany({}, { $inc: { v: 1 } }, { maxTimeMS: 300 }));
    const [updatedByIndex, updatedByScan] = await countBoth(1);
    const [untouchedByIndex, untouchedByScan] = await countBoth(0);
    console.log(`multi-update stopped by maxTimeMS 300: ${updatedByScan} of ${COUNT} documents updated`);
    expect(updatedByIndex).toBe(updatedByScan);
    expect(untouchedByIndex).toBe(untouchedByScan);
    expect(updatedByScan).toBeGreaterThan(0);
    expect(updatedByScan).toBeLessThan(COUNT);
    expect(updatedByScan + untouchedByScan).toBe(COUNT);

    // The journal holds exactly what memory held: a restart recovers the same prefix.
    const before = await items().find({ v: 1 }, { projection: { _id: 1 }, sort: { _id: 1 } }).toArray();
    await client.close();
    await engine.close();
    engine = await startEngine({ port: 0, dataDir });
    client = new MongoClient(engine.uri);
    await client.connect();
    expect(await items().find({ v: 1 }, { projection: { _id: 1 }, sort: { _id: 1 } }).toArray()).toEqual(before);
    expect(await countBoth(1)).toEqual([before.length, before.length]);
  });

  it('an index built in slices takes the writes made meanwhile; a concurrent unique conflict fails the build', async () => {
    const build = items().createIndex({ v: 1, u: -1 }, { name: 'v_1_u_-1' });
    await waitFor(() => running(engine, 'createIndexes'));
    const other = new MongoClient(engine.uri);
    await other.connect();
    const concurrent = other.db('cw').collection<AnyDoc>('items');
    // Writes of every kind, one after the other, for as long as the build runs.
    let writes = 0;
    for (let i = 0; running(engine, 'createIndexes'); i++) {
      if (i % 3 === 0) await concurrent.insertOne({ _id: COUNT + i, u: COUNT + i, v: 5, w: COUNT + i });
      else if (i % 3 === 1) await concurrent.updateOne({ u: i }, { $set: { v: 7 } });
      else await concurrent.deleteOne({ u: COUNT - i });
      writes++;
    }
    await build;
    console.log(`index build: ${writes} writes made while it ran`);
    expect(writes).toBeGreaterThan(0);
    const total = await items().countDocuments();
    const viaNewIndex = await items().find({}, { hint: 'v_1_u_-1', projection: { _id: 1, v: 1 } }).toArray();
    const viaScan = await items().find({ $expr: { $gte: ['$u', 0] } }, { projection: { _id: 1, v: 1 } }).toArray();
    const byId = (docs: Document[]) => [...docs].sort((a, b) => a._id - b._id);
    expect(viaNewIndex).toHaveLength(total);
    expect(byId(viaNewIndex)).toEqual(byId(viaScan));
    expect(await items().countDocuments({ v: 7 }, { hint: 'v_1_u_-1' })).toBe(await items().countDocuments({ $expr: { $eq: ['$v', 7] } }));

    // A unique build and a conflicting insert made meanwhile: one of them fails with E11000, never both succeed.
    const uniqueBuild = items().createIndex({ w: 1 }, { unique: true }).then(() => 'built', (error: unknown) => error);
    await waitFor(() => running(engine, 'createIndexes'));
    const insert = await concurrent.insertOne({ _id: 'dup', u: -1, v: 0, w: 3 }).then(() => 'inserted', (error: unknown) => error);
    const built = await uniqueBuild;
    await other.close();
    console.log(`unique build with a conflicting insert meanwhile: build ${built instanceof Error ? 'failed' : built}, insert ${insert instanceof Error ? 'failed' : insert}`);
    if (insert === 'inserted') {
      expect(built).toMatchObject({ code: 11000 });
      expect((await items().indexes()).map((index) => index.name)).not.toContain('w_1');
    } else {
      expect(built).toBe('built');
      expect(insert).toMatchObject({ code: 11000 });
    }
  });
});
