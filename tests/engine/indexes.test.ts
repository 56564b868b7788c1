/**
 * Indexes: createIndex/createIndexes names, listIndexes, dropIndex(es), unique index
 * enforcement with E11000 duplicate key errors (also inside insertMany, ordered and
 * unordered), and query results through indexed fields. Expected values from the
 * MongoDB manual: "Indexes", "Unique Indexes", "Sparse Indexes", db.collection.createIndex,
 * db.collection.insertMany ("Error Handling"), and the error codes list.
 */
import { Double, MongoBulkWriteError, MongoServerError, type Document } from 'mongodb';
import { expectServerError, pluck, useTestDb, type AnyDoc } from './util';

const ctx = useTestDb('indexes');
let seq = 0;
function fresh(name = 'ix') {
  seq += 1;
  return ctx.db.collection<AnyDoc>(`${name}${seq}`);
}

function expectDuplicateKey(err: MongoServerError, indexName: string) {
  expect(err.code).toBe(11000);
  expect(err.message).toMatch(/^E11000 duplicate key error/);
  expect(err.message).toContain(indexName);
}

describe('creating, listing and dropping indexes', () => {
  it('createIndex returns the generated name', async () => {
    const c = fresh();
    expect(await c.createIndex({ field: 1 })).toBe('field_1');
    expect(await c.createIndex({ a: 1, b: -1 })).toBe('a_1_b_-1');
    expect(await c.createIndex({ 'x.y': 1 })).toBe('x.y_1');
    expect(await c.createIndex({ d: -1 }, { name: 'by_d' })).toBe('by_d');
  });

  it('createIndexes returns the names in order', async () => {
    const c = fresh();
    expect(await c.createIndexes([{ key: { x: 1 } }, { key: { y: -1 }, name: 'custom_y' }, { key: { z: 1, w: 1 }, unique: true }])).toEqual([
      'x_1',
      'custom_y',
      'z_1_w_1',
    ]);
  });

  it('listIndexes includes _id_ and each created index with its key and options', async () => {
    const c = fresh();
    await c.insertOne({ a: 1 });
    await c.createIndex({ a: 1 });
    await c.createIndex({ email: 1 }, { unique: true });
    const list = await c.listIndexes().toArray();
    expect(list.map((i) => i.name).sort()).toEqual(['_id_', 'a_1', 'email_1']);
    const byName = Object.fromEntries(list.map((i) => [i.name, i]));
    expect(byName._id_).toMatchObject({ v: 2, key: { _id: 1 }, name: '_id_' });
    expect(byName._id_.unique).toBeUndefined();
    expect(byName.a_1).toMatchObject({ v: 2, key: { a: 1 }, name: 'a_1' });
    expect(byName.email_1).toMatchObject({ v: 2, key: { email: 1 }, name: 'email_1', unique: true });
  });

  it('createIndex implicitly creates the collection', async () => {
    const c = fresh('implicit');
    await c.createIndex({ q: 1 });
    const names = (await ctx.db.listCollections({}, { nameOnly: true }).toArray()).map((x) => x.name);
    expect(names).toContain(c.collectionName);
  });

  it('creating an identical index again is a no-op', async () => {
    const c = fresh();
    expect(await c.createIndex({ k: 1 })).toBe('k_1');
    expect(await c.createIndex({ k: 1 })).toBe('k_1');
    expect((await c.listIndexes().toArray()).map((i) => i.name).sort()).toEqual(['_id_', 'k_1']);
  });

  it('same key under another name conflicts (IndexOptionsConflict, 85); same name with another key conflicts (IndexKeySpecsConflict, 86)', async () => {
    const c = fresh();
    await c.createIndex({ k: 1 });
    await expectServerError(c.createIndex({ k: 1 }, { name: 'other_name' }), 85);
    await expectServerError(c.createIndex({ j: 1 }, { name: 'k_1' }), 86);
  });

  it('dropIndex removes one index; dropping an unknown index fails (IndexNotFound, 27)', async () => {
    const c = fresh();
    await c.createIndex({ field: 1 });
    await c.createIndex({ other: 1 });
    await c.dropIndex('field_1');
    expect((await c.listIndexes().toArray()).map((i) => i.name).sort()).toEqual(['_id_', 'other_1']);
    await expectServerError(c.dropIndex('field_1'), 27);
  });

  it('the _id index cannot be dropped', async () => {
    const c = fresh();
    await c.insertOne({ a: 1 });
    await expectServerError(c.dropIndex('_id_'));
    expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
  });

  it('dropIndexes removes every index except _id_', async () => {
    const c = fresh();
    await c.createIndexes([{ key: { a: 1 } }, { key: { b: 1 }, unique: true }]);
    await c.dropIndexes();
    expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
  });

  it('listIndexes on a collection that does not exist fails (NamespaceNotFound, 26)', async () => {
    await expectServerError(ctx.db.collection<AnyDoc>('no_such_coll_for_indexes').listIndexes().toArray(), 26);
  });
});

describe('unique indexes', () => {
  it('reject a duplicate value with E11000 (code 11000)', async () => {
    const c = fresh('uniq');
    await c.createIndex({ email: 1 }, { unique: true });
    await c.insertOne({ email: 'a@x.cn' });
    const err = await expectServerError(c.insertOne({ email: 'a@x.cn' }));
    expectDuplicateKey(err, 'email_1');
    expect(await c.countDocuments({ email: 'a@x.cn' })).toBe(1);
    // the client keeps working
    await c.insertOne({ email: 'b@x.cn' });
    expect(await c.countDocuments()).toBe(2);
  });

  it('a duplicate _id is rejected with E11000 on index _id_', async () => {
    const c = fresh('uid');
    await c.insertOne({ _id: 'same', v: 1 });
    const err = await expectServerError(c.insertOne({ _id: 'same', v: 2 }));
    expectDuplicateKey(err, '_id_');
    expect(await c.find({}).toArray()).toEqual([{ _id: 'same', v: 1 }]);
  });

  it('values differing only in type or case are distinct; equal numbers of different types collide', async () => {
    const c = fresh('uniq');
    await c.createIndex({ k: 1 }, { unique: true });
    await c.insertMany([{ k: 'A' }, { k: 'a' }, { k: '1' }, { k: 1 }]);
    const err = await expectServerError(c.insertOne({ k: new Double(1) }));
    expect(err.code).toBe(11000);
  });

  it('only one document may lack the field of a (non-sparse) unique index', async () => {
    const c = fresh('uniq');
    await c.createIndex({ code: 1 }, { unique: true });
    await c.insertOne({ name: 'first without code' });
    const err = await expectServerError(c.insertOne({ name: 'second without code' }));
    expect(err.code).toBe(11000);
    // an explicit null collides with the missing value as well
    expect((await expectServerError(c.insertOne({ code: null }))).code).toBe(11000);
  });

  it('a sparse unique index allows many documents without the field', async () => {
    const c = fresh('uniq');
    await c.createIndex({ code: 1 }, { unique: true, sparse: true });
    await c.insertMany([{ n: 1 }, { n: 2 }, { code: 'X' }]);
    expect((await expectServerError(c.insertOne({ code: 'X' }))).code).toBe(11000);
    expect(await c.countDocuments()).toBe(3);
  });

  it('a compound unique index rejects only the same combination', async () => {
    const c = fresh('uniq');
    await c.createIndex({ region: 1, code: 1 }, { unique: true });
    await c.insertMany([{ region: 'bj', code: '1' }, { region: 'tj', code: '1' }, { region: 'bj', code: '2' }]);
    const err = await expectServerError(c.insertOne({ region: 'tj', code: '1' }));
    expectDuplicateKey(err, 'region_1_code_1');
  });

  it('a unique index on an array field indexes each element', async () => {
    const c = fresh('uniq');
    await c.createIndex({ tags: 1 }, { unique: true });
    await c.insertOne({ tags: ['a', 'b'] });
    await c.insertOne({ tags: ['x', 'x'] }); // repeated within one document is allowed
    expect((await expectServerError(c.insertOne({ tags: ['b', 'c'] }))).code).toBe(11000);
    expect((await expectServerError(c.insertOne({ tags: 'x' }))).code).toBe(11000);
  });

  it('insertMany ordered stops at the first duplicate', async () => {
    const c = fresh('uniq');
    await c.createIndex({ k: 1 }, { unique: true });
    let err: unknown;
    try {
      await c.insertMany([{ _id: 1, k: 1 }, { _id: 2, k: 2 }, { _id: 3, k: 1 }, { _id: 4, k: 3 }]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MongoBulkWriteError);
    const bw = err as MongoBulkWriteError;
    expect(bw.code).toBe(11000);
    expect(bw.insertedCount).toBe(2);
    expect(bw.writeErrors).toHaveLength(1);
    const [we] = bw.writeErrors as unknown as Array<{ index: number; code: number; errmsg?: string }>;
    expect(we.index).toBe(2);
    expect(we.code).toBe(11000);
    expect(we.errmsg).toMatch(/^E11000 duplicate key error/);
    expect(pluck(await c.find({}).sort({ _id: 1 }).toArray(), '_id')).toEqual([1, 2]);
  });

  it('insertMany unordered inserts every other document and reports each duplicate by index', async () => {
    const c = fresh('uniq');
    await c.createIndex({ k: 1 }, { unique: true });
    let err: unknown;
    try {
      await c.insertMany(
        [
          { _id: 1, k: 1 },
          { _id: 2, k: 1 },
          { _id: 3, k: 2 },
          { _id: 4, k: 2 },
          { _id: 5, k: 3 },
          { _id: 1, k: 9 },
        ],
        { ordered: false },
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MongoBulkWriteError);
    const bw = err as MongoBulkWriteError;
    expect(bw.insertedCount).toBe(3);
    const wes = bw.writeErrors as unknown as Array<{ index: number; code: number }>;
    expect(wes.map((w) => w.index)).toEqual([1, 3, 5]);
    expect(wes.map((w) => w.code)).toEqual([11000, 11000, 11000]);
    expect(pluck(await c.find({}).sort({ _id: 1 }).toArray(), '_id')).toEqual([1, 3, 5]);
  });

  it('creating a unique index over existing duplicates fails and leaves no index', async () => {
    const c = fresh('uniq');
    await c.insertMany([{ v: 'dup' }, { v: 'dup' }, { v: 'ok' }]);
    const err = await expectServerError(c.createIndex({ v: 1 }, { unique: true }));
    expect(err.code).toBe(11000);
    expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
    // no index: another duplicate is still accepted
    await c.insertOne({ v: 'ok' });
    expect(await c.countDocuments({ v: 'ok' })).toBe(2);
  });

  it('an update that would create a duplicate fails with 11000 and changes nothing', async () => {
    const c = fresh('uniq');
    await c.createIndex({ email: 1 }, { unique: true });
    await c.insertMany([{ _id: 1, email: 'a' }, { _id: 2, email: 'b' }]);
    const err = await expectServerError(c.updateOne({ _id: 2 }, { $set: { email: 'a' } }));
    expectDuplicateKey(err, 'email_1');
    expect(await c.findOne({ _id: 2 })).toEqual({ _id: 2, email: 'b' });
    expect((await expectServerError(c.replaceOne({ _id: 2 }, { email: 'a' }))).code).toBe(11000);
    expect((await expectServerError(c.findOneAndUpdate({ _id: 2 }, { $set: { email: 'a' } }))).code).toBe(11000);
    expect((await expectServerError(c.updateOne({ email: 'zz' }, { $set: { email: 'a' } }, { upsert: true }))).code).toBe(11000);
    expect(await c.find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, email: 'a' },
      { _id: 2, email: 'b' },
    ]);
  });

  it('the index follows updates and deletes', async () => {
    const c = fresh('uniq');
    await c.createIndex({ email: 1 }, { unique: true });
    await c.insertMany([{ _id: 1, email: 'a' }, { _id: 2, email: 'b' }]);
    await c.updateOne({ _id: 1 }, { $set: { email: 'c' } });
    await c.insertOne({ _id: 3, email: 'a' }); // 'a' is free again
    expect((await expectServerError(c.insertOne({ _id: 4, email: 'c' }))).code).toBe(11000);
    await c.deleteOne({ _id: 2 });
    await c.insertOne({ _id: 5, email: 'b' }); // 'b' is free again
    expect(pluck(await c.find({}).sort({ email: 1 }).toArray(), '_id')).toEqual([3, 5, 1]);
  });
});

describe('queries through indexed fields', () => {
  const ids = async (c: ReturnType<typeof fresh>, filter: Document, sort: Document = { _id: 1 }) =>
    pluck(await c.find(filter).sort(sort).toArray(), '_id');

  it('give the same answers as without an index, across types, arrays, null and missing', async () => {
    const c = fresh('q');
    await c.createIndex({ n: 1 });
    await c.insertMany([
      { _id: 1, n: 1 },
      { _id: 2, n: 2.5 },
      { _id: 3, n: '3' },
      { _id: 4, n: null },
      { _id: 5 },
      { _id: 6, n: [4, 0] },
      { _id: 7, n: new Date('2020-01-01T00:00:00Z') },
    ]);
    expect(await ids(c, { n: { $gt: 1 } })).toEqual([2, 6]);
    expect(await ids(c, { n: { $gte: 0, $lt: 3 } })).toEqual([1, 2, 6]);
    expect(await ids(c, { n: null })).toEqual([4, 5]);
    expect(await ids(c, { n: 4 })).toEqual([6]);
    expect(await ids(c, { n: { $in: [1, '3'] } })).toEqual([1, 3]);
    expect(await ids(c, {}, { n: 1, _id: 1 })).toEqual([4, 5, 6, 1, 2, 3, 7]);
    expect(await ids(c, {}, { n: -1, _id: 1 })).toEqual([7, 3, 6, 2, 1, 4, 5]);

    await c.updateOne({ _id: 1 }, { $set: { n: 10 } });
    await c.deleteOne({ _id: 2 });
    expect(await ids(c, { n: { $gt: 5 } })).toEqual([1]);
    expect(await ids(c, { n: 1 })).toEqual([]);
    expect(await ids(c, { n: 2.5 })).toEqual([]);
  });

  it('equality on one indexed field sorted by another (compound index) with limit', async () => {
    const c = fresh('q');
    await c.createIndex({ g: 1, at: -1 });
    const docs = Array.from({ length: 60 }, (_, i) => ({
      _id: i,
      g: i % 3 === 0 ? 'x' : 'y',
      at: new Date(Date.UTC(2024, 0, 1) + ((i * 7919) % 60) * 3600_000),
    }));
    await c.insertMany(docs);
    const expected = docs
      .filter((d) => d.g === 'x')
      .sort((a, b) => b.at.getTime() - a.at.getTime())
      .slice(5, 10)
      .map((d) => d._id);
    const got = await c.find({ g: 'x' }).sort({ at: -1 }).skip(5).limit(5).toArray();
    expect(pluck(got, '_id')).toEqual(expected);
  });
});
