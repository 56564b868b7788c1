import type { Document } from 'bson';
import { compareBson, MAX_KEY, MIN_KEY } from '../bsonOrder';
import { countBetween } from '../storage/btreeRank';
import type { Collection } from '../storage/collection';
import type { CollectionIndex, IndexEntry } from '../storage/indexes';
import { isPlainObject } from '../documents';

/**
 * Counting without documents: the number of matches of a filter read off an index as key-range sizes (storage/
 * btreeRank: O(log n) per range), so a list's `totalCount` costs the same at 10,000 and 1,000,000 matches.
 *
 * Answered here (the filter shapes the regional lists send, services/regional/data/filters.ts), each through an index
 * that holds every document, one entry per document (not multikey), whose leading fields the filter fixes:
 * - no filter at all (countMatches answers it from the collection size);
 * - region-only: a region list that leaves the region out is `_id: {$in: []}` (zero ranges, 0); one that includes it
 *   is no filter;
 * - equality or `$in` on indexed fields: status, category (`productCategory`, `category`, `domain`, `field`),
 *   `handlingRegion`, `industry`, `_id`, … — one range per combination of values (at most MAX_RANGES);
 * - a date or number range (`$gte`/`$gt`/`$lte`/`$lt`) on an indexed field: `announcedAt`/`issuedAt`/`receivedAt`/…
 *   ranges, risk level (`riskLevelRank: {$gte}`), … — the open side bounded by the value's type (MongoDB compares
 *   dates with dates and numbers with numbers only);
 * - combinations: an equality/`$in` prefix of a compound index plus a range on the next field (category + status +
 *   date range on `category_status_announcedAt_id`, status + date range on `status_announcedAt_id`), also with an
 *   unconstrained field inside the prefix (category + date range on `category_status_announcedAt_id`): its distinct
 *   values are found by skipping through the index (one seek each, at most MAX_SKIP_VALUES of them).
 * On a multikey index (an array field) only equality on every field of the index is countable (one entry per
 * matching document).
 *
 * Anything else — text search (`$regex`), `$or`, `$expr`, `$exists`, `null`, fields without a fitting index, a field
 * constrained twice by equality — is `undefined`: the caller counts by scanning (execute.countMatches), which gives
 * the same numbers (tests/engine/indexCount.test.ts compares both over seeded random data).
 */
export function countFromIndexes(collection: Collection, filter: Document): number | undefined {
  const constraints = constraintsOf(filter);
  if (!constraints) return undefined;
  for (const constraint of constraints.values()) if (constraint.points?.length === 0) return 0;
  let best: RangePlan | undefined;
  for (const index of collection.indexes.values()) {
    if (!index.coversAllDocuments) continue;
    const plan = planCount(index, constraints);
    if (plan && (!best || plan.cost < best.cost)) best = plan;
  }
  if (!best) return undefined;
  return countRanges(best);
}

/** Most key ranges one count may add up (a product of `$in` lists, times skipped distinct values). */
export const MAX_RANGES = 2000;
/** Most distinct values of an unconstrained field inside an index prefix that a count skips through. */
export const MAX_SKIP_VALUES = 64;

interface Bound {
  value: unknown;
  inclusive: boolean;
}

interface FieldConstraint {
  points?: unknown[];
  low?: Bound;
  high?: Bound;
}

function bsonTypeOf(value: unknown): string | undefined {
  return (value as { _bsontype?: string } | null)?._bsontype;
}

/** Values whose equality match is exactly "index entry equal" (no null/missing, arrays, documents, regexes, NaN). */
function isPointValue(value: unknown): boolean {
  if (typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return !Number.isNaN(value);
  if (value instanceof Date) return !Number.isNaN(value.getTime());
  return bsonTypeOf(value) === 'ObjectId';
}

/** Range bounds: dates and numbers only (their type bracket has bounds of the same type, see bracketOf). */
function rangeKind(value: unknown): 'date' | 'number' | undefined {
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : 'number';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : 'date';
  return undefined;
}

const DATE_LIMIT = 8.64e15;

/** The lowest and highest value of a bound's type: an open range side stops there, as MongoDB's type bracketing. */
function bracketOf(kind: 'date' | 'number'): [Bound, Bound] {
  return kind === 'date'
    ? [{ value: new Date(-DATE_LIMIT), inclusive: true }, { value: new Date(DATE_LIMIT), inclusive: true }]
    : [{ value: -Infinity, inclusive: true }, { value: Infinity, inclusive: true }];
}

/** Per field, what the filter requires; undefined when a part of the filter is not a shape counted here. */
function constraintsOf(filter: Document, into = new Map<string, FieldConstraint>()): Map<string, FieldConstraint> | undefined {
  for (const [field, condition] of Object.entries(filter)) {
    if (field === '$and') {
      if (!Array.isArray(condition) || condition.length === 0) return undefined;
      for (const clause of condition) if (!isPlainObject(clause) || !constraintsOf(clause, into)) return undefined;
      continue;
    }
    if (field.startsWith('$')) return undefined;
    const constraint = into.get(field) ?? {};
    into.set(field, constraint);
    if (isPlainObject(condition) && Object.keys(condition).some((key) => key.startsWith('$'))) {
      for (const [operator, operand] of Object.entries(condition)) {
        if (!addOperator(constraint, operator, operand)) return undefined;
      }
    } else if (!addPoints(constraint, [condition])) return undefined;
  }
  return into;
}

function addPoints(constraint: FieldConstraint, values: unknown[]): boolean {
  if (constraint.points || !values.every(isPointValue)) return false;
  const distinct: unknown[] = [];
  for (const value of values) if (!distinct.some((seen) => compareBson(seen, value) === 0)) distinct.push(value);
  constraint.points = distinct;
  return true;
}

function addOperator(constraint: FieldConstraint, operator: string, operand: unknown): boolean {
  switch (operator) {
    case '$eq':
      return addPoints(constraint, [operand]);
    case '$in':
      return Array.isArray(operand) && addPoints(constraint, operand);
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      if (!rangeKind(operand)) return false;
      const bound = { value: operand, inclusive: operator.endsWith('e') };
      if (operator.startsWith('$g')) constraint.low = tighter(constraint.low, bound, 1);
      else constraint.high = tighter(constraint.high, bound, -1);
      return true;
    }
    default:
      return false;
  }
}

/** Of two bounds on one side, the one that excludes more (`side` 1: lower bounds, -1: upper bounds). */
function tighter(current: Bound | undefined, next: Bound, side: 1 | -1): Bound {
  if (!current) return next;
  const order = compareBson(next.value, current.value) * side;
  if (order > 0) return next;
  if (order < 0) return current;
  return current.inclusive ? next : current;
}

/** One field's part of the key ranges: exact values, or an interval. */
type Segment = { kind: 'point'; value: unknown } | { kind: 'interval'; low: Bound; high: Bound };

interface RangePlan {
  index: CollectionIndex;
  /** Per leading index field, the alternatives (undefined: an unconstrained field, its values skipped through). */
  prefix: Array<Segment[] | undefined>;
  cost: number;
}

/** Ranges on `index` whose entries are exactly the matches, or undefined when the index cannot say. */
function planCount(index: CollectionIndex, constraints: Map<string, FieldConstraint>): RangePlan | undefined {
  const constrained = new Set(constraints.keys());
  const prefix: Array<Segment[] | undefined> = [];
  let ranges = 1;
  let skips = 0;
  for (const field of index.fields) {
    if (constrained.size === 0) break;
    const constraint = constraints.get(field);
    if (!constraint) {
      prefix.push(undefined);
      skips++;
      continue;
    }
    constrained.delete(field);
    const segments = segmentsOf(constraint);
    if (!segments) return undefined;
    prefix.push(segments);
    ranges *= Math.max(segments.length, 1);
    // After an interval the index is ordered by the interval's field first: later fields cannot narrow it.
    if (segments.some((segment) => segment.kind === 'interval') && constrained.size > 0) return undefined;
  }
  if (constrained.size > 0 || ranges > MAX_RANGES) return undefined;
  if (index.multikey && (skips > 0 || prefix.length < index.fields.length || prefix.some((segments) => segments!.length !== 1 || segments![0].kind !== 'point'))) {
    return undefined;
  }
  // Seeks: one per range, and per skipped field one per distinct value (not known ahead; weighed as a few).
  return { index, prefix, cost: ranges * (1 + skips * 8) + skips * 100 };
}

function segmentsOf(constraint: FieldConstraint): Segment[] | undefined {
  if (constraint.points) {
    if (constraint.low || constraint.high) return undefined;
    return constraint.points.map((value) => ({ kind: 'point', value }));
  }
  const kinds = new Set([constraint.low, constraint.high].filter((bound): bound is Bound => bound !== undefined).map((bound) => rangeKind(bound.value)));
  if (kinds.size !== 1) return undefined;
  const [lowest, highest] = bracketOf([...kinds][0]!);
  const low = constraint.low ?? lowest;
  const high = constraint.high ?? highest;
  const order = compareBson(low.value, high.value);
  if (order > 0 || (order === 0 && !(low.inclusive && high.inclusive))) return [];
  return [{ kind: 'interval', low, high }];
}

/** Adds up the plan's ranges: every combination of the prefix's segments, skipping through unconstrained fields. */
function countRanges(plan: RangePlan): number | undefined {
  const { index, prefix } = plan;
  let total = 0;
  let budget = MAX_RANGES;
  const walk = (position: number, entryPrefix: unknown[]): boolean => {
    if (position === prefix.length) {
      if (--budget < 0) return false;
      total += countBetween(index.tree, rangeStart(index, entryPrefix), rangeEnd(index, entryPrefix));
      return true;
    }
    const segments = prefix[position];
    if (segments) {
      for (const segment of segments) {
        if (segment.kind === 'point') {
          if (!walk(position + 1, [...entryPrefix, segment.value])) return false;
        } else {
          if (--budget < 0) return false;
          total += countBetween(index.tree, intervalStart(index, entryPrefix, segment), intervalEnd(index, entryPrefix, segment));
        }
      }
      return true;
    }
    // An unconstrained field: visit each of its distinct values under this prefix, one seek each.
    let seen = 0;
    let probe: IndexEntry = rangeStart(index, entryPrefix);
    const end = rangeEnd(index, entryPrefix);
    for (;;) {
      const next = index.tree.nextHigherKey(probe);
      if (next === undefined || index.compareEntries(next, end) >= 0) return true;
      if (++seen > MAX_SKIP_VALUES) return false;
      const value = next[position];
      if (!walk(position + 1, [...entryPrefix, value])) return false;
      probe = rangeEnd(index, [...entryPrefix, value]);
    }
  };
  return walk(0, []) ? total : undefined;
}

/** Sentinels completing an entry after `length` fixed fields: first (or last) in the index's order. */
function completed(index: CollectionIndex, fixed: unknown[], edge: 'first' | 'last'): IndexEntry {
  const entry = [...fixed];
  for (let i = fixed.length; i < index.fields.length; i++) entry.push(index.boundary(i, edge));
  entry.push(edge === 'first' ? MIN_KEY : MAX_KEY);
  return entry;
}

function rangeStart(index: CollectionIndex, fixed: unknown[]): IndexEntry {
  return completed(index, fixed, 'first');
}

function rangeEnd(index: CollectionIndex, fixed: unknown[]): IndexEntry {
  return completed(index, fixed, 'last');
}

/** First entry at or after the interval's start in index order (its high end when the field descends). */
function intervalStart(index: CollectionIndex, fixed: unknown[], interval: { low: Bound; high: Bound }): IndexEntry {
  const ascending = index.directions[fixed.length] === 1;
  const bound = ascending ? interval.low : interval.high;
  return completed(index, [...fixed, bound.value], bound.inclusive ? 'first' : 'last');
}

/** Just past the interval's last entry in index order. */
function intervalEnd(index: CollectionIndex, fixed: unknown[], interval: { low: Bound; high: Bound }): IndexEntry {
  const ascending = index.directions[fixed.length] === 1;
  const bound = ascending ? interval.high : interval.low;
  return completed(index, [...fixed, bound.value], bound.inclusive ? 'last' : 'first');
}
