/**
 * Compaction of the embedded engine (issue 22): how often a bulk load rewrites the snapshot, and the figures the
 * engine reports about it (serverStatus `compaction`, `eventLoop`, `storage`, `mem`; the `compact` command).
 * Behaviour only, no timing: a bulk load must not rewrite everything every few megabytes (that made loads quadratic),
 * and the pause metric must be there for the scale bench to read.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { setImmediate as nextTurn } from 'timers/promises';
import { MongoClient } from 'mongodb';
import { startEngine } from '../../services/engine';
import type { AnyDoc } from './util';
import { Storage } from '../../services/engine/storage/storage';

const embedded = !process.env.MONGODB_URI;
const maybe = embedded ? describe : describe.skip;

const COMPACT_AFTER_BYTES = 4096;

maybe('compaction', () => {
  const directories: string[] = [];
  const temporaryDirectory = () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-compaction-'));
    directories.push(directory);
    return directory;
  };
  afterAll(() => {
    for (const directory of directories) fs.rmSync(directory, { recursive: true, force: true });
  });

  it('a bulk load compacts a number of times that grows with the logarithm of the data, and loses nothing', async () => {
    const dataDir = temporaryDirectory();
    const storage = await Storage.open({ dataDir, compactAfterBytes: COMPACT_AFTER_BYTES });
    const collection = storage.ensureCollection('bulk', 'items');
    const batches = 24;
    const perBatch = 50;
    for (let batch = 0; batch < batches; batch++) {
      for (let i = 0; i < perBatch; i++) storage.insertDocument(collection, { _id: batch * perBatch + i, name: `item-${batch}-${i}`, tags: ['a', 'b'] });
      // As an insert command does; then let a compaction it started finish, so each one counts.
      await storage.flush();
      while (storage.compactionStats().running) await nextTurn();
    }
    const stats = storage.compactionStats();
    // About 90 KB journaled: a fixed 4 KB threshold compacted once per batch (24 times, rewriting everything each time); growing
    // with the snapshot, the thresholds double: 4 KB, 8 KB, 16 KB, … (about 5 compactions).
    expect(stats.automatic).toBeGreaterThanOrEqual(3);
    expect(stats.automatic).toBeLessThanOrEqual(8);
    expect(stats.completed).toBe(stats.automatic);
    expect(stats.snapshotBytes).toBeGreaterThan(0);
    expect(storage.compactionThreshold()).toBe(Math.max(COMPACT_AFTER_BYTES, stats.snapshotBytes));
    expect(Number.isFinite(stats.longestPauseMs)).toBe(true);
    expect(stats.longestPauseMs).toBeGreaterThanOrEqual(stats.lastPauseMs);
    expect(stats.longestPauseOwnMs).toBeLessThanOrEqual(stats.longestPauseMs);
    await storage.close();

    const reopened = await Storage.open({ dataDir, compactAfterBytes: COMPACT_AFTER_BYTES });
    try {
      const items = reopened.getCollection('bulk', 'items')!;
      expect(items.documents.size).toBe(batches * perBatch);
      expect(items.findById(batches * perBatch - 1)).toEqual({ _id: batches * perBatch - 1, name: `item-${batches - 1}-${perBatch - 1}`, tags: ['a', 'b'] });
      expect(reopened.documentCount()).toBe(batches * perBatch);
      // The recovered snapshot sets the threshold again.
      expect(reopened.compactionThreshold()).toBe(Math.max(COMPACT_AFTER_BYTES, stats.snapshotBytes));
    } finally {
      await reopened.close();
    }
  });

  it('the compact command compacts now and serverStatus reports compactions, pauses, documents and memory', async () => {
    const engine = await startEngine({ dataDir: temporaryDirectory() });
    const client = await MongoClient.connect(engine.uri);
    try {
      const db = client.db('compaction_status');
      await db.collection<AnyDoc>('things').insertMany(Array.from({ length: 100 }, (_, i) => ({ _id: i, v: i })));
      const compacted = await db.command({ compact: 'things' });
      expect(compacted).toMatchObject({ ok: 1, completed: 1, automatic: 0, running: false });
      expect(compacted.snapshotBytes).toBeGreaterThan(0);
      expect(compacted.lastPauseMs).toBeGreaterThanOrEqual(0);
      // The engine's own part of the pause (less the time other processes ran instead) is at most the pause.
      expect(compacted.lastPauseOwnMs).toBeGreaterThanOrEqual(0);
      expect(compacted.lastPauseOwnMs).toBeLessThanOrEqual(compacted.lastPauseMs);

      const status = await db.admin().command({ serverStatus: 1 });
      expect(status.compaction).toMatchObject({ completed: 1, snapshotBytes: compacted.snapshotBytes, longestPauseMs: compacted.longestPauseMs });
      expect(status.storage).toMatchObject({ documents: 100, journalBytes: 0 });
      // collectGarbage: a full collection now, with its figures.
      const fullCollection = await db.admin().command({ collectGarbage: 1 });
      expect(fullCollection).toMatchObject({ ok: 1 });
      expect(fullCollection.ms).toBeGreaterThan(0);
      expect(fullCollection.heapUsedBytesAfter).toBeGreaterThan(0);
      expect(fullCollection.heapUsedBytesAfter).toBeLessThanOrEqual(fullCollection.heapUsedBytesBefore);
      const fullCollections = (await db.admin().command({ serverStatus: 1 })).eventLoop.gc.count;
      expect(fullCollections).toBeGreaterThan(0);

      // A short value no document had yet joins the values stored documents share.
      await db.collection<AnyDoc>('labels').insertOne({ _id: 1, label: `标签-${process.pid}-${Date.now()}` });
      expect((await db.admin().command({ serverStatus: 1 })).storage.sharedStrings).toBe(status.storage.sharedStrings + 1);
      expect(status.mem.heapUsedBytes).toBeGreaterThan(0);
      expect(status.mem.residentBytes).toBeGreaterThanOrEqual(status.mem.heapUsedBytes);
      expect(status.eventLoop.maxPauseMs).toBeGreaterThanOrEqual(0);
      expect(new Date(status.eventLoop.since).getTime()).toBeLessThanOrEqual(Date.now());

      // resetEventLoop starts a new period after answering.
      const resetAt = Date.now();
      const before = await db.admin().command({ serverStatus: 1, resetEventLoop: true });
      const after = await db.admin().command({ serverStatus: 1 });
      expect(new Date(before.eventLoop.since).getTime()).toBeLessThan(resetAt);
      expect(new Date(after.eventLoop.since).getTime()).toBeGreaterThanOrEqual(resetAt);

      // Collections are counted from the reset on: garbage made here (the engine runs in this process) shows.
      await db.admin().command({ serverStatus: 1, resetEventLoop: true });
      let garbage: unknown[] = [];
      for (let round = 0; round < 50; round++) garbage = Array.from({ length: 20_000 }, (_, i) => ({ i, text: `garbage ${round} ${i}` }));
      expect(garbage).toHaveLength(20_000);
      await new Promise((resolve) => setTimeout(resolve, 50)); // gc entries are delivered asynchronously
      const collected = (await db.admin().command({ serverStatus: 1 })).eventLoop.gc;
      expect(collected.scavenges).toBeGreaterThan(0);
      expect(collected.count).toBeGreaterThanOrEqual(collected.scavenges);
      expect(collected.totalMs).toBeGreaterThan(0);
      expect(collected.longestMs).toBeGreaterThan(0);
      expect(collected.longestMs).toBeLessThanOrEqual(collected.totalMs);
      expect(['scavenge', 'mark-compact', 'incremental', 'weak-callbacks', 'other']).toContain(collected.longestKind);

      // A stretch the event loop was blocked (here: this process busy right after a command) is kept with the
      // commands started in it and the CPU it used. The timer may run between the command and the block: tried again.
      // Busy for that much CPU time (a wall-clock wait could be spent descheduled on a loaded machine).
      const busyFor = (ms: number) => {
        const started = process.cpuUsage();
        while (process.cpuUsage(started).user < ms * 1000);
      };
      let noted: { ms: number; cpuMs: number; mainThreadCpuMs: number | null; gcMs: number; commands: string[] } | undefined;
      for (let attempt = 0; attempt < 20 && !noted; attempt++) {
        await db.admin().command({ serverStatus: 1, resetEventLoop: true });
        await db.collection('pause_check').findOne({});
        busyFor(60);
        await new Promise((resolve) => setTimeout(resolve, 20));
        const { longPauses } = (await db.admin().command({ serverStatus: 1 })).eventLoop as { longPauses: Array<{ ms: number; cpuMs: number; mainThreadCpuMs: number | null; gcMs: number; commands: string[] }> };
        noted = longPauses.find((pause) => pause.commands.includes('find pause_check'));
      }
      expect(noted).toBeDefined();
      expect(noted!.ms).toBeGreaterThanOrEqual(50);
      expect(noted!.cpuMs).toBeGreaterThanOrEqual(30);
      // On Linux the main thread's own part: it was the one busy.
      if (process.platform === 'linux') expect(noted!.mainThreadCpuMs).toBeGreaterThanOrEqual(30);
      expect(noted!.gcMs).toBeLessThan(noted!.ms);
    } finally {
      await client.close();
      await engine.close();
    }
  });
  it('a snapshot encoded in place holds documents of every size, from a few bytes to near the 16 MB limit, across chunk boundaries', async () => {
    // The snapshot encodes records straight into one reused chunk buffer (no Buffer per record): records of a few
    // bytes by the thousand, and documents larger than a chunk, must come back byte for byte, and snapshotBytes
    // must be the file's size.
    const dataDir = temporaryDirectory();
    const storage = await Storage.open({ dataDir });
    const collection = storage.ensureCollection('sizes', 'items');
    const big = (n: number, megabytes: number) => ({ _id: `big-${n}`, body: String.fromCharCode(0x4e00 + n).repeat((megabytes * 1024 * 1024) / 3), at: new Date(Date.UTC(2026, 0, n + 1)) });
    storage.insertDocument(collection, big(0, 15.5));
    for (let i = 0; i < 3000; i++) storage.insertDocument(collection, { _id: i, n: i, label: `标签${i}`, nested: { list: [i, `${i}`] } });
    storage.insertDocument(collection, big(1, 3));
    storage.insertDocument(collection, big(2, 15.5));
    await storage.flush();
    await storage.compact();
    const snapshotBytes = storage.compactionStats().snapshotBytes;
    expect(snapshotBytes).toBe(fs.statSync(path.join(dataDir, 'snapshot.bin')).size);
    expect(snapshotBytes).toBeGreaterThan(34 * 1024 * 1024);
    await storage.close();

    const reopened = await Storage.open({ dataDir });
    try {
      const items = reopened.getCollection('sizes', 'items')!;
      expect(items.documents.size).toBe(3003);
      for (const n of [0, 1, 2]) expect(items.findById(`big-${n}`)).toEqual(big(n, n === 1 ? 3 : 15.5));
      expect(items.findById(2999)).toEqual({ _id: 2999, n: 2999, label: '标签2999', nested: { list: [2999, '2999'] } });
      expect(reopened.journalBytes).toBe(0);
    } finally {
      await reopened.close();
    }
  });
});
