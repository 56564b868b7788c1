/**
 * Group-by statistics as regions compute them and the gateway merges them: each region groups its own records,
 * the gateway adds up groups with the same key. The names here are the GraphQL fields of `StatisticsGroup`.
 */

export const STATISTICS_GROUP_TYPE = 'StatisticsGroup';
export const STATISTICS_KEY_TYPE = 'StatisticsKey';
export const STATISTICS_DIMENSION_ENUM = 'StatisticsDimension';

/** Each `StatisticsDimension` value and the `StatisticsKey` field that holds its value. */
export const STATISTICS_KEY_FIELDS = {
  REGION: 'region',
  CATEGORY: 'category',
  STATUS: 'status',
  LEVEL: 'level',
  MONTH: 'month',
  /** Assistance requests: the region asked to assist. */
  TARGET_REGION: 'targetRegion',
} as const;

export type StatisticsDimensionName = keyof typeof STATISTICS_KEY_FIELDS;

/**
 * About how many distinct values each dimension takes (the pricing of a statistics field multiplies those of its
 * `groupBy`: grouping by region, category and month returns hundreds of groups, each built, merged and sent).
 */
export const STATISTICS_DIMENSION_VALUES: Readonly<Record<StatisticsDimensionName, number>> = {
  REGION: 3,
  CATEGORY: 12,
  STATUS: 8,
  LEVEL: 4,
  /** Two years of months. */
  MONTH: 24,
  TARGET_REGION: 3,
};
export type StatisticsKeyField = (typeof STATISTICS_KEY_FIELDS)[StatisticsDimensionName];
export const STATISTICS_KEY_FIELD_NAMES = Object.values(STATISTICS_KEY_FIELDS) as StatisticsKeyField[];

/** How two regions' values of one measure combine into the merged group's value. */
export type MeasureMerge = 'count' | 'sum' | 'min' | 'max';

/** Each measure field of `StatisticsGroup` (besides `key`) and its merge. Nullable measures stay null when every region says null. */
export const STATISTICS_MEASURES: Readonly<Record<string, MeasureMerge>> = {
  count: 'count',
  sum: 'sum',
  overdue: 'sum',
};

type Measure = number | null;

function present(value: unknown): value is number {
  return value !== null && value !== undefined;
}

/** Combines one measure of two groups with the same key. */
export function mergeMeasure(merge: MeasureMerge, left: unknown, right: unknown): Measure {
  if (!present(left)) return present(right) ? Number(right) : null;
  if (!present(right)) return Number(left);
  switch (merge) {
    case 'count':
    case 'sum':
      return Number(left) + Number(right);
    case 'min':
      return Math.min(Number(left), Number(right));
    case 'max':
      return Math.max(Number(left), Number(right));
  }
}
