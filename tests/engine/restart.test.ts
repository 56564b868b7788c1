/**
 * Restart and recover (embedded engine only): after a clean restart on the same data
 * directory every document, collection and index is back, unique indexes are still
 * enforced, and drops/deletes/updates stay applied. Skipped against a real MongoDB.
 */
import { MongoClient, type Document } from 'mongodb';
import { uniqueDbName } from '../helpers/mongo';
import { expectServerError, pluck, useTestDb, type AnyDoc, U } from './util';

const embedded = !process.env.MONGODB_URI;
const maybe = embedded ? describe : describe.skip;

maybe('restart and recover', () => {
  const ctx = useTestDb('restart');
  const otherDb = uniqueDbName('restart_other');
  let client: MongoClient;

  const people = Array.from({ length: 500 }, (_, i) => ({
    _id: i,
    email: `p${i}@example.cn`,
    region: ['bj', 'tj', 'he'][i % 3],
    at: new Date(Date.UTC(2024, 0, 1) + i * 60_000),
    tags: i % 2 ? ['odd'] : ['even', 'x'],
  }));

  beforeAll(async () => {
    ctx.m.dropOnClose.push(otherDb);
    client = ctx.m.client;
    const db = client.db(ctx.dbName);
    await db.collection<AnyDoc>('people').insertMany(people);
    await db.collection<AnyDoc>('people').createIndex({ email: 1 }, { unique: true });
    await db.collection<AnyDoc>('people').createIndex({ region: 1, at: -1 });
    await db.collection<AnyDoc>('people').createIndex({ tags: 1 }, { name: 'by_tags' });
    await db.collection<AnyDoc>('people').createIndex({ gone: 1 });
    await db.collection<AnyDoc>('people').dropIndex('gone_1');
    await db.collection<AnyDoc>('people').updateMany({ region: 'tj' }, { $set: { flagged: true } });
    await db.collection<AnyDoc>('people').updateOne({ _id: 7 }, U({ $inc: { visits: 3 }, $push: { tags: 'vip' } }));
    await db.collection<AnyDoc>('people').deleteMany({ _id: { $gte: 490 } });
    await db.collection<AnyDoc>('people').replaceOne({ _id: 0 }, { email: 'p0@example.cn', replaced: true });
    await db.createCollection('empty_one');
    await db.collection<AnyDoc>('temp').insertOne({ a: 1 });
    await db.collection<AnyDoc>('temp').drop();
    await client.db(otherDb).collection<AnyDoc>('things').insertOne({ _id: 'only', v: 1 } as Document);

    client = await ctx.m.restart!();
  });

  it('every document is back, with updates, deletes and replacements applied', async () => {
    const db = client.db(ctx.dbName);
    const docs = await db.collection<AnyDoc>('people').find({}).sort({ _id: 1 }).toArray();
    expect(docs).toHaveLength(490);
    expect(docs[0]).toEqual({ _id: 0, email: 'p0@example.cn', replaced: true });
    const expected = people.slice(1, 490).map((p) => {
      const d: Document = { ...p, tags: [...p.tags] };
      if (p.region === 'tj') d.flagged = true;
      if (p._id === 7) {
        d.visits = 3;
        d.tags.push('vip');
      }
      return d;
    });
    expect(docs.slice(1)).toEqual(expected);
    expect(await db.collection<AnyDoc>('people').countDocuments({ flagged: true })).toBe(expected.filter((d) => d.flagged).length);
  });

  it('collections and databases are back; dropped ones stay dropped', async () => {
    const names = (await client.db(ctx.dbName).listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
    expect(names).toEqual(['empty_one', 'people']);
    expect(await client.db(otherDb).collection<AnyDoc>('things').find({}).toArray()).toEqual([{ _id: 'only', v: 1 }]);
  });

  it('indexes are back (dropped ones stay dropped) and the unique index is enforced', async () => {
    const coll = client.db(ctx.dbName).collection<AnyDoc>('people');
    const list = await coll.listIndexes().toArray();
    expect(list.map((i) => i.name).sort()).toEqual(['_id_', 'by_tags', 'email_1', 'region_1_at_-1']);
    expect(list.find((i) => i.name === 'email_1')).toMatchObject({ key: { email: 1 }, unique: true });
    expect(list.find((i) => i.name === 'region_1_at_-1')).toMatchObject({ key: { region: 1, at: -1 } });
    const err = await expectServerError(coll.insertOne({ email: 'p5@example.cn' }));
    expect(err.code).toBe(11000);
    expect(err.message).toMatch(/^E11000 duplicate key error/);
    expect((await expectServerError(coll.insertOne({ _id: 5, email: 'new@example.cn' }))).code).toBe(11000);
    // a deleted document's key is free
    await coll.insertOne({ _id: 1000, email: 'p495@example.cn' });
  });

  it('indexed queries work after recovery', async () => {
    const coll = client.db(ctx.dbName).collection<AnyDoc>('people');
    const page = await coll.find({ region: 'he' }).sort({ at: -1 }).limit(3).toArray();
    expect(pluck(page, '_id')).toEqual([488, 485, 482]);
    expect(await coll.countDocuments({ tags: 'vip' })).toBe(1);
    expect((await coll.findOne({ email: 'p123@example.cn' }))!._id).toBe(123);
  });

  it('writes after a restart survive a second restart', async () => {
    const coll = client.db(ctx.dbName).collection<AnyDoc>('people');
    await coll.insertOne({ _id: 2000, email: 'late@example.cn' });
    await coll.updateOne({ _id: 1 }, { $set: { late: true } });
    await coll.deleteOne({ _id: 2 });
    client = await ctx.m.restart!();
    const again = client.db(ctx.dbName).collection<AnyDoc>('people');
    expect(await again.findOne({ _id: 2000 })).toEqual({ _id: 2000, email: 'late@example.cn' });
    expect((await again.findOne({ _id: 1 }))!.late).toBe(true);
    expect(await again.findOne({ _id: 2 })).toBeNull();
    expect(await again.countDocuments()).toBe(490 + 1 + 1 - 1);
    expect((await expectServerError(again.insertOne({ email: 'late@example.cn' }))).code).toBe(11000);
  });
});

if (!embedded) {
  it('restart tests need the embedded engine (skipped: MONGODB_URI is set)', () => undefined);
}
