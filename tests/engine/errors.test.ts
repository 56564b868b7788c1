/**
 * Errors: unknown commands and operators answer with a server error (never a silently
 * wrong result) and the same client keeps working afterwards. Expected values from the
 * MongoDB manual (error codes list; query/update/aggregation operator references;
 * "Dollar-Prefixed Field Names").
 */
import type { Document } from 'mongodb';
import { expectServerError, useTestDb, type AnyDoc } from './util';

const ctx = useTestDb('errors');

beforeAll(async () => {
  await ctx.db.collection<AnyDoc>('e').insertMany([
    { _id: 1, a: 1 },
    { _id: 2, a: 2 },
  ] as Document[]);
});

/** The client still answers reads and writes after an error. */
async function stillWorks() {
  expect(await ctx.db.command({ ping: 1 })).toMatchObject({ ok: 1 });
  expect(await ctx.db.collection<AnyDoc>('e').countDocuments({ a: { $gte: 1 } })).toBe(2);
  await ctx.db.collection<AnyDoc>('e_after').insertOne({ ok: true });
}

describe('unknown commands and operators', () => {
  it('an unknown command fails with CommandNotFound (59)', async () => {
    const err = await expectServerError(ctx.db.command({ noSuchCommand: 1 }), 59);
    expect(err.codeName).toBe('CommandNotFound');
    await stillWorks();
  });

  it('an unknown query operator is an error, not a result', async () => {
    await expectServerError(ctx.db.collection<AnyDoc>('e').find({ a: { $foo: 1 } }).toArray());
    await expectServerError(ctx.db.collection<AnyDoc>('e').findOne({ a: { $foo: 1 } }));
    await expectServerError(ctx.db.collection<AnyDoc>('e').countDocuments({ a: { $foo: 1 } }));
    await stillWorks();
  });

  it('an unknown top-level query operator is an error', async () => {
    await expectServerError(ctx.db.collection<AnyDoc>('e').find({ $foo: [{ a: 1 }] }).toArray());
    await stillWorks();
  });

  it('an unknown operator in an update or delete filter is an error and changes nothing', async () => {
    await expectServerError(ctx.db.collection<AnyDoc>('e').updateMany({ a: { $foo: 1 } }, { $set: { x: 1 } }));
    await expectServerError(ctx.db.collection<AnyDoc>('e').deleteMany({ a: { $foo: 1 } }));
    expect(await ctx.db.collection<AnyDoc>('e').find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, a: 1 },
      { _id: 2, a: 2 },
    ]);
    await stillWorks();
  });

  it('an unknown update operator is an error and changes nothing', async () => {
    await expectServerError(ctx.db.collection<AnyDoc>('e').updateOne({ _id: 1 }, { $foo: { a: 5 } } as Document));
    expect(await ctx.db.collection<AnyDoc>('e').findOne({ _id: 1 })).toEqual({ _id: 1, a: 1 });
    await stillWorks();
  });

  it('an unknown aggregation stage, expression operator or accumulator is an error', async () => {
    const c = ctx.db.collection<AnyDoc>('e');
    await expectServerError(c.aggregate([{ $foo: {} }]).toArray());
    await expectServerError(c.aggregate([{ $project: { x: { $foo: '$a' } } }]).toArray());
    await expectServerError(c.aggregate([{ $group: { _id: null, x: { $foo: '$a' } } }]).toArray());
    await stillWorks();
  });

  it('malformed operator arguments are errors ($in without an array, bad sort value)', async () => {
    const c = ctx.db.collection<AnyDoc>('e');
    await expectServerError(c.find({ a: { $in: 5 } }).toArray());
    // (the driver refuses a bad sort direction itself, so send the find command directly)
    await expectServerError(ctx.db.command({ find: 'e', filter: {}, sort: { a: 'sideways' } }));
    await stillWorks();
  });
});

describe('field names', () => {
  it('a $-prefixed field inside an _id document is rejected on insert', async () => {
    // manual: $-prefixed field names cannot "be used as a subfield in an _id document"
    await expectServerError(ctx.db.collection<AnyDoc>('f').insertOne({ _id: { $bad: 1 }, v: 1 } as Document));
    expect(await ctx.db.collection<AnyDoc>('f').countDocuments()).toBe(0);
    await stillWorks();
  });

  it('$set of a top-level $-prefixed field on an existing document is rejected', async () => {
    // manual ("Dollar-Prefixed Field Names", upsert example): if the filter matches an
    // existing document, the update fails since $hotel is dollar prefixed.
    const c = ctx.db.collection<AnyDoc>('g');
    await c.insertOne({ _id: 1, date: '2021-07-07' });
    await expectServerError(c.updateOne({ date: '2021-07-07' }, { $set: { phone: 25.17, $hotel: 320.1 } }, { upsert: true }));
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, date: '2021-07-07' });
    await stillWorks();
  });

  it('a top-level $-prefixed field is accepted on insert (MongoDB >= 5.0 manual)', async () => {
    // manual: "Dollar ($) prefixed fields are permitted as top level and nested field names for inserts."
    const c = ctx.db.collection<AnyDoc>('h');
    await c.insertOne({ _id: 1, $price: 50, quantity: 30 });
    expect(await c.countDocuments({ quantity: 30 })).toBe(1);
  });
});

describe('size limits', () => {
  it('a document over 16 MiB is rejected and the client keeps working', async () => {
    const big = 'x'.repeat(16 * 1024 * 1024 + 1024);
    await expect(ctx.db.collection<AnyDoc>('big').insertOne({ _id: 1, big } as Document)).rejects.toThrow();
    expect(await ctx.db.collection<AnyDoc>('big').countDocuments()).toBe(0);
    await stillWorks();
  });
});
