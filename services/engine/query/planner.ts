import type { Document } from 'bson';
import { MAX_KEY, MIN_KEY } from '../bsonOrder';
import type { Collection } from '../storage/collection';
import type { CollectionIndex, IndexEntry } from '../storage/indexes';
import type { SortSpec } from './sort';
import { isPlainObject } from '../documents';

/** What the top level of a filter says about one field, in terms an index scan can use. */
interface FieldBounds {
  equals?: unknown;
  hasEquals?: boolean;
  inValues?: unknown[];
  low?: unknown;
  high?: unknown;
}

export interface IndexScanPlan {
  kind: 'index';
  index: CollectionIndex;
  equalityPrefix: unknown[];
  /** Values of the field after the equality prefix: a range, or points for `$in`. */
  range?: { low?: unknown; high?: unknown };
  points?: unknown[];
  /**
   * With `points`: each point's range is in the requested sort order (the fields after the `$in` field give it), so
   * the scan merges the ranges in that order (MongoDB's SORT_MERGE) and a page with a limit stops after its rows.
   */
  mergePoints?: boolean;
  /** With `mergePoints`: the range of the field after the points' field, within each point (a keyset page's cursor). */
  innerRange?: { low?: unknown; high?: unknown };
  reverse: boolean;
  /** True when the scan yields documents already in the requested sort order. */
  providesSort: boolean;
}

export type QueryPlan = { kind: 'collectionScan' } | IndexScanPlan;

/** A value an index point lookup can stand for exactly (arrays and regexes match differently). */
function isIndexableScalar(value: unknown): boolean {
  if (Array.isArray(value) || value instanceof RegExp) return false;
  if (isPlainObject(value)) return Object.keys(value).every((key) => !key.startsWith('$'));
  return (value as { _bsontype?: string } | null)?._bsontype !== 'BSONRegExp';
}

function collectBounds(filter: Document, bounds: Map<string, FieldBounds>): void {
  for (const [field, condition] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(condition)) {
      for (const clause of condition) if (isPlainObject(clause)) collectBounds(clause, bounds);
      continue;
    }
    if (field.startsWith('$')) continue;
    const fieldBounds = bounds.get(field) ?? {};
    if (isPlainObject(condition) && Object.keys(condition).some((key) => key.startsWith('$'))) {
      for (const [operator, operand] of Object.entries(condition)) {
        if (operator === '$eq' && isIndexableScalar(operand)) Object.assign(fieldBounds, { equals: operand, hasEquals: true });
        else if (operator === '$in' && Array.isArray(operand) && operand.length <= 500 && operand.every(isIndexableScalar)) {
          // One value is an equality ({ f: { $in: [x] } } matches what { f: x } does): it can lead an equality prefix.
          if (operand.length === 1) Object.assign(fieldBounds, { equals: operand[0], hasEquals: true });
          else fieldBounds.inValues = operand;
        } else if (operator === '$gt' || operator === '$gte') fieldBounds.low = operand;
        else if (operator === '$lt' || operator === '$lte') fieldBounds.high = operand;
      }
    } else if (isIndexableScalar(condition)) {
      Object.assign(fieldBounds, { equals: condition, hasEquals: true });
    }
    bounds.set(field, fieldBounds);
  }
}

export function planQuery(collection: Collection, filter: Document, sort: SortSpec | undefined, hasLimit: boolean, hint?: CollectionIndex): QueryPlan {
  const bounds = new Map<string, FieldBounds>();
  collectBounds(filter, bounds);
  let best: { plan: IndexScanPlan; score: number } | undefined;
  const candidates = hint ? [hint] : [...collection.indexes.values()].filter((index) => index.coversAllDocuments);
  for (const index of candidates) {
    const plan = planForIndex(index, bounds, sort);
    const selectivity = plan.equalityPrefix.length * 10 + (plan.range || plan.points ? 5 : 0) + (plan.innerRange ? 5 : 0);
    const score = plan.providesSort && (hasLimit || selectivity === 0) ? 1000 + selectivity : selectivity;
    if (hint || (score > 0 && (!best || score > best.score))) best = { plan, score };
  }
  return best ? best.plan : { kind: 'collectionScan' };
}

function planForIndex(index: CollectionIndex, bounds: Map<string, FieldBounds>, sort: SortSpec | undefined): IndexScanPlan {
  const equalityPrefix: unknown[] = [];
  for (const field of index.fields) {
    const fieldBounds = bounds.get(field);
    if (!fieldBounds?.hasEquals) break;
    equalityPrefix.push(fieldBounds.equals);
  }
  const nextField = index.fields[equalityPrefix.length];
  const nextBounds = nextField === undefined ? undefined : bounds.get(nextField);
  let range: IndexScanPlan['range'];
  let points: unknown[] | undefined;
  if (nextBounds?.inValues) points = nextBounds.inValues;
  else if (nextBounds && (nextBounds.low !== undefined || nextBounds.high !== undefined)) range = { low: nextBounds.low, high: nextBounds.high };
  if (points) {
    // Each point's range is ordered by the fields after it: merged, the ranges give the sort when it does not name
    // the `$in` field itself (that order runs across the points).
    const mergedOrder = sort && !sort.some(([field]) => field === nextField) ? sortOrderFromIndex(index, equalityPrefix.length + 1, sort) : 'none';
    if (mergedOrder === 'none') return { kind: 'index', index, equalityPrefix, points, reverse: false, providesSort: false };
    const innerField = index.fields[equalityPrefix.length + 1];
    const innerBounds = innerField === undefined ? undefined : bounds.get(innerField);
    const innerRange = innerBounds && !innerBounds.hasEquals && (innerBounds.low !== undefined || innerBounds.high !== undefined) ? { low: innerBounds.low, high: innerBounds.high } : undefined;
    return { kind: 'index', index, equalityPrefix, points, mergePoints: true, ...(innerRange ? { innerRange } : {}), reverse: mergedOrder === 'reverse', providesSort: true };
  }
  const order = sortOrderFromIndex(index, equalityPrefix.length, sort);
  return {
    kind: 'index',
    index,
    equalityPrefix,
    range,
    reverse: order === 'reverse',
    providesSort: order !== 'none',
  };
}

/** Whether scanning the index after its equality prefix yields the sort order, forwards or backwards. */
function sortOrderFromIndex(index: CollectionIndex, prefixLength: number, sort: SortSpec | undefined): 'forward' | 'reverse' | 'none' {
  if (!sort) return 'none';
  let sign: number | undefined;
  let position = prefixLength;
  for (const [field, direction] of sort) {
    let fieldDirection: number;
    if (position < index.fields.length && index.fields[position] === field) {
      fieldDirection = index.directions[position];
      position++;
    } else if (field === '_id' && position === index.fields.length) {
      fieldDirection = 1; // entries tie-break on _id ascending
      position++;
    } else if (index.fields.indexOf(field) > -1 && index.fields.indexOf(field) < prefixLength) {
      continue; // sorting on a field fixed by equality changes nothing
    } else {
      return 'none';
    }
    const fieldSign = direction * fieldDirection;
    if (sign === undefined) sign = fieldSign;
    else if (sign !== fieldSign) return 'none';
  }
  return sign === -1 ? 'reverse' : 'forward';
}

/**
 * Index entries the plan visits, in index order (or reversed), each document once. The consumer may yield between
 * documents (see operations.ts) while other commands change the collection; B+ tree iterators do not survive
 * changes, so after one the scan resumes just past the last entry it returned, as MongoDB's index scans do after
 * a yield. (A document whose key moved past the scan position can then be seen again: runQuery drops repeats.)
 */
export function* scanIndex(plan: IndexScanPlan, stats: { keysExamined: number }): Generator<Document> {
  const seen = plan.index.multikey || plan.points ? new Set<unknown>() : undefined;
  const entries = plan.mergePoints && plan.points
    ? mergeRanges(plan, plan.points.map((point) => ({ ...plan, equalityPrefix: [...plan.equalityPrefix, point] })), plan.innerRange ?? {}, stats)
    : concatRanges(plan, plan.points ? plan.points.map((point) => ({ low: point, high: point })) : [plan.range ?? {}], stats);
  for (const [, document] of entries) {
    if (seen) {
      if (seen.has(document)) continue;
      seen.add(document);
    }
    yield document;
  }
}

function* concatRanges(plan: IndexScanPlan, ranges: Array<{ low?: unknown; high?: unknown }>, stats: { keysExamined: number }): Generator<[IndexEntry, Document]> {
  for (const range of ranges) yield* scanRange(plan, range, stats);
}

/**
 * The points' ranges (each point a one-longer equality prefix, with the inner range after it) in one order: each
 * range is already in it, so the next entry is the first of the ranges' heads, compared on the fields after the
 * points' field (and `_id`). A head read before the consumer paused is checked against the tree again when the index
 * changed meanwhile (its document may have been changed or removed).
 */
function* mergeRanges(plan: IndexScanPlan, pointPlans: IndexScanPlan[], innerRange: { low?: unknown; high?: unknown }, stats: { keysExamined: number }): Generator<[IndexEntry, Document]> {
  const { index } = plan;
  const from = plan.equalityPrefix.length + 1;
  const sign = plan.reverse ? -1 : 1;
  const scans = pointPlans.map((pointPlan) => scanRange(pointPlan, innerRange, stats));
  const heads: Array<{ entry: IndexEntry; document: Document; version: number } | undefined> = scans.map(() => undefined);
  const advance = (i: number) => {
    const step = scans[i]!.next();
    heads[i] = step.done ? undefined : { entry: step.value[0], document: step.value[1], version: index.version };
  };
  for (let i = 0; i < scans.length; i++) advance(i);
  for (;;) {
    let first = -1;
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i];
      if (head && (first < 0 || sign * index.compareEntriesFrom(head.entry, heads[first]!.entry, from) < 0)) first = i;
    }
    if (first < 0) return;
    const head = heads[first]!;
    advance(first);
    if (head.version !== index.version && index.tree.get(head.entry) !== head.document) continue;
    yield [head.entry, head.document];
  }
}

/** One range's entries, in index order or reversed, resuming after the index changed under it. */
function* scanRange(plan: IndexScanPlan, range: { low?: unknown; high?: unknown }, stats: { keysExamined: number }): Generator<[IndexEntry, Document]> {
  const { index } = plan;
  const [start, end] = rangeKeys(plan, range);
  let iterator = plan.reverse ? index.tree.entriesReversed(end) : index.tree.entries(start);
  let version = index.version;
  let last: IndexEntry | undefined;
  let skipThrough: IndexEntry | undefined;
  for (;;) {
    if (index.version !== version) {
      version = index.version;
      if (last === undefined) iterator = plan.reverse ? index.tree.entriesReversed(end) : index.tree.entries(start);
      else if (plan.reverse) iterator = index.tree.entriesReversed(last, undefined, true);
      else {
        iterator = index.tree.entries(last);
        skipThrough = last;
      }
    }
    const step = iterator.next();
    if (step.done) return;
    const [entry, document] = step.value;
    if (skipThrough !== undefined) {
      if (index.compareEntries(entry, skipThrough) <= 0) continue;
      skipThrough = undefined;
    }
    if (plan.reverse ? index.compareEntries(entry, start) < 0 : index.compareEntries(entry, end) > 0) return;
    last = entry;
    stats.keysExamined++;
    yield [entry, document];
  }
}

function rangeKeys(plan: IndexScanPlan, range: { low?: unknown; high?: unknown }): [IndexEntry, IndexEntry] {
  const { index, equalityPrefix } = plan;
  const start: IndexEntry = [...equalityPrefix];
  const end: IndexEntry = [...equalityPrefix];
  const position = equalityPrefix.length;
  if (position < index.fields.length) {
    const ascending = index.directions[position] === 1;
    const low = range.low === undefined ? MIN_KEY : range.low;
    const high = range.high === undefined ? MAX_KEY : range.high;
    start.push(ascending ? low : high);
    end.push(ascending ? high : low);
    for (let i = position + 1; i < index.fields.length; i++) {
      start.push(index.boundary(i, 'first'));
      end.push(index.boundary(i, 'last'));
    }
  }
  start.push(MIN_KEY);
  end.push(MAX_KEY);
  return [start, end];
}
