import type { FieldNode, FragmentDefinitionNode } from 'graphql';
import { field, fieldsOf, responseKey, withExtraSelections } from './operations';

const KEY_FIELDS = ['region', 'category', 'status', 'level', 'month'] as const;

export const HIDDEN_STATISTICS = {
  key: '__jjjKey',
  count: '__jjjCount',
  sum: '__jjjSum',
  overdue: '__jjjOverdue',
} as const;

export function withStatisticsKeys(statisticsField: FieldNode): FieldNode {
  return withExtraSelections(statisticsField, [
    field('key', { alias: HIDDEN_STATISTICS.key, selections: KEY_FIELDS.map((name) => field(name)) }),
    field('count', { alias: HIDDEN_STATISTICS.count }),
    field('sum', { alias: HIDDEN_STATISTICS.sum }),
    field('overdue', { alias: HIDDEN_STATISTICS.overdue }),
  ]);
}

type JsonObject = Record<string, unknown>;

function addNullable(left: unknown, right: unknown): number | null {
  if (left === null || left === undefined) return right === null || right === undefined ? null : Number(right);
  return Number(left) + (right === null || right === undefined ? 0 : Number(right));
}

function compareKeys(left: JsonObject, right: JsonObject): number {
  for (const name of KEY_FIELDS) {
    const a = left[name] ?? '';
    const b = right[name] ?? '';
    if (a !== b) return String(a) < String(b) ? -1 : 1;
  }
  return 0;
}

/** Adds up per-region group-by statistics by group key (counts, sums and overdue counts). */
export function mergeStatistics(groupsPerRegion: JsonObject[][], clientField: FieldNode, fragments: Map<string, FragmentDefinitionNode>): JsonObject[] {
  const merged = new Map<string, { key: JsonObject; first: JsonObject; count: number; sum: number | null; overdue: number | null }>();
  for (const groups of groupsPerRegion) {
    for (const group of groups) {
      const key = (group[HIDDEN_STATISTICS.key] as JsonObject) ?? {};
      const id = JSON.stringify(KEY_FIELDS.map((name) => key[name] ?? null));
      const existing = merged.get(id);
      if (!existing) {
        merged.set(id, {
          key,
          first: group,
          count: Number(group[HIDDEN_STATISTICS.count] ?? 0),
          sum: addNullable(null, group[HIDDEN_STATISTICS.sum]),
          overdue: addNullable(null, group[HIDDEN_STATISTICS.overdue]),
        });
      } else {
        existing.count += Number(group[HIDDEN_STATISTICS.count] ?? 0);
        existing.sum = addNullable(existing.sum, group[HIDDEN_STATISTICS.sum]);
        existing.overdue = addNullable(existing.overdue, group[HIDDEN_STATISTICS.overdue]);
      }
    }
  }
  const selections = fieldsOf(clientField.selectionSet, fragments);
  return [...merged.values()]
    .sort((left, right) => compareKeys(left.key, right.key))
    .map((group) => {
      const output: JsonObject = {};
      for (const selection of selections) {
        const key = responseKey(selection);
        switch (selection.name.value) {
          case 'count':
            output[key] = group.count;
            break;
          case 'sum':
            output[key] = group.sum;
            break;
          case 'overdue':
            output[key] = group.overdue;
            break;
          default:
            output[key] = group.first[key] ?? null;
        }
      }
      return output;
    });
}
