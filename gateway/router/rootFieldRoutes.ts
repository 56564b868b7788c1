import type { FieldNode, OperationTypeNode } from 'graphql';
import { REGION_FILTER_PATH, type RootFieldRoutes } from '../../contract';
import { ALL_REGION_CODES, type RegionCode } from '../../kernel';
import { argumentValue } from './operations';
import { regionsFromFilterValue } from './regionKeys';

/** How one root field of a subgraph operation is answered. */
export type RootFieldRoute =
  | { kind: 'connection'; regions: RegionCode[] }
  | { kind: 'statistics'; regions: RegionCode[] }
  | { kind: 'single'; region: RegionCode };

function valueAtPath(field: FieldNode, path: readonly string[], variables: Record<string, unknown>): unknown {
  let value = argumentValue(field, path[0], variables);
  for (const name of path.slice(1)) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[name] : undefined;
  return value;
}

/**
 * Applies the contract's route for a root field: lists and statistics fan out to the regions their filter
 * allows; everything else goes to exactly one region, the owner of the key it names or else the caller's region.
 */
export function routeRootField(
  routes: RootFieldRoutes,
  operationType: OperationTypeNode,
  field: FieldNode,
  variables: Record<string, unknown>,
  callerRegion: RegionCode | null,
): RootFieldRoute {
  const callersRegion: RootFieldRoute = { kind: 'single', region: callerRegion ?? ALL_REGION_CODES[0] };
  const rule = (operationType === 'mutation' ? routes.mutation : routes.query).get(field.name.value);
  if (!rule) return callersRegion;
  switch (rule.kind) {
    case 'connection':
    case 'statistics':
      return { kind: rule.kind, regions: regionsFromFilterValue(valueAtPath(field, REGION_FILTER_PATH, variables)) };
    case 'caller':
      return callersRegion;
    case 'owner':
      for (const key of rule.keys) {
        const value = valueAtPath(field, key.path, variables);
        if (value === undefined || value === null) continue;
        // A malformed key still goes to one region, whose validation answers with a precise error.
        return { kind: 'single', region: key.decode(value) ?? callersRegion.region };
      }
      return callersRegion;
  }
}
