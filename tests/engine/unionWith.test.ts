/**
 * `$unionWith` whose sub-pipeline starts with an indexed `$match` reads the matching documents only, as MongoDB does
 * (serverStatus `metrics.queryExecutor.scannedObjects` counts the documents scans read), and gives the same results
 * as reading the whole collection would.
 */
import type { Document } from 'mongodb';
import { useTestDb, type AnyDoc } from './util';

const ctx = useTestDb('unionwith');
const LARGE = 5_000;
const FLAGGED = [7, 1_234, 4_999];

async function scannedObjects(): Promise<number> {
  const status = await ctx.db.admin().command({ serverStatus: 1 });
  return Number((status.metrics as Document).queryExecutor.scannedObjects);
}

beforeAll(async () => {
  const large = ctx.db.collection<AnyDoc>('large');
  await large.createIndex({ pending: 1 });
  await large.insertMany(Array.from({ length: LARGE }, (_, serial) => ({ _id: `L${serial}`, serial, ...(FLAGGED.includes(serial) ? { pending: true } : {}) })));
  await ctx.db.collection<AnyDoc>('small').insertMany([
    { _id: 'S1', live: true },
    { _id: 'S2', live: false },
  ]);
});

it('reads only what the sub-pipeline’s indexed $match selects, and tags each part', async () => {
  const before = await scannedObjects();
  const out = await ctx.db
    .collection<AnyDoc>('small')
    .aggregate([
      { $match: { live: true } },
      { $addFields: { part: 0 } },
      { $unionWith: { coll: 'large', pipeline: [{ $match: { pending: true } }, { $project: { serial: 1 } }, { $addFields: { part: 1 } }] } },
    ])
    .toArray();
  const scanned = (await scannedObjects()) - before;
  expect(out.filter((document) => document.part === 0)).toEqual([{ _id: 'S1', live: true, part: 0 }]);
  expect(out.filter((document) => document.part === 1).map((document) => document.serial).sort((a, b) => a - b)).toEqual(FLAGGED);
  // The two small documents and the three flagged ones; reading `large` whole would be 5,000 more.
  expect(scanned).toBeLessThan(50);
});

it('unions in a row, the string form, and a union nested in a union give MongoDB’s results', async () => {
  const small = ctx.db.collection<AnyDoc>('small');
  const ids = (documents: Document[]) => documents.map((document) => document._id as string);
  expect(ids(await small.aggregate([{ $unionWith: 'small' }]).toArray()).sort()).toEqual(['S1', 'S1', 'S2', 'S2']);
  const inARow = await small
    .aggregate([{ $match: { _id: 'S2' } }, { $unionWith: { coll: 'large', pipeline: [{ $match: { serial: 7 } }] } }, { $unionWith: { coll: 'large', pipeline: [{ $match: { serial: 1_234 } }] } }])
    .toArray();
  expect(ids(inARow)).toEqual(['S2', 'L7', 'L1234']);
  const nested = await small
    .aggregate([{ $match: { _id: 'S1' } }, { $unionWith: { coll: 'small', pipeline: [{ $match: { _id: 'S2' } }, { $unionWith: { coll: 'large', pipeline: [{ $match: { serial: 4_999 } }] } }] } }, { $sort: { _id: 1 } }])
    .toArray();
  expect(ids(nested)).toEqual(['L4999', 'S1', 'S2']);
  // A stage after the union that writes into the documents leaves the stored ones as they were.
  await small.aggregate([{ $unionWith: { coll: 'large', pipeline: [{ $match: { pending: true } }] } }, { $set: { serial: -1, live: 'edited' } }]).toArray();
  expect(await ctx.db.collection<AnyDoc>('large').countDocuments({ serial: -1 })).toBe(0);
  expect(await small.countDocuments({ live: 'edited' })).toBe(0);
});
