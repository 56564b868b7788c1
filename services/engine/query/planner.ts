import type { Document } from 'bson';
import { MAX_KEY, MIN_KEY } from '../bsonOrder';
import type { Collection } from '../storage/collection';
import type { CollectionIndex, IndexEntry } from '../storage/indexes';
import type { SortSpec } from './sort';

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
  reverse: boolean;
  /** True when the scan yields documents already in the requested sort order. */
  providesSort: boolean;
}

export type QueryPlan = { kind: 'collectionScan' } | IndexScanPlan;

function isPlainObject(value: unknown): value is Document {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

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
          fieldBounds.inValues = operand;
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
    const selectivity = plan.equalityPrefix.length * 10 + (plan.range || plan.points ? 5 : 0);
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
  const order = sortOrderFromIndex(index, equalityPrefix.length, sort);
  return {
    kind: 'index',
    index,
    equalityPrefix,
    range,
    points,
    reverse: order === 'reverse',
    providesSort: order !== 'none' && !points,
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
  const { index } = plan;
  const seen = index.multikey || plan.points ? new Set<unknown>() : undefined;
  const ranges = plan.points
    ? plan.points.map((point) => ({ low: point, high: point }))
    : [plan.range ?? {}];
  for (const range of ranges) {
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
      if (step.done) break;
      const [entry, document] = step.value;
      if (skipThrough !== undefined) {
        if (index.compareEntries(entry, skipThrough) <= 0) continue;
        skipThrough = undefined;
      }
      if (plan.reverse ? index.compareEntries(entry, start) < 0 : index.compareEntries(entry, end) > 0) break;
      last = entry;
      stats.keysExamined++;
      if (seen) {
        if (seen.has(document)) continue;
        seen.add(document);
      }
      yield document;
    }
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
