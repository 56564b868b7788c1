import type { Document, Filter } from 'mongodb';
import type { RegionCode } from '../../../kernel';
import { BadUserInputError } from './domainErrors';

/** Builders for the filter inputs every list shares; each returns a clause or null when the input is absent. */
export type Clause = Filter<Document> | null;

export const MATCH_NOTHING: Filter<Document> = { _id: { $in: [] } };
export const MAX_FILTER_VALUES = 50;
export const MAX_TEXT_QUERY_LENGTH = 100;

/** A region list that leaves this region out matches nothing here (the gateway does not even ask). */
export function regionClause(regions: readonly string[] | null | undefined, ownRegion: RegionCode): Clause {
  if (!regions) return null;
  return regions.includes(ownRegion) ? null : MATCH_NOTHING;
}

export function oneOfClause(path: string, values: readonly unknown[] | null | undefined, field: string): Clause {
  if (!values) return null;
  if (values.length > MAX_FILTER_VALUES) throw new BadUserInputError(field, `${field} accepts at most ${MAX_FILTER_VALUES} values`);
  return values.length === 1 ? { [path]: values[0] } : { [path]: { $in: [...values] } };
}

export function dateRangeClause(path: string, from: Date | null | undefined, to: Date | null | undefined, field: string): Clause {
  if (from && to && from.getTime() > to.getTime()) {
    throw new BadUserInputError(field, `${field}: the start (${from.toISOString()}) is after the end (${to.toISOString()})`);
  }
  const range: Document = {};
  if (from) range.$gte = from;
  if (to) range.$lte = to;
  return Object.keys(range).length > 0 ? { [path]: range } : null;
}

export function minimumClause(path: string, minimum: number | null | undefined): Clause {
  return minimum === null || minimum === undefined ? null : { [path]: { $gte: minimum } };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Case-insensitive substring search over titles and descriptions (Chinese text has no word boundaries). */
export function textClause(text: string | null | undefined, paths: readonly string[]): Clause {
  if (text === null || text === undefined) return null;
  const trimmed = text.trim();
  if (trimmed.length === 0) return null;
  if (trimmed.length > MAX_TEXT_QUERY_LENGTH) throw new BadUserInputError('filter.text', `text search is limited to ${MAX_TEXT_QUERY_LENGTH} characters`);
  const pattern = escapeRegex(trimmed);
  return { $or: paths.map((path) => ({ [path]: { $regex: pattern, $options: 'i' } })) };
}

export function allOf(clauses: Clause[]): Filter<Document> {
  const present = clauses.filter((clause): clause is Filter<Document> => clause !== null);
  if (present.length === 0) return {};
  if (present.length === 1) return present[0];
  // Merge clauses on distinct fields into one object so the planner sees plain equality prefixes.
  const merged: Document = {};
  const rest: Filter<Document>[] = [];
  for (const clause of present) {
    const keys = Object.keys(clause);
    if (keys.some((key) => key in merged || key.startsWith('$'))) rest.push(clause);
    else Object.assign(merged, clause);
  }
  return rest.length === 0 ? merged : { ...merged, $and: rest };
}
