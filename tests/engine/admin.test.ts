/**
 * Databases, collections and server commands: ping, buildInfo, hello, createCollection,
 * listCollections, drop, dropDatabase, listDatabases, several databases in one server,
 * sessions, concurrent clients. Expected values from the MongoDB manual's command pages.
 */
import { MongoClient, type Document } from 'mongodb';
import { uniqueDbName } from '../helpers/mongo';
import { expectServerError, useTestDb, type AnyDoc } from './util';

const ctx = useTestDb('admin');

function extraDb(prefix: string) {
  const name = uniqueDbName(prefix);
  ctx.m.dropOnClose.push(name);
  return ctx.m.client.db(name);
}

describe('server commands', () => {
  it('ping answers ok: 1', async () => {
    expect(await ctx.db.command({ ping: 1 })).toMatchObject({ ok: 1 });
    expect(await ctx.m.client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
  });

  it('buildInfo has a version string and versionArray', async () => {
    const info = await ctx.m.client.db('admin').admin().buildInfo();
    expect(info.ok).toBe(1);
    expect(typeof info.version).toBe('string');
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Array.isArray(info.versionArray)).toBe(true);
    expect(info.versionArray.slice(0, 3).map(Number)).toEqual(info.version.split(/[.-]/).slice(0, 3).map(Number));
  });

  it('hello reports a writable primary with the documented limits', async () => {
    const hello = await ctx.m.client.db('admin').command({ hello: 1 });
    expect(hello).toMatchObject({
      isWritablePrimary: true,
      maxBsonObjectSize: 16 * 1024 * 1024,
      maxMessageSizeBytes: 48000000,
      maxWriteBatchSize: 100000,
      ok: 1,
    });
    expect(hello.localTime).toBeInstanceOf(Date);
    expect(typeof hello.minWireVersion).toBe('number');
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(hello.minWireVersion);
  });
});

describe('collections', () => {
  it('createCollection then listCollections shows it as a collection', async () => {
    await ctx.db.createCollection('made');
    const list = await ctx.db.listCollections({ name: 'made' }).toArray();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ name: 'made', type: 'collection' });
    const names = await ctx.db.listCollections({}, { nameOnly: true }).toArray();
    expect(names.map((c) => c.name)).toContain('made');
  });

  it('createCollection of an existing collection fails (NamespaceExists, 48)', async () => {
    await ctx.db.createCollection('twice');
    await expectServerError(ctx.db.createCollection('twice'), 48);
  });

  it('an insert creates the collection implicitly', async () => {
    await ctx.db.collection<AnyDoc>('implicit').insertOne({ a: 1 });
    const names = (await ctx.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    expect(names).toContain('implicit');
  });

  it('listCollections with a filter that matches nothing is empty', async () => {
    expect(await ctx.db.listCollections({ name: 'no-such-thing' }).toArray()).toEqual([]);
  });

  it('drop removes the collection, its documents and its indexes', async () => {
    const c = ctx.db.collection<AnyDoc>('todrop');
    await c.insertMany([{ a: 1 }, { a: 2 }]);
    await c.createIndex({ a: 1 }, { unique: true });
    expect(await c.drop()).toBe(true);
    const names = (await ctx.db.listCollections({}, { nameOnly: true }).toArray()).map((x) => x.name);
    expect(names).not.toContain('todrop');
    expect(await c.find({}).toArray()).toEqual([]);
    // the unique index went with it
    await c.insertMany([{ a: 1 }, { a: 1 }]);
    expect(await c.countDocuments()).toBe(2);
  });

  it('db.dropCollection works the same', async () => {
    await ctx.db.collection<AnyDoc>('todrop2').insertOne({ a: 1 });
    expect(await ctx.db.dropCollection('todrop2')).toBe(true);
    expect(await ctx.db.listCollections({ name: 'todrop2' }).toArray()).toEqual([]);
  });
});

describe('databases', () => {
  it('several databases in one server are independent', async () => {
    const a = extraDb('multi_a');
    const b = extraDb('multi_b');
    await a.collection<AnyDoc>('same').insertOne({ _id: 1, from: 'a' } as Document);
    await b.collection<AnyDoc>('same').insertOne({ _id: 1, from: 'b' } as Document);
    expect(await a.collection<AnyDoc>('same').find({}).toArray()).toEqual([{ _id: 1, from: 'a' }]);
    expect(await b.collection<AnyDoc>('same').find({}).toArray()).toEqual([{ _id: 1, from: 'b' }]);
    await a.collection<AnyDoc>('same').createIndex({ from: 1 }, { unique: true });
    expect((await b.collection<AnyDoc>('same').listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
  });

  it('listDatabases includes a database once it has data; dropDatabase removes it', async () => {
    const d = extraDb('listdb');
    await d.collection<AnyDoc>('x').insertOne({ a: 1 });
    const before = await ctx.m.client.db('admin').admin().listDatabases();
    expect(before.databases.map((x) => x.name)).toContain(d.databaseName);
    expect(await d.dropDatabase()).toBe(true);
    const after = await ctx.m.client.db('admin').admin().listDatabases();
    expect(after.databases.map((x) => x.name)).not.toContain(d.databaseName);
    expect(await d.listCollections().toArray()).toEqual([]);
    expect(await d.collection<AnyDoc>('x').countDocuments()).toBe(0);
  });
});

describe('sessions and concurrency', () => {
  it('operations with an explicit session work', async () => {
    const session = ctx.m.client.startSession();
    try {
      const c = ctx.db.collection<AnyDoc>('sess');
      await c.insertOne({ _id: 1, v: 1 }, { session });
      await c.updateOne({ _id: 1 }, { $inc: { v: 1 } }, { session });
      expect(await c.findOne({ _id: 1 }, { session })).toEqual({ _id: 1, v: 2 });
    } finally {
      await session.endSession();
    }
  });

  it('several clients and many concurrent operations on a pool', async () => {
    const clients = await Promise.all([0, 1, 2].map(() => new MongoClient(ctx.m.uri, { maxPoolSize: 5 }).connect()));
    try {
      const work: Promise<unknown>[] = [];
      clients.forEach((cl, ci) => {
        const c = cl.db(ctx.dbName).collection<AnyDoc>('conc');
        for (let i = 0; i < 40; i++) work.push(c.insertOne({ _id: `${ci}-${i}`, ci, i }));
      });
      await Promise.all(work);
      const reads = clients.map((cl, ci) => cl.db(ctx.dbName).collection<AnyDoc>('conc').countDocuments({ ci }));
      expect(await Promise.all(reads)).toEqual([40, 40, 40]);
      expect(await ctx.db.collection<AnyDoc>('conc').countDocuments()).toBe(120);
    } finally {
      await Promise.all(clients.map((cl) => cl.close()));
    }
  });
});
