/**
 * Query operators, with the documents and expected answers of the MongoDB manual's
 * "Query Documents", "Query on Embedded/Nested Documents", "Query an Array",
 * "Query an Array of Embedded Documents", "Query for Null or Missing Fields" pages and
 * the query operator reference pages.
 */
import { Double, ObjectId, type Document, type Filter } from 'mongodb';
import { pluck, useTestDb, type AnyDoc } from './util';

const ctx = useTestDb('query');

/** `item` values of matching documents in _id order. */
async function items(coll: string, filter: Filter<AnyDoc>): Promise<string[]> {
  const docs = await ctx.db.collection<AnyDoc>(coll).find(filter).sort({ _id: 1 }).toArray();
  return pluck<string>(docs, 'item');
}
async function ids(coll: string, filter: Filter<AnyDoc>): Promise<unknown[]> {
  const docs = await ctx.db.collection<AnyDoc>(coll).find(filter).sort({ _id: 1 }).toArray();
  return pluck(docs, '_id');
}

beforeAll(async () => {
  await ctx.db.collection<AnyDoc>('emb').insertMany([
    { _id: 1, item: 'journal', qty: 25, size: { h: 14, w: 21, uom: 'cm' }, status: 'A' },
    { _id: 2, item: 'notebook', qty: 50, size: { h: 8.5, w: 11, uom: 'in' }, status: 'A' },
    { _id: 3, item: 'paper', qty: 100, size: { h: 8.5, w: 11, uom: 'in' }, status: 'D' },
    { _id: 4, item: 'planner', qty: 75, size: { h: 22.85, w: 30, uom: 'cm' }, status: 'D' },
    { _id: 5, item: 'postcard', qty: 45, size: { h: 10, w: 15.25, uom: 'cm' }, status: 'A' },
  ] as Document[]);
  await ctx.db.collection<AnyDoc>('arr').insertMany([
    { _id: 1, item: 'journal', qty: 25, tags: ['blank', 'red'], dim_cm: [14, 21] },
    { _id: 2, item: 'notebook', qty: 50, tags: ['red', 'blank'], dim_cm: [14, 21] },
    { _id: 3, item: 'paper', qty: 100, tags: ['red', 'blank', 'plain'], dim_cm: [14, 21] },
    { _id: 4, item: 'planner', qty: 75, tags: ['blank', 'red'], dim_cm: [22.85, 30] },
    { _id: 5, item: 'postcard', qty: 45, tags: ['blue'], dim_cm: [10, 15.25] },
  ] as Document[]);
  await ctx.db.collection<AnyDoc>('instock').insertMany([
    { _id: 1, item: 'journal', instock: [{ warehouse: 'A', qty: 5 }, { warehouse: 'C', qty: 15 }] },
    { _id: 2, item: 'notebook', instock: [{ warehouse: 'C', qty: 5 }] },
    { _id: 3, item: 'paper', instock: [{ warehouse: 'A', qty: 60 }, { warehouse: 'B', qty: 15 }] },
    { _id: 4, item: 'planner', instock: [{ warehouse: 'A', qty: 40 }, { warehouse: 'B', qty: 5 }] },
    { _id: 5, item: 'postcard', instock: [{ warehouse: 'B', qty: 15 }, { warehouse: 'C', qty: 35 }] },
  ] as Document[]);
});

describe('comparison operators', () => {
  it('$eq (explicit and implicit)', async () => {
    expect(await items('emb', { qty: { $eq: 50 } })).toEqual(['notebook']);
    expect(await items('emb', { qty: 50 })).toEqual(['notebook']);
    expect(await items('emb', { 'size.uom': { $eq: 'cm' } })).toEqual(['journal', 'planner', 'postcard']);
  });
  it('$ne', async () => {
    expect(await items('emb', { status: { $ne: 'A' } })).toEqual(['paper', 'planner']);
  });
  it('$gt $gte $lt $lte', async () => {
    expect(await items('emb', { qty: { $gt: 50 } })).toEqual(['paper', 'planner']);
    expect(await items('emb', { qty: { $gte: 50 } })).toEqual(['notebook', 'paper', 'planner']);
    expect(await items('emb', { qty: { $lt: 45 } })).toEqual(['journal']);
    expect(await items('emb', { qty: { $lte: 45 } })).toEqual(['journal', 'postcard']);
    expect(await items('emb', { qty: { $gt: 25, $lte: 75 } })).toEqual(['notebook', 'planner', 'postcard']);
  });
  it('$in and $nin', async () => {
    expect(await items('emb', { qty: { $in: [25, 75] } })).toEqual(['journal', 'planner']);
    expect(await items('emb', { status: { $in: ['A', 'D'] } })).toEqual(['journal', 'notebook', 'paper', 'planner', 'postcard']);
    expect(await items('emb', { qty: { $nin: [25, 75] } })).toEqual(['notebook', 'paper', 'postcard']);
    expect(await items('emb', { qty: { $in: [] } })).toEqual([]);
  });
  it('comparisons only match values of the same BSON type bracket', async () => {
    const c = ctx.db.collection<AnyDoc>('types');
    await c.insertMany([
      { _id: 1, v: 10 },
      { _id: 2, v: '10' },
      { _id: 3, v: 3 },
      { _id: 4, v: new Date('2020-01-01T00:00:00Z') },
      { _id: 5, v: [1, 20] },
      { _id: 6, v: new Double(7) },
      { _id: 7, v: true },
    ]);
    expect(await ids('types', { v: { $gt: 5 } })).toEqual([1, 5, 6]);
    expect(await ids('types', { v: { $gt: '0' } })).toEqual([2]);
    expect(await ids('types', { v: { $lt: 5 } })).toEqual([3, 5]);
    // int 7 equals double 7.0
    expect(await ids('types', { v: 7 })).toEqual([6]);
    expect(await ids('types', { v: '10' })).toEqual([2]);
    expect(await ids('types', { v: 10 })).toEqual([1]);
    expect(await ids('types', { v: { $in: [10, true] } })).toEqual([1, 7]);
  });
});

describe('logical operators', () => {
  it('implicit AND of several fields', async () => {
    expect(await items('emb', { 'size.h': { $lt: 15 }, 'size.uom': 'in', status: 'D' })).toEqual(['paper']);
  });
  it('$and', async () => {
    expect(await items('emb', { $and: [{ qty: { $gte: 45 } }, { qty: { $lte: 75 } }] })).toEqual(['notebook', 'planner', 'postcard']);
  });
  it('$or', async () => {
    expect(await items('emb', { $or: [{ status: 'D' }, { qty: { $lt: 30 } }] })).toEqual(['journal', 'paper', 'planner']);
  });
  it('AND together with $or (manual example)', async () => {
    expect(await items('emb', { status: 'A', $or: [{ qty: { $lt: 30 } }, { item: /^p/ }] })).toEqual(['journal', 'postcard']);
  });
  it('$nor', async () => {
    expect(await items('emb', { $nor: [{ status: 'A' }, { qty: { $gt: 80 } }] })).toEqual(['planner']);
  });
  it('$nor also matches documents missing the fields', async () => {
    const c = ctx.db.collection<AnyDoc>('nor');
    await c.insertMany([{ _id: 1, price: 1.99, sale: true }, { _id: 2, price: 1.99 }, { _id: 3, sale: true }, { _id: 4 }]);
    expect(await ids('nor', { $nor: [{ price: 1.99 }, { sale: true }] })).toEqual([4]);
  });
  it('$not', async () => {
    const c = ctx.db.collection<AnyDoc>('not');
    await c.insertMany([{ _id: 1, price: 1.5 }, { _id: 2, price: 2 }, { _id: 3, price: 2.5 }, { _id: 4 }, { _id: 5, price: 'n/a' }]);
    // manual: { price: { $not: { $gt: 1.99 } } } also selects documents without the field
    expect(await ids('not', { price: { $not: { $gt: 1.99 } } })).toEqual([1, 4, 5]);
    expect(await items('emb', { item: { $not: /^p/ } })).toEqual(['journal', 'notebook']);
  });
});

describe('element operators and null vs missing', () => {
  beforeAll(async () => {
    await ctx.db.collection<AnyDoc>('nulls').insertMany([{ _id: 1, item: null }, { _id: 2 }, { _id: 3, item: 'x' }]);
  });
  it('{ item: null } matches null and missing', async () => {
    expect(await ids('nulls', { item: null })).toEqual([1, 2]);
    expect(await ids('nulls', { item: { $eq: null } })).toEqual([1, 2]);
    expect(await ids('nulls', { item: { $in: [null] } })).toEqual([1, 2]);
  });
  it('$type: null matches only an explicit null', async () => {
    expect(await ids('nulls', { item: { $type: 10 } })).toEqual([1]);
    expect(await ids('nulls', { item: { $type: 'null' } })).toEqual([1]);
    expect(await ids('nulls', { item: { $type: 'string' } })).toEqual([3]);
  });
  it('$exists', async () => {
    expect(await ids('nulls', { item: { $exists: false } })).toEqual([2]);
    expect(await ids('nulls', { item: { $exists: true } })).toEqual([1, 3]);
  });
  it('$ne null and $nin [null] exclude both null and missing; $ne value includes missing', async () => {
    expect(await ids('nulls', { item: { $ne: null } })).toEqual([3]);
    expect(await ids('nulls', { item: { $nin: [null] } })).toEqual([3]);
    expect(await ids('nulls', { item: { $ne: 'x' } })).toEqual([1, 2]);
    expect(await ids('nulls', { item: { $nin: ['x'] } })).toEqual([1, 2]);
  });
  it('dotted path through a missing subdocument is null', async () => {
    const c = ctx.db.collection<AnyDoc>('nulls2');
    await c.insertMany([{ _id: 1, a: { b: 1 } }, { _id: 2, a: {} }, { _id: 3 }, { _id: 4, a: { b: null } }]);
    expect(await ids('nulls2', { 'a.b': null })).toEqual([2, 3, 4]);
    expect(await ids('nulls2', { 'a.b': { $exists: true } })).toEqual([1, 4]);
    expect(await ids('nulls2', { a: { $exists: true } })).toEqual([1, 2, 4]);
  });
});

describe('embedded documents', () => {
  it('equality on a whole embedded document needs the exact document, field order included', async () => {
    expect(await items('emb', { size: { h: 14, w: 21, uom: 'cm' } })).toEqual(['journal']);
    expect(await items('emb', { size: { w: 21, h: 14, uom: 'cm' } })).toEqual([]);
    expect(await items('emb', { size: { h: 14, w: 21 } })).toEqual([]);
  });
  it('dotted paths into embedded fields', async () => {
    expect(await items('emb', { 'size.uom': 'in' })).toEqual(['notebook', 'paper']);
    expect(await items('emb', { 'size.h': { $lt: 15 } })).toEqual(['journal', 'notebook', 'paper', 'postcard']);
  });
});

describe('arrays', () => {
  it('exact array match (order matters)', async () => {
    expect(await items('arr', { tags: ['red', 'blank'] })).toEqual(['notebook']);
  });
  it('element match on a scalar value', async () => {
    expect(await items('arr', { tags: 'red' })).toEqual(['journal', 'notebook', 'paper', 'planner']);
  });
  it('$all', async () => {
    expect(await items('arr', { tags: { $all: ['red', 'blank'] } })).toEqual(['journal', 'notebook', 'paper', 'planner']);
    expect(await items('arr', { tags: { $all: ['blue'] } })).toEqual(['postcard']);
    expect(await items('arr', { tags: { $all: ['red', 'blue'] } })).toEqual([]);
  });
  it('$in / $nin against array fields', async () => {
    expect(await items('arr', { tags: { $in: ['plain', 'blue'] } })).toEqual(['paper', 'postcard']);
    expect(await items('arr', { tags: { $nin: ['red'] } })).toEqual(['postcard']);
  });
  it('a condition on an array is met if any element meets it', async () => {
    expect(await items('arr', { dim_cm: { $gt: 25 } })).toEqual(['planner']);
  });
  it('compound conditions on an array may be met by different elements', async () => {
    expect(await items('arr', { dim_cm: { $gt: 15, $lt: 20 } })).toEqual(['journal', 'notebook', 'paper', 'postcard']);
  });
  it('$elemMatch requires one element to meet every condition', async () => {
    expect(await items('arr', { dim_cm: { $elemMatch: { $gt: 22, $lt: 30 } } })).toEqual(['planner']);
    const c = ctx.db.collection<AnyDoc>('scores');
    await c.insertMany([{ _id: 1, results: [82, 85, 88] }, { _id: 2, results: [75, 88, 89] }]);
    expect(await ids('scores', { results: { $elemMatch: { $gte: 80, $lt: 85 } } })).toEqual([1]);
  });
  it('array element by index', async () => {
    expect(await items('arr', { 'dim_cm.1': { $gt: 25 } })).toEqual(['planner']);
    expect(await items('arr', { 'tags.0': 'blank' })).toEqual(['journal', 'planner']);
  });
  it('$size', async () => {
    expect(await items('arr', { tags: { $size: 3 } })).toEqual(['paper']);
    expect(await items('arr', { tags: { $size: 2 } })).toEqual(['journal', 'notebook', 'planner']);
    expect(await items('arr', { tags: { $size: 0 } })).toEqual([]);
  });
});

describe('arrays of embedded documents', () => {
  it('equality on an element needs the exact document, field order included', async () => {
    expect(await items('instock', { instock: { warehouse: 'A', qty: 5 } })).toEqual(['journal']);
    expect(await items('instock', { instock: { qty: 5, warehouse: 'A' } })).toEqual([]);
  });
  it('field of an element by index', async () => {
    expect(await items('instock', { 'instock.0.qty': { $lte: 20 } })).toEqual(['journal', 'notebook', 'postcard']);
  });
  it('field of any element by dotted path', async () => {
    expect(await items('instock', { 'instock.qty': { $lte: 20 } })).toEqual(['journal', 'notebook', 'paper', 'planner', 'postcard']);
    expect(await items('instock', { 'instock.warehouse': { $in: ['B'] } })).toEqual(['paper', 'planner', 'postcard']);
  });
  it('$elemMatch: one element meets all conditions', async () => {
    expect(await items('instock', { instock: { $elemMatch: { qty: 5, warehouse: 'A' } } })).toEqual(['journal']);
    expect(await items('instock', { instock: { $elemMatch: { qty: { $gt: 10, $lte: 20 } } } })).toEqual(['journal', 'paper', 'postcard']);
  });
  it('without $elemMatch, conditions may be met by different elements', async () => {
    expect(await items('instock', { 'instock.qty': { $gt: 10, $lte: 20 } })).toEqual(['journal', 'paper', 'planner', 'postcard']);
    expect(await items('instock', { 'instock.qty': 5, 'instock.warehouse': 'A' })).toEqual(['journal', 'planner']);
  });
});

describe('$regex', () => {
  it('pattern as a string', async () => {
    expect(await items('emb', { item: { $regex: '^p' } })).toEqual(['paper', 'planner', 'postcard']);
  });
  it('case-insensitive via $options i and via a /i literal', async () => {
    expect(await items('emb', { item: { $regex: '^P', $options: 'i' } })).toEqual(['paper', 'planner', 'postcard']);
    expect(await items('emb', { item: /ER$/i })).toEqual(['paper', 'planner']);
    expect(await items('emb', { item: { $regex: /^NOTE/i } })).toEqual(['notebook']);
  });
  it('is case-sensitive without i', async () => {
    expect(await items('emb', { item: /^P/ })).toEqual([]);
    expect(await items('emb', { item: { $regex: 'card$' } })).toEqual(['postcard']);
  });
  it('matches elements of string arrays and skips non-strings', async () => {
    expect(await items('arr', { tags: /^pl/ })).toEqual(['paper']);
    expect(await items('emb', { qty: /5/ })).toEqual([]);
  });
  it('regular expressions inside $in', async () => {
    expect(await items('emb', { item: { $in: [/^j/, 'paper'] } })).toEqual(['journal', 'paper']);
  });
  it('matches Chinese text', async () => {
    const c = ctx.db.collection<AnyDoc>('zh');
    await c.insertMany([{ _id: 1, name: '天津市场监督管理委员会' }, { _id: 2, name: '北京市市场监督管理局' }, { _id: 3, name: '河北省市场监督管理局' }]);
    expect(await ids('zh', { name: /管理局$/ })).toEqual([2, 3]);
    expect(await ids('zh', { name: { $regex: '^天津' } })).toEqual([1]);
  });
});

describe('dates and ObjectIds', () => {
  const d = (s: string) => new Date(s);
  beforeAll(async () => {
    await ctx.db.collection<AnyDoc>('ev').insertMany([
      { _id: 1, at: d('2024-01-01T00:00:00.000Z') },
      { _id: 2, at: d('2024-06-15T08:30:00.000Z') },
      { _id: 3, at: d('2025-01-01T00:00:00.000Z') },
      { _id: 4, at: '2024-03-01' },
    ]);
  });
  it('range on Date values (strings are a different type)', async () => {
    expect(await ids('ev', { at: { $gte: d('2024-01-01T00:00:00Z'), $lt: d('2025-01-01T00:00:00Z') } })).toEqual([1, 2]);
    expect(await ids('ev', { at: { $gt: d('1970-01-01T00:00:00Z') } })).toEqual([1, 2, 3]);
    expect(await ids('ev', { at: { $lte: d('2024-01-01T00:00:00Z') } })).toEqual([1]);
  });
  it('equality on a Date is to the millisecond', async () => {
    expect(await ids('ev', { at: d('2024-06-15T08:30:00.000Z') })).toEqual([2]);
    expect(await ids('ev', { at: d('2024-06-15T08:30:00.001Z') })).toEqual([]);
  });
  it('sorting by date; dates sort after strings', async () => {
    const docs = await ctx.db.collection<AnyDoc>('ev').find({}).sort({ at: -1 }).toArray();
    expect(pluck(docs, '_id')).toEqual([3, 2, 1, 4]);
  });
  it('ObjectId equality, $in and ordering', async () => {
    const a = new ObjectId('650000000000000000000001');
    const b = new ObjectId('650000000000000000000002');
    const c3 = new ObjectId('660000000000000000000000');
    const c = ctx.db.collection<AnyDoc>('oids');
    await c.insertMany([
      { _id: a, owner: b, n: 1 },
      { _id: b, owner: a, n: 2 },
      { _id: c3, owner: b, n: 3 },
    ]);
    expect(pluck(await c.find({ owner: b }).sort({ n: 1 }).toArray(), 'n')).toEqual([1, 3]);
    expect(pluck(await c.find({ _id: { $in: [a, c3] } }).sort({ n: 1 }).toArray(), 'n')).toEqual([1, 3]);
    expect(await c.find({ owner: a.toHexString() }).toArray()).toEqual([]);
    expect(pluck(await c.find({ _id: { $gt: a } }).sort({ _id: 1 }).toArray(), 'n')).toEqual([2, 3]);
    expect(pluck(await c.find({}).sort({ _id: -1 }).toArray(), 'n')).toEqual([3, 2, 1]);
  });
});
