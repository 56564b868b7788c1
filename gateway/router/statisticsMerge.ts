import type { FieldNode, FragmentDefinitionNode } from 'graphql';
import { mergeMeasure, STATISTICS_KEY_FIELD_NAMES, STATISTICS_MEASURES } from '../../contract';
import { field, fieldsOf, responseKey, withExtraSelections } from './operations';

const HIDDEN_PREFIX = '__jjj_';
const HIDDEN_KEY = `${HIDDEN_PREFIX}key`;
const MEASURE_NAMES = Object.keys(STATISTICS_MEASURES);

function hidden(measure: string): string {
  return `${HIDDEN_PREFIX}${measure}`;
}

/** The hidden aliases the router adds (for tests that build regional answers by hand). */
export const HIDDEN_STATISTICS = { key: HIDDEN_KEY, measure: hidden } as const;

/** Adds the group key and every measure under hidden aliases, so groups merge whatever the client selected. */
export function withStatisticsKeys(statisticsField: FieldNode): FieldNode {
  return withExtraSelections(statisticsField, [
    field('key', { alias: HIDDEN_KEY, selections: STATISTICS_KEY_FIELD_NAMES.map((name) => field(name)) }),
    ...MEASURE_NAMES.map((measure) => field(measure, { alias: hidden(measure) })),
  ]);
}

type JsonObject = Record<string, unknown>;

function compareKeys(left: JsonObject, right: JsonObject): number {
  for (const name of STATISTICS_KEY_FIELD_NAMES) {
    const a = left[name] ?? '';
    const b = right[name] ?? '';
    if (a !== b) return String(a) < String(b) ? -1 : 1;
  }
  return 0;
}

interface MergedGroup {
  key: JsonObject;
  /** The first region's group: the client's `key` selection is taken from it. */
  first: JsonObject;
  measures: Record<string, number | null>;
}

/** Merges per-region group-by statistics by group key, each measure by the contract's merge. */
export function mergeStatistics(groupsPerRegion: JsonObject[][], clientField: FieldNode, fragments: Map<string, FragmentDefinitionNode>): JsonObject[] {
  const merged = new Map<string, MergedGroup>();
  for (const groups of groupsPerRegion) {
    for (const group of groups) {
      const key = (group[HIDDEN_KEY] as JsonObject) ?? {};
      const id = JSON.stringify(STATISTICS_KEY_FIELD_NAMES.map((name) => key[name] ?? null));
      const existing = merged.get(id);
      if (!existing) {
        const measures = Object.fromEntries(MEASURE_NAMES.map((measure) => [measure, mergeMeasure(STATISTICS_MEASURES[measure], null, group[hidden(measure)])]));
        merged.set(id, { key, first: group, measures });
      } else {
        for (const measure of MEASURE_NAMES) existing.measures[measure] = mergeMeasure(STATISTICS_MEASURES[measure], existing.measures[measure], group[hidden(measure)]);
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
        const name = selection.name.value;
        output[key] = Object.hasOwn(STATISTICS_MEASURES, name) ? group.measures[name] : (group.first[key] ?? null);
      }
      return output;
    });
}
