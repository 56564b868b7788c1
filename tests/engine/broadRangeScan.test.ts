/**
 * A scan folded into groups (execute.visitMatches, the statistics' path) follows an index only while its range holds
 * a small share of the collection (15 %, counted from the index): a broad range is read along the collection
 * instead, which gives the same matches far faster (its documents in storage order, not scattered in key order).
 * The order of the visits shows which way was taken: storage order here is the reverse of the index's.
 */
import type { Document } from 'bson';
import { Collection } from '../../services/engine/storage/collection';
import { UNBOUNDED } from '../../services/engine/operations';
import { visitMatches } from '../../services/engine/query/execute';

function collectionOf(size: number): Collection {
  const collection = new Collection('jjj_tj', 'recalls');
  collection.createIndex({ name: 'status_serial', key: { status: 1, serial: 1 } });
  // Inserted in descending serial order: the index gives ascending serials.
  for (let serial = size - 1; serial >= 0; serial--) collection.insert({ _id: `TJ-${serial}`, serial, status: serial % 10 === 0 ? 'CANCELLED' : 'COMPLETED' });
  return collection;
}

async function visited(collection: Collection, filter: Document): Promise<number[]> {
  const serials: number[] = [];
  expect(await visitMatches(collection, filter, UNBOUNDED, (document) => serials.push(document.serial as number))).toBe(true);
  return serials;
}

const descending = (serials: number[]) => serials.every((serial, i) => i === 0 || serials[i - 1]! > serial);
const ascending = (serials: number[]) => serials.every((serial, i) => i === 0 || serials[i - 1]! < serial);

it('a range of 10 % of the documents is followed along the index', async () => {
  const serials = await visited(collectionOf(2_000), { status: 'CANCELLED' });
  expect(serials).toHaveLength(200);
  expect(ascending(serials)).toBe(true);
});

it('a range of 90 % is read along the collection, with the same matches', async () => {
  const collection = collectionOf(2_000);
  const serials = await visited(collection, { status: 'COMPLETED' });
  expect(serials).toHaveLength(1_800);
  expect(descending(serials)).toBe(true);
  expect(serials.every((serial) => serial % 10 !== 0)).toBe(true);
});

it('a filter the index ranges cannot count keeps the index plan', async () => {
  const serials = await visited(collectionOf(2_000), { status: 'COMPLETED', serial: { $exists: true } });
  expect(serials).toHaveLength(1_800);
  expect(ascending(serials)).toBe(true);
});
