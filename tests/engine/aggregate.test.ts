/**
 * Aggregation stages and accumulators with the MongoDB manual's examples ($group "sales"
 * examples, $unwind "inventory2" example, $addFields "scores" example, $count, $facet).
 * Prices are doubles here (the manual uses Decimal128); the arithmetic is the same.
 */
import type { Document } from 'mongodb';
import { pluck, useTestDb, type AnyDoc } from './util';

const ctx = useTestDb('aggregate');
const D = (s: string) => new Date(s);

const sales: Document[] = [
  { _id: 1, item: 'abc', price: 10, quantity: 2, date: D('2014-03-01T08:00:00Z') },
  { _id: 2, item: 'jkl', price: 20, quantity: 1, date: D('2014-03-01T09:00:00Z') },
  { _id: 3, item: 'xyz', price: 5, quantity: 10, date: D('2014-03-15T09:00:00Z') },
  { _id: 4, item: 'xyz', price: 5, quantity: 20, date: D('2014-04-04T11:21:39.736Z') },
  { _id: 5, item: 'abc', price: 10, quantity: 10, date: D('2014-04-04T21:23:13.331Z') },
  { _id: 6, item: 'def', price: 7.5, quantity: 5, date: D('2015-06-04T05:08:13Z') },
  { _id: 7, item: 'def', price: 7.5, quantity: 10, date: D('2015-09-10T08:43:00Z') },
  { _id: 8, item: 'abc', price: 10, quantity: 5, date: D('2016-02-06T20:20:13Z') },
];
const agg = (pipeline: Document[], coll = 'sales') => ctx.db.collection<AnyDoc>(coll).aggregate(pipeline).toArray();

beforeAll(async () => {
  await ctx.db.collection<AnyDoc>('sales').insertMany(sales.map((d) => ({ ...d })));
});

describe('$group', () => {
  it('groups by item with $sum of an expression, then $match on the group (manual)', async () => {
    const out = await agg([
      { $group: { _id: '$item', totalSaleAmount: { $sum: { $multiply: ['$price', '$quantity'] } } } },
      { $match: { totalSaleAmount: { $gte: 100 } } },
      { $sort: { _id: 1 } },
    ]);
    expect(out).toEqual([
      { _id: 'abc', totalSaleAmount: 170 },
      { _id: 'def', totalSaleAmount: 112.5 },
      { _id: 'xyz', totalSaleAmount: 150 },
    ]);
  });

  it('groups everything with _id null: $sum, $avg, count (manual)', async () => {
    const out = await agg([
      {
        $group: {
          _id: null,
          totalSaleAmount: { $sum: { $multiply: ['$price', '$quantity'] } },
          averageQuantity: { $avg: '$quantity' },
          count: { $sum: 1 },
        },
      },
    ]);
    expect(out).toEqual([{ _id: null, totalSaleAmount: 452.5, averageQuantity: 7.875, count: 8 }]);
  });

  it('$min $max $avg $push $first $last per group after a $sort', async () => {
    const out = await agg([
      { $sort: { date: 1 } },
      {
        $group: {
          _id: '$item',
          firstSale: { $first: '$date' },
          lastSale: { $last: '$date' },
          quantities: { $push: '$quantity' },
          minQ: { $min: '$quantity' },
          maxQ: { $max: '$quantity' },
          avgQ: { $avg: '$quantity' },
        },
      },
      { $sort: { _id: 1 } },
    ]);
    expect(pluck(out, '_id')).toEqual(['abc', 'def', 'jkl', 'xyz']);
    const [abc, def, jkl, xyz] = out;
    expect(abc).toMatchObject({
      firstSale: D('2014-03-01T08:00:00Z'),
      lastSale: D('2016-02-06T20:20:13Z'),
      quantities: [2, 10, 5],
      minQ: 2,
      maxQ: 10,
    });
    expect(abc.avgQ).toBeCloseTo(17 / 3, 10);
    expect(def).toEqual({
      _id: 'def',
      firstSale: D('2015-06-04T05:08:13Z'),
      lastSale: D('2015-09-10T08:43:00Z'),
      quantities: [5, 10],
      minQ: 5,
      maxQ: 10,
      avgQ: 7.5,
    });
    expect(jkl).toEqual({ _id: 'jkl', firstSale: sales[1].date, lastSale: sales[1].date, quantities: [1], minQ: 1, maxQ: 1, avgQ: 1 });
    expect(xyz).toMatchObject({ quantities: [10, 20], minQ: 10, maxQ: 20, avgQ: 15 });
  });

  it('groups by a compound key', async () => {
    const out = await agg([
      { $group: { _id: { item: '$item', year: { $year: '$date' } }, qty: { $sum: '$quantity' }, n: { $sum: 1 } } },
      { $sort: { '_id.item': 1, '_id.year': 1 } },
    ]);
    expect(out).toEqual([
      { _id: { item: 'abc', year: 2014 }, qty: 12, n: 2 },
      { _id: { item: 'abc', year: 2016 }, qty: 5, n: 1 },
      { _id: { item: 'def', year: 2015 }, qty: 15, n: 2 },
      { _id: { item: 'jkl', year: 2014 }, qty: 1, n: 1 },
      { _id: { item: 'xyz', year: 2014 }, qty: 30, n: 2 },
    ]);
  });

  it('$sum of a missing field is 0; $avg of no numbers is null', async () => {
    const out = await agg([{ $group: { _id: null, s: { $sum: '$nothing' }, a: { $avg: '$nothing' } } }]);
    expect(out).toEqual([{ _id: null, s: 0, a: null }]);
  });

  it('$group over no documents produces no documents', async () => {
    expect(await agg([{ $match: { item: 'none' } }, { $group: { _id: null, n: { $sum: 1 } } }])).toEqual([]);
  });
});

describe('$match, $project, $sort, $skip, $limit', () => {
  it('$match then $project with a computed field and _id suppressed', async () => {
    const out = await agg([
      { $match: { item: 'def' } },
      { $project: { _id: 0, item: 1, total: { $multiply: ['$price', '$quantity'] } } },
      { $sort: { total: 1 } },
    ]);
    expect(out).toEqual([
      { item: 'def', total: 37.5 },
      { item: 'def', total: 75 },
    ]);
  });

  it('$project exclusion', async () => {
    const out = await agg([{ $match: { _id: 2 } }, { $project: { date: 0, price: 0 } }]);
    expect(out).toEqual([{ _id: 2, item: 'jkl', quantity: 1 }]);
  });

  it('$sort (compound), $skip, $limit', async () => {
    const all = await agg([{ $sort: { quantity: -1, _id: 1 } }, { $project: { _id: 1 } }]);
    expect(pluck(all, '_id')).toEqual([4, 3, 5, 7, 6, 8, 1, 2]);
    const page = await agg([{ $sort: { quantity: -1, _id: 1 } }, { $skip: 2 }, { $limit: 3 }, { $project: { _id: 1 } }]);
    expect(page).toEqual([{ _id: 5 }, { _id: 7 }, { _id: 6 }]);
  });

  it('aggregate on a collection that does not exist returns nothing', async () => {
    expect(await agg([{ $match: {} }], 'no_such_collection')).toEqual([]);
  });
});

describe('$unwind', () => {
  beforeAll(async () => {
    await ctx.db.collection<AnyDoc>('inventory2').insertMany([
      { _id: 1, item: 'Shirt', price: 19.99, sizes: ['S', 'M', 'L'] },
      { _id: 2, item: 'Shorts', price: 23.99, sizes: [] },
      { _id: 3, item: 'Hat', price: 15.99, sizes: 'M' },
      { _id: 4, item: 'Gloves', price: 9.99 },
      { _id: 5, item: 'Scarf', price: 10.99, sizes: null },
    ] as Document[]);
  });

  it('one document per element; a non-array value counts as one; null, missing and [] produce nothing', async () => {
    const out = await agg([{ $unwind: '$sizes' }, { $project: { price: 0 } }], 'inventory2');
    expect(out).toEqual([
      { _id: 1, item: 'Shirt', sizes: 'S' },
      { _id: 1, item: 'Shirt', sizes: 'M' },
      { _id: 1, item: 'Shirt', sizes: 'L' },
      { _id: 3, item: 'Hat', sizes: 'M' },
    ]);
  });

  it('preserveNullAndEmptyArrays keeps documents with null, missing or empty arrays', async () => {
    const out = await agg([{ $unwind: { path: '$sizes', preserveNullAndEmptyArrays: true } }, { $project: { price: 0 } }], 'inventory2');
    expect(out).toEqual([
      { _id: 1, item: 'Shirt', sizes: 'S' },
      { _id: 1, item: 'Shirt', sizes: 'M' },
      { _id: 1, item: 'Shirt', sizes: 'L' },
      { _id: 2, item: 'Shorts' },
      { _id: 3, item: 'Hat', sizes: 'M' },
      { _id: 4, item: 'Gloves' },
      { _id: 5, item: 'Scarf', sizes: null },
    ]);
  });

  it('$unwind then $group counts per element', async () => {
    const out = await agg([{ $unwind: '$sizes' }, { $group: { _id: '$sizes', n: { $sum: 1 } } }, { $sort: { _id: 1 } }], 'inventory2');
    expect(out).toEqual([
      { _id: 'L', n: 1 },
      { _id: 'M', n: 2 },
      { _id: 'S', n: 1 },
    ]);
  });
});

describe('$count, $facet, $addFields', () => {
  it('$count returns one document with the count', async () => {
    expect(await agg([{ $match: { quantity: { $gt: 5 } } }, { $count: 'big_sales' }])).toEqual([{ big_sales: 4 }]);
  });

  it('$count over no documents returns nothing', async () => {
    expect(await agg([{ $match: { quantity: { $gt: 500 } } }, { $count: 'n' }])).toEqual([]);
  });

  it('$facet runs sub-pipelines over the same input and returns one document', async () => {
    const out = await agg([
      {
        $facet: {
          byItem: [{ $group: { _id: '$item', n: { $sum: 1 } } }, { $sort: { _id: 1 } }],
          total: [{ $count: 'n' }],
          top: [{ $sort: { quantity: -1 } }, { $limit: 1 }, { $project: { _id: 1 } }],
          none: [{ $match: { item: 'none' } }],
        },
      },
    ]);
    expect(out).toEqual([
      {
        byItem: [
          { _id: 'abc', n: 3 },
          { _id: 'def', n: 2 },
          { _id: 'jkl', n: 1 },
          { _id: 'xyz', n: 2 },
        ],
        total: [{ n: 8 }],
        top: [{ _id: 4 }],
        none: [],
      },
    ]);
  });

  it('$facet for a page plus a total count', async () => {
    const out = await agg([
      { $match: { item: { $in: ['abc', 'xyz'] } } },
      { $sort: { date: -1 } },
      { $facet: { page: [{ $skip: 1 }, { $limit: 2 }, { $project: { _id: 1 } }], total: [{ $count: 'count' }] } },
    ]);
    expect(out).toEqual([{ page: [{ _id: 5 }, { _id: 4 }], total: [{ count: 5 }] }]);
  });

  it('$addFields adds computed fields, usable by a later stage (manual)', async () => {
    await ctx.db.collection<AnyDoc>('scores').insertMany([
      { _id: 1, student: 'Maya', homework: [10, 5, 10], quiz: [10, 8], extraCredit: 0 },
      { _id: 2, student: 'Ryan', homework: [5, 6, 5], quiz: [8, 8], extraCredit: 8 },
    ] as Document[]);
    const out = await agg(
      [
        { $addFields: { totalHomework: { $sum: '$homework' }, totalQuiz: { $sum: '$quiz' } } },
        { $addFields: { totalScore: { $add: ['$totalHomework', '$totalQuiz', '$extraCredit'] } } },
        { $sort: { _id: 1 } },
      ],
      'scores',
    );
    expect(out).toEqual([
      { _id: 1, student: 'Maya', homework: [10, 5, 10], quiz: [10, 8], extraCredit: 0, totalHomework: 25, totalQuiz: 18, totalScore: 43 },
      { _id: 2, student: 'Ryan', homework: [5, 6, 5], quiz: [8, 8], extraCredit: 8, totalHomework: 16, totalQuiz: 16, totalScore: 40 },
    ]);
  });

  it('$addFields into an embedded document (manual)', async () => {
    await ctx.db.collection<AnyDoc>('vehicles').insertMany([
      { _id: 1, type: 'car', specs: { doors: 4, wheels: 4 } },
      { _id: 2, type: 'motorcycle', specs: { doors: 0, wheels: 2 } },
    ] as Document[]);
    const out = await agg([{ $addFields: { 'specs.fuel_type': 'unleaded' } }, { $sort: { _id: 1 } }], 'vehicles');
    expect(out).toEqual([
      { _id: 1, type: 'car', specs: { doors: 4, wheels: 4, fuel_type: 'unleaded' } },
      { _id: 2, type: 'motorcycle', specs: { doors: 0, wheels: 2, fuel_type: 'unleaded' } },
    ]);
  });
});

describe('date expressions and sorting by document keys (as the statistics queries use them)', () => {
  beforeAll(async () => {
    // 2024-01-31T16:30Z is already 2024-02-01 00:30 in Asia/Shanghai (UTC+8)
    await ctx.db.collection<AnyDoc>('events').insertMany([
      { _id: 1, region: 'tj', at: D('2024-01-31T16:30:00Z'), amount: 5 },
      { _id: 2, region: 'bj', at: D('2024-01-31T15:59:59Z'), amount: 7 },
      { _id: 3, region: 'tj', at: D('2024-01-15T00:00:00Z'), amount: 1 },
      { _id: 4, region: 'bj', at: D('2024-02-10T00:00:00Z'), amount: 2 },
      { _id: 5, region: 'he', at: D('2023-12-31T20:00:00Z'), amount: 4 },
    ]);
  });

  it('$dateToString formats in UTC by default and in a given timezone', async () => {
    const out = await agg(
      [
        { $sort: { _id: 1 } },
        {
          $project: {
            utc: { $dateToString: { format: '%Y-%m-%d %H:%M', date: '$at' } },
            sh: { $dateToString: { format: '%Y-%m', date: '$at', timezone: 'Asia/Shanghai' } },
          },
        },
      ],
      'events',
    );
    expect(out).toEqual([
      { _id: 1, utc: '2024-01-31 16:30', sh: '2024-02' },
      { _id: 2, utc: '2024-01-31 15:59', sh: '2024-01' },
      { _id: 3, utc: '2024-01-15 00:00', sh: '2024-01' },
      { _id: 4, utc: '2024-02-10 00:00', sh: '2024-02' },
      { _id: 5, utc: '2023-12-31 20:00', sh: '2024-01' },
    ]);
  });

  it('$month / $year take a timezone too', async () => {
    const out = await agg(
      [{ $match: { _id: 5 } }, { $project: { _id: 0, y: { $year: '$at' }, ySh: { $year: { date: '$at', timezone: 'Asia/Shanghai' } }, mSh: { $month: { date: '$at', timezone: 'Asia/Shanghai' } } } }],
      'events',
    );
    expect(out).toEqual([{ y: 2023, ySh: 2024, mSh: 1 }]);
  });

  it('group by a document key of (region, month in Shanghai) and $sort by _id orders by region then month', async () => {
    const out = await agg(
      [
        { $match: {} },
        {
          $group: {
            _id: { region: '$region', month: { $dateToString: { format: '%Y-%m', date: '$at', timezone: 'Asia/Shanghai' } } },
            count: { $sum: 1 },
            sum: { $sum: '$amount' },
          },
        },
        { $sort: { _id: 1 } },
      ],
      'events',
    );
    expect(out).toEqual([
      { _id: { region: 'bj', month: '2024-01' }, count: 1, sum: 7 },
      { _id: { region: 'bj', month: '2024-02' }, count: 1, sum: 2 },
      { _id: { region: 'he', month: '2024-01' }, count: 1, sum: 4 },
      { _id: { region: 'tj', month: '2024-01' }, count: 1, sum: 1 },
      { _id: { region: 'tj', month: '2024-02' }, count: 1, sum: 5 },
    ]);
  });
});

describe('reads leave the stored documents as they were', () => {
  it('$unwind, $addFields/$project on nested paths, $lookup + $unwind and a find exclusion projection change nothing stored', async () => {
    const c = ctx.db.collection<AnyDoc>('untouched');
    const stored = [
      { _id: 1, sub: { a: 1, b: 2 }, list: [] },
      { _id: 2, sub: { a: 3, b: 4 }, list: [1, 2] },
    ];
    await c.insertMany(stored.map((d) => structuredClone(d)));
    await c.createIndex({ 'sub.b': 1 });
    await c.aggregate([{ $unwind: { path: '$list', preserveNullAndEmptyArrays: true, includeArrayIndex: 'i' } }]).toArray();
    await c.aggregate([{ $addFields: { 'sub.x': 1 } }]).toArray();
    await c.aggregate([{ $project: { 'sub.a': 0 } }]).toArray();
    await c.aggregate([{ $lookup: { from: 'untouched', localField: '_id', foreignField: '_id', as: 'self' } }, { $unwind: '$self' }, { $addFields: { 'self.sub.y': 1 } }]).toArray();
    expect(await c.find({}, { projection: { 'sub.b': 0 } }).toArray()).toEqual([
      { _id: 1, sub: { a: 1 }, list: [] },
      { _id: 2, sub: { a: 3 }, list: [1, 2] },
    ]);
    expect(await c.find({}).sort({ _id: 1 }).toArray()).toEqual(stored);
    expect(await c.find({ 'sub.b': 4 }).toArray()).toEqual([stored[1]]);
  });
});
