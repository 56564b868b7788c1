/**
 * The engine's compiled stages (services/engine/query/compiled.ts, compiledStages.ts) give mingo's results: the same
 * documents, the same key order, the same errors, for generated documents whose fields take every kind of value the
 * operators meet (numbers with NaN and -0, strings, dates, null, missing, booleans, arrays, sub-documents), and they
 * leave their input unchanged. Fixed seed: a failure prints it with the counterexample.
 */
import type { Document } from 'bson';
import fc from 'fast-check';
import { Aggregator } from 'mingo';
import { UNBOUNDED } from '../../services/engine/operations';
import { compileStage } from '../../services/engine/query/compiledStages';
import { runStages } from '../../services/engine/query/pipeline';
import { sketchBucketExpression } from '../../contract';
import { timeBucketsOf } from '../../services/regional/data/groupStatistics';
import { overdueExpression, stageOverdueExpressions } from '../../services/regional/entities/complaint/complaint.workflow';

const SEED = 20261206;

const scalar = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom(0, -0, 0.5, 1e6, Number.NaN, 7.25),
  fc.constantFrom('', 'a', 'b', 'TJ', '$x', '2026'),
  fc.date({ min: new Date('1999-12-25T00:00:00Z'), max: new Date('2027-01-08T00:00:00Z'), noInvalidDate: true }),
  fc.boolean(),
);
const value = fc.oneof({ weight: 6, arbitrary: scalar }, { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) }, { weight: 1, arbitrary: fc.record({ x: scalar }, { requiredKeys: [] }) });
const documentArbitrary = fc.record({ a: value, b: value, c: value, d: fc.record({ e: value }, { requiredKeys: [] }) }, { requiredKeys: [] });
const documents = fc.array(documentArbitrary, { minLength: 0, maxLength: 12 }).map((list) => list.map((document, i) => ({ _id: i, ...document })));

/** Keys in order, undefined, NaN, -0 and dates told apart: equal texts mean equal documents to BSON and to tests. */
function show(result: unknown): string {
  return JSON.stringify(result, function (this: Document, key, item: unknown) {
    const raw = this[key];
    if (raw instanceof Date) return `Date(${raw.getTime()})`;
    if (item === undefined) return '(undefined)';
    if (typeof item === 'number' && (Number.isNaN(item) || Object.is(item, -0) || !Number.isFinite(item))) return `Number(${Object.is(item, -0) ? '-0' : item})`;
    return item;
  });
}

/** A deep copy in this realm (structuredClone makes dates of Node's outer realm, which jest's `instanceof Date` refuses). */
function copy<T>(item: T): T {
  if (item instanceof Date) return new Date(item.getTime()) as T;
  if (Array.isArray(item)) return item.map(copy) as T;
  if (item && typeof item === 'object') return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, copy(inner)])) as T;
  return item;
}

function viaMingo(input: Document[], pipeline: Document[]): string {
  try {
    return show(new Aggregator(pipeline).run(copy(input)));
  } catch {
    return 'error';
  }
}

async function viaEngine(input: Document[], pipeline: Document[]): Promise<string> {
  try {
    return show(await runStages(input, pipeline, { options: {}, operation: UNBOUNDED }));
  } catch {
    return 'error';
  }
}

const OPERANDS = ['$a', '$b', '$c', '$d.e', '$a.x', 3, 'x', null];
const BINARY = ['$add', '$subtract', '$multiply', '$divide', '$concat', '$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$and', '$or', '$ifNull', '$in'];
const UNARY = ['$ceil', '$floor', '$ln', '$toString', '$isNumber', '$isoDayOfWeek', '$month', '$year', '$dayOfMonth', '$not'];
const expression: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...OPERANDS),
    fc.tuple(fc.constantFrom(...BINARY), tie('node'), tie('node')).map(([operator, left, right]) => ({ [operator]: [left, right] })),
    fc.tuple(fc.constantFrom(...UNARY), tie('node')).map(([operator, operand]) => ({ [operator]: operand })),
    fc.tuple(tie('node'), tie('node'), tie('node')).map(([condition, then, otherwise]) => ({ $cond: [condition, then, otherwise] })),
    fc.tuple(fc.constantFrom('%Y-%m-%d', '%Y-W%V', '%H:%M:%S.%L %u %j %w'), tie('node')).map(([format, date]) => ({ $dateToString: { format, date } })),
    fc.constantFrom('$a', '$b').map((field) => ({ $in: [field, ['a', 'TJ', 3]] })),
  ),
})).node;

function pipelinesFor(expressionValue: unknown): Document[][] {
  return [
    [{ $project: { _id: 0, r: expressionValue } }],
    [{ $project: { r: expressionValue, k: { p: '$a', q: [expressionValue, '$zz'] } } }],
    [{ $group: { _id: expressionValue, n: { $sum: 1 }, s: { $sum: '$a' }, lo: { $min: '$b' }, hi: { $max: '$b' }, mean: { $avg: '$c' }, f: { $first: '$a' }, l: { $last: '$c' }, all: { $push: [expressionValue] } } }],
    [{ $group: { _id: { k: '$a', v: expressionValue }, c: { $sum: 1 } } }, { $group: { _id: '$_id.k', v: { $push: '$_id.v' }, c: { $push: '$c' }, k: { $count: {} } } }],
    [{ $unwind: '$a' }, { $match: { a: { $ne: null } } }, { $project: { _id: 0, a: '$a', r: expressionValue } }],
  ];
}

describe('compiled aggregation stages', () => {
  it('give the same results as mingo on generated documents and expressions, and leave the input unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(documents, expression, async (input, generated) => {
        for (const pipeline of pipelinesFor(generated)) {
          const before = show(input);
          const expected = viaMingo(input, pipeline);
          const actual = await viaEngine(input, pipeline);
          if (actual !== expected) throw new Error(`pipeline ${JSON.stringify(pipeline)}\nmingo:    ${expected}\ncompiled: ${actual}`);
          expect(show(input)).toBe(before);
        }
      }),
      { seed: SEED, numRuns: 300, verbose: true },
    );
  });

  it('give the same results as mingo for the statistics pipelines of the regions', async () => {
    const now = new Date('2026-12-06T08:00:00Z');
    const buckets = timeBucketsOf('receivedAt') as Record<string, unknown>;
    const groupId = { handlingRegion: '$handlingRegion', month: buckets.MONTH, week: buckets.WEEK, quarter: buckets.QUARTER, day: buckets.DAY, year: buckets.YEAR, enterprise: '$business.creditCode' };
    const stages = stageOverdueExpressions(now) as Record<string, unknown>;
    const pipelines: Document[][] = [
      [
        {
          $group: {
            _id: groupId,
            count: { $sum: 1 },
            overdue: { $sum: { $cond: [overdueExpression(now), 1, 0] } },
            ...Object.fromEntries(Object.entries(stages).map(([stage, condition]) => [`stage_${stage}`, { $sum: { $cond: [condition, 1, 0] } }])),
            n: { $sum: { $cond: [{ $eq: [{ $isNumber: '$amount' }, true] }, 1, 0] } },
            sum: { $sum: '$amount' },
            min: { $min: '$amount' },
            max: { $max: '$amount' },
          },
        },
      ],
      [
        { $group: { _id: { k: groupId, v: { $cond: [{ $eq: [{ $isNumber: '$amount' }, true] }, sketchBucketExpression('amount'), null] } }, c: { $sum: 1 } } },
        { $group: { _id: '$_id.k', v: { $push: '$_id.v' }, c: { $push: '$c' } } },
      ],
    ];
    const complaint = fc.record(
      {
        handlingRegion: fc.constantFrom('BJ', 'TJ', 'HE', null),
        receivedAt: fc.date({ min: new Date('2023-12-20T00:00:00Z'), max: new Date('2027-01-10T00:00:00Z'), noInvalidDate: true }),
        status: fc.constantFrom('REGISTERED', 'TRANSFERRED', 'ACCEPTED', 'MEDIATING', 'RESOLVED', 'FEEDBACK_GIVEN'),
        acceptDeadline: fc.date({ min: new Date('2026-11-01T00:00:00Z'), max: new Date('2027-01-01T00:00:00Z'), noInvalidDate: true }),
        mediationDeadline: fc.option(fc.date({ min: new Date('2026-11-01T00:00:00Z'), max: new Date('2027-01-01T00:00:00Z'), noInvalidDate: true })),
        business: fc.record({ creditCode: fc.constantFrom('91120000000000001X', '91110000000000002Y') }),
        amount: fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), fc.constant(null)),
        durations: fc.record({ receiptToAcceptance: fc.record({ workingDays: fc.option(fc.integer({ min: 0, max: 20 })) }), acceptanceToClosure: fc.record({ workingDays: fc.option(fc.integer({ min: 0, max: 60 })) }) }),
      },
      { requiredKeys: ['receivedAt', 'status', 'acceptDeadline', 'business'] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(complaint, { maxLength: 40 }), async (input) => {
        for (const pipeline of pipelines) expect(await viaEngine(input, pipeline)).toBe(viaMingo(input, pipeline));
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('compiles the statistics shapes, and leaves other shapes to mingo', () => {
    expect(compileStage({ $group: { _id: { k: '$a' }, c: { $sum: 1 }, s: { $sum: '$b' } } })).toBeDefined();
    expect(compileStage({ $project: { _id: 0, k: { a: '$a' }, m: ['$b'] } })).toBeDefined();
    expect(compileStage({ $unwind: '$a' })).toBeDefined();
    // Inclusion projections, variables, accumulators without a compiled form, unwind options: mingo.
    expect(compileStage({ $project: { a: 1 } })).toBeUndefined();
    expect(compileStage({ $project: { r: '$$v' } })).toBeUndefined();
    expect(compileStage({ $group: { _id: null, s: { $stdDevPop: '$a' } } })).toBeUndefined();
    expect(compileStage({ $unwind: { path: '$a', preserveNullAndEmptyArrays: true } })).toBeUndefined();
  });
});
