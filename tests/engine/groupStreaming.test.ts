/**
 * `[$match, $group, …]` (the statistics' shape) folds the scan's matches into the groups as it finds them, with no
 * array of them (commands/read.ts runMatchIntoGroup): the same groups as the general path (in any order: `$group`
 * does not order its output, and the folded scan reads a broad index range along the collection); and a
 * document replaced while the scan is paused is still counted once (the scan starts again the general way).
 */
import type { Document } from 'mongodb';
import { useTestDb, type AnyDoc } from './util';
import { Storage } from '../../services/engine/storage/storage';
import { CursorRegistry } from '../../services/engine/commands/cursorRegistry';
import { aggregate } from '../../services/engine/commands/read';
import { OperationRegistry, type Operation } from '../../services/engine/operations';

const ctx = useTestDb('groupstream');
const RECORDS = 20_000;
const CATEGORIES = ['FOOD', 'TOYS', 'ELECTRICAL', 'VEHICLES', 'TEXTILES'];
const STATUSES = ['ANNOUNCED', 'IN_PROGRESS', 'COMPLETED'];

const recalls = () => ctx.db.collection<AnyDoc>('recalls');

beforeAll(async () => {
  const documents = Array.from({ length: RECORDS }, (_, n) => ({
    _id: `TJ-RCL-${String(n).padStart(6, '0')}`,
    productCategory: CATEGORIES[n % CATEGORIES.length],
    status: STATUSES[(n * 7) % STATUSES.length],
    quantity: n % 97,
    announcedAt: new Date(Date.UTC(2020 + (n % 6), n % 12, 1 + (n % 28))),
    ...(n % 11 === 0 ? {} : { region: 'TJ' }),
  }));
  for (let from = 0; from < documents.length; from += 5_000) await recalls().insertMany(documents.slice(from, from + 5_000));
  await recalls().createIndex({ productCategory: 1, status: 1, announcedAt: -1, _id: -1 });
});

describe('$match then $group, streamed', () => {
  const group = { $group: { _id: { category: '$productCategory', status: '$status', region: '$region' }, count: { $sum: 1 }, quantity: { $sum: '$quantity' }, latest: { $max: '$announcedAt' } } };

  test.each([
    ['every record (a collection scan)', {}],
    ['one category (an index range)', { productCategory: 'TOYS' }],
    ['a filter no index serves', { quantity: { $gte: 50 } }],
    ['nothing', { productCategory: 'NONE' }],
  ])('%s: the groups the general path makes', async (_, filter) => {
    const byKey = (rows: Document[]) => [...rows].sort((a, b) => (JSON.stringify(a._id) < JSON.stringify(b._id) ? -1 : 1));
    const streamed = await recalls().aggregate([{ $match: filter }, group]).toArray();
    // A second $match leaves the streamed shape: the general path (runQuery, then the compiled $group over its array).
    const general = await recalls().aggregate([{ $match: filter }, { $match: {} }, group]).toArray();
    expect(byKey(streamed)).toEqual(byKey(general));
    const expected = (await recalls().find(filter).toArray()).length;
    expect(streamed.reduce((sum: number, row: Document) => sum + (row.count as number), 0)).toBe(expected);
  });

  test('stages after the $group run on the groups', async () => {
    const rows = await recalls()
      .aggregate([{ $match: { status: 'COMPLETED' } }, { $group: { _id: '$productCategory', n: { $sum: 1 } } }, { $sort: { n: -1, _id: 1 } }, { $limit: 2 }])
      .toArray();
    const counts = CATEGORIES.map((category) => ({ _id: category, n: 0 }));
    for (const document of await recalls().find({ status: 'COMPLETED' }).toArray()) counts.find((row) => row._id === document.productCategory)!.n++;
    expect(rows).toEqual(counts.sort((a, b) => b.n - a.n || a._id.localeCompare(b._id)).slice(0, 2));
  });

  test('a record replaced while the scan is paused is counted once', async () => {
    // In process, with an operation that pauses every 100 records and, at its first pause, replaces a record the scan
    // has passed: replacing moves it to the end of the collection's order, where a scan that went on would meet it
    // again.
    const storage = await Storage.open({});
    const collection = storage.createCollection('streamed', 'recalls', {});
    for (let n = 0; n < 1_000; n++) storage.insertDocument(collection, { _id: n, productCategory: CATEGORIES[n % CATEGORIES.length] });
    let pauses = 0;
    const operation = {
      tick: () => true,
      sliceUsedUp: () => false,
      checkInterrupt: () => undefined,
      remainingMs: () => undefined,
      pause: async () => {
        pauses++;
        if (pauses === 5) {
          const passed = collection.findById(1)!;
          storage.replaceDocument(collection, passed, { ...passed, replaced: true });
        }
      },
    } as unknown as Operation;
    const cursors = new CursorRegistry();
    try {
      const reply = await aggregate(
        { aggregate: 'recalls', pipeline: [{ $match: {} }, { $group: { _id: '$productCategory', n: { $sum: 1 } } }], cursor: {} },
        { storage, cursors, database: 'streamed', connectionId: 1, operation, operations: new OperationRegistry() },
      );
      const rows = (reply.cursor as { firstBatch: Document[] }).firstBatch;
      expect(pauses).toBeGreaterThan(5);
      expect(rows.reduce((sum, row) => sum + (row.n as number), 0)).toBe(1_000);
      expect(rows.find((row) => row._id === CATEGORIES[1])?.n).toBe(200);
    } finally {
      cursors.close();
      await storage.close();
    }
  });
});
