/**
 * Update operators, upsert, update result counts, replaceOne, findOneAndUpdate /
 * findOneAndDelete / findOneAndReplace, using the examples and documented results of
 * the MongoDB manual's update operator pages and db.collection.* method pages.
 */
import { ObjectId, Timestamp, type Document } from 'mongodb';
import { expectServerError, pluck, useTestDb, type AnyDoc, U } from './util';

const ctx = useTestDb('update');
let seq = 0;
/** A fresh collection holding `docs`. */
async function coll(docs: Document[] = []) {
  seq += 1;
  const c = ctx.db.collection<AnyDoc>(`u${seq}`);
  if (docs.length) await c.insertMany(docs);
  return c;
}

describe('$set', () => {
  it('sets top-level and dotted fields, creating embedded documents as needed', async () => {
    const c = await coll([{ _id: 1, a: 1, b: { c: 1, d: 1 } }]);
    const r = await c.updateOne({ _id: 1 }, { $set: { a: 2, 'b.c': 3, 'n.deep.f': 'x' } });
    expect(r.acknowledged).toBe(true);
    expect(r.matchedCount).toBe(1);
    expect(r.modifiedCount).toBe(1);
    expect(r.upsertedCount).toBe(0);
    expect(r.upsertedId).toBeNull();
    const d = await c.findOne({ _id: 1 });
    expect(d).toEqual({ _id: 1, a: 2, b: { c: 3, d: 1 }, n: { deep: { f: 'x' } } });
    // new fields are appended after the existing ones
    expect(Object.keys(d!)).toEqual(['_id', 'a', 'b', 'n']);
  });

  it('sets an array element by index', async () => {
    const c = await coll([{ _id: 1, arr: ['a', 'b', 'c'] }]);
    await c.updateOne({ _id: 1 }, { $set: { 'arr.1': 'B' } });
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, arr: ['a', 'B', 'c'] });
  });

  it('modifiedCount is 0 when the value is unchanged', async () => {
    const c = await coll([{ _id: 1, a: 5, s: 'x' }]);
    const r = await c.updateOne({ _id: 1 }, { $set: { a: 5, s: 'x' } });
    expect(r.matchedCount).toBe(1);
    expect(r.modifiedCount).toBe(0);
  });

  it('updateOne with no match changes nothing', async () => {
    const c = await coll([{ _id: 1, a: 5 }]);
    const r = await c.updateOne({ _id: 2 }, { $set: { a: 6 } });
    expect(r.matchedCount).toBe(0);
    expect(r.modifiedCount).toBe(0);
    expect(r.upsertedId).toBeNull();
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, a: 5 });
  });

  it('updateOne changes only the first matching document', async () => {
    const c = await coll([{ _id: 1, k: 'x' }, { _id: 2, k: 'x' }]);
    const r = await c.updateOne({ k: 'x' }, { $set: { hit: true } });
    expect(r.matchedCount).toBe(1);
    expect(r.modifiedCount).toBe(1);
    expect(await c.countDocuments({ hit: true })).toBe(1);
  });
});

describe('$unset', () => {
  it('removes fields, including embedded ones', async () => {
    const c = await coll([{ _id: 1, a: 1, b: { c: 1, d: 2 }, e: 3 }]);
    const r = await c.updateOne({ _id: 1 }, { $unset: { a: '', 'b.d': '' } });
    expect(r.modifiedCount).toBe(1);
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, b: { c: 1 }, e: 3 });
  });
  it('does nothing when the field does not exist', async () => {
    const c = await coll([{ _id: 1, a: 1 }]);
    const r = await c.updateOne({ _id: 1 }, { $unset: { zz: '' } });
    expect(r.matchedCount).toBe(1);
    expect(r.modifiedCount).toBe(0);
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, a: 1 });
  });
});

describe('$inc', () => {
  it('increments, decrements, and creates missing fields with the increment', async () => {
    // manual: { _id: 1, sku: "abc123", quantity: 10, metrics: { orders: 2, ratings: 3.5 } }
    const c = await coll([{ _id: 1, sku: 'abc123', quantity: 10, metrics: { orders: 2, ratings: 3.5 } }]);
    await c.updateOne({ sku: 'abc123' }, U({ $inc: { quantity: -2, 'metrics.orders': 1 } }));
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, sku: 'abc123', quantity: 8, metrics: { orders: 3, ratings: 3.5 } });
    await c.updateOne({ _id: 1 }, U({ $inc: { fresh: 3, 'metrics.ratings': 0.25 } }));
    const d = await c.findOne({ _id: 1 });
    expect(d!.fresh).toBe(3);
    expect(d!.metrics.ratings).toBe(3.75);
  });
  it('fails on a non-numeric field and leaves the document unchanged', async () => {
    const c = await coll([{ _id: 1, s: 'text' }]);
    await expectServerError(c.updateOne({ _id: 1 }, U({ $inc: { s: 1 } })));
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, s: 'text' });
  });
  it('fails on a field holding null (manual: "will generate an error")', async () => {
    const c = await coll([{ _id: 1, z: null }]);
    await expectServerError(c.updateOne({ _id: 1 }, U({ $inc: { z: 1 } })));
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, z: null });
  });
});

describe('$push and $addToSet', () => {
  it('$push appends one value, creating the array when missing', async () => {
    const c = await coll([{ _id: 1, scores: [44, 78, 38, 80] }, { _id: 2 }]);
    await c.updateOne({ _id: 1 }, U({ $push: { scores: 89 } }));
    await c.updateOne({ _id: 2 }, U({ $push: { scores: 1 } }));
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, scores: [44, 78, 38, 80, 89] });
    expect(await c.findOne({ _id: 2 })).toEqual({ _id: 2, scores: [1] });
  });
  it('$push with $each appends every value; without $each an array is one element', async () => {
    const c = await coll([{ _id: 1, scores: [44] }]);
    await c.updateOne({ _id: 1 }, U({ $push: { scores: { $each: [90, 92, 85] } } }));
    expect((await c.findOne({ _id: 1 }))!.scores).toEqual([44, 90, 92, 85]);
    await c.updateOne({ _id: 1 }, U({ $push: { scores: [1, 2] } }));
    expect((await c.findOne({ _id: 1 }))!.scores).toEqual([44, 90, 92, 85, [1, 2]]);
  });
  it('$push with $each, $sort and $slice (manual example)', async () => {
    const c = await coll([
      { _id: 5, quizzes: [{ wk: 1, score: 10 }, { wk: 2, score: 8 }, { wk: 3, score: 5 }, { wk: 4, score: 6 }] },
    ]);
    await c.updateOne(
      { _id: 5 },
      U({ $push: { quizzes: { $each: [{ wk: 5, score: 8 }, { wk: 6, score: 7 }, { wk: 7, score: 6 }], $sort: { score: -1 }, $slice: 3 } } }),
    );
    expect(await c.findOne({ _id: 5 })).toEqual({ _id: 5, quizzes: [{ wk: 1, score: 10 }, { wk: 2, score: 8 }, { wk: 5, score: 8 }] });
  });
  it('$push onto a non-array field fails', async () => {
    const c = await coll([{ _id: 1, a: 5 }]);
    await expectServerError(c.updateOne({ _id: 1 }, U({ $push: { a: 6 } })));
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, a: 5 });
  });
  it('$addToSet adds only values not already present (modifiedCount 0 otherwise)', async () => {
    const c = await coll([{ _id: 1, item: 'polarizing_filter', tags: ['electronics', 'camera'] }]);
    const r1 = await c.updateOne({ _id: 1 }, { $addToSet: { tags: 'accessories' } });
    expect(r1.modifiedCount).toBe(1);
    const r2 = await c.updateOne({ _id: 1 }, { $addToSet: { tags: 'camera' } });
    expect(r2.matchedCount).toBe(1);
    expect(r2.modifiedCount).toBe(0);
    expect((await c.findOne({ _id: 1 }))!.tags).toEqual(['electronics', 'camera', 'accessories']);
  });
  it('$addToSet with $each; an array value without $each is one element', async () => {
    const c = await coll([{ _id: 2, item: 'cable', tags: ['electronics', 'supplies'] }, { _id: 1, letters: ['a', 'b'] }]);
    await c.updateOne({ _id: 2 }, { $addToSet: { tags: { $each: ['camera', 'electronics', 'accessories'] } } });
    expect((await c.findOne({ _id: 2 }))!.tags).toEqual(['electronics', 'supplies', 'camera', 'accessories']);
    await c.updateOne({ _id: 1 }, { $addToSet: { letters: ['c', 'd'] } });
    expect((await c.findOne({ _id: 1 }))!.letters).toEqual(['a', 'b', ['c', 'd']]);
  });
});

describe('$pull', () => {
  it('removes all instances of values and values matching $in (manual example)', async () => {
    const c = await coll([
      { _id: 1, fruits: ['apples', 'pears', 'oranges', 'grapes', 'bananas'], vegetables: ['carrots', 'celery', 'squash', 'carrots'] },
      { _id: 2, fruits: ['plums', 'kiwis', 'oranges', 'bananas', 'apples'], vegetables: ['broccoli', 'zucchini', 'carrots', 'onions'] },
    ]);
    const r = await c.updateMany({}, U({ $pull: { fruits: { $in: ['apples', 'oranges'] }, vegetables: 'carrots' } }));
    expect(r.matchedCount).toBe(2);
    expect(r.modifiedCount).toBe(2);
    expect(await c.find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, fruits: ['pears', 'grapes', 'bananas'], vegetables: ['celery', 'squash'] },
      { _id: 2, fruits: ['plums', 'kiwis', 'bananas'], vegetables: ['broccoli', 'zucchini', 'onions'] },
    ]);
  });
  it('removes values matching a condition', async () => {
    const c = await coll([{ _id: 1, votes: [3, 5, 6, 7, 7, 8] }]);
    await c.updateOne({ _id: 1 }, U({ $pull: { votes: { $gte: 6 } } }));
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, votes: [3, 5] });
  });
  it('removes embedded documents matching a query (all given fields must match)', async () => {
    const c = await coll([
      { _id: 1, results: [{ item: 'A', score: 5 }, { item: 'B', score: 8 }] },
      { _id: 2, results: [{ item: 'C', score: 8 }, { item: 'B', score: 4 }] },
    ]);
    const r = await c.updateMany({}, U({ $pull: { results: { score: 8, item: 'B' } } }));
    expect(r.matchedCount).toBe(2);
    expect(r.modifiedCount).toBe(1);
    expect(await c.find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, results: [{ item: 'A', score: 5 }] },
      { _id: 2, results: [{ item: 'C', score: 8 }, { item: 'B', score: 4 }] },
    ]);
  });
});

describe('$min, $max, $currentDate, $rename', () => {
  it('$min / $max update only when the new value is lower / higher', async () => {
    const c = await coll([{ _id: 1, highScore: 800, lowScore: 200 }]);
    expect((await c.updateOne({ _id: 1 }, { $min: { lowScore: 150 } })).modifiedCount).toBe(1);
    expect((await c.updateOne({ _id: 1 }, { $min: { lowScore: 250 } })).modifiedCount).toBe(0);
    expect((await c.updateOne({ _id: 1 }, { $max: { highScore: 950 } })).modifiedCount).toBe(1);
    expect((await c.updateOne({ _id: 1 }, { $max: { highScore: 870 } })).modifiedCount).toBe(0);
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, highScore: 950, lowScore: 150 });
  });
  it('$min / $max on dates, and on a missing field (sets it)', async () => {
    const c = await coll([
      { _id: 1, desc: 'crafts', dateEntered: new Date('2013-10-01T05:00:00Z'), dateExpired: new Date('2013-10-01T16:38:16Z') },
    ]);
    await c.updateOne({ _id: 1 }, { $min: { dateEntered: new Date('2013-09-25T00:00:00Z') }, $max: { dateExpired: new Date('2013-09-30T00:00:00Z') } });
    await c.updateOne({ _id: 1 }, { $max: { rank: 3 } });
    expect(await c.findOne({ _id: 1 })).toEqual({
      _id: 1,
      desc: 'crafts',
      dateEntered: new Date('2013-09-25T00:00:00Z'),
      dateExpired: new Date('2013-10-01T16:38:16Z'),
      rank: 3,
    });
  });
  it('$currentDate sets a Date (true or $type date) or a Timestamp', async () => {
    const c = await coll([{ _id: 1, status: 'a' }]);
    const before = Date.now();
    await c.updateOne({ _id: 1 }, U({ $currentDate: { lastModified: true, 'cancellation.date': { $type: 'date' }, ts: { $type: 'timestamp' } }, $set: { status: 'D' } }));
    const after = Date.now();
    const d = await c.findOne({ _id: 1 });
    expect(d!.status).toBe('D');
    expect(d!.lastModified).toBeInstanceOf(Date);
    expect(d!.cancellation.date).toBeInstanceOf(Date);
    expect(d!.ts).toBeInstanceOf(Timestamp);
    // server clock; allow a generous skew for a remote server
    const slack = 5 * 60 * 1000;
    expect(d!.lastModified.getTime()).toBeGreaterThanOrEqual(before - slack);
    expect(d!.lastModified.getTime()).toBeLessThanOrEqual(after + slack);
  });
  it('$rename renames top-level and embedded fields; a missing field is a no-op', async () => {
    const c = await coll([{ _id: 1, alias: ['x'], mobile: '555-555-5555', nmae: { first: 'george', last: 'washington' } }]);
    await c.updateOne({ _id: 1 }, { $rename: { nmae: 'name' } });
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, alias: ['x'], mobile: '555-555-5555', name: { first: 'george', last: 'washington' } });
    await c.updateOne({ _id: 1 }, { $rename: { 'name.first': 'name.fname' } });
    expect((await c.findOne({ _id: 1 }))!.name).toEqual({ fname: 'george', last: 'washington' });
    await c.updateOne({ _id: 1 }, { $rename: { mobile: 'contact.mobile' } });
    const d = await c.findOne({ _id: 1 });
    expect(d!.mobile).toBeUndefined();
    expect(d!.contact).toEqual({ mobile: '555-555-5555' });
    const r = await c.updateOne({ _id: 1 }, { $rename: { wife: 'spouse' } });
    expect(r.matchedCount).toBe(1);
    expect(r.modifiedCount).toBe(0);
    expect((await c.findOne({ _id: 1 }))!.spouse).toBeUndefined();
  });
  it('the positional $ updates the first matching array element', async () => {
    const c = await coll([{ _id: 1, grades: [85, 80, 80] }]);
    await c.updateOne({ _id: 1, grades: 80 }, { $set: { 'grades.$': 82 } });
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, grades: [85, 82, 80] });
  });
  it('several operators in one update', async () => {
    const c = await coll([{ _id: 1, n: 1, tags: ['a'], gone: true }]);
    await c.updateOne({ _id: 1 }, U({ $inc: { n: 1 }, $push: { tags: 'b' }, $unset: { gone: '' }, $set: { s: 'x' } }));
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, n: 2, tags: ['a', 'b'], s: 'x' });
  });
});

describe('invalid updates', () => {
  it('changing _id fails (ImmutableField, 66)', async () => {
    const c = await coll([{ _id: 1, a: 1 }]);
    await expectServerError(c.updateOne({ _id: 1 }, { $set: { _id: 2 } }), 66);
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, a: 1 });
  });
  it('two operators on the same path conflict (ConflictingUpdateOperators, 40)', async () => {
    const c = await coll([{ _id: 1, a: 1 }]);
    await expectServerError(c.updateOne({ _id: 1 }, { $set: { a: 5 }, $inc: { a: 1 } }), 40);
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, a: 1 });
  });
});

describe('upsert', () => {
  it('updateOne upsert inserts from the filter equalities plus the update, and reports upsertedId', async () => {
    const c = await coll();
    const r = await c.updateOne({ name: 'x', n: { $gt: 5 }, 'meta.region': 'tj' }, { $set: { a: 1 } }, { upsert: true });
    expect(r.matchedCount).toBe(0);
    expect(r.modifiedCount).toBe(0);
    expect(r.upsertedCount).toBe(1);
    expect(r.upsertedId).toBeInstanceOf(ObjectId);
    const d = await c.findOne({ _id: r.upsertedId! });
    expect(d).toEqual({ _id: r.upsertedId, name: 'x', meta: { region: 'tj' }, a: 1 });
    // the same upsert again matches the document and changes nothing
    const again = await c.updateOne({ name: 'x', 'meta.region': 'tj' }, { $set: { a: 1 } }, { upsert: true });
    expect(again.matchedCount).toBe(1);
    expect(again.modifiedCount).toBe(0);
    expect(again.upsertedCount).toBe(0);
    expect(again.upsertedId).toBeNull();
    expect(await c.countDocuments()).toBe(1);
  });
  it('upsert with an _id in the filter uses that _id', async () => {
    const c = await coll();
    const r = await c.updateOne({ _id: 'k1' }, U({ $inc: { hits: 1 } }), { upsert: true });
    expect(r.upsertedId).toBe('k1');
    await c.updateOne({ _id: 'k1' }, U({ $inc: { hits: 1 } }), { upsert: true });
    expect(await c.findOne({ _id: 'k1' })).toEqual({ _id: 'k1', hits: 2 });
  });
  it('$setOnInsert applies only when the upsert inserts (manual example)', async () => {
    const c = await coll();
    await c.updateOne({ _id: 1 }, { $set: { item: 'apple' }, $setOnInsert: { defaultQty: 100 } }, { upsert: true });
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, item: 'apple', defaultQty: 100 });
    await c.updateOne({ _id: 1 }, { $set: { item: 'pear' }, $setOnInsert: { defaultQty: 5 } }, { upsert: true });
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, item: 'pear', defaultQty: 100 });
  });
  it('updateMany with upsert inserts one document when nothing matches', async () => {
    const c = await coll([{ _id: 1, k: 'a' }]);
    const r = await c.updateMany({ k: 'b' }, { $set: { v: 1 } }, { upsert: true });
    expect(r.matchedCount).toBe(0);
    expect(r.upsertedCount).toBe(1);
    expect(r.upsertedId).toBeInstanceOf(ObjectId);
    expect(await c.countDocuments({ k: 'b', v: 1 })).toBe(1);
  });
});

describe('updateMany', () => {
  it('matchedCount counts matches, modifiedCount only documents actually changed', async () => {
    const c = await coll([
      { _id: 1, flag: false },
      { _id: 2, flag: true },
      { _id: 3, flag: false },
      { _id: 4, flag: true },
      { _id: 5, flag: false },
      { _id: 6, other: 1 },
    ]);
    const r = await c.updateMany({ flag: { $exists: true } }, { $set: { flag: true } });
    expect(r.matchedCount).toBe(5);
    expect(r.modifiedCount).toBe(3);
    expect(r.upsertedCount).toBe(0);
    expect(await c.countDocuments({ flag: true })).toBe(5);
    const none = await c.updateMany({ flag: 'nope' }, { $set: { x: 1 } });
    expect(none.matchedCount).toBe(0);
    expect(none.modifiedCount).toBe(0);
  });
});

describe('replaceOne', () => {
  it('replaces the whole document but keeps _id', async () => {
    const c = await coll([{ _id: 1, a: 1, b: 2 }]);
    const r = await c.replaceOne({ _id: 1 }, { c: 3 });
    expect(r.matchedCount).toBe(1);
    expect(r.modifiedCount).toBe(1);
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, c: 3 });
  });
  it('replacing with an identical document modifies nothing', async () => {
    const c = await coll([{ _id: 1, a: 1 }]);
    const r = await c.replaceOne({ _id: 1 }, { a: 1 });
    expect(r.matchedCount).toBe(1);
    expect(r.modifiedCount).toBe(0);
  });
  it('upserts with the filter _id', async () => {
    const c = await coll();
    const r = await c.replaceOne({ _id: 'r9' }, { v: 9 }, { upsert: true });
    expect(r.upsertedCount).toBe(1);
    expect(r.upsertedId).toBe('r9');
    expect(await c.findOne({ _id: 'r9' })).toEqual({ _id: 'r9', v: 9 });
  });
  it('a replacement that changes _id fails', async () => {
    const c = await coll([{ _id: 1, a: 1 }]);
    await expectServerError(c.replaceOne({ _id: 1 }, { _id: 2, a: 2 }));
    expect(await c.find({}).toArray()).toEqual([{ _id: 1, a: 1 }]);
  });
});

describe('findOneAndUpdate / findOneAndDelete / findOneAndReplace', () => {
  it('returns the document before (default) or after the update', async () => {
    const c = await coll([{ _id: 1, n: 1 }]);
    expect(await c.findOneAndUpdate({ _id: 1 }, U({ $inc: { n: 1 } }))).toEqual({ _id: 1, n: 1 });
    expect(await c.findOneAndUpdate({ _id: 1 }, U({ $inc: { n: 1 } }), { returnDocument: 'before' })).toEqual({ _id: 1, n: 2 });
    expect(await c.findOneAndUpdate({ _id: 1 }, U({ $inc: { n: 1 } }), { returnDocument: 'after' })).toEqual({ _id: 1, n: 4 });
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, n: 4 });
  });
  it('returns null when nothing matches (and changes nothing)', async () => {
    const c = await coll([{ _id: 1, n: 1 }]);
    expect(await c.findOneAndUpdate({ _id: 2 }, U({ $inc: { n: 1 } }), { returnDocument: 'after' })).toBeNull();
    expect(await c.countDocuments()).toBe(1);
  });
  it('picks the first document by sort; applies projection', async () => {
    const c = await coll([
      { _id: 1, g: 'x', n: 1 },
      { _id: 2, g: 'x', n: 3 },
      { _id: 3, g: 'x', n: 2 },
      { _id: 4, g: 'y', n: 9 },
    ]);
    const d = await c.findOneAndUpdate({ g: 'x' }, { $set: { picked: true } }, { sort: { n: -1 }, returnDocument: 'after', projection: { _id: 1, picked: 1 } });
    expect(d).toEqual({ _id: 2, picked: true });
    const e = await c.findOneAndUpdate({ g: 'x', picked: { $exists: false } }, { $set: { picked: true } }, { sort: { n: 1 } });
    expect(e).toEqual({ _id: 1, g: 'x', n: 1 });
    expect(pluck(await c.find({ picked: true }).sort({ _id: 1 }).toArray(), '_id')).toEqual([1, 2]);
  });
  it('a counter: $inc with upsert and returnDocument after starts at the increment', async () => {
    const c = await coll();
    const first = await c.findOneAndUpdate({ _id: 'seq-tj' }, U({ $inc: { seq: 1 } }), { upsert: true, returnDocument: 'after' });
    expect(first).toEqual({ _id: 'seq-tj', seq: 1 });
    const second = await c.findOneAndUpdate({ _id: 'seq-tj' }, U({ $inc: { seq: 1 } }), { upsert: true, returnDocument: 'after' });
    expect(second).toEqual({ _id: 'seq-tj', seq: 2 });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => c.findOneAndUpdate({ _id: 'seq-bj' }, U({ $inc: { seq: 1 } }), { upsert: true, returnDocument: 'after' })),
    );
    expect(results.map((r) => r!.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
  it('upsert: after returns the new document, before returns null', async () => {
    const c = await coll();
    const after = await c.findOneAndUpdate({ _id: 'u1' }, { $set: { v: 1 } }, { upsert: true, returnDocument: 'after' });
    expect(after).toEqual({ _id: 'u1', v: 1 });
    const before = await c.findOneAndUpdate({ _id: 'u2' }, { $set: { v: 2 } }, { upsert: true, returnDocument: 'before' });
    expect(before).toBeNull();
    expect(await c.findOne({ _id: 'u2' })).toEqual({ _id: 'u2', v: 2 });
  });
  it('includeResultMetadata exposes lastErrorObject (n, updatedExisting, upserted)', async () => {
    const c = await coll([{ _id: 1, n: 1 }]);
    const upd = await c.findOneAndUpdate({ _id: 1 }, U({ $inc: { n: 1 } }), { includeResultMetadata: true, returnDocument: 'after' });
    expect(upd.ok).toBe(1);
    expect(upd.value).toEqual({ _id: 1, n: 2 });
    expect(upd.lastErrorObject).toMatchObject({ n: 1, updatedExisting: true });
    const ups = await c.findOneAndUpdate({ _id: 7 }, { $set: { n: 0 } }, { upsert: true, includeResultMetadata: true, returnDocument: 'after' });
    expect(ups.value).toEqual({ _id: 7, n: 0 });
    expect(ups.lastErrorObject).toMatchObject({ n: 1, updatedExisting: false, upserted: 7 });
  });
  it('findOneAndDelete returns and removes the first document by sort', async () => {
    const c = await coll([
      { _id: 1, q: 'jobs', pri: 2 },
      { _id: 2, q: 'jobs', pri: 5 },
      { _id: 3, q: 'jobs', pri: 1 },
    ]);
    expect(await c.findOneAndDelete({ q: 'jobs' }, { sort: { pri: -1 } })).toEqual({ _id: 2, q: 'jobs', pri: 5 });
    expect(await c.findOneAndDelete({ q: 'jobs' }, { sort: { pri: 1 }, projection: { _id: 1 } })).toEqual({ _id: 3 });
    expect(await c.findOneAndDelete({ q: 'none' })).toBeNull();
    expect(await c.find({}).toArray()).toEqual([{ _id: 1, q: 'jobs', pri: 2 }]);
  });
  it('findOneAndReplace returns before (default) or after, keeps _id', async () => {
    const c = await coll([{ _id: 1, a: 1 }, { _id: 2, a: 2 }]);
    expect(await c.findOneAndReplace({ _id: 1 }, { b: 1 })).toEqual({ _id: 1, a: 1 });
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, b: 1 });
    expect(await c.findOneAndReplace({ a: 2 }, { b: 2 }, { returnDocument: 'after' })).toEqual({ _id: 2, b: 2 });
    expect(await c.findOneAndReplace({ _id: 3 }, { b: 3 }, { upsert: true, returnDocument: 'after' })).toEqual({ _id: 3, b: 3 });
  });
});
