/**
 * The engine's filters run on a context of mingo's query (and projection) operators only, unless they evaluate
 * aggregation expressions (services/engine/query/filterQuery.ts): every query operator must match as mingo's full
 * registry matches, and what needs expressions must still work.
 */
import { Query } from 'mingo';
import type { Document } from 'bson';
import { filterQuery } from '../../services/engine/query/filterQuery';
import { projectDocuments } from '../../services/engine/commands/projection';

const documents: Document[] = [
  { _id: 1, category: 'FOOD', status: 'ANNOUNCED', quantity: 5, tags: ['a', 'b'], at: new Date('2024-01-02T00:00:00Z'), maker: { code: '911201', city: '天津' }, lines: [{ sku: 'x', n: 2 }, { sku: 'y', n: 9 }] },
  { _id: 2, category: 'TOYS', status: 'COMPLETED', quantity: 50, tags: [], at: new Date('2025-06-01T00:00:00Z'), maker: { code: '911202' }, flags: 6 },
  { _id: 3, category: 'FOOD', quantity: null, tags: 'a', lines: [] },
  { _id: 'TJ-RCL-2024-000004', category: 'VEHICLES', status: 'ANNOUNCED', quantity: 7.5, note: '召回 recall' },
];

const filters: Document[] = [
  {},
  { category: 'FOOD' },
  { category: { $eq: 'TOYS' } },
  { category: { $ne: 'FOOD' } },
  { quantity: { $gt: 5 } },
  { quantity: { $gte: 5, $lt: 50 } },
  { quantity: { $lte: 7.5 } },
  { quantity: null },
  { status: { $exists: false } },
  { category: { $in: ['FOOD', 'TOYS'] } },
  { category: { $nin: ['FOOD'] } },
  { tags: 'a' },
  { tags: { $all: ['a', 'b'] } },
  { tags: { $size: 0 } },
  { lines: { $elemMatch: { n: { $gt: 5 } } } },
  { 'lines.sku': 'y' },
  { 'maker.code': { $regex: '^9112', $options: 'i' } },
  { note: /召回/ },
  { quantity: { $mod: [5, 0] } },
  { quantity: { $type: 'double' } },
  { quantity: { $not: { $gt: 6 } } },
  { $or: [{ category: 'TOYS' }, { quantity: { $lt: 6 } }] },
  { $and: [{ category: 'FOOD' }, { 'maker.city': '天津' }] },
  { $nor: [{ category: 'FOOD' }, { status: 'COMPLETED' }] },
  { at: { $gte: new Date('2025-01-01T00:00:00Z') } },
  { flags: { $bitsAllSet: [1, 2] } },
  { _id: { $in: [1, 'TJ-RCL-2024-000004'] } },
  { $or: [{ lines: { $elemMatch: { sku: 'x', n: 2 } } }, { tags: { $size: 1 } }] },
];

describe("the engine's filter queries", () => {
  test.each(filters.map((filter) => [JSON.stringify(filter), filter]))('%s matches as mingo with every operator does', (_, filter) => {
    const lean = filterQuery(filter as Document);
    const full = new Query(filter as Document, {});
    expect(documents.map((document) => lean.test(document))).toEqual(documents.map((document) => full.test(document)));
  });

  test('filters that evaluate expressions still run ($expr, also nested under $or)', () => {
    expect(documents.filter((document) => filterQuery({ $expr: { $gt: ['$quantity', 6] } }).test(document)).map((document) => document._id)).toEqual([2, 'TJ-RCL-2024-000004']);
    expect(documents.filter((document) => filterQuery({ $or: [{ category: 'TOYS' }, { $expr: { $eq: [{ $size: { $ifNull: ['$lines', []] } }, 2] } }] }).test(document)).map((document) => document._id)).toEqual([1, 2]);
  });

  test('an unknown operator is refused as mingo refuses it', () => {
    expect(() => filterQuery({ quantity: { $near: 5 } })).toThrow(/unknown query operator/);
  });

  test("a find's positional and $elemMatch projections work with a filter's query", () => {
    const query = filterQuery({ 'lines.n': { $gt: 5 } });
    expect(projectDocuments([documents[0]!], { 'lines.$': 1 }, query)).toEqual([{ _id: 1, lines: [{ sku: 'y', n: 9 }] }]);
    expect(projectDocuments([documents[0]!], { lines: { $elemMatch: { sku: 'x' } }, tags: { $slice: 1 } }, filterQuery({}))).toEqual([{ _id: 1, lines: [{ sku: 'x', n: 2 }], tags: ['a'] }]);
  });
});
