/**
 * CRUD, projection, sort, skip/limit, cursors (getMore / killCursors), counts and
 * distinct — expected values from the MongoDB manual (CRUD pages, "Project Fields to
 * Return from Query", "Comparison/Sort Order", "Iterate a Cursor", distinct).
 */
import { Long, MongoClient, ObjectId, type CommandStartedEvent, type CommandSucceededEvent, type Document } from 'mongodb';
import { expectServerError, pluck, useTestDb, type AnyDoc } from './util';

const ctx = useTestDb('crud');

describe('insert', () => {
  it('insertOne without _id gets a generated ObjectId that findOne returns', async () => {
    const c = ctx.db.collection<AnyDoc>('ins1');
    const r = await c.insertOne({ name: 'alpha', n: 1 });
    expect(r.acknowledged).toBe(true);
    expect(r.insertedId).toBeInstanceOf(ObjectId);
    const found = await c.findOne({ _id: r.insertedId });
    expect(found).toEqual({ _id: r.insertedId, name: 'alpha', n: 1 });
    expect(found!._id).toBeInstanceOf(ObjectId);
  });

  it('insertOne keeps a custom _id of several BSON types', async () => {
    const c = ctx.db.collection<AnyDoc>('ins2');
    const oid = new ObjectId();
    for (const id of ['s-1', 42, { region: 'tj', seq: 7 }, oid]) {
      const r = await c.insertOne({ _id: id, v: 'x' });
      expect(r.insertedId).toEqual(id);
    }
    expect(await c.findOne({ _id: 's-1' })).toEqual({ _id: 's-1', v: 'x' });
    expect(await c.findOne({ _id: 42 })).toEqual({ _id: 42, v: 'x' });
    expect(await c.findOne({ _id: { region: 'tj', seq: 7 } })).toEqual({ _id: { region: 'tj', seq: 7 }, v: 'x' });
    expect(await c.findOne({ _id: oid })).toEqual({ _id: oid, v: 'x' });
    // ObjectId and its hex string are different values
    expect(await c.findOne({ _id: oid.toHexString() })).toBeNull();
  });

  it('stores fields in insertion order with _id moved to the front', async () => {
    // Manual, "Documents > Field Order": the _id field is always the first field;
    // other fields keep the order in which they were written.
    const c = ctx.db.collection<AnyDoc>('ins3');
    await c.insertOne({ z: 1, a: 2, m: { y: 1, b: 2 }, _id: 'k' });
    const d = await c.findOne({ _id: 'k' });
    expect(Object.keys(d!)).toEqual(['_id', 'z', 'a', 'm']);
    expect(Object.keys(d!.m)).toEqual(['y', 'b']);
  });

  it('insertMany returns insertedCount and insertedIds by index', async () => {
    const c = ctx.db.collection<AnyDoc>('ins4');
    const r = await c.insertMany([{ a: 1 }, { _id: 'two', a: 2 }, { a: 3 }]);
    expect(r.acknowledged).toBe(true);
    expect(r.insertedCount).toBe(3);
    expect(Object.keys(r.insertedIds).sort()).toEqual(['0', '1', '2']);
    expect(r.insertedIds[0]).toBeInstanceOf(ObjectId);
    expect(r.insertedIds[1]).toBe('two');
    expect(r.insertedIds[2]).toBeInstanceOf(ObjectId);
    const all = await c.find({}, { projection: { _id: 0 } }).sort({ a: 1 }).toArray();
    expect(all).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
  });

  it('round-trips common BSON value types', async () => {
    const c = ctx.db.collection<AnyDoc>('ins5');
    const when = new Date('2024-02-29T12:34:56.789Z');
    const doc = {
      _id: 1,
      str: '京津冀 market',
      int: 7,
      dbl: 2.5,
      neg: -3,
      bool: false,
      nil: null,
      date: when,
      oid: new ObjectId('65a1b2c3d4e5f60718293a4b'),
      arr: [1, 'two', { three: 3 }, [4]],
      sub: { deep: { deeper: 'yes' } },
      empty: {},
      emptyArr: [],
    };
    await c.insertOne(doc);
    const back = await c.findOne({ _id: 1 });
    expect(back).toEqual(doc);
    expect(back!.date).toBeInstanceOf(Date);
    expect(back!.date.getTime()).toBe(when.getTime());
  });
});

describe('find and findOne', () => {
  beforeAll(async () => {
    await ctx.db.collection<AnyDoc>('people').insertMany([
      { _id: 1, name: 'Ann', age: 31, city: 'Beijing' },
      { _id: 2, name: 'Bo', age: 25, city: 'Tianjin' },
      { _id: 3, name: 'Cai', age: 40, city: 'Beijing' },
      { _id: 4, name: 'Dai', age: 25, city: 'Shijiazhuang' },
    ] as Document[]);
  });

  it('findOne returns null when nothing matches', async () => {
    expect(await ctx.db.collection<AnyDoc>('people').findOne({ name: 'Nobody' })).toBeNull();
    expect(await ctx.db.collection<AnyDoc>('does_not_exist').findOne({})).toBeNull();
  });

  it('find with an equality filter', async () => {
    const docs = await ctx.db.collection<AnyDoc>('people').find({ city: 'Beijing' }).sort({ _id: 1 }).toArray();
    expect(docs).toEqual([
      { _id: 1, name: 'Ann', age: 31, city: 'Beijing' },
      { _id: 3, name: 'Cai', age: 40, city: 'Beijing' },
    ]);
  });

  it('find with an empty filter returns every document', async () => {
    const docs = await ctx.db.collection<AnyDoc>('people').find({}).toArray();
    expect(pluck<number>(docs, '_id').sort()).toEqual([1, 2, 3, 4]);
  });

  it('find on a collection that does not exist returns nothing', async () => {
    expect(await ctx.db.collection<AnyDoc>('nope_nope').find({}).toArray()).toEqual([]);
  });
});

describe('projection', () => {
  const doc = { _id: 1, a: 1, b: { c: 2, d: 3 }, e: [{ f: 1, g: 2 }, { f: 3, g: 4 }], h: 'x' };
  beforeAll(async () => {
    await ctx.db.collection<AnyDoc>('proj').insertOne(doc);
  });
  const q = (projection: Document) => ctx.db.collection<AnyDoc>('proj').findOne({ _id: 1 }, { projection });

  it('inclusion returns the named fields and _id', async () => {
    expect(await q({ a: 1, h: 1 })).toEqual({ _id: 1, a: 1, h: 'x' });
  });
  it('inclusion with _id suppressed', async () => {
    expect(await q({ a: 1, _id: 0 })).toEqual({ a: 1 });
  });
  it('exclusion returns all other fields', async () => {
    expect(await q({ a: 0, e: 0 })).toEqual({ _id: 1, b: { c: 2, d: 3 }, h: 'x' });
  });
  it('_id: 0 alone excludes only _id', async () => {
    expect(await q({ _id: 0 })).toEqual({ a: 1, b: { c: 2, d: 3 }, e: [{ f: 1, g: 2 }, { f: 3, g: 4 }], h: 'x' });
  });
  it('dotted inclusion into an embedded document', async () => {
    expect(await q({ 'b.c': 1 })).toEqual({ _id: 1, b: { c: 2 } });
  });
  it('dotted inclusion into an array of documents', async () => {
    expect(await q({ 'e.f': 1, _id: 0 })).toEqual({ e: [{ f: 1 }, { f: 3 }] });
  });
  it('dotted exclusion into an embedded document', async () => {
    expect(await q({ 'b.d': 0, e: 0 })).toEqual({ _id: 1, a: 1, b: { c: 2 }, h: 'x' });
  });
  it('including a field that does not exist returns only _id', async () => {
    expect(await q({ nothere: 1 })).toEqual({ _id: 1 });
  });
  it('projection applies to find cursors too', async () => {
    const docs = await ctx.db.collection<AnyDoc>('proj').find({}, { projection: { h: 1, _id: 0 } }).toArray();
    expect(docs).toEqual([{ h: 'x' }]);
  });
  it('mixing inclusion and exclusion (other than _id) is an error', async () => {
    await expectServerError(q({ a: 1, h: 0 }));
  });
});

describe('sort, skip, limit', () => {
  beforeAll(async () => {
    await ctx.db.collection<AnyDoc>('s').insertMany([
      { _id: 1, g: 'b', n: 5 },
      { _id: 2, g: 'a', n: 9 },
      { _id: 3, g: 'b', n: 1 },
      { _id: 4, g: 'c', n: 5 },
      { _id: 5, g: 'a', n: 2 },
      { _id: 6, g: 'b', n: 5 },
    ] as Document[]);
  });
  const ids = async (sort: Document, skip = 0, limit = 0) =>
    pluck<number>(await ctx.db.collection<AnyDoc>('s').find({}).sort(sort).skip(skip).limit(limit).toArray(), '_id');

  it('ascending and descending on one field', async () => {
    expect(await ids({ n: 1, _id: 1 })).toEqual([3, 5, 1, 4, 6, 2]);
    expect(await ids({ n: -1, _id: 1 })).toEqual([2, 1, 4, 6, 5, 3]);
  });

  it('compound sort: first key, then second key', async () => {
    // explicit: g asc; within g, n desc; ties on (g, n) broken by _id asc
    expect(await ids({ g: 1, n: -1, _id: 1 })).toEqual([2, 5, 1, 6, 3, 4]);
    expect(await ids({ g: -1, n: 1, _id: -1 })).toEqual([4, 3, 6, 1, 5, 2]);
  });

  it('ties keep every tied document, in key order', async () => {
    const docs = await ctx.db.collection<AnyDoc>('s').find({}).sort({ n: 1 }).toArray();
    expect(pluck(docs, 'n')).toEqual([1, 2, 5, 5, 5, 9]);
    expect(pluck<number>(docs, '_id').slice(2, 5).sort()).toEqual([1, 4, 6]);
  });

  it('skip and limit apply after sort', async () => {
    expect(await ids({ _id: 1 }, 2, 3)).toEqual([3, 4, 5]);
    expect(await ids({ _id: -1 }, 1, 2)).toEqual([5, 4]);
    expect(await ids({ _id: 1 }, 0, 2)).toEqual([1, 2]);
  });

  it('limit(0) means no limit; skip past the end gives nothing', async () => {
    expect(await ids({ _id: 1 }, 0, 0)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await ids({ _id: 1 }, 10, 0)).toEqual([]);
  });

  it('sorts across BSON types: null and missing first, then numbers, then strings', async () => {
    // Manual, "Comparison/Sort Order": MinKey < Null < Numbers < Symbol, String < Object < Array ...;
    // a non-existent field sorts as null. Numbers compare by value across int/double.
    const c = ctx.db.collection<AnyDoc>('mixed');
    await c.insertMany([
      { _id: 1, v: 'b' },
      { _id: 2, v: 10 },
      { _id: 3, v: null },
      { _id: 4 },
      { _id: 5, v: 2.5 },
      { _id: 6, v: 'B' },
      { _id: 7, v: -1 },
    ]);
    expect(pluck(await c.find({}).sort({ v: 1, _id: 1 }).toArray(), '_id')).toEqual([3, 4, 7, 5, 2, 6, 1]);
    expect(pluck(await c.find({}).sort({ v: -1, _id: 1 }).toArray(), '_id')).toEqual([1, 6, 2, 5, 7, 3, 4]);
  });

  it('sorts strings by binary (UTF-8) comparison, not JavaScript UTF-16 order', async () => {
    // Simple binary comparison of UTF-8: 'z' (7A) < '中' (E4..) < '！' U+FF01 (EF..) < '😀' U+1F600 (F0..).
    // (JavaScript's default order puts the emoji before U+FF01.) Also uppercase before lowercase.
    const c = ctx.db.collection<AnyDoc>('strsort');
    await c.insertMany([{ _id: 1, s: '😀' }, { _id: 2, s: '！' }, { _id: 3, s: 'z' }, { _id: 4, s: '中' }, { _id: 5, s: 'Z' }]);
    expect(pluck(await c.find({}).sort({ s: 1 }).toArray(), 's')).toEqual(['Z', 'z', '中', '！', '😀']);
  });

  it('sorts embedded documents field by field in their stored field order', async () => {
    // Manual, "Comparison/Sort Order > Objects": compare key-value pairs in the order
    // they appear within the BSON object (first field first), not alphabetically.
    const c = ctx.db.collection<AnyDoc>('docsort');
    await c.insertMany([
      { _id: 1, k: { z: 2, a: 1 } },
      { _id: 2, k: { z: 1, a: 9 } },
      { _id: 3, k: { z: 1, a: 3 } },
    ]);
    expect(pluck(await c.find({}).sort({ k: 1 }).toArray(), '_id')).toEqual([3, 2, 1]);
    expect(pluck(await c.aggregate([{ $sort: { k: 1 } }]).toArray(), '_id')).toEqual([3, 2, 1]);
  });

  it('sorts arrays by their smallest element ascending and largest descending', async () => {
    const c = ctx.db.collection<AnyDoc>('arrsort');
    await c.insertMany([{ _id: 1, a: [2, 8] }, { _id: 2, a: [5] }, { _id: 3, a: [1, 6] }]);
    expect(pluck(await c.find({}).sort({ a: 1 }).toArray(), '_id')).toEqual([3, 1, 2]);
    expect(pluck(await c.find({}).sort({ a: -1 }).toArray(), '_id')).toEqual([1, 3, 2]);
  });
});

describe('cursors: batchSize, getMore, killCursors', () => {
  let mon: MongoClient;
  const started: CommandStartedEvent[] = [];
  const succeeded: Array<CommandSucceededEvent & { reply: Document }> = [];

  beforeAll(async () => {
    const docs = Array.from({ length: 250 }, (_, i) => ({ _id: i, n: i, pad: `row-${i}` }));
    await ctx.db.collection<AnyDoc>('big').insertMany(docs);
    mon = new MongoClient(ctx.m.uri, { monitorCommands: true });
    mon.on('commandStarted', (e) => started.push(e));
    mon.on('commandSucceeded', (e) => succeeded.push(e as CommandSucceededEvent & { reply: Document }));
    await mon.connect();
  });
  afterAll(async () => {
    await mon?.close();
  });
  beforeEach(() => {
    started.length = 0;
    succeeded.length = 0;
  });

  it('250 docs with batchSize 7: every document once, in order, over many getMores', async () => {
    const c = mon.db(ctx.dbName).collection<AnyDoc>('big');
    const seen: number[] = [];
    for await (const d of c.find({}).sort({ n: 1 }).batchSize(7)) seen.push(d.n);
    expect(seen).toEqual(Array.from({ length: 250 }, (_, i) => i));

    const find = succeeded.find((e) => e.commandName === 'find');
    expect(find!.reply.cursor.firstBatch).toHaveLength(7);
    const getMores = succeeded.filter((e) => e.commandName === 'getMore');
    // 243 documents remain after the first batch: at least ceil(243 / 7) = 35 getMores
    expect(getMores.length).toBeGreaterThanOrEqual(35);
    expect(getMores.length).toBeLessThanOrEqual(36);
    for (const g of getMores) expect(g.reply.cursor.nextBatch.length).toBeLessThanOrEqual(7);
    // the last reply closes the cursor (id 0)
    const last = getMores[getMores.length - 1];
    expect(String(last.reply.cursor.id)).toBe('0');
  });

  it('default first batch is 101 documents; the rest come by getMore', async () => {
    const c = mon.db(ctx.dbName).collection<AnyDoc>('big');
    const all = await c.find({}).sort({ _id: 1 }).toArray();
    expect(all).toHaveLength(250);
    const find = succeeded.find((e) => e.commandName === 'find');
    expect(find!.reply.cursor.firstBatch).toHaveLength(101);
    expect(String(find!.reply.cursor.id)).not.toBe('0');
    expect(succeeded.filter((e) => e.commandName === 'getMore').length).toBeGreaterThanOrEqual(1);
  });

  it('limit with batchSize returns exactly limit documents', async () => {
    const c = mon.db(ctx.dbName).collection<AnyDoc>('big');
    const docs = await c.find({ n: { $gte: 100 } }).sort({ n: 1 }).limit(20).batchSize(7).toArray();
    expect(pluck(docs, 'n')).toEqual(Array.from({ length: 20 }, (_, i) => 100 + i));
  });

  it('a cursor whose results fit in the first batch comes back with id 0', async () => {
    const c = mon.db(ctx.dbName).collection<AnyDoc>('big');
    const docs = await c.find({ n: { $lt: 5 } }).toArray();
    expect(docs).toHaveLength(5);
    const find = succeeded.find((e) => e.commandName === 'find');
    expect(String(find!.reply.cursor.id)).toBe('0');
    expect(started.filter((e) => e.commandName === 'getMore')).toHaveLength(0);
  });

  it('a limit reached in the first batch closes the cursor (id 0)', async () => {
    const c = mon.db(ctx.dbName).collection<AnyDoc>('big');
    const docs = await c.find({}).sort({ n: 1 }).limit(5).toArray();
    expect(pluck(docs, 'n')).toEqual([0, 1, 2, 3, 4]);
    const find = succeeded.find((e) => e.commandName === 'find');
    expect(String(find!.reply.cursor.id)).toBe('0');
  });

  it('cursor.close() sends killCursors; the cursor is then gone (CursorNotFound, 43)', async () => {
    const db = mon.db(ctx.dbName);
    const cursor = db.collection<AnyDoc>('big').find({}).sort({ n: 1 }).batchSize(3);
    const first = await cursor.next();
    expect(first!.n).toBe(0);
    const id = cursor.id!;
    expect(id).toBeInstanceOf(Long);
    expect(id.isZero()).toBe(false);
    await cursor.close();
    const kill = succeeded.find((e) => e.commandName === 'killCursors');
    expect(kill).toBeDefined();
    expect(kill!.reply.cursorsKilled.map(String)).toEqual([id.toString()]);
    await expectServerError(db.command({ getMore: id, collection: 'big', batchSize: 3 }), 43);
  });

  it('aggregate cursors page with getMore too', async () => {
    const c = mon.db(ctx.dbName).collection<AnyDoc>('big');
    const docs = await c.aggregate([{ $match: { n: { $gte: 50 } } }, { $sort: { n: -1 } }, { $project: { _id: 0, n: 1 } }], { batchSize: 7 }).toArray();
    expect(docs).toEqual(Array.from({ length: 200 }, (_, i) => ({ n: 249 - i })));
    expect(succeeded.filter((e) => e.commandName === 'getMore').length).toBeGreaterThanOrEqual(28);
  });
});

describe('counts and distinct', () => {
  beforeAll(async () => {
    // Manual, distinct command examples
    await ctx.db.collection<AnyDoc>('inv').insertMany([
      { _id: 1, dept: 'A', item: { sku: '111', color: 'red' }, sizes: ['S', 'M'] },
      { _id: 2, dept: 'A', item: { sku: '111', color: 'blue' }, sizes: ['M', 'L'] },
      { _id: 3, dept: 'B', item: { sku: '222', color: 'blue' }, sizes: 'S' },
      { _id: 4, dept: 'A', item: { sku: '333', color: 'black' }, sizes: ['S'] },
    ] as Document[]);
  });
  const inv = () => ctx.db.collection<AnyDoc>('inv');

  it('countDocuments with and without a filter, with skip and limit', async () => {
    expect(await inv().countDocuments()).toBe(4);
    expect(await inv().countDocuments({ dept: 'A' })).toBe(3);
    expect(await inv().countDocuments({ dept: 'Z' })).toBe(0);
    expect(await inv().countDocuments({}, { skip: 1 })).toBe(3);
    expect(await inv().countDocuments({}, { limit: 2 })).toBe(2);
    expect(await inv().countDocuments({ dept: 'A' }, { skip: 1, limit: 5 })).toBe(2);
  });

  it('counts on a collection that does not exist are 0', async () => {
    expect(await ctx.db.collection<AnyDoc>('never_created').countDocuments({})).toBe(0);
    expect(await ctx.db.collection<AnyDoc>('never_created').estimatedDocumentCount()).toBe(0);
  });

  it('estimatedDocumentCount counts the collection', async () => {
    expect(await inv().estimatedDocumentCount()).toBe(4);
  });

  it('distinct on a top-level field', async () => {
    expect((await inv().distinct('dept')).sort()).toEqual(['A', 'B']);
  });
  it('distinct on an embedded field', async () => {
    expect((await inv().distinct('item.sku')).sort()).toEqual(['111', '222', '333']);
  });
  it('distinct treats each array element as a separate value', async () => {
    expect((await inv().distinct('sizes')).sort()).toEqual(['L', 'M', 'S']);
  });
  it('distinct with a query', async () => {
    expect((await inv().distinct('item.sku', { dept: 'A' })).sort()).toEqual(['111', '333']);
  });
  it('distinct on a missing field is empty', async () => {
    expect(await inv().distinct('nothing')).toEqual([]);
  });
});

describe('delete', () => {
  it('deleteOne deletes one matching document, deleteMany all of them', async () => {
    const c = ctx.db.collection<AnyDoc>('del');
    await c.insertMany([{ k: 1 }, { k: 1 }, { k: 1 }, { k: 2 }]);
    const one = await c.deleteOne({ k: 1 });
    expect(one.acknowledged).toBe(true);
    expect(one.deletedCount).toBe(1);
    expect(await c.countDocuments({ k: 1 })).toBe(2);
    const many = await c.deleteMany({ k: 1 });
    expect(many.deletedCount).toBe(2);
    expect((await c.deleteOne({ k: 99 })).deletedCount).toBe(0);
    expect((await c.deleteMany({ k: 99 })).deletedCount).toBe(0);
    expect(await c.find({}, { projection: { _id: 0 } }).toArray()).toEqual([{ k: 2 }]);
    expect((await c.deleteMany({})).deletedCount).toBe(1);
    expect(await c.countDocuments()).toBe(0);
  });
});
