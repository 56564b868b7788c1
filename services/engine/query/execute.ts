import type { Document } from 'bson';
import type { Query } from 'mingo';
import { filterQuery } from './filterQuery';
import { withSimpleConditions } from './simpleConditions';
import { compareBson, identityKey } from '../bsonOrder';
import { valuesAtPath } from '../storage/paths';
import { badValue, fromQueryEngineError, queryPlanKilled } from '../errors';
import { UNBOUNDED, type Interruptible } from '../operations';
import type { Collection } from '../storage/collection';
import type { CollectionIndex } from '../storage/indexes';
import { countFromIndexes } from './indexCount';
import { noteScan } from './scanCounters';
import { planQuery, scanIndex, type QueryPlan } from './planner';
import { parseSort, sortDocuments, type SortSpec } from './sort';
import { isPlainObject } from '../documents';

export interface QuerySpec {
  filter?: Document;
  sort?: unknown;
  skip?: number;
  /** 0 or undefined: no limit. */
  limit?: number;
  hint?: unknown;
}

export interface QueryStats {
  plan: QueryPlan;
  keysExamined: number;
  docsExamined: number;
}

export interface QueryResult {
  documents: Document[];
  stats: QueryStats;
  matcher: Matcher;
}

/**
 * Equality conditions on whole embedded documents at the top level of a filter (or of its `$and`): MongoDB
 * compares those field by field in order, mingo ignores the order, so they are re-checked here.
 */
function orderedEqualityChecks(filter: Document): Array<[path: string, value: Document]> {
  const checks: Array<[string, Document]> = [];
  for (const [field, condition] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(condition)) {
      for (const clause of condition) if (isPlainObject(clause)) checks.push(...orderedEqualityChecks(clause));
      continue;
    }
    if (field.startsWith('$') || !isPlainObject(condition)) continue;
    const keys = Object.keys(condition);
    if (keys.length > 0 && keys.every((key) => !key.startsWith('$'))) checks.push([field, condition]);
    else if (isPlainObject(condition.$eq)) checks.push([field, condition.$eq]);
  }
  return checks;
}

export interface Matcher {
  query: Query;
  test(document: Document): boolean;
}

export function compileFilter(filter: Document | undefined): Matcher {
  let query: Query;
  try {
    query = filterQuery(filter ?? {});
    // mingo compiles lazily in some paths; probing an empty document surfaces unknown operators now.
    query.test({});
  } catch (error) {
    throw fromQueryEngineError(error);
  }
  const checks = orderedEqualityChecks(filter ?? {});
  return {
    query,
    test: withSimpleConditions(filter ?? {}, (document) => {
      try {
        if (!query.test(document)) return false;
      } catch (error) {
        throw fromQueryEngineError(error);
      }
      for (const [path, value] of checks) if (!valuesAtPath(document, path).some((candidate) => compareBson(candidate, value) === 0)) return false;
      return true;
    }),
  };
}

function testDocument(matcher: Matcher, document: Document): boolean {
  return matcher.test(document);
}

function resolveHint(collection: Collection, hint: unknown): CollectionIndex | undefined {
  if (hint === undefined || hint === null) return undefined;
  const index =
    typeof hint === 'string'
      ? collection.indexes.get(hint)
      : typeof hint === 'object'
        ? collection.findIndexByKey(hint as Record<string, unknown>)
        : undefined;
  if (!index) throw badValue('hint provided does not correspond to an existing index');
  return index;
}

/**
 * Documents of a scan, in slices: after a pause (operations.ts) the collection may have changed under the scan, so
 * this checks it still exists and its index is still there (else QueryPlanKilled, as MongoDB's plan executor
 * reports it).
 */
async function pauseScan(operation: Interruptible, collection: Collection, plan: QueryPlan): Promise<void> {
  await operation.pause();
  if (collection.dropped) throw queryPlanKilled(`collection ${collection.namespace} was dropped during the query`);
  if (plan.kind === 'index' && collection.indexes.get(plan.index.name) !== plan.index) {
    throw queryPlanKilled(`index ${plan.index.name} was dropped during the query`);
  }
}

/**
 * Runs a filter/sort/skip/limit over one collection, using an index when one fits.
 *
 * The scan yields between slices (`operation`), reading the live collection: a collection scan walks the document
 * map (whose iterator survives changes; a document replaced during a pause moves to the end and can come round
 * again), an index scan resumes after changes (planner.scanIndex). When the collection changed during the scan, a
 * document matched twice is returned once (its first version), as a document is once in a MongoDB result.
 */
export async function runQuery(collection: Collection | undefined, spec: QuerySpec, operation: Interruptible = UNBOUNDED): Promise<QueryResult> {
  const matcher = compileFilter(spec.filter);
  const sort = parseSort(spec.sort);
  const skip = spec.skip ?? 0;
  const limit = spec.limit ?? 0;
  if (!collection) {
    return { documents: [], stats: { plan: { kind: 'collectionScan' }, keysExamined: 0, docsExamined: 0 }, matcher };
  }
  const plan = planQuery(collection, spec.filter ?? {}, sort, limit > 0, resolveHint(collection, spec.hint));
  const stats: QueryStats = { plan, keysExamined: 0, docsExamined: 0 };
  const source: Iterable<Document> = plan.kind === 'index' ? scanIndex(plan, stats) : collection.documents.values();
  const ordered = !sort || (plan.kind === 'index' && plan.providesSort);
  const wanted = ordered && limit > 0 ? skip + limit : Infinity;
  const startVersion = collection.version;
  // The entries of an index range whose equality prefix states the whole filter match it: nothing to test (a page by
  // category reads 21 entries of one range).
  const covered = isCoveredScan(plan, spec.filter ?? {});
  let seenIds: Set<string> | undefined;
  let matches: Document[] = [];
  for (const document of source) {
    if (operation.tick()) {
      await pauseScan(operation, collection, plan);
      if (!seenIds && collection.version !== startVersion) seenIds = new Set(matches.map((match) => identityKey(match._id)));
    }
    stats.docsExamined++;
    if (!covered && !testDocument(matcher, document)) continue;
    if (seenIds) {
      const id = identityKey(document._id);
      if (seenIds.has(id)) continue;
      seenIds.add(id);
    }
    matches.push(document);
    if (matches.length >= wanted) break;
  }
  noteScan(stats);
  if (!ordered) matches = await sortDocuments(matches, sort as SortSpec, operation);
  if (skip > 0 || limit > 0) matches = matches.slice(skip, limit > 0 ? skip + limit : undefined);
  return { documents: matches, stats, matcher };
}

/**
 * Visits the documents that match `filter`, in no particular order, without collecting them: a pipeline that folds
 * its matches into groups (read.ts) keeps no array of a million documents alive across the scan's slices (its growth
 * chain, 24 MB at a million, was promoted to the old generation by every statistics query). Returns false, having
 * visited only part of them, when the collection changed during a pause: the caller starts again with runQuery, which
 * returns a document matched twice once.
 */
export async function visitMatches(collection: Collection | undefined, filter: Document | undefined, operation: Interruptible, visit: (document: Document) => void): Promise<boolean> {
  const matcher = compileFilter(filter);
  if (!collection) return true;
  const plan = planQuery(collection, filter ?? {}, undefined, false);
  const stats: QueryStats = { plan, keysExamined: 0, docsExamined: 0 };
  const followIndex = plan.kind === 'index' && !isBroadRange(collection, filter ?? {});
  const documents = (followIndex ? scanIndex(plan, stats) : collection.documents.values())[Symbol.iterator]();
  const startVersion = collection.version;
  try {
    while (!visitSlice(documents, matcher, operation, stats, visit)) {
      await pauseScan(operation, collection, plan);
      if (collection.version !== startVersion) return false;
    }
    return true;
  } finally {
    noteScan(stats);
  }
}

/**
 * Of the documents, the share an index range may hold and still be followed by a scan in no order: past it the
 * collection is read instead (measured over 200,000 recalls: 2.9 µs an entry along an index, 0.5 µs a document
 * along the collection).
 */
const BROAD_RANGE_SHARE = 0.15;

/**
 * Whether the filter's matches, counted from index ranges where their shape allows, are a large share of the
 * collection. An index gives them in key order, scattered over the heap (a cache miss for each entry and its
 * document), where the collection gives them in about the order they were stored.
 */
function isBroadRange(collection: Collection, filter: Document): boolean {
  const matching = countFromIndexes(collection, filter);
  return matching !== undefined && matching > collection.documents.size * BROAD_RANGE_SHARE;
}

/**
 * Visits matches until the scan ends (true) or the operation asks for a pause (false). No `await` in here: in an
 * async function every iterator result (40 bytes a document) was allocated; in a plain loop V8 can do without.
 */
function visitSlice(documents: Iterator<Document>, matcher: Matcher, operation: Interruptible, stats: QueryStats, visit: (document: Document) => void): boolean {
  for (;;) {
    const next = documents.next();
    if (next.done === true) return true;
    stats.docsExamined++;
    if (testDocument(matcher, next.value)) visit(next.value);
    if (operation.tick()) return false;
  }
}

/** How this process's counts with a filter were answered (serverStatus `metrics.count`): from index ranges or by a scan. */
export const countSources = { indexRanges: 0, scans: 0 };

/**
 * Number of documents matching a filter. The filter shapes the lists use are answered from index key ranges without
 * visiting entries or documents (indexCount.ts); otherwise by a scan: when an index's equality prefix states the
 * whole filter (and the index has one entry per document), the entries in range are the answer and no document
 * needs testing, else each candidate is tested.
 */
export async function countMatches(collection: Collection | undefined, filter: Document | undefined, operation: Interruptible = UNBOUNDED): Promise<number> {
  if (!collection) return 0;
  const conditions = filter ?? {};
  const keys = Object.keys(conditions);
  if (keys.length === 0) return collection.documents.size;
  const fromIndexes = countFromIndexes(collection, conditions);
  if (fromIndexes !== undefined) {
    countSources.indexRanges++;
    return fromIndexes;
  }
  countSources.scans++;
  return countByScan(collection, conditions, operation);
}

/** Counting by visiting candidates (an index range, or every document) — the fallback, and the reference in tests. */
export async function countByScan(collection: Collection, conditions: Document, operation: Interruptible = UNBOUNDED): Promise<number> {
  const matcher = compileFilter(conditions);
  const plan = planQuery(collection, conditions, undefined, false);
  const stats = { keysExamined: 0, docsExamined: 0 };
  const covered = isCoveredScan(plan, conditions);
  const source: Iterable<Document> = plan.kind === 'index' ? scanIndex(plan, stats) : collection.documents.values();
  const startVersion = collection.version;
  const counted: Document[] = [];
  let countedIds: Set<string> | undefined;
  for (const document of source) {
    if (operation.tick()) {
      await pauseScan(operation, collection, plan);
      if (!countedIds && collection.version !== startVersion) countedIds = new Set(counted.map((match) => identityKey(match._id)));
    }
    stats.docsExamined++;
    if (!covered && !matcher.test(document)) continue;
    if (countedIds) {
      const id = identityKey(document._id);
      if (countedIds.has(id)) continue;
      countedIds.add(id);
    }
    counted.push(document);
  }
  noteScan(stats);
  return counted.length;
}

/** Entries in range of an index whose equality prefix states the whole filter match it without a test. */
function isCoveredScan(plan: QueryPlan, filter: Document): boolean {
  return plan.kind === 'index' && !plan.index.multikey && !plan.range && !plan.points && coveredByEqualityPrefix(plan.index.fields, plan.equalityPrefix.length, filter);
}

function coveredByEqualityPrefix(fields: string[], prefixLength: number, filter: Document): boolean {
  const keys = Object.keys(filter);
  if (keys.length !== prefixLength) return false;
  return keys.every((key) => {
    if (!fields.slice(0, prefixLength).includes(key)) return false;
    const condition = filter[key];
    // Plain scalars only: null, arrays and documents have matching rules an index range does not capture.
    return condition !== null && (typeof condition !== 'object' || condition instanceof Date || (condition as { _bsontype?: string })._bsontype === 'ObjectId');
  });
}
