import type { Collection, Document, Filter } from 'mongodb';
import {
  sketchBucketExpression,
  STATISTICS_KEY_FIELDS,
  STATISTICS_KEY_FIELD_NAMES,
  VALUE_MEASURES,
  type GroupState,
  type OverdueByStage,
  type StatisticsKeyField,
  type ValueMeasureName,
  type ValueState,
} from '../../../contract';
import { BadUserInputError } from './domainErrors';

/** What statistics are grouped by; the values are the names in `STATISTICS_KEY_FIELDS`. */
export enum StatisticsDimension {
  REGION = 'REGION',
  RECEIVING_REGION = 'RECEIVING_REGION',
  HANDLING_REGION = 'HANDLING_REGION',
  CATEGORY = 'CATEGORY',
  STATUS = 'STATUS',
  LEVEL = 'LEVEL',
  SOURCE = 'SOURCE',
  REMEDY = 'REMEDY',
  ENTERPRISE = 'ENTERPRISE',
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  TARGET_REGION = 'TARGET_REGION',
  QUARTER = 'QUARTER',
  YEAR = 'YEAR',
}

/** The values a group was formed by: only the requested dimensions' key fields are set. */
export type StatisticsKey = Partial<Record<StatisticsKeyField, string | null>>;

/** One group as a region computes it: its key and its mergeable state (contract/statistics.ts). */
export interface StatisticsGroupState {
  key: StatisticsKey;
  state: GroupState;
}

/** The aggregation conditions of the per-stage overdue counts (complaints). */
export type StageExpressions = Record<keyof OverdueByStage, unknown>;

/** What groupStatistics adds up besides the count. */
export interface StatisticsMeasures {
  /** The deprecated float `sum`: a document path, divided by `sumDivisor` (amounts are stored in fen, `sum` is yuan). */
  sumPath?: string;
  sumDivisor?: number;
  /** Counted as `overdue`. */
  overdueExpression?: unknown;
  /** An array field whose elements are counted one by one (a comparison round's participants), each with its record's fields. */
  unwindPath?: string;
  /**
   * Multi-valued dimensions: the array field unwound when grouping by the dimension (a risk alert names several
   * enterprises), so that a record counts once in the group of each of its values, and a record with none in the
   * group of null.
   */
  dimensionUnwinds?: Partial<Record<StatisticsDimension, string>>;
  /** Counted per stage as `overdueByStage`. */
  stageExpressions?: StageExpressions;
  /** The document path of each value measure the entity has. */
  values?: Partial<Record<ValueMeasureName, string>>;
}

/** How each dimension is computed for one entity (an aggregation expression); absent = not applicable. */
export type DimensionExpressions = Partial<Record<StatisticsDimension, unknown>>;

/**
 * Asia/Shanghai is UTC+8 all year (no daylight saving since 1991, long before any record the hub keeps), so a date
 * shifted by 8 hours and read in UTC gives the Shanghai calendar day exactly. It is also far cheaper than a named
 * time zone in the embedded engine (mingo converts each date through Intl: about 1 ms a record).
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

function shanghai(path: string): unknown {
  return { $add: [`$${path}`, SHANGHAI_OFFSET_MS] };
}

function dateText(format: string, date: unknown): unknown {
  return { $dateToString: { format, date } };
}

export function monthOf(path: string): unknown {
  return dateText('%Y-%m', shanghai(path));
}

/**
 * The time buckets of a date field in Asia/Shanghai: DAY `2026-12-06`, ISO WEEK `2026-W49` (the week-year is the
 * year of the week's Thursday, so 2027-01-01 is in 2026-W53), MONTH `2026-12`, QUARTER `2026-Q4`, YEAR `2026`.
 */
export function timeBucketsOf(path: string): DimensionExpressions {
  const date = shanghai(path);
  const thursday = { $add: [date, { $multiply: [{ $subtract: [4, { $isoDayOfWeek: date }] }, 86_400_000] }] };
  return {
    DAY: dateText('%Y-%m-%d', date),
    WEEK: { $concat: [dateText('%Y', thursday), '-W', dateText('%V', date)] },
    MONTH: dateText('%Y-%m', date),
    QUARTER: { $concat: [dateText('%Y', date), '-Q', { $toString: { $ceil: { $divide: [{ $month: date }, 3] } } }] },
    YEAR: dateText('%Y', date),
  };
}

const KEY_FIELD: Readonly<Record<StatisticsDimension, StatisticsKeyField>> = STATISTICS_KEY_FIELDS;

function keyId(key: Document): string {
  return JSON.stringify(STATISTICS_KEY_FIELD_NAMES.map((name) => key[name] ?? null));
}

const isNumber = (path: string) => ({ $eq: [{ $isNumber: `$${path}` }, true] });

/**
 * Group-by statistics computed by the database, ordered by key so merges and tests are deterministic: one
 * aggregation for the counts, sums, minima and maxima of the value measures selected, and one for every distribution
 * selected (median, p90 or histogram), grouping by key, measure and value (exact) or sketch bucket. No record leaves
 * the database.
 */
export async function groupStatistics<TDocument extends Document>(
  collection: Collection<TDocument>,
  filter: Filter<Document>,
  groupBy: StatisticsDimension[],
  dimensions: DimensionExpressions,
  measures: StatisticsMeasures = {},
  selection: { values: ReadonlySet<ValueMeasureName>; distributions: ReadonlySet<ValueMeasureName>; stages: boolean } = { values: new Set(), distributions: new Set(), stages: false },
): Promise<StatisticsGroupState[]> {
  const { sumPath, sumDivisor = 1, overdueExpression, unwindPath, dimensionUnwinds = {}, values = {} } = measures;
  const { distributions } = selection;
  // Only what the selection reads is computed (the gateway's hidden state carries the same).
  const stageExpressions = selection.stages ? measures.stageExpressions : undefined;
  if (groupBy.length === 0) throw new BadUserInputError('groupBy', 'groupBy needs at least one dimension');
  const unique = [...new Set(groupBy)];
  const groupId: Document = {};
  for (const dimension of unique) {
    const expression = dimensions[dimension];
    if (expression === undefined) throw new BadUserInputError('groupBy', `this entity cannot be grouped by ${dimension}`, 'NOT_APPLICABLE');
    groupId[KEY_FIELD[dimension]] = expression;
  }
  const valueEntries = (Object.entries(values) as Array<[ValueMeasureName, string]>).filter(([name]) => selection.values.has(name));
  const accumulators: Document = { count: { $sum: 1 } };
  if (sumPath) accumulators.sum = { $sum: `$${sumPath}` };
  if (overdueExpression) accumulators.overdue = { $sum: { $cond: [overdueExpression, 1, 0] } };
  for (const [stage, expression] of Object.entries(stageExpressions ?? {})) accumulators[`stage_${stage}`] = { $sum: { $cond: [expression, 1, 0] } };
  valueEntries.forEach(([, path], index) => {
    accumulators[`v${index}_n`] = { $sum: { $cond: [isNumber(path), 1, 0] } };
    accumulators[`v${index}_sum`] = { $sum: `$${path}` };
    accumulators[`v${index}_min`] = { $min: `$${path}` };
    accumulators[`v${index}_max`] = { $max: `$${path}` };
  });
  // An array field counted element by element (a comparison round's participants), each with its record's fields.
  const unwind: Document[] = unwindPath ? [{ $unwind: `$${unwindPath}` }] : [];
  for (const dimension of unique) {
    const path = dimensionUnwinds[dimension];
    if (path) unwind.push({ $unwind: { path: `$${path}`, preserveNullAndEmptyArrays: true } });
  }
  const main = collection.aggregate([{ $match: filter }, ...unwind, { $group: { _id: groupId, ...accumulators } }, { $sort: { _id: 1 } }]).toArray();
  const wanted = valueEntries.filter(([name]) => distributions.has(name));
  // One aggregation per distribution, at once: records counted by key and value (exact) or sketch bucket (value null
  // for the records without this measure), gathered into one row per key: values and their counts side by side.
  // (One pass for all of them, unwinding a (measure, value) row per record, made and moved three times as many
  // documents and was slower on the embedded engine; a $facet would put every group in one 16 MB result document.)
  const distributionRows = Promise.all(
    wanted.map(([name, path]) =>
      collection
        .aggregate([
          { $match: filter },
          ...unwind,
          { $group: { _id: { k: groupId, v: { $cond: [isNumber(path), VALUE_MEASURES[name].distribution === 'exact' ? `$${path}` : sketchBucketExpression(path), null] } }, c: { $sum: 1 } } },
          { $group: { _id: '$_id.k', v: { $push: '$_id.v' }, c: { $push: '$c' } } },
        ])
        .toArray(),
    ),
  );
  const [rows, distributionCounts] = await Promise.all([main, distributionRows]);

  const groups = rows.map((row): StatisticsGroupState & { id: string } => {
    const key = { ...(row._id as StatisticsKey) };
    const state: GroupState = {
      count: row.count as number,
      sum: sumPath ? (row.sum as number) / sumDivisor : null,
      overdue: overdueExpression ? (row.overdue as number) : null,
      overdueByStage: stageExpressions
        ? { acceptance: row.stage_acceptance as number, mediation: row.stage_mediation as number, decidedLate: row.stage_decidedLate as number, closedLate: row.stage_closedLate as number }
        : null,
      values: {},
    };
    valueEntries.forEach(([name], index) => {
      const value: ValueState = { n: row[`v${index}_n`] as number, sum: (row[`v${index}_sum`] as number) ?? 0, min: (row[`v${index}_min`] as number | null) ?? null, max: (row[`v${index}_max`] as number | null) ?? null };
      if (distributions.has(name)) value[VALUE_MEASURES[name].distribution] = {};
      state.values[name] = value;
    });
    return { id: keyId(key), key, state };
  });
  const byId = new Map(groups.map((group) => [group.id, group]));
  distributionCounts.forEach((measureRows, i) => {
    const name = wanted[i]![0];
    for (const row of measureRows) {
      const distribution = byId.get(keyId(row._id as Document))?.state.values[name]?.[VALUE_MEASURES[name].distribution];
      if (!distribution) continue;
      const values = row.v as Array<number | string | null>;
      const counts = row.c as number[];
      values.forEach((value, index) => {
        if (value === null) return; // the records without this measure
        distribution[String(value)] = (distribution[String(value)] ?? 0) + counts[index]!;
      });
    }
  });
  return groups.map(({ key, state }) => ({ key, state }));
}
