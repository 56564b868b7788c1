import type { Document } from 'bson';
import { Query } from 'mingo';

// Subpath exports, which this project's TypeScript resolution (moduleResolution "node") does not read: required with
// their shape here (as pipeline.ts does mingo/util).
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-var-requires */
const { Context } = require('mingo/core') as { Context: { init(operators: Record<string, unknown>): unknown } };
const BaseQuery = (require('mingo/query') as { Query: new (condition: Document, options: { context: unknown }) => Query }).Query;
const queryOperators = require('mingo/operators/query') as Record<string, unknown>;
const projectionOperators = require('mingo/operators/projection') as Record<string, unknown>;
/* eslint-enable @typescript-eslint/no-require-imports, @typescript-eslint/no-var-requires */

/**
 * mingo's `Query` copies its whole operator registry into every query it makes (about 280 operators: 33 KB of
 * garbage per find, most of what a page cost the engine's young generation). A filter that evaluates no aggregation
 * expression needs only the query operators (and the projection ones, for a find's positional projection): it gets
 * a context of those, a tenth of the copy. Filters with `$expr`, `$where`, `$jsonSchema` or `$function` anywhere
 * take mingo's full registry as before.
 */
const FILTER_CONTEXT = Context.init({ query: queryOperators, projection: projectionOperators });

const NEEDS_EXPRESSIONS = new Set(['$expr', '$where', '$jsonSchema', '$function']);

export function filterQuery(filter: Document): Query {
  return needsExpressions(filter, 0) ? new Query(filter, {}) : new BaseQuery(filter, { context: FILTER_CONTEXT });
}

function needsExpressions(value: unknown, depth: number): boolean {
  // A filter nested this deep is left to the full registry rather than walked further.
  if (depth > 64) return true;
  if (Array.isArray(value)) return value.some((element) => needsExpressions(element, depth + 1));
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key in value) {
    if (NEEDS_EXPRESSIONS.has(key) || needsExpressions((value as Document)[key], depth + 1)) return true;
  }
  return false;
}
