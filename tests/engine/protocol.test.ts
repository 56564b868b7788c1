/**
 * Bad input on the wire: malformed messages sent on a raw socket must not stop the
 * server from serving other clients; an oversized document gets an error reply.
 * Runs against the embedded engine and, with MONGODB_URI, against a real MongoDB.
 */
import { randomBytes } from 'crypto';
import { BSON, MongoClient, type Document } from 'mongodb';
import { header, hostPortFromUri, opMsg, OP_MSG, rawConnect } from './wire';
import { useTestDb, type AnyDoc } from './util';

const ctx = useTestDb('protocol');
let hp: { host: string; port: number };

beforeAll(async () => {
  const parsed = hostPortFromUri(ctx.m.uri);
  if (!parsed) throw new Error(`cannot take host:port from ${ctx.m.uri}`);
  hp = parsed;
  await ctx.db.collection<AnyDoc>('keep').insertMany([{ _id: 1 }, { _id: 2 }, { _id: 3 }] as Document[]);
});

/** The shared client and a brand-new driver client both still work. */
async function serverStillServes() {
  expect(await ctx.db.collection<AnyDoc>('keep').countDocuments()).toBe(3);
  const fresh = new MongoClient(ctx.m.uri, { serverSelectionTimeoutMS: 5000 });
  try {
    await fresh.connect();
    expect(await fresh.db(ctx.dbName).command({ ping: 1 })).toMatchObject({ ok: 1 });
    expect(await fresh.db(ctx.dbName).collection<AnyDoc>('keep').find({}).sort({ _id: 1 }).toArray()).toEqual([{ _id: 1 }, { _id: 2 }, { _id: 3 }]);
    await fresh.db(ctx.dbName).collection<AnyDoc>('keep_w').insertOne({ ok: 1 });
  } finally {
    await fresh.close();
  }
}

it('sanity: a well-formed raw OP_MSG hello is answered', async () => {
  const conn = await rawConnect(hp.host, hp.port);
  try {
    conn.socket.write(opMsg(1, { hello: 1, $db: 'admin' }));
    const reply = await conn.nextReply();
    expect(reply).toMatchObject({ ok: 1, isWritablePrimary: true });
  } finally {
    conn.destroy();
  }
});

it('a header claiming an absurd length closes that connection; the server keeps serving', async () => {
  const conn = await rawConnect(hp.host, hp.port);
  conn.socket.write(header(0x7fffffff, 2, OP_MSG));
  expect(await conn.closedWithin(5000)).toBe(true);
  conn.destroy();
  await serverStillServes();
});

it('a negative or too-small length closes that connection; the server keeps serving', async () => {
  for (const len of [-5, 0, 10]) {
    const conn = await rawConnect(hp.host, hp.port);
    conn.socket.write(Buffer.concat([header(len, 3, OP_MSG), Buffer.alloc(16)]));
    expect(await conn.closedWithin(5000)).toBe(true);
    conn.destroy();
  }
  await serverStillServes();
});

it('random bytes do not stop the server', async () => {
  for (let i = 0; i < 5; i++) {
    const conn = await rawConnect(hp.host, hp.port);
    conn.socket.write(randomBytes(256));
    await conn.closedWithin(300);
    conn.destroy();
  }
  await serverStillServes();
});

it('an OP_MSG whose BSON body is corrupt gets an error reply or a closed connection', async () => {
  const conn = await rawConnect(hp.host, hp.port);
  const body = Buffer.concat([Buffer.alloc(4), Buffer.from([0]), Buffer.from([0xe8, 0x03, 0, 0, 0x02, 0x61, 0x00, 0xff, 0xff, 0xff])]);
  conn.socket.write(Buffer.concat([header(16 + body.length, 4, OP_MSG), body]));
  const reply = await conn.nextReply().catch(() => 'timeout');
  conn.destroy();
  if (reply !== undefined) expect(reply).toMatchObject({ ok: 0 });
  await serverStillServes();
});

it('an unknown opCode or section kind gets an error reply or a closed connection', async () => {
  const a = await rawConnect(hp.host, hp.port);
  a.socket.write(Buffer.concat([header(20, 5, 9999), Buffer.alloc(4)]));
  const ra = await a.nextReply().catch(() => 'timeout');
  a.destroy();
  if (ra !== undefined) expect(ra).toMatchObject({ ok: 0 });

  const b = await rawConnect(hp.host, hp.port);
  const doc = Buffer.from(BSON.serialize({ ping: 1, $db: 'admin' }));
  const body = Buffer.concat([Buffer.alloc(4), Buffer.from([7]), doc]);
  b.socket.write(Buffer.concat([header(16 + body.length, 6, OP_MSG), body]));
  const rb = await b.nextReply().catch(() => 'timeout');
  b.destroy();
  if (rb !== undefined) expect(rb).toMatchObject({ ok: 0 });
  await serverStillServes();
});

it('a client that disconnects halfway through a message does not disturb the server', async () => {
  const conn = await rawConnect(hp.host, hp.port);
  const full = opMsg(7, { insert: 'half', documents: [{ a: 1 }], $db: ctx.dbName });
  conn.socket.write(full.subarray(0, Math.floor(full.length / 2)));
  await new Promise((r) => setTimeout(r, 100));
  conn.destroy();
  await serverStillServes();
  expect(await ctx.db.collection<AnyDoc>('half').countDocuments()).toBe(0);
});

it('a document over 16 MiB sent past the driver is rejected with an error reply', async () => {
  const conn = await rawConnect(hp.host, hp.port);
  try {
    const bigDoc = Buffer.from(BSON.serialize({ _id: 1, s: 'x'.repeat(16 * 1024 * 1024 + 100) }));
    expect(bigDoc.length).toBeGreaterThan(16 * 1024 * 1024);
    conn.socket.write(opMsg(8, { insert: 'huge', $db: ctx.dbName }, [{ id: 'documents', docs: [bigDoc] }]));
    const reply = await conn.nextReply(20000);
    expect(reply).toBeDefined();
    const rejected = reply!.ok === 0 || (Array.isArray(reply!.writeErrors) && reply!.writeErrors.length >= 1);
    expect(rejected).toBe(true);
  } finally {
    conn.destroy();
  }
  expect(await ctx.db.collection<AnyDoc>('huge').countDocuments()).toBe(0);
  await serverStillServes();
});
