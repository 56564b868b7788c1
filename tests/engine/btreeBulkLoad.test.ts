/**
 * Indexes built at once (services/engine/storage/btreeBulkLoad.ts, CollectionIndex.build), as a recovery builds them:
 * a loaded tree passes sorted-btree's own validity check, holds the keys in order, counts by rank, and stays valid
 * and equal to a plain sorted list through seeded random inserts and deletes; an index built at once holds exactly
 * the entries (and documents) of one built document by document, for compound, descending, multikey, sparse and
 * partial indexes over documents with missing, null and mixed-type values.
 */
import BTree from 'sorted-btree';
import type { Document } from 'bson';
import { SeededRandom } from '../../seeds/random';
import { loadSorted } from '../../services/engine/storage/btreeBulkLoad';
import { countBelow } from '../../services/engine/storage/btreeRank';
import { CollectionIndex, type IndexSpec } from '../../services/engine/storage/indexes';

const SEED = 20261207;

/** Fails with the seed in the message, so a failure can be replayed. */
function withSeed(run: (random: SeededRandom) => void): void {
  try {
    run(new SeededRandom(SEED));
  } catch (error) {
    (error as Error).message = `(seed ${SEED}) ${(error as Error).message}`;
    throw error;
  }
}

describe('a tree loaded from sorted keys', () => {
  it.each([0, 1, 2, 23, 24, 25, 48, 49, 577, 24 * 24 * 24 + 1, 20_000])('of %i keys is valid, ordered, counts by rank and takes changes', (size) => {
    withSeed((random) => {
      const keys = Array.from({ length: size }, (_, i) => i * 2);
      const tree = new BTree<number, string>(undefined, (a, b) => a - b);
      loadSorted(
        tree,
        keys,
        keys.map((key) => `v${key}`),
      );
      tree.checkValid(true);
      expect(tree.size).toBe(size);
      expect(tree.keysArray()).toEqual(keys);
      if (size > 0) {
        const probe = keys[Math.floor(size / 2)]!;
        expect(countBelow(tree, probe)).toBe(Math.floor(size / 2));
        expect(tree.get(probe)).toBe(`v${probe}`);
      }
      // Odd keys go in between the loaded ones, some loaded ones go out.
      const expected = new Set(keys);
      for (let i = 0; i < 3_000; i++) {
        const key = random.int(0, Math.max(2 * size, 100));
        if (random.chance(0.6)) {
          tree.set(key, `v${key}`);
          expected.add(key);
        } else {
          tree.delete(key);
          expected.delete(key);
        }
      }
      tree.checkValid(true);
      expect(tree.keysArray()).toEqual([...expected].sort((a, b) => a - b));
    });
  });

  it('refuses a tree that already holds keys, and keys without their values', () => {
    const tree = new BTree<number, number>(undefined, (a, b) => a - b);
    tree.set(1, 1);
    expect(() => loadSorted(tree, [2], [2])).toThrow(/empty tree/);
    expect(() => loadSorted(new BTree<number, number>(), [1, 2], [1])).toThrow(/one value per key/);
  });
});

function randomDocument(random: SeededRandom, serial: number): Document {
  const document: Document = {
    _id: `TJ-RCL-2024-${String(serial).padStart(6, '0')}`,
    status: random.pick(['DRAFT', 'ANNOUNCED', 'COMPLETED']),
    announcedAt: random.weighted<unknown>([
      [new Date(Date.UTC(2024, 0, 1) + random.int(0, 400) * 86_400_000), 20],
      [null, 1],
      [random.int(0, 9), 1],
      ['2024-05-01', 1],
    ]),
    riskAlertIds: random.weighted<unknown>([[[], 3], [random.sample(['A1', 'A2', 'A3', 'A4'], random.int(1, 3)), 3], ['A1', 1]]),
    quantityToRecall: random.int(0, 500),
  };
  if (random.chance(0.1)) delete document.announcedAt;
  if (random.chance(0.3)) document.outboxPending = true;
  return document;
}

const SPECS: IndexSpec[] = [
  { name: 'status_announcedAt_id', key: { status: 1, announcedAt: -1, _id: -1 } },
  { name: 'announcedAt', key: { announcedAt: 1 } },
  { name: 'riskAlertIds', key: { riskAlertIds: 1 } },
  { name: 'quantityToRecall_desc', key: { quantityToRecall: -1 }, unique: false },
  { name: 'outboxPending_sparse', key: { outboxPending: 1 }, sparse: true },
  { name: 'status_partial', key: { status: 1, quantityToRecall: 1 }, partialFilterExpression: { status: 'COMPLETED' } },
];

describe('an index built at once', () => {
  it.each(SPECS.map((spec) => [spec.name, spec] as const))('%s holds what one built document by document holds', (_name, spec) => {
    withSeed((random) => {
      const documents = Array.from({ length: 3_000 }, (_, i) => randomDocument(random, i));
      const byDocument = new CollectionIndex(spec);
      for (const document of documents) byDocument.add(document);
      const atOnce = new CollectionIndex(spec);
      atOnce.build(documents);
      atOnce.tree.checkValid(true);
      expect(atOnce.tree.size).toBe(byDocument.tree.size);
      expect(atOnce.tree.toArray()).toEqual(byDocument.tree.toArray());
      expect(atOnce.tree.valuesArray().every((document, i) => document === byDocument.tree.valuesArray()[i])).toBe(true);
      expect(atOnce.multikey).toBe(byDocument.multikey);
      // It keeps working as an index: a document out and in again.
      atOnce.remove(documents[7]!);
      atOnce.add(documents[7]!);
      expect(atOnce.tree.toArray()).toEqual(byDocument.tree.toArray());
    });
  });
});
