/**
 * Filters of simple conditions (`field: scalar`, `$eq`, `$in` of scalars: services/engine/query/simpleConditions.ts)
 * are judged without mingo, and must judge as mingo does: for generated documents whose fields hold every kind of
 * value (numbers with -0 and NaN, strings, booleans, null, missing, dates, BSON number classes, arrays — nested too —
 * and sub-documents) and generated filters that mix simple conditions with others (`$gt`, `$exists`, dotted paths,
 * null, NaN), the engine's matcher and a pipeline's `$match` stage agree with mingo on every document. Fixed seed:
 * a failure prints it with the counterexample. A scan with such a filter makes no garbage per document.
 */
import { Decimal128, Long, type Document } from 'bson';
import fc from 'fast-check';
import { compileFilter } from '../../services/engine/query/execute';
import { filterQuery } from '../../services/engine/query/filterQuery';
import { compileStage } from '../../services/engine/query/compiledStages';
import { UNBOUNDED } from '../../services/engine/operations';

const SEED = 20261207;

const scalar = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -2, max: 2 }),
  fc.constantFrom(0, -0, 0.5, Number.NaN),
  fc.constantFrom('', 'a', 'b', 'TJ', '1'),
  fc.boolean(),
  fc.constantFrom(new Date('2026-12-07T00:00:00Z'), Decimal128.fromString('1'), Long.fromNumber(2)),
);
const value = fc.oneof(
  { weight: 5, arbitrary: scalar },
  { weight: 2, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.array(fc.array(scalar, { maxLength: 2 }), { maxLength: 2 }) },
  { weight: 1, arbitrary: fc.record({ e: scalar }, { requiredKeys: [], noNullPrototype: true }) },
);
const documentArbitrary = fc.record({ _id: fc.constantFrom('TJ-1', 'TJ-2', 1), a: value, b: value, d: value }, { requiredKeys: ['_id'], noNullPrototype: true });

const queryScalar = fc.oneof(fc.integer({ min: -2, max: 2 }), fc.constantFrom(0, -0, 0.5), fc.constantFrom('', 'a', 'b', 'TJ', '1', 'TJ-1'), fc.boolean());
const simpleCondition = fc.oneof(
  queryScalar,
  queryScalar.map((scalarValue) => ({ $eq: scalarValue })),
  fc.array(queryScalar, { minLength: 1, maxLength: 3 }).map((scalars) => ({ $in: scalars })),
);
const otherCondition = fc.constantFrom<unknown>(null, Number.NaN, { $gt: 0 }, { $exists: true }, { $in: [null, 'a'] }, { $in: [] }, { $ne: 'a' }, { e: 'a' });
const condition = fc.oneof({ weight: 4, arbitrary: simpleCondition }, { weight: 1, arbitrary: otherCondition });
const filterArbitrary = fc.dictionary(fc.constantFrom('a', 'b', 'd', '_id', 'd.e'), condition, { maxKeys: 3, noNullPrototype: true });

describe('simple conditions judge as mingo does', () => {
  it('the find matcher, on generated documents and filters', () => {
    fc.assert(
      fc.property(filterArbitrary, fc.array(documentArbitrary, { maxLength: 8 }), (filter, documents) => {
        const matcher = compileFilter(filter as Document);
        const reference = filterQuery(filter as Document);
        for (const document of documents) expect({ filter, document, matches: matcher.test(document) }).toEqual({ filter, document, matches: reference.test(document) });
      }),
      { seed: SEED, numRuns: 1_500 },
    );
  });

  it('a pipeline\'s $match stage, on generated documents and filters', async () => {
    await fc.assert(
      fc.asyncProperty(filterArbitrary, fc.array(documentArbitrary, { maxLength: 8 }), async (filter, documents) => {
        const stage = compileStage({ $match: filter });
        const reference = filterQuery(filter as Document);
        const expected = documents.filter((document) => reference.test(document));
        expect(await stage!(documents, UNBOUNDED)).toEqual(expected);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('an equality on an array of scalars holds when an element equals it, and -0 equals 0', () => {
    expect(compileFilter({ tags: 'b' }).test({ tags: ['a', 'b'] })).toBe(true);
    expect(compileFilter({ tags: { $in: ['c', 'd'] } }).test({ tags: ['a', 'b'] })).toBe(false);
    expect(compileFilter({ n: -0 }).test({ n: 0 })).toBe(true);
    expect(compileFilter({ n: 1 }).test({ n: '1' })).toBe(false);
    expect(compileFilter({ n: 1, missing: 'x' }).test({ n: 1 })).toBe(false);
  });
});

describe('a scan with simple conditions', () => {
  it('allocates no garbage per document (mingo\'s test made about 100 bytes each)', () => {
    const documents = Array.from({ length: 50_000 }, (_, i) => ({ _id: `TJ-${i}`, region: 'TJ', status: i % 3 === 0 ? 'COMPLETED' : 'ANNOUNCED' }));
    const matcher = compileFilter({ region: 'TJ', status: { $in: ['COMPLETED', 'CANCELLED'] } });
    const count = () => {
      let matched = 0;
      for (let i = 0; i < documents.length; i++) if (matcher.test(documents[i]!)) matched++;
      return matched;
    };
    for (let i = 0; i < 5; i++) count();
    const before = process.memoryUsage().heapUsed;
    const matched = count();
    const grown = process.memoryUsage().heapUsed - before;
    expect(matched).toBe(16_667);
    expect(grown / documents.length).toBeLessThan(8);
  });
});
