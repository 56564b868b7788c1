import type { GraphQLFormattedError } from 'graphql';
import { ownerOfRepresentation } from '../../contract';
import { parseRecordId, type RegionCode } from '../../kernel';

export interface RegionBatch {
  region: RegionCode;
  /** Positions of this batch's representations in the original list. */
  positions: number[];
  representations: unknown[];
}

/** Groups `_entities` representations by the region in their key; unroutable ones resolve to null without a request. */
export function splitRepresentations(representations: readonly unknown[]): { batches: RegionBatch[]; unroutable: number[] } {
  const byRegion = new Map<RegionCode, RegionBatch>();
  const unroutable: number[] = [];
  representations.forEach((representation, position) => {
    const region = ownerOfRepresentation(representation);
    if (!region) {
      unroutable.push(position);
      return;
    }
    let batch = byRegion.get(region);
    if (!batch) {
      batch = { region, positions: [], representations: [] };
      byRegion.set(region, batch);
    }
    batch.positions.push(position);
    batch.representations.push(representation);
  });
  return { batches: [...byRegion.values()], unroutable };
}

/** Puts each region's `_entities` results back at their original positions (null where a region gave nothing). */
export function reassembleEntities(total: number, results: Array<{ batch: RegionBatch; entities: readonly unknown[] | null }>): unknown[] {
  const entities: unknown[] = new Array(total).fill(null);
  for (const { batch, entities: regionEntities } of results) {
    batch.positions.forEach((position, index) => {
      entities[position] = regionEntities?.[index] ?? null;
    });
  }
  return entities;
}

/** Rewrites `['_entities', localIndex, …]` error paths of one region's batch to the original positions. */
export function remapEntityErrorPath(error: GraphQLFormattedError, batch: RegionBatch): GraphQLFormattedError {
  const path = error.path;
  if (!path || path[0] !== '_entities' || typeof path[1] !== 'number') return error;
  const position = batch.positions[path[1]];
  return position === undefined ? error : { ...error, path: ['_entities', position, ...path.slice(2)] };
}

type JsonObject = Record<string, unknown>;

/** Newest year and serial first, then region; values that are not record IDs last. */
function recordOrder(left: unknown, right: unknown): number {
  const a = parseRecordId(String((left as JsonObject | null)?.id ?? ''));
  const b = parseRecordId(String((right as JsonObject | null)?.id ?? ''));
  if (!a || !b) return (a ? 0 : 1) - (b ? 0 : 1);
  return b.year - a.year || b.serial - a.serial || (a.region < b.region ? -1 : a.region > b.region ? 1 : 0);
}

/**
 * Merges the same entity resolved by every region (an enterprise's records in the links subgraph):
 * list fields are concatenated (each region contributes its own records), scalars keep the first value.
 */
export function mergeFannedOutEntities(perRegion: Array<readonly unknown[] | null>, total: number): unknown[] {
  const merged: unknown[] = [];
  for (let position = 0; position < total; position++) {
    let result: JsonObject | null = null;
    for (const entities of perRegion) {
      const entity = entities?.[position] as JsonObject | null | undefined;
      if (!entity) continue;
      if (!result) {
        result = { ...entity };
        continue;
      }
      for (const [key, value] of Object.entries(entity)) {
        const existing = result[key];
        if (Array.isArray(existing) && Array.isArray(value)) result[key] = [...existing, ...value];
        else if (existing === undefined || existing === null) result[key] = value;
      }
    }
    if (result) for (const [key, value] of Object.entries(result)) if (Array.isArray(value)) result[key] = [...value].sort(recordOrder);
    merged.push(result);
  }
  return merged;
}
