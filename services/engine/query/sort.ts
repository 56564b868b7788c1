import type { Document } from 'bson';
import { compareBson } from '../bsonOrder';
import { badValue } from '../errors';
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
