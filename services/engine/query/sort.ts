import type { Document } from 'bson';
import { compareBson } from '../bsonOrder';
import { badValue } from '../errors';
import type { Interruptible } from '../operations';
import { valuesAtPath } from '../storage/paths';

export type SortSpec = Array<[field: string, direction: 1 | -1]>;

export function parseSort(sort: unknown): SortSpec | undefined {
  if (sort === undefined || sort === null) return undefined;
  if (typeof sort !== 'object' || Array.isArray(sort)) throw badValue('sort must be an object');
  const entries = Object.entries(sort as Document);
  if (entries.length === 0) return undefined;
  return entries.map(([field, direction]) => {
    const value = Number(direction);
    if (value !== 1 && value !== -1) throw badValue(`$sort key ordering must be 1 (for ascending) or -1 (for descending), got ${JSON.stringify(direction)} for ${field}`);
    return [field, value];
  });
}

/** The value a document sorts by on one field: for arrays, the smallest element ascending and the largest descending. */
function sortValue(document: Document, field: string, direction: 1 | -1): unknown {
  const values = valuesAtPath(document, field);
  if (values.length === 1) return values[0] ?? null;
  let chosen = values[0] ?? null;
  for (const value of values) {
    const order = compareBson(value ?? null, chosen);
    if ((direction === 1 && order < 0) || (direction === -1 && order > 0)) chosen = value ?? null;
  }
  return chosen;
}

export function documentComparator(sort: SortSpec): (left: Document, right: Document) => number {
  return (left, right) => {
    for (const [field, direction] of sort) {
      const order = compareBson(sortValue(left, field, direction), sortValue(right, field, direction));
      if (order !== 0) return order * direction;
    }
    return 0;
  };
}

const SORT_RUN = 256;

/**
 * Sorts like `[...documents].sort(documentComparator(sort))` (stable, same order), in slices: each document's sort
 * values are computed once, runs of {@link SORT_RUN} are sorted natively, then merged pass by pass, pausing between
 * slices (see operations.ts) so a large sort neither blocks the engine nor outlives its deadline.
 */
export function sortDocuments(documents: Document[], sort: SortSpec, operation: Interruptible): Promise<Document[]> {
  return sortByKeys(
    documents,
    (document) => sort.map(([field, direction]) => sortValue(document, field, direction)),
    sort.map(([, direction]) => direction),
    operation,
  );
}

/** Stable sort of `items` by the BSON order of `keyOf(item)` (one direction per key), in slices. */
export async function sortByKeys<T>(items: T[], keyOf: (item: T) => unknown[], directions: Array<1 | -1>, operation: Interruptible): Promise<T[]> {
  const count = items.length;
  if (count < 2) return [...items];
  const keys: unknown[][] = new Array(count);
  for (let i = 0; i < count; i++) {
    if (operation.tick()) await operation.pause();
    keys[i] = keyOf(items[i]);
  }
  const compare = (left: number, right: number): number => {
    const a = keys[left];
    const b = keys[right];
    for (let f = 0; f < directions.length; f++) {
      const order = compareBson(a[f], b[f]);
      if (order !== 0) return order * directions[f];
    }
    return left - right; // ties keep input order: stable
  };
  let order = Array.from({ length: count }, (_, i) => i);
  for (let from = 0; from < count; from += SORT_RUN) {
    const to = Math.min(from + SORT_RUN, count);
    const run = order.slice(from, to).sort(compare);
    for (let i = from; i < to; i++) order[i] = run[i - from];
    if (operation.tick(SORT_RUN * 8)) await operation.pause();
  }
  let target: number[] = new Array(count);
  for (let width = SORT_RUN; width < count; width *= 2) {
    for (let low = 0; low < count; low += 2 * width) {
      const middle = Math.min(low + width, count);
      const high = Math.min(low + 2 * width, count);
      let left = low;
      let right = middle;
      for (let out = low; out < high; out++) {
        if (operation.tick()) await operation.pause();
        if (left < middle && (right >= high || compare(order[left], order[right]) <= 0)) target[out] = order[left++];
        else target[out] = order[right++];
      }
    }
    [order, target] = [target, order];
  }
  return order.map((i) => items[i]);
}
