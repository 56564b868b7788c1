import type { FieldNode } from 'graphql';
import { ALL_REGION_CODES, type RegionCode } from '../../kernel';
import { argumentValue } from './operations';
import { regionOfKey, regionsFromFilterValue } from './regionKeys';

/** How one root field of a subgraph operation is answered. */
export type RootFieldRoute =
  | { kind: 'connection'; regions: RegionCode[] }
  | { kind: 'statistics'; regions: RegionCode[] }
  | { kind: 'single'; region: RegionCode };

const CONNECTION_FIELDS = new Set(['riskAlerts', 'recalls', 'contractTemplates', 'complaints', 'enterprises']);

/** Arguments that name the record a field reads or changes, in the order they are looked for. */
const KEY_ARGUMENTS: ReadonlyArray<(field: FieldNode, variables: Record<string, unknown>) => unknown> = [
  (field, variables) => argumentValue(field, 'id', variables),
  (field, variables) => argumentValue(field, 'creditCode', variables),
  (field, variables) => argumentValue(field, 'riskAlertId', variables),
  (field, variables) => argumentValue(field, 'recordId', variables),
  (field, variables) => (argumentValue(field, 'input', variables) as { id?: unknown } | undefined)?.id,
];

/**
 * Lists and statistics fan out to the regions their filter allows; everything else goes to exactly one region:
 * the owner of the key it names, or else the caller's region (creating records, the caller's audit log).
 */
export function routeRootField(field: FieldNode, variables: Record<string, unknown>, callerRegion: RegionCode | null): RootFieldRoute {
  const name = field.name.value;
  if (CONNECTION_FIELDS.has(name) || name.endsWith('Statistics')) {
    const filter = argumentValue(field, 'filter', variables) as { regions?: unknown } | undefined;
    const regions = regionsFromFilterValue(filter?.regions);
    return { kind: CONNECTION_FIELDS.has(name) ? 'connection' : 'statistics', regions };
  }
  for (const keyOf of KEY_ARGUMENTS) {
    const key = keyOf(field, variables);
    if (key === undefined || key === null) continue;
    // A malformed key still goes to one region, whose validation answers with a precise error.
    return { kind: 'single', region: regionOfKey(key) ?? callerRegion ?? ALL_REGION_CODES[0] };
  }
  return { kind: 'single', region: callerRegion ?? ALL_REGION_CODES[0] };
}
