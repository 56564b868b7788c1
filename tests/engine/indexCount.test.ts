/**
 * Counting from index ranges (services/engine/query/indexCount.ts): for the filter shapes the regional lists send, the
 * count comes from B+ tree key ranges (storage/btreeRank.ts) and must equal counting by testing every document with
 * the matcher; shapes an index cannot answer are declined (undefined) and the scan answers them. Random data and
 * filters from a fixed seed; the last part goes through the real `mongodb` driver (countDocuments is
 * `$match` + `$group: {$sum: 1}`, with `$skip`/`$limit` when asked).
 */
import BTree from 'sorted-btree';
import type { Document } from 'bson';
import { SeededRandom } from '../../seeds/random';
import { Collection } from '../../services/engine/storage/collection';
import { countBelow, countBetween } from '../../services/engine/storage/btreeRank';
import { countFromIndexes } from '../../services/engine/query/indexCount';
import { compileFilter, countMatches, runQuery } from '../../services/engine/query/execute';
import { useTestDb } from './util';

const STATUSES = ['DRAFT', 'ANNOUNCED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED'];
const CATEGORIES = ['FOOD', 'TOYS', 'VEHICLES', 'ELECTRICAL', 'TEXTILES', 'COSMETICS', 'MEDICAL', 'OTHER'];
const DAY = 86_400_000;
const EPOCH = Date.UTC(2024, 0, 1);

function dayOf(random: SeededRandom): Date {
  return new Date(EPOCH + random.int(0, 700) * DAY + random.pick([0, 0, 3_600_000, DAY - 1]));
}

/** A recall-like document; a few have an odd announcedAt (missing, null, a number, a string) to test type brackets. */
function randomRecall(random: SeededRandom, serial: number): Document {
  const announcedAt = random.weighted<unknown>([
    [dayOf(random), 40],
    [undefined, 1],
    [null, 1],
    [random.int(0, 10) * DAY, 1],
    ['2024-05-01', 1],
  ]);
  const document: Document = {
    _id: `TJ-RCL-2024-${String(serial).padStart(6, '0')}`,
    status: random.pick(STATUSES),
    productCategory: random.pick(CATEGORIES),
    riskLevelRank: random.int(1, 4),
    quantityToRecall: random.weighted<unknown>([[random.int(0, 5000), 20], [random.int(0, 50) + 0.5, 2], ['many', 1]]),
    riskAlertIds: random.sample(['TJ-RSK-2024-000001', 'TJ-RSK-2024-000002', 'BJ-RSK-2024-000003', 'HE-RSK-2024-000004'], random.int(0, 2)),
    remedy: random.pick(['REPAIR', 'REPLACE', 'REFUND']),
  };
  if (announcedAt !== undefined) document.announcedAt = announcedAt;
  if (random.chance(0.1)) delete document.productCategory;
  return document;
}

function recallCollection(random: SeededRandom, size: number): Collection {
  const collection = new Collection('test', 'recalls');
  const specs: Array<{ name: string; key: Record<string, 1 | -1> }> = [
    { name: 'announcedAt_id', key: { announcedAt: -1, _id: -1 } },
    { name: 'category_status_announcedAt_id', key: { productCategory: 1, status: 1, announcedAt: -1, _id: -1 } },
    { name: 'status_announcedAt_id', key: { status: 1, announcedAt: -1, _id: -1 } },
    { name: 'riskLevelRank_announcedAt_id', key: { riskLevelRank: -1, announcedAt: -1, _id: -1 } },
    { name: 'quantityToRecall_id', key: { quantityToRecall: -1, _id: -1 } },
    { name: 'riskAlertIds', key: { riskAlertIds: 1 } },
  ];
  for (const spec of specs) collection.createIndex(spec);
  for (let i = 0; i < size; i++) collection.insert(randomRecall(random, i));
  // Changes after the build: replacements move entries, removals shrink subtrees.
  for (const document of [...collection.documents.values()]) {
    if (random.chance(0.1)) collection.replace(document, { ...randomRecall(random, 0), _id: document._id });
    else if (random.chance(0.05)) collection.remove(document);
  }
  return collection;
}

function scanCount(collection: Collection, filter: Document): number {
  const matcher = compileFilter(filter);
  let n = 0;
  for (const document of collection.documents.values()) if (matcher.test(document)) n++;
  return n;
}

function dateRange(random: SeededRandom): Document {
  const from = dayOf(random);
  const to = new Date(from.getTime() + random.int(0, 120) * DAY);
  const low = random.pick(['$gte', '$gt']);
  const high = random.pick(['$lte', '$lt']);
  return random.pick([{ [low]: from, [high]: to }, { [low]: from }, { [high]: to }, { [low]: from, [high]: from }]);
}

function oneOrMany(random: SeededRandom, values: readonly string[]): unknown {
  return random.chance(0.5) ? random.pick(values) : { $in: random.sample(values, random.int(1, 3)) };
}

/** The shapes the lists send (services/regional/data/filters.ts builders, merged by allOf), each answerable from an index. */
const COUNTABLE_SHAPES: Record<string, (random: SeededRandom) => Document> = {
  'region-only (a region list without this region)': () => ({ _id: { $in: [] } }),
  status: (random) => ({ status: oneOrMany(random, STATUSES) }),
  category: (random) => ({ productCategory: oneOrMany(random, CATEGORIES) }),
  'minimum risk level': (random) => ({ riskLevelRank: { $gte: random.int(1, 4) } }),
  'date range': (random) => ({ announcedAt: dateRange(random) }),
  'number range': (random) => ({ quantityToRecall: { $gte: random.int(0, 3000), $lte: random.int(2000, 6000) } }),
  'category + status': (random) => ({ productCategory: oneOrMany(random, CATEGORIES), status: oneOrMany(random, STATUSES) }),
  'category + status + date range': (random) => ({ productCategory: random.pick(CATEGORIES), status: oneOrMany(random, STATUSES), announcedAt: dateRange(random) }),
  'status + date range': (random) => ({ status: oneOrMany(random, STATUSES), announcedAt: dateRange(random) }),
  'category + date range (status skipped through)': (random) => ({ productCategory: oneOrMany(random, CATEGORIES), announcedAt: dateRange(random) }),
  'level + date range': (random) => ({ riskLevelRank: random.int(1, 4), announcedAt: dateRange(random) }),
  'risk alert id (multikey equality)': (random) => ({ riskAlertIds: random.pick(['TJ-RSK-2024-000001', 'BJ-RSK-2024-000003', 'XX']) }),
  'date range inside $and (a cursor-like page filter)': (random) => ({ $and: [{ status: random.pick(STATUSES) }, { announcedAt: dateRange(random) }, { announcedAt: dateRange(random) }] }),
};

/** Shapes an index cannot answer exactly: the count falls back to the scan. */
const FALLBACK_SHAPES: Record<string, (random: SeededRandom) => Document> = {
  'text search': () => ({ $or: [{ productName: { $regex: '灯', $options: 'i' } }, { remedy: { $regex: 'RE' } }] }),
  'unindexed field': (random) => ({ remedy: random.pick(['REPAIR', 'REFUND']) }),
  'indexed + unindexed': (random) => ({ status: random.pick(STATUSES), remedy: 'REPAIR' }),
  null: () => ({ productCategory: null }),
  'multikey $in': () => ({ riskAlertIds: { $in: ['TJ-RSK-2024-000001', 'TJ-RSK-2024-000002'] } }),
  'string range': () => ({ status: { $gte: 'C' } }),
  'range before an equality': (random) => ({ announcedAt: dateRange(random), riskLevelRank: 2, status: 'DRAFT' }),
};

describe('order statistics over the B+ tree (btreeRank)', () => {
  it('counts keys below and between bounds like iterating, over many node layouts', () => {
    const random = new SeededRandom(20261206);
    for (const nodeSize of [4, 7, 32, 64]) {
      const tree = new BTree<number, number>(undefined, (a, b) => a - b, nodeSize);
      const keys = new Set<number>();
      for (let i = 0; i < 3000; i++) {
        const key = random.int(0, 10_000);
        tree.set(key, key);
        keys.add(key);
        if (random.chance(0.3)) {
          const gone = random.int(0, 10_000);
          tree.delete(gone);
          keys.delete(gone);
        }
      }
      const sorted = [...keys].sort((a, b) => a - b);
      for (let probe = 0; probe < 300; probe++) {
        const low = random.int(-5, 10_005) + random.pick([0, 0.5]);
        const high = low + random.int(0, 3000);
        expect(countBelow(tree, low)).toBe(sorted.filter((key) => key < low).length);
        expect(countBetween(tree, low, high)).toBe(sorted.filter((key) => key >= low && key < high).length);
      }
      expect(countBelow(tree, Infinity)).toBe(tree.size);
    }
  });
});

describe('counts from index ranges equal counts by scanning (seeded random data)', () => {
  const random = new SeededRandom(424242);
  const collection = recallCollection(random, 4000);

  it.each(Object.keys(COUNTABLE_SHAPES))('answers "%s" from an index, with the scan\'s number', async (shape) => {
    for (let round = 0; round < 40; round++) {
      const filter = COUNTABLE_SHAPES[shape]!(random);
      const fromIndex = countFromIndexes(collection, filter);
      expect({ filter, count: fromIndex }).toEqual({ filter, count: scanCount(collection, filter) });
      expect(await countMatches(collection, filter)).toBe(fromIndex);
    }
  });

  it.each(Object.keys(FALLBACK_SHAPES))('declines "%s", which the scan counts', async (shape) => {
    for (let round = 0; round < 5; round++) {
      const filter = FALLBACK_SHAPES[shape]!(random);
      expect(countFromIndexes(collection, filter)).toBeUndefined();
      expect(await countMatches(collection, filter)).toBe(scanCount(collection, filter));
    }
  });

  // A find over an index range whose equality prefix is the whole filter skips the test of each document: it must
  // still return exactly what testing every document returns.
  it.each([...Object.keys(COUNTABLE_SHAPES), ...Object.keys(FALLBACK_SHAPES)])('finds for "%s" the documents a test of each finds', async (shape) => {
    for (let round = 0; round < 10; round++) {
      const filter = (COUNTABLE_SHAPES[shape] ?? FALLBACK_SHAPES[shape])!(random);
      const { documents } = await runQuery(collection, { filter });
      const matcher = compileFilter(filter);
      const expected = [...collection.documents.values()].filter((document) => matcher.test(document));
      expect({ filter, ids: documents.map((document) => String(document._id)).sort() }).toEqual({ filter, ids: expected.map((document) => String(document._id)).sort() });
    }
  });

  it('does not grow with the matching set: a count visits no entries', () => {
    const big = new Collection('test', 'big');
    big.createIndex({ name: 'status_announcedAt_id', key: { status: 1, announcedAt: -1, _id: -1 } });
    for (let i = 0; i < 20_000; i++) big.insert({ _id: i, status: i % 2 ? 'A' : 'B', announcedAt: new Date(EPOCH + i * 60_000) });
    const index = big.indexes.get('status_announcedAt_id')!;
    const compare = index.tree._compare;
    let comparisons = 0;
    index.tree._compare = (a, b) => {
      comparisons++;
      return compare(a, b);
    };
    expect(countFromIndexes(big, { status: 'A', announcedAt: { $gte: new Date(EPOCH) } })).toBe(10_000);
    expect(comparisons).toBeLessThan(200); // two root-to-leaf walks, not 10,000 entries
  });
});

describe('countDocuments through the mongodb driver', () => {
  const ctx = useTestDb('indexcount');

  it('gives the same numbers as finding the documents, for countable and fallback shapes, with skip and limit', async () => {
    const random = new SeededRandom(777);
    const recalls = ctx.db.collection('recalls');
    await recalls.createIndexes([
      { name: 'announcedAt_id', key: { announcedAt: -1, _id: -1 } },
      { name: 'category_status_announcedAt_id', key: { productCategory: 1, status: 1, announcedAt: -1, _id: -1 } },
      { name: 'status_announcedAt_id', key: { status: 1, announcedAt: -1, _id: -1 } },
    ]);
    await recalls.insertMany(Array.from({ length: 1500 }, (_, i) => randomRecall(random, i)) as Document[]);
    const shapes = { ...COUNTABLE_SHAPES, ...FALLBACK_SHAPES };
    for (const shape of Object.keys(shapes)) {
      const filter = shapes[shape]!(random);
      const found = (await recalls.find(filter).toArray()).length;
      expect({ shape, count: await recalls.countDocuments(filter) }).toEqual({ shape, count: found });
      expect(await recalls.countDocuments(filter, { skip: 3, limit: 10 })).toBe(Math.min(Math.max(found - 3, 0), 10));
      const [counted] = await recalls.aggregate([{ $match: filter }, { $count: 'n' }]).toArray();
      expect(counted?.n ?? 0).toBe(found);
    }
  });
});
