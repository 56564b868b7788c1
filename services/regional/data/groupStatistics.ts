import type { Collection, Document, Filter } from 'mongodb';
import { STATISTICS_KEY_FIELDS, type StatisticsKeyField } from '../../../contract';
import { BadUserInputError } from './domainErrors';

/** What statistics are grouped by; the values are the names in `STATISTICS_KEY_FIELDS`. */
export enum StatisticsDimension {
  REGION = 'REGION',
  CATEGORY = 'CATEGORY',
  STATUS = 'STATUS',
  LEVEL = 'LEVEL',
  MONTH = 'MONTH',
  TARGET_REGION = 'TARGET_REGION',
}

/** The values a group was formed by: only the requested dimensions' key fields are set. */
export type StatisticsKey = Partial<Record<StatisticsKeyField, string | null>>;

export interface StatisticsGroup {
  key: StatisticsKey;
  count: number;
  /** The entity's measure summed over the group; null when the entity has none. */
  sum: number | null;
  /** Records past a deadline (complaints); null for the other entities. */
  overdue: number | null;
}

/** What groupStatistics adds up besides the count: a document path to sum, an aggregation condition to count. */
export interface StatisticsMeasures {
  sumPath?: string;
  /** The sum is divided by this (amounts are stored in fen and `sum` is in yuan). */
  sumDivisor?: number;
  overdueExpression?: unknown;
  /** An array field whose elements are counted one by one (a comparison round's participants), each with its record's fields. */
  unwindPath?: string;
}

/** How each dimension is computed for one entity (an aggregation expression); absent = not applicable. */
export type DimensionExpressions = Partial<Record<StatisticsDimension, unknown>>;

export function monthOf(path: string): unknown {
  return { $dateToString: { format: '%Y-%m', date: `$${path}`, timezone: 'Asia/Shanghai' } };
}

const KEY_FIELD: Readonly<Record<StatisticsDimension, StatisticsKeyField>> = STATISTICS_KEY_FIELDS;

/** Group-by counts (and a sum) computed by the database, ordered by key so merges and tests are deterministic. */
export async function groupStatistics<TDocument extends Document>(
  collection: Collection<TDocument>,
  filter: Filter<Document>,
  groupBy: StatisticsDimension[],
  dimensions: DimensionExpressions,
  measures: StatisticsMeasures = {},
): Promise<StatisticsGroup[]> {
  const { sumPath, sumDivisor = 1, overdueExpression, unwindPath } = measures;
  if (groupBy.length === 0) throw new BadUserInputError('groupBy', 'groupBy needs at least one dimension');
  const unique = [...new Set(groupBy)];
  const groupId: Document = {};
  for (const dimension of unique) {
    const expression = dimensions[dimension];
    if (expression === undefined) throw new BadUserInputError('groupBy', `this entity cannot be grouped by ${dimension}`);
    groupId[KEY_FIELD[dimension]] = expression;
  }
  const rows = await collection
    .aggregate([
      { $match: filter },
      ...(unwindPath ? [{ $unwind: `$${unwindPath}` }] : []),
      {
        $group: {
          _id: groupId,
          count: { $sum: 1 },
          ...(sumPath ? { sum: { $sum: `$${sumPath}` } } : {}),
          ...(overdueExpression ? { overdue: { $sum: { $cond: [overdueExpression, 1, 0] } } } : {}),
        },
      },
      { $sort: { _id: 1 } },
    ])
    .toArray();
  return rows.map((row) => ({
    key: { ...(row._id as StatisticsKey) },
    count: row.count as number,
    sum: sumPath ? (row.sum as number) / sumDivisor : null,
    overdue: overdueExpression ? (row.overdue as number) : null,
  }));
}
