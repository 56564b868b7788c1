import { closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, promises as fsp, renameSync, unlinkSync, writeSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { join } from 'node:path';
import type { Document } from 'bson';
import type { Logger } from 'pino';
import { indexBuildAborted, namespaceExists, invalidNamespace, queryPlanKilled } from '../errors';
import type { Interruptible } from '../operations';
import { Collection, ID_INDEX_NAME, type IndexBuild } from './collection';
import { CollectionIndex, type IndexSpec } from './indexes';
import { lockDataDir } from './dataDirLock';
import { PauseMonitor } from '../pauseMonitor';
import { Journal } from './journal';
import { decodeRecords, encodeRecordInto } from './records';
import { MAX_BSON_OBJECT_SIZE } from '../wire';

/** What the journal and the snapshot record, one change each. */
type StoredOperation =
  | { o: 'createCollection'; db: string; c: string; options: Document }
  | { o: 'dropCollection'; db: string; c: string }
  | { o: 'dropDatabase'; db: string }
  | { o: 'createIndex'; db: string; c: string; spec: IndexSpec }
  | { o: 'dropIndex'; db: string; c: string; name: string }
  | { o: 'put'; db: string; c: string; d: Document }
  | { o: 'delete'; db: string; c: string; id: unknown };

export interface StorageOptions {
  dataDir?: string;
  /**
   * Rewrite the snapshot once the journal grows past this many bytes and past the last snapshot's size (so each
   * compaction rewrites about as many bytes as were journaled since the last one: bulk loads stay linear).
   */
  compactAfterBytes?: number;
  logger?: Logger;
}

/** What compactions have done (serverStatus `compaction`). */
export interface CompactionStats {
  /** Compactions finished since the engine started (automatic and asked for). */
  completed: number;
  /** Of those, the ones the journal's size started. */
  automatic: number;
  running: boolean;
  lastMs: number;
  /**
   * The longest event-loop pause while a compaction ran (pauseMonitor.ts): how long any connection could have
   * waited on the engine during it, whatever made it wait (the snapshot's own slices, other commands' slices,
   * garbage collection, and on a busy machine the other processes holding the CPUs). Last compaction's, and the
   * longest of all.
   */
  lastPauseMs: number;
  longestPauseMs: number;
  /** The same pauses less the time the operating system ran other processes instead (Linux; else equal to the above). */
  lastPauseOwnMs: number;
  longestPauseOwnMs: number;
  /** Size of the snapshot file the last compaction (or recovery) left. */
  snapshotBytes: number;
}

const DEFAULT_COMPACT_AFTER_BYTES = 64 * 1024 * 1024;

const SNAPSHOT_FILE = 'snapshot.bin';
const JOURNAL_FILE = 'journal.bin';
/** The journal being folded into a new snapshot (while a compaction runs, or after a crash during one). */
const PREVIOUS_JOURNAL_FILE = 'journal.previous.bin';
/** Snapshot bytes encoded between writes; each write yields to the event loop, so no pause grows with the data. */
const SNAPSHOT_CHUNK_BYTES = 64 * 1024;
/** Documents encoded before yielding to the event loop even when they are small. */
const SNAPSHOT_CHUNK_DOCUMENTS = 200;

/** All databases of one engine: in memory, made durable by the journal and periodic snapshots. */
export class Storage {
  private readonly databases = new Map<string, Map<string, Collection>>();
  private journal: Journal | null = null;
  private compacting: Promise<void> | null = null;
  private snapshotBytes = 0;
  private readonly compactions: Omit<CompactionStats, 'running' | 'snapshotBytes'> = { completed: 0, automatic: 0, lastMs: 0, lastPauseMs: 0, longestPauseMs: 0, lastPauseOwnMs: 0, longestPauseOwnMs: 0 };
  private unlock: (() => void) | undefined;

  private constructor(private readonly options: StorageOptions) {}

  static async open(options: StorageOptions): Promise<Storage> {
    const storage = new Storage(options);
    if (options.dataDir) await storage.recover(options.dataDir);
    return storage;
  }

  private async recover(dataDir: string): Promise<void> {
    mkdirSync(dataDir, { recursive: true });
    this.unlock = lockDataDir(dataDir);
    const started = Date.now();
    const snapshotBuffer = await Journal.readAll(join(dataDir, SNAPSHOT_FILE));
    this.snapshotBytes = snapshotBuffer.length;
    const snapshot = decodeRecords(snapshotBuffer);
    if (snapshot.tornReason) throw new Error(`snapshot ${join(dataDir, SNAPSHOT_FILE)} is corrupt: ${snapshot.tornReason}`);
    // A snapshot lists a collection's indexes before its documents: each index is built once they are all in.
    const indexesToBuild: StoredOperation[] = [];
    for (const record of snapshot.records) {
      const operation = record as StoredOperation;
      if (operation.o === 'createIndex') {
        indexesToBuild.push(operation);
        continue;
      }
      if (operation.o !== 'put' && operation.o !== 'createCollection') for (const build of indexesToBuild.splice(0)) this.apply(build);
      this.apply(operation);
    }
    for (const build of indexesToBuild) this.apply(build);
    // A compaction was interrupted: its journal is replayed first (over a snapshot that may already hold it, which
    // is harmless: see apply), and folded into a fresh snapshot below before anything else is written.
    const previousJournalPath = join(dataDir, PREVIOUS_JOURNAL_FILE);
    const previous = existsSync(previousJournalPath) ? decodeRecords(await Journal.readAll(previousJournalPath)) : null;
    for (const operation of previous?.records ?? []) this.apply(operation as StoredOperation);
    const journalPath = join(dataDir, JOURNAL_FILE);
    const journal = decodeRecords(await Journal.readAll(journalPath));
    for (const operation of journal.records) this.apply(operation as StoredOperation);
    if (journal.tornReason) {
      this.options.logger?.warn({ reason: journal.tornReason, validLength: journal.validLength }, 'dropping torn journal tail');
      const fd = openSync(journalPath, 'r+');
      try {
        // Only a tail that was never acknowledged can be torn: the records before it were synced first.
        ftruncateSync(fd, journal.validLength);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    this.journal = new Journal(journalPath);
    if (previous) {
      // Nothing runs yet: the stop-the-world snapshot is fine here, and leaves one journal again.
      await this.journal.truncateAfter(() => this.writeSnapshot(dataDir));
      unlinkSync(previousJournalPath);
      syncDirectory(dataDir);
    }
    this.options.logger?.info(
      { snapshotRecords: snapshot.records.length, journalRecords: journal.records.length, ms: Date.now() - started },
      'recovered storage',
    );
  }

  /**
   * Applies a stored operation to memory. Idempotent, because a crash between writing a snapshot and emptying
   * the journal replays journal records over a snapshot that already contains them.
   */
  private apply(operation: StoredOperation): void {
    switch (operation.o) {
      case 'createCollection': {
        const collections = this.collectionsOf(operation.db, true)!;
        if (!collections.has(operation.c)) collections.set(operation.c, new Collection(operation.db, operation.c, operation.options));
        return;
      }
      case 'dropCollection': {
        const collection = this.databases.get(operation.db)?.get(operation.c);
        if (collection) collection.dropped = true;
        this.databases.get(operation.db)?.delete(operation.c);
        if (this.databases.get(operation.db)?.size === 0) this.databases.delete(operation.db);
        return;
      }
      case 'dropDatabase':
        for (const collection of this.databases.get(operation.db)?.values() ?? []) collection.dropped = true;
        this.databases.delete(operation.db);
        return;
      case 'createIndex': {
        const collection = this.requireCollection(operation.db, operation.c);
        if (!collection.indexes.has(operation.spec.name)) collection.restoreIndex(operation.spec);
        return;
      }
      case 'dropIndex':
        this.requireCollection(operation.db, operation.c).indexes.delete(operation.name);
        return;
      case 'put':
        this.requireCollection(operation.db, operation.c).put(operation.d);
        return;
      case 'delete': {
        const collection = this.requireCollection(operation.db, operation.c);
        const existing = collection.findById(operation.id);
        if (existing) collection.remove(existing);
        return;
      }
    }
  }

  private record(operation: StoredOperation): void {
    this.journal?.append(operation);
  }

  private collectionsOf(database: string, create: boolean): Map<string, Collection> | undefined {
    let collections = this.databases.get(database);
    if (!collections && create) {
      collections = new Map();
      this.databases.set(database, collections);
    }
    return collections;
  }

  private requireCollection(database: string, name: string): Collection {
    const collections = this.collectionsOf(database, true)!;
    let collection = collections.get(name);
    if (!collection) {
      collection = new Collection(database, name);
      collections.set(name, collection);
    }
    return collection;
  }

  getCollection(database: string, name: string): Collection | undefined {
    return this.databases.get(database)?.get(name);
  }

  /** The collection, created implicitly (as MongoDB does on first write) when absent. */
  ensureCollection(database: string, name: string): Collection {
    return this.getCollection(database, name) ?? this.createCollection(database, name, {});
  }

  createCollection(database: string, name: string, options: Document): Collection {
    validateNamespace(database, name);
    if (this.getCollection(database, name)) throw namespaceExists(`Collection ${database}.${name} already exists.`);
    const operation: StoredOperation = { o: 'createCollection', db: database, c: name, options };
    this.apply(operation);
    this.record(operation);
    return this.getCollection(database, name)!;
  }

  dropCollection(database: string, name: string): boolean {
    if (!this.getCollection(database, name)) return false;
    const operation: StoredOperation = { o: 'dropCollection', db: database, c: name };
    this.apply(operation);
    this.record(operation);
    return true;
  }

  dropDatabase(database: string): void {
    if (!this.databases.has(database)) return;
    const operation: StoredOperation = { o: 'dropDatabase', db: database };
    this.apply(operation);
    this.record(operation);
  }

  databaseNames(): string[] {
    return [...this.databases.keys()];
  }

  collectionsIn(database: string): Collection[] {
    return [...(this.databases.get(database)?.values() ?? [])];
  }

  /**
   * Document writes: each is applied to memory (document map, indexes, unique checks) and appended to the journal in
   * one synchronous step, so a command that yields between documents never leaves a document half-written. A
   * collection dropped while a command yielded takes no more writes (they would reach the journal for a collection
   * memory no longer has).
   */
  insertDocument(collection: Collection, document: Document): void {
    assertNotDropped(collection);
    collection.insert(document);
    this.record({ o: 'put', db: collection.database, c: collection.name, d: document });
  }

  replaceDocument(collection: Collection, previous: Document, next: Document): void {
    assertNotDropped(collection);
    collection.replace(previous, next);
    this.record({ o: 'put', db: collection.database, c: collection.name, d: next });
  }

  deleteDocument(collection: Collection, document: Document): void {
    assertNotDropped(collection);
    if (collection.remove(document)) this.record({ o: 'delete', db: collection.database, c: collection.name, id: document._id });
  }

  /**
   * Builds an index in slices while the collection stays open for reads and writes: the scan walks the documents as
   * they were when the build started, skipping those changed since (the change itself reached the index through
   * the collection's build hook), and the index is registered and journaled in one synchronous step at the end, as
   * `createIndex` would have built it at that moment. Returns false when an identical index exists (then or by the
   * end); a stop (deadline, closed connection) or a unique-key conflict leaves no trace of the index.
   */
  async buildIndex(collection: Collection, spec: IndexSpec, operation: Interruptible): Promise<boolean> {
    assertNotDropped(collection);
    if (!collection.checkNewIndex(spec)) return false;
    const build: IndexBuild = { index: new CollectionIndex(spec) };
    const snapshot = [...collection.documents.entries()];
    collection.builds.add(build);
    try {
      for (const [key, document] of snapshot) {
        if (operation.tick()) {
          await operation.pause();
          if (collection.dropped) throw indexBuildAborted(`collection ${collection.namespace} was dropped during the index build`);
        }
        if (build.conflict) throw build.conflict;
        if (collection.documents.get(key) !== document) continue; // changed since the snapshot: the hook indexed it
        collection.addToNewIndex(build.index, document);
      }
      if (build.conflict) throw build.conflict;
      if (collection.dropped) throw indexBuildAborted(`collection ${collection.namespace} was dropped during the index build`);
      if (!collection.checkNewIndex(spec)) return false;
      collection.indexes.set(spec.name, build.index);
      this.record({ o: 'createIndex', db: collection.database, c: collection.name, spec });
      return true;
    } finally {
      collection.builds.delete(build);
    }
  }

  dropIndex(collection: Collection, name: string): void {
    collection.dropIndex(name);
    this.record({ o: 'dropIndex', db: collection.database, c: collection.name, name });
  }

  /** Resolves once every change made so far is durable; call before acknowledging a write. */
  async flush(): Promise<void> {
    if (!this.journal) return;
    await this.journal.flush();
    if (this.journal.size > this.compactionThreshold() && !this.compacting) void this.startCompaction(true);
  }

  /**
   * The journal size that starts a compaction: the configured size, or the last snapshot's when that is larger. A
   * fixed threshold alone made every 64 MiB of a bulk load rewrite the whole data set (quadratic in its size);
   * growing with the snapshot keeps the total rewritten within about twice what was written, and recovery replays
   * at most about twice the data.
   */
  compactionThreshold(): number {
    return Math.max(this.options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER_BYTES, this.snapshotBytes);
  }

  compactionStats(): CompactionStats {
    return { ...this.compactions, running: this.compacting !== null, snapshotBytes: this.snapshotBytes };
  }

  /** Bytes in the journal now (records not yet folded into the snapshot). */
  get journalBytes(): number {
    return this.journal?.size ?? 0;
  }

  /** Documents in every collection. */
  documentCount(): number {
    let count = 0;
    for (const collections of this.databases.values()) for (const collection of collections.values()) count += collection.documents.size;
    return count;
  }

  /**
   * Writes a fresh snapshot of everything and drops the journal it replaces (see runCompaction). One at a time: a
   * call while one runs waits for it and then compacts again (writes made meanwhile are in the new journal).
   */
  async compact(): Promise<void> {
    while (this.compacting) await this.compacting;
    await this.startCompaction(false);
  }

  private startCompaction(automatic: boolean): Promise<void> {
    const monitor = new PauseMonitor().start();
    const started = performance.now();
    const run = this.runCompaction().then((ran) => {
      const pauses = monitor.stop();
      if (!ran) return;
      const ms = performance.now() - started;
      const stats = this.compactions;
      stats.completed++;
      if (automatic) stats.automatic++;
      stats.lastMs = ms;
      stats.lastPauseMs = pauses.longestMs;
      stats.longestPauseMs = Math.max(stats.longestPauseMs, pauses.longestMs);
      stats.lastPauseOwnMs = pauses.longestOwnMs;
      stats.longestPauseOwnMs = Math.max(stats.longestPauseOwnMs, pauses.longestOwnMs);
      this.options.logger?.info(
        { ms: Math.round(ms), longestPauseMs: round(pauses.longestMs), longestPauseOwnMs: round(pauses.longestOwnMs), snapshotBytes: this.snapshotBytes, automatic },
        'compacted journal into snapshot',
      );
    });
    this.compacting = run.finally(() => {
      monitor.stop();
      this.compacting = null;
    });
    if (automatic) this.compacting.catch((error: unknown) => this.options.logger?.error({ err: error }, 'compaction failed'));
    return this.compacting;
  }

  /**
   * Without stopping the world: the journal is switched for a new one in one synchronous step, then the snapshot is
   * encoded and written a chunk at a time while writes go on into the new journal. A document written meanwhile may
   * be in the snapshot in its old or new state; replaying the new journal over it gives the same result either way
   * (see apply). Recovery replays the snapshot, the previous journal (until the new snapshot has replaced it) and the
   * current one. False when there is nothing to compact (no data directory, or closed).
   */
  private async runCompaction(): Promise<boolean> {
    const dataDir = this.options.dataDir;
    if (!this.journal || !dataDir) return false;
    await this.journal.settle();
    // No await from here until the switch: no record can be appended to the old journal after it settled.
    const previousJournal = this.journal;
    renameSync(join(dataDir, JOURNAL_FILE), join(dataDir, PREVIOUS_JOURNAL_FILE));
    // The new journal acknowledges nothing before the rename is durable (else a crash could lose both names).
    const renamed = syncDirectoryAsync(dataDir);
    this.journal = new Journal(join(dataDir, JOURNAL_FILE), renamed);
    await renamed;
    await previousJournal.close();
    this.snapshotBytes = await this.writeSnapshotIncrementally(dataDir);
    await fsp.unlink(join(dataDir, PREVIOUS_JOURNAL_FILE));
    await syncDirectoryAsync(dataDir);
    return true;
  }

  /**
   * Returns the snapshot's size in bytes. Records are encoded straight into one chunk buffer, reused for the whole
   * snapshot (see SnapshotChunk): at a million documents the young generation's garbage, not the encoding, made the
   * pauses (each scavenge walks every page of the old generation, ~15 ms at 3.4 GB, and the promoted garbage started
   * a mark of the whole heap, whose scavenges then took 50-100 ms).
   */
  private async writeSnapshotIncrementally(dataDir: string): Promise<number> {
    const temporaryPath = join(dataDir, `${SNAPSHOT_FILE}.tmp`);
    const file = await fsp.open(temporaryPath, 'w');
    const chunk = new SnapshotChunk();
    let totalBytes = 0;
    const flushChunk = async () => {
      if (chunk.used > 0) await file.write(chunk.buffer, 0, chunk.used);
      totalBytes += chunk.used;
      chunk.used = 0;
    };
    try {
      // Maps are iterated live: entries added meanwhile may be visited, removed ones are not; both are in the new journal.
      for (const [database, collections] of this.databases) {
        for (const collection of collections.values()) {
          chunk.append({ o: 'createCollection', db: database, c: collection.name, options: collection.options });
          for (const index of collection.indexes.values()) {
            if (index.name !== ID_INDEX_NAME) chunk.append({ o: 'createIndex', db: database, c: collection.name, spec: index.spec });
          }
          // One operation object for all of the collection's documents (only `d` changes), and a synchronous loop
          // per slice: an await per document made garbage of its own (its promise and continuation).
          const put: StoredOperation & { o: 'put' } = { o: 'put', db: database, c: collection.name, d: {} };
          const documents = collection.documents.values();
          for (let finished = false; !finished; ) {
            for (let count = 0; count < SNAPSHOT_CHUNK_DOCUMENTS && chunk.used <= SNAPSHOT_CHUNK_BYTES; count++) {
              const next = documents.next();
              if (next.done) {
                finished = true;
                break;
              }
              put.d = next.value;
              chunk.append(put);
            }
            if (chunk.used > SNAPSHOT_CHUNK_BYTES || !finished) {
              await flushChunk();
              await nextTurn();
            }
          }
        }
      }
      await flushChunk();
      await file.sync();
    } finally {
      await file.close();
    }
    await fsp.rename(temporaryPath, join(dataDir, SNAPSHOT_FILE));
    await syncDirectoryAsync(dataDir);
    return totalBytes;
  }

  private writeSnapshot(dataDir: string): void {
    const temporaryPath = join(dataDir, `${SNAPSHOT_FILE}.tmp`);
    const fd = openSync(temporaryPath, 'w');
    this.snapshotBytes = 0;
    const chunk = new SnapshotChunk();
    const flushChunk = () => {
      if (chunk.used > 0) writeSync(fd, chunk.buffer, 0, chunk.used);
      this.snapshotBytes += chunk.used;
      chunk.used = 0;
    };
    const write = (operation: StoredOperation) => {
      chunk.append(operation);
      if (chunk.used > 1 << 20) flushChunk();
    };
    try {
      for (const [database, collections] of this.databases) {
        for (const collection of collections.values()) {
          write({ o: 'createCollection', db: database, c: collection.name, options: collection.options });
          for (const index of collection.indexes.values()) {
            if (index.name !== ID_INDEX_NAME) write({ o: 'createIndex', db: database, c: collection.name, spec: index.spec });
          }
          const put: StoredOperation & { o: 'put' } = { o: 'put', db: database, c: collection.name, d: {} };
          for (const document of collection.documents.values()) {
            put.d = document;
            write(put);
          }
        }
      }
      flushChunk();
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporaryPath, join(dataDir, SNAPSHOT_FILE));
    syncDirectory(dataDir);
  }

  async close(): Promise<void> {
    while (this.compacting) await this.compacting;
    if (this.journal) {
      await this.journal.flush();
      await this.journal.close();
      this.journal = null;
    }
    this.unlock?.();
    this.unlock = undefined;
  }

}

/** Room for one record of the largest document (its BSON, the operation around it, the record header). */
const LARGEST_RECORD_BYTES = MAX_BSON_OBJECT_SIZE + 64 * 1024;

/**
 * The snapshot's bytes not yet written: one buffer for the whole snapshot, records encoded into it in place (no
 * Buffer per record), written out and reused from its start once it holds a chunk's worth.
 */
class SnapshotChunk {
  readonly buffer = Buffer.allocUnsafe((1 << 20) + LARGEST_RECORD_BYTES);
  used = 0;

  append(operation: StoredOperation): void {
    this.used += encodeRecordInto(operation, this.buffer, this.used);
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function assertNotDropped(collection: Collection): void {
  if (collection.dropped) throw queryPlanKilled(`collection ${collection.namespace} was dropped during the operation`);
}

function validateNamespace(database: string, collection: string): void {
  if (!database || /[/\\. "$\0]/.test(database)) throw invalidNamespace(`Invalid database name: '${database}'`);
  if (!collection || collection.includes('\0') || collection.startsWith('.') || collection.startsWith('system.') || collection.includes('$')) {
    throw invalidNamespace(`Invalid collection name: '${collection}'`);
  }
}

/** Makes renames and removals in the directory durable. */
function syncDirectory(dataDir: string): void {
  const directory = openSync(dataDir, 'r');
  try {
    fsyncSync(directory);
  } finally {
    closeSync(directory);
  }
}

async function syncDirectoryAsync(dataDir: string): Promise<void> {
  const directory = await fsp.open(dataDir, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
