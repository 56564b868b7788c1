import type { FieldNode, FragmentDefinitionNode, SelectionSetNode } from 'graphql';
import { groupValues, mergeGroupStates, serializeMeasureLeaf, STATISTICS_KEY_FIELD_NAMES, STATISTICS_KEY_FIELDS, STATISTICS_STATE_FIELD, valueMeasureAt, type GroupState } from '../../contract';
import { field, fieldsOf, memoizedRewrite, responseKey, withExtraSelections } from './operations';

const HIDDEN_PREFIX = '__jjj_';
const HIDDEN_KEY = `${HIDDEN_PREFIX}key`;
const HIDDEN_STATE = `${HIDDEN_PREFIX}state`;

/** The hidden aliases the router adds (for tests that build regional answers by hand). */
export const HIDDEN_STATISTICS = { key: HIDDEN_KEY, state: HIDDEN_STATE } as const;

const NO_KEY = {};
const statisticsKeysOf = memoizedRewrite((statisticsField: FieldNode, _key: object) =>
  withExtraSelections(statisticsField, [
    field('key', { alias: HIDDEN_KEY, selections: STATISTICS_KEY_FIELD_NAMES.map((name) => field(name)) }),
    field(STATISTICS_STATE_FIELD, { alias: HIDDEN_STATE }),
  ]),
);

/** The key fields a hidden key selects, one object per set of them (the rewrite is memoized by object). */
interface KeyFields {
  names: readonly string[];
}
const ALL_KEY_FIELDS: KeyFields = { names: STATISTICS_KEY_FIELD_NAMES };
const KEY_FIELDS_BY_SET = new Map<string, KeyFields>();

/**
 * The key fields a `groupBy` sets (a region sets only those: the others are null, and the merge's order reads null
 * and absent alike), in the merge's order; all of them when `groupBy` is not a list of known dimensions.
 */
function keyFieldsOf(groupBy: unknown): KeyFields {
  if (!Array.isArray(groupBy) || groupBy.length === 0) return ALL_KEY_FIELDS;
  const wanted = new Set<string>();
  for (const dimension of groupBy) {
    const name = typeof dimension === 'string' && Object.prototype.hasOwnProperty.call(STATISTICS_KEY_FIELDS, dimension) ? STATISTICS_KEY_FIELDS[dimension as keyof typeof STATISTICS_KEY_FIELDS] : undefined;
    if (!name) return ALL_KEY_FIELDS;
    wanted.add(name);
  }
  const names = STATISTICS_KEY_FIELD_NAMES.filter((name) => wanted.has(name));
  const id = names.join(',');
  let fields = KEY_FIELDS_BY_SET.get(id);
  if (!fields) {
    fields = { names };
    KEY_FIELDS_BY_SET.set(id, fields);
  }
  return fields;
}

const keyOnlyOf = memoizedRewrite((statisticsField: FieldNode, keyFields: KeyFields) =>
  withExtraSelections(statisticsField, [field('key', { alias: HIDDEN_KEY, selections: keyFields.names.map((name) => field(name)) })]),
);

/**
 * Adds only the group key under its hidden alias, with the fields `groupBy` sets: what one region is asked when it
 * alone answers (its groups need no merging, only the merge's order), so it sends no states and the gateway computes
 * no measures, and reads no key fields that are null in every group.
 */
export function withStatisticsKeyOnly(statisticsField: FieldNode, groupBy?: unknown): FieldNode {
  return keyOnlyOf(statisticsField, keyFieldsOf(groupBy));
}

/** One region's groups (asked with `withStatisticsKeyOnly`) in the merge's order, without the hidden key. */
export function orderedRegionGroups(groups: JsonObject[]): JsonObject[] {
  const keyOf = (group: JsonObject) => (group[HIDDEN_KEY] as JsonObject | undefined) ?? {};
  const inOrder = groups.every((group, index) => index === 0 || compareKeys(keyOf(groups[index - 1]!), keyOf(group)) <= 0);
  const ordered = inOrder ? groups : [...groups].sort((left, right) => compareKeys(keyOf(left), keyOf(right)));
  return ordered.map(({ [HIDDEN_KEY]: _hiddenKey, ...group }) => group);
}

/**
 * Adds the group key and the group's mergeable state under hidden aliases, so groups merge whatever the client
 * selected (the same node for the same field, so the operation asked of the regions is printed once).
 */
export function withStatisticsKeys(statisticsField: FieldNode): FieldNode {
  return statisticsKeysOf(statisticsField, NO_KEY);
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
  state: GroupState;
}

/** The type of a measure object at a path under `StatisticsGroup` (for `__typename`). */
function typeNameAt(path: readonly string[]): string {
  const [head, stage, days, leaf] = path;
  if (path.length === 0) return 'StatisticsGroup';
  if (head === 'amount') return 'MoneyMeasures';
  if (head === 'quantity') return 'QuantityMeasures';
  if (head === 'overdueByStage') return 'OverdueByStageCounts';
  if (head === 'durations') return leaf ? 'DayCount' : days ? 'DayMeasures' : stage ? 'StageDurations' : 'ComplaintDurationMeasures';
  return 'StatisticsKey';
}

/** The client's selection over a computed measure object: aliases, fragments and `__typename` honoured. */
function project(value: unknown, selectionSet: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, path: string[]): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((element) => project(element, selectionSet, fragments, path));
  if (!selectionSet || typeof value !== 'object') return serializeMeasureLeaf(valueMeasureAt(path.slice(0, -1)), path[path.length - 1] ?? '', value);
  const output: JsonObject = {};
  for (const selection of fieldsOf(selectionSet, fragments)) {
    const name = selection.name.value;
    output[responseKey(selection)] = name === '__typename' ? typeNameAt(path) : project((value as JsonObject)[name], selection.selectionSet, fragments, [...path, name]);
  }
  return output;
}

/** Merges per-region group-by statistics by group key: states merged exactly, then every measure computed from the merged state. */
export function mergeStatistics(groupsPerRegion: JsonObject[][], clientField: FieldNode, fragments: Map<string, FragmentDefinitionNode>): JsonObject[] {
  const merged = new Map<string, MergedGroup>();
  for (const groups of groupsPerRegion) {
    for (const group of groups) {
      const key = (group[HIDDEN_KEY] as JsonObject) ?? {};
      const state = JSON.parse(String(group[HIDDEN_STATE])) as GroupState;
      const id = JSON.stringify(STATISTICS_KEY_FIELD_NAMES.map((name) => key[name] ?? null));
      const existing = merged.get(id);
      if (!existing) merged.set(id, { key, first: group, state });
      else existing.state = mergeGroupStates(existing.state, state);
    }
  }
  const selections = fieldsOf(clientField.selectionSet, fragments);
  return [...merged.values()]
    .sort((left, right) => compareKeys(left.key, right.key))
    .map((group) => {
      const values = groupValues(group.state) as unknown as JsonObject;
      const output: JsonObject = {};
      for (const selection of selections) {
        const key = responseKey(selection);
        const name = selection.name.value;
        output[key] = name === 'key' || name === '__typename' ? (group.first[key] ?? null) : project(values[name], selection.selectionSet, fragments, [name]);
      }
      return output;
    });
}
