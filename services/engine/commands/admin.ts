import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Document } from 'bson';
import { filterQuery } from '../query/filterQuery';
import { badValue, namespaceNotFound } from '../errors';
import { countSources } from '../query/execute';
import { queryExecutorCounters } from '../query/scanCounters';
import { eventLoopStats } from '../eventLoop';
import { STORED_STRINGS } from '../storage/stringInterning';
import { ID_INDEX_NAME } from '../storage/collection';
import { defaultIndexName, type IndexDirection, type IndexSpec } from '../storage/indexes';
import { MAX_BSON_OBJECT_SIZE, MAX_MESSAGE_SIZE_BYTES } from '../wire';
import type { CommandHandler } from './context';
import { collectionNameOf } from './context';

export const ENGINE_VERSION = '7.0.0';

export const hello: CommandHandler = (_command, context) => ({
  helloOk: true,
  ismaster: true,
  isWritablePrimary: true,
  maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
  maxMessageSizeBytes: MAX_MESSAGE_SIZE_BYTES,
  maxWriteBatchSize: 100_000,
  localTime: new Date(),
  logicalSessionTimeoutMinutes: 30,
  connectionId: context.connectionId,
  minWireVersion: 0,
  maxWireVersion: 21,
  readOnly: false,
  ok: 1,
});

export const ping: CommandHandler = () => ({ ok: 1 });

const processStartedAt = Date.now();

/**
 * A subset of MongoDB's serverStatus, plus `operations`: the engine's commands in progress and how commands ended,
 * with the stops by cause (maxTimeMS, client disconnected, killOp) and how long after the signal each stop came.
 * Also the engine's own figures: `mem` (resident and V8 heap bytes), `storage` (documents, journal and snapshot
 * bytes), `compaction` (how many, how long, the longest event-loop pause while one ran) and `eventLoop` (the longest
 * pause since the engine started, or since the last `{ serverStatus: 1, resetEventLoop: true }`).
 */
export const serverStatus: CommandHandler = (command, context) => {
  const operations = context.operations.stats();
  const memory = process.memoryUsage();
  return {
    host: 'jjj-embedded-engine',
    version: ENGINE_VERSION,
    process: 'jjj-engine',
    pid: process.pid,
    uptime: Math.floor((Date.now() - processStartedAt) / 1000),
    uptimeMillis: Date.now() - processStartedAt,
    localTime: new Date(),
    metrics: { cursor: { open: { total: context.cursors.openCount } }, count: { ...countSources }, queryExecutor: { ...queryExecutorCounters } },
    operations,
    mem: { bits: 64, resident: Math.round(memory.rss / 2 ** 20), residentBytes: memory.rss, heapUsedBytes: memory.heapUsed },
    storage: { documents: context.storage.documentCount(), journalBytes: context.storage.journalBytes, compactAfterBytes: context.storage.compactionThreshold(), sharedStrings: STORED_STRINGS.size },
    compaction: context.storage.compactionStats(),
    eventLoop: eventLoopStats(command.resetEventLoop === true),
    ok: 1,
  };
};

/** V8's full collection, made callable once (`--expose-gc` set at run time: the engine's command line need not carry it). */
let fullCollection: (() => void) | undefined;

/**
 * `{ collectGarbage: 1 }` (the engine's own command, not MongoDB's): a full garbage collection now, answered with how
 * long it took and the heap before and after. After a bulk load the grown heap owes V8 a full collection, which
 * otherwise comes whenever the heap next crosses V8's limit, its marking taking a CPU from the requests of that
 * moment; an operator (or a benchmark) pays it right after the load instead. It stops the engine for its whole
 * duration (13 s at a million recalls on two cores): for an engine that takes no traffic yet.
 */
export const collectGarbage: CommandHandler = () => {
  if (!fullCollection) {
    setFlagsFromString('--expose-gc');
    fullCollection = runInNewContext('gc') as () => void;
  }
  const heapUsedBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  fullCollection();
  const ms = Math.round((performance.now() - started) * 100) / 100;
  return { ms, heapUsedBytesBefore: heapUsedBefore, heapUsedBytesAfter: process.memoryUsage().heapUsed, ok: 1 };
};

/**
 * MongoDB's `compact` (whatever collection it names): folds the journal into a fresh snapshot now, without stopping
 * other commands, and answers when it is done with the compaction's figures.
 */
export const compact: CommandHandler = async (command, context) => {
  collectionNameOf(command, 'compact');
  await context.storage.compact();
  return { ...context.storage.compactionStats(), ok: 1 };
};

/** MongoDB's currentOp: the commands running now (`inprog`), this one included. */
export const currentOp: CommandHandler = (_command, context) => ({
  inprog: context.operations.list().map((operation) => operation.describe()),
  ok: 1,
});

/** MongoDB's killOp: the operation stops at its next pause with `Interrupted` (11601). */
export const killOp: CommandHandler = (command, context) => {
  const opid = Number(command.op);
  if (!Number.isFinite(opid)) throw badValue("killOp requires a numeric 'op' field");
  context.operations.kill(opid);
  return { info: 'attempting to kill op', ok: 1 };
};

export const buildInfo: CommandHandler = () => ({
  version: ENGINE_VERSION,
  versionArray: [7, 0, 0, 0],
  gitVersion: 'jjj-embedded-engine',
  bits: 64,
  maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
  storageEngines: ['jjj-journal'],
  ok: 1,
});

export const noOp: CommandHandler = () => ({ ok: 1 });

export const connectionStatus: CommandHandler = () => ({
  authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] },
  ok: 1,
});

export const listDatabases: CommandHandler = (command, context) => {
  const databases = context.storage.databaseNames().map((name) => ({ name, sizeOnDisk: 0, empty: false }));
  return command.nameOnly ? { databases: databases.map(({ name }) => ({ name })), ok: 1 } : { databases, totalSize: 0, ok: 1 };
};

export const listCollections: CommandHandler = (command, context) => {
  let entries: Document[] = context.storage.collectionsIn(context.database).map((collection) => ({
    name: collection.name,
    type: 'collection',
    options: collection.options,
    info: { readOnly: false },
    idIndex: { v: 2, key: { _id: 1 }, name: ID_INDEX_NAME },
  }));
  if (command.filter && typeof command.filter === 'object') {
    const matcher = filterQuery(command.filter as Document);
    entries = entries.filter((entry) => matcher.test(entry));
  }
  if (command.nameOnly) entries = entries.map(({ name, type }) => ({ name, type }));
  const cursorOptions = (command.cursor ?? {}) as Document;
  return {
    cursor: context.cursors.open(`${context.database}.$cmd.listCollections`, entries, cursorOptions.batchSize as number | undefined),
    ok: 1,
  };
};

export const create: CommandHandler = async (command, context) => {
  const name = collectionNameOf(command, 'create');
  const { create: _name, $db, lsid, writeConcern, $clusterTime, $readPreference, apiVersion, ...options } = command;
  context.storage.createCollection(context.database, name, options);
  await context.storage.flush();
  return { ok: 1 };
};

export const drop: CommandHandler = async (command, context) => {
  const name = collectionNameOf(command, 'drop');
  const collection = context.storage.getCollection(context.database, name);
  const indexCount = collection?.indexes.size ?? 0;
  context.storage.dropCollection(context.database, name);
  await context.storage.flush();
  return collection ? { nIndexesWas: indexCount, ns: `${context.database}.${name}`, ok: 1 } : { ok: 1 };
};

export const dropDatabase: CommandHandler = async (_command, context) => {
  context.storage.dropDatabase(context.database);
  await context.storage.flush();
  return { dropped: context.database, ok: 1 };
};

function parseIndexSpec(raw: Document): IndexSpec {
  if (!raw || typeof raw.key !== 'object' || raw.key === null || Object.keys(raw.key).length === 0) {
    throw badValue('index specification must have a non-empty key pattern');
  }
  const key: Record<string, IndexDirection> = {};
  for (const [field, direction] of Object.entries(raw.key as Document)) {
    if (direction !== 1 && direction !== -1) {
      throw badValue(`Values in the index key pattern can only be 1 or -1 in the embedded engine (text, hashed and geo indexes are not supported); got ${JSON.stringify(direction)} for '${field}'`);
    }
    key[field] = direction;
  }
  const spec: IndexSpec = { name: typeof raw.name === 'string' ? raw.name : defaultIndexName(key), key };
  if (raw.unique) spec.unique = true;
  if (raw.sparse) spec.sparse = true;
  if (raw.partialFilterExpression) spec.partialFilterExpression = raw.partialFilterExpression as Document;
  if (raw.expireAfterSeconds !== undefined) spec.expireAfterSeconds = Number(raw.expireAfterSeconds);
  return spec;
}

export const createIndexes: CommandHandler = async (command, context) => {
  const name = collectionNameOf(command, 'createIndexes');
  if (!Array.isArray(command.indexes) || command.indexes.length === 0) throw badValue("Must specify at least one index to create");
  const specs = (command.indexes as Document[]).map(parseIndexSpec);
  const existed = Boolean(context.storage.getCollection(context.database, name));
  const collection = context.storage.ensureCollection(context.database, name);
  const before = collection.indexes.size;
  let created = 0;
  try {
    // Each index is built in slices while the collection stays open (Storage.buildIndex).
    for (const spec of specs) if (await context.storage.buildIndex(collection, spec, context.operation)) created++;
  } finally {
    await context.storage.flush();
  }
  const reply: Document = { numIndexesBefore: before, numIndexesAfter: collection.indexes.size, createdCollectionAutomatically: !existed, ok: 1 };
  if (created === 0) reply.note = 'all indexes already exist';
  return reply;
};

function describeIndex(spec: IndexSpec): Document {
  const { name, key, ...options } = spec;
  if (name === ID_INDEX_NAME) return { v: 2, key, name };
  return { v: 2, key, name, ...options };
}

export const listIndexes: CommandHandler = (command, context) => {
  const name = collectionNameOf(command, 'listIndexes');
  const collection = context.storage.getCollection(context.database, name);
  if (!collection) throw namespaceNotFound(`ns does not exist: ${context.database}.${name}`);
  const indexes = [...collection.indexes.values()].map((index) => describeIndex(index.spec));
  const cursorOptions = (command.cursor ?? {}) as Document;
  return { cursor: context.cursors.open(`${context.database}.${name}`, indexes, cursorOptions.batchSize as number | undefined), ok: 1 };
};

export const dropIndexes: CommandHandler = async (command, context) => {
  const name = collectionNameOf(command, 'dropIndexes' in command ? 'dropIndexes' : 'deleteIndexes');
  const collection = context.storage.getCollection(context.database, name);
  if (!collection) throw namespaceNotFound(`ns not found ${context.database}.${name}`);
  const before = collection.indexes.size;
  const target = command.index;
  let names: string[];
  if (target === '*') names = [...collection.indexes.keys()].filter((indexName) => indexName !== ID_INDEX_NAME);
  else if (typeof target === 'string') names = [target];
  else if (Array.isArray(target)) names = target.map(String);
  else if (target && typeof target === 'object') {
    const index = collection.findIndexByKey(target as Record<string, unknown>);
    if (!index) throw namespaceNotFound(`can't find index with key: ${JSON.stringify(target)}`);
    names = [index.name];
  } else throw badValue("'index' must be a name, a key pattern, an array of names or '*'");
  try {
    for (const indexName of names) context.storage.dropIndex(collection, indexName);
  } finally {
    await context.storage.flush();
  }
  return { nIndexesWas: before, ok: 1 };
};
