/**
 * Group-by statistics as regions compute them and the gateway merges them. Each region groups its own records and
 * sends, with each group, its *state* (`StatisticsGroup._state`, hidden from clients by `@inaccessible`): counts,
 * integer sums, minima, maxima and distributions (exact day histograms, DDSketch buckets for amounts). States merge
 * exactly — by adding counts, sums, histograms and sketch buckets, by taking minima and maxima — and every measure a
 * client sees (mean, median, p90 …) is computed from a state by `groupValues`, at the region for one region and at
 * the gateway for the merge: never an average of averages. The names here are the GraphQL fields of
 * `StatisticsGroup`.
 */
import { formatFen } from '../kernel/money';
import { addSketch, sketchQuantile, type Sketch } from './sketch';

export const STATISTICS_GROUP_TYPE = 'StatisticsGroup';
export const STATISTICS_KEY_TYPE = 'StatisticsKey';
export const STATISTICS_DIMENSION_ENUM = 'StatisticsDimension';
/** The hidden field of `StatisticsGroup` holding the group's mergeable state as JSON. */
export const STATISTICS_STATE_FIELD = '_state';

/** Each `StatisticsDimension` value and the `StatisticsKey` field that holds its value. */
export const STATISTICS_KEY_FIELDS = {
  REGION: 'region',
  RECEIVING_REGION: 'receivingRegion',
  HANDLING_REGION: 'handlingRegion',
  CATEGORY: 'category',
  STATUS: 'status',
  LEVEL: 'level',
  SOURCE: 'source',
  REMEDY: 'remedy',
  ENTERPRISE: 'enterprise',
  DAY: 'day',
  WEEK: 'week',
  MONTH: 'month',
  /** Assistance requests: the region asked to assist. */
  TARGET_REGION: 'targetRegion',
  QUARTER: 'quarter',
  YEAR: 'year',
} as const;

export type StatisticsDimensionName = keyof typeof STATISTICS_KEY_FIELDS;

/**
 * About how many distinct values each dimension takes (the pricing of a statistics field multiplies those of its
 * `groupBy`: grouping by region, category and month returns hundreds of groups, each built, merged and sent).
 */
export const STATISTICS_DIMENSION_VALUES: Readonly<Record<StatisticsDimensionName, number>> = {
  REGION: 3,
  RECEIVING_REGION: 3,
  HANDLING_REGION: 3,
  CATEGORY: 12,
  STATUS: 8,
  LEVEL: 4,
  SOURCE: 4,
  REMEDY: 4,
  /** Businesses with records in a region (many; priced high on purpose). */
  ENTERPRISE: 200,
  /** Two years of each bucket. */
  DAY: 730,
  WEEK: 105,
  MONTH: 24,
  TARGET_REGION: 3,
  QUARTER: 8,
  YEAR: 2,
};
export type StatisticsKeyField = (typeof STATISTICS_KEY_FIELDS)[StatisticsDimensionName];
export const STATISTICS_KEY_FIELD_NAMES = Object.values(STATISTICS_KEY_FIELDS) as StatisticsKeyField[];

/** How a measure field of `StatisticsGroup` is obtained from the merged state (documentation, and the schema test). */
export const STATISTICS_MEASURES: Readonly<Record<string, string>> = {
  count: 'sum of the regions’ counts',
  sum: 'sum of the regions’ sums (deprecated float)',
  overdue: 'sum of the regions’ counts',
  overdueByStage: 'sums of the regions’ counts per stage',
  amount: 'integer fen: sums added, min of minima, max of maxima, mean = sum / count, percentiles from the added sketches',
  quantity: 'sums added, min of minima, max of maxima, mean = sum / count, percentiles from the added sketches',
  durations: 'whole days: sums added, min/max, mean = sum / count, percentiles and histogram from the added histograms (exact)',
};

/** The numeric measures a group can carry, each with the unit of its values and how its distribution is kept. */
export const VALUE_MEASURES = {
  amount: { unit: 'fen', distribution: 'sketch' },
  quantity: { unit: 'count', distribution: 'sketch' },
  'durations.receiptToAcceptance.calendarDays': { unit: 'days', distribution: 'exact' },
  'durations.receiptToAcceptance.workingDays': { unit: 'days', distribution: 'exact' },
  'durations.acceptanceToClosure.calendarDays': { unit: 'days', distribution: 'exact' },
  'durations.acceptanceToClosure.workingDays': { unit: 'days', distribution: 'exact' },
  'durations.receiptToFeedback.calendarDays': { unit: 'days', distribution: 'exact' },
  'durations.receiptToFeedback.workingDays': { unit: 'days', distribution: 'exact' },
} as const satisfies Record<string, { unit: 'fen' | 'count' | 'days'; distribution: 'sketch' | 'exact' }>;
export type ValueMeasureName = keyof typeof VALUE_MEASURES;
export const VALUE_MEASURE_NAMES = Object.keys(VALUE_MEASURES) as ValueMeasureName[];

/** The fields of a value measure's object that need its distribution (the rest come from count, sum, min, max). */
export const DISTRIBUTION_FIELDS: readonly string[] = ['median', 'p90', 'histogram'];

/** The complaint stages whose durations are kept, and their two ways of counting days. */
export const DURATION_STAGES = ['receiptToAcceptance', 'acceptanceToClosure', 'receiptToFeedback'] as const;
export type DurationStage = (typeof DURATION_STAGES)[number];
export const DAY_COUNTS = ['calendarDays', 'workingDays'] as const;

/** One numeric measure over a group's records that have it. */
export interface ValueState {
  /** Records with a value. */
  n: number;
  /** Sum of the values (integers: exact). */
  sum: number;
  min: number | null;
  max: number | null;
  /** Exact distribution: value → records (durations in whole days). Present when asked for. */
  exact?: Record<string, number>;
  /** DDSketch buckets (amounts, quantities). Present when asked for. */
  sketch?: Sketch;
}

export interface OverdueByStage {
  /** Open complaints not yet decided past the 7-working-day deadline. */
  acceptance: number;
  /** Complaints in mediation past the 45-working-day deadline. */
  mediation: number;
  /** Complaints decided (受理/不予受理) after their deadline: more than 7 working days after receipt. */
  decidedLate: number;
  /** Complaints closed after mediation's end: more than 45 working days after acceptance. */
  closedLate: number;
}

/** Everything a region knows about one group, in a form that merges exactly. */
export interface GroupState {
  count: number;
  /** The deprecated float `sum` (recalls: quantity; complaints: yuan). */
  sum: number | null;
  overdue: number | null;
  overdueByStage: OverdueByStage | null;
  values: Partial<Record<ValueMeasureName, ValueState>>;
}

function addNullable(left: number | null, right: number | null): number | null {
  return left === null ? right : right === null ? left : left + right;
}

function pick(left: number | null, right: number | null, choose: (a: number, b: number) => number): number | null {
  return left === null ? right : right === null ? left : choose(left, right);
}

export function mergeValueStates(left: ValueState | undefined, right: ValueState | undefined): ValueState | undefined {
  if (!left || !right) return left ?? right ? { ...(left ?? right)! } : undefined;
  const merged: ValueState = { n: left.n + right.n, sum: left.sum + right.sum, min: pick(left.min, right.min, Math.min), max: pick(left.max, right.max, Math.max) };
  if (left.exact || right.exact) merged.exact = addSketch(addSketch({}, left.exact ?? {}), right.exact ?? {});
  if (left.sketch || right.sketch) merged.sketch = addSketch(addSketch({}, left.sketch ?? {}), right.sketch ?? {});
  return merged;
}

/** Merges two regions' states of the same group. */
export function mergeGroupStates(left: GroupState, right: GroupState): GroupState {
  const stages = left.overdueByStage && right.overdueByStage
    ? {
        acceptance: left.overdueByStage.acceptance + right.overdueByStage.acceptance,
        mediation: left.overdueByStage.mediation + right.overdueByStage.mediation,
        decidedLate: left.overdueByStage.decidedLate + right.overdueByStage.decidedLate,
        closedLate: left.overdueByStage.closedLate + right.overdueByStage.closedLate,
      }
    : (left.overdueByStage ?? right.overdueByStage);
  const values: GroupState['values'] = {};
  for (const name of VALUE_MEASURE_NAMES) {
    const merged = mergeValueStates(left.values[name], right.values[name]);
    if (merged) values[name] = merged;
  }
  return { count: left.count + right.count, sum: addNullable(left.sum, right.sum), overdue: addNullable(left.overdue, right.overdue), overdueByStage: stages, values };
}

/** Nearest-rank percentile of an exact distribution: the value of rank ⌈q·n⌉ in ascending order. */
export function exactQuantile(distribution: Record<string, number>, q: number): number | null {
  const values = Object.keys(distribution).map(Number).sort((a, b) => a - b);
  const n = values.reduce((total, value) => total + distribution[String(value)]!, 0);
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil(q * n));
  let seen = 0;
  for (const value of values) {
    seen += distribution[String(value)]!;
    if (seen >= rank) return value;
  }
  return values[values.length - 1]!;
}

/** A value measure as clients read it; amounts in fen (the Money scalar prints them). */
export interface ValueMeasures {
  count: number;
  sum: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  median: number | null;
  p90: number | null;
  /** Exact distributions only: [{ days, count }] ascending. */
  histogram: Array<{ days: number; count: number }> | null;
}

function valueMeasures(name: ValueMeasureName, state: ValueState): ValueMeasures {
  const { unit } = VALUE_MEASURES[name];
  const whole = unit !== 'days';
  const quantile = (q: number): number | null => {
    if (state.exact) return exactQuantile(state.exact, q);
    if (!state.sketch) return null;
    const value = sketchQuantile(state.sketch, q);
    return value === null ? null : whole ? Math.round(value) : value;
  };
  const mean = state.n === 0 ? null : unit === 'fen' ? Math.round(state.sum / state.n) : state.sum / state.n;
  return {
    count: state.n,
    sum: state.sum,
    min: state.min,
    max: state.max,
    mean,
    median: quantile(0.5),
    p90: quantile(0.9),
    histogram: state.exact
      ? Object.keys(state.exact)
          .map(Number)
          .sort((a, b) => a - b)
          .map((days) => ({ days, count: state.exact![String(days)]! }))
      : null,
  };
}

export type DurationsValues = Record<DurationStage, { calendarDays: ValueMeasures; workingDays: ValueMeasures }>;

/** The measures of a group as `StatisticsGroup` serves them (amounts in fen), computed from its state. */
export interface GroupValues {
  count: number;
  sum: number | null;
  overdue: number | null;
  overdueByStage: OverdueByStage | null;
  amount: ValueMeasures | null;
  quantity: ValueMeasures | null;
  durations: DurationsValues | null;
}

export function groupValues(state: GroupState): GroupValues {
  const measure = (name: ValueMeasureName) => {
    const value = state.values[name];
    return value ? valueMeasures(name, value) : null;
  };
  let durations: DurationsValues | null = null;
  // Only the measures a selection reads are computed: the others are null here and never read.
  if (VALUE_MEASURE_NAMES.some((name) => name.startsWith('durations.') && state.values[name])) {
    durations = Object.fromEntries(
      DURATION_STAGES.map((stage) => [stage, Object.fromEntries(DAY_COUNTS.map((days) => [days, measure(`durations.${stage}.${days}` as ValueMeasureName)]))]),
    ) as DurationsValues;
  }
  return { count: state.count, sum: state.sum, overdue: state.overdue, overdueByStage: state.overdueByStage, amount: measure('amount'), quantity: measure('quantity'), durations };
}

/** The value measure a `StatisticsGroup` field path belongs to (`['durations','receiptToAcceptance','workingDays']`). */
export function valueMeasureAt(path: readonly string[]): ValueMeasureName | undefined {
  const name = path.join('.');
  return Object.hasOwn(VALUE_MEASURES, name) ? (name as ValueMeasureName) : undefined;
}

/** How a measure leaf is sent on the wire: amounts (fen) as Money strings, the rest as they are. */
export function serializeMeasureLeaf(measure: ValueMeasureName | undefined, field: string, value: unknown): unknown {
  if (measure && VALUE_MEASURES[measure].unit === 'fen' && typeof value === 'number' && field !== 'count') return formatFen(value);
  return value;
}
