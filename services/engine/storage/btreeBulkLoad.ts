import * as sortedBtree from 'sorted-btree';
import type BTree from 'sorted-btree';

/**
 * sorted-btree 2.x's node classes (exported by its module, not by its type declarations): a leaf holds `keys` and
 * `values`; an internal node its `children`, the size of its subtree and, per child, the child's largest key.
 * tests/engine/btreeBulkLoad.test.ts checks a loaded tree with sorted-btree's own `checkValid` and then changes it,
 * so an upgrade that changes the layout fails there.
 */
interface BTreeNode {
  size(): number;
}
const { BNode, BNodeInternal } = sortedBtree as unknown as {
  BNode: new (keys: unknown[], values: unknown[]) => BTreeNode;
  BNodeInternal: new (children: BTreeNode[], size: number) => BTreeNode;
};

/**
 * Entries (or children) per node of a loaded tree: three quarters of sorted-btree's default maximum (32), so the
 * inserts that follow a load fill nodes before they split them.
 */
const LOAD_FILL = 24;

/** `count` items cut into ceil(count / LOAD_FILL) runs of nearly equal length (no short last node). */
function runs(count: number): Array<[start: number, end: number]> {
  const nodes = Math.ceil(count / LOAD_FILL);
  return Array.from({ length: nodes }, (_, i) => [Math.floor((i * count) / nodes), Math.floor(((i + 1) * count) / nodes)]);
}

/**
 * Fills an empty tree from keys already in its order (no two equal) and their values, bottom-up: leaves first, then
 * each level of internal nodes over the one below. No key is compared, where inserting them one by one descends the
 * tree and searches each node on the way for every key.
 */
export function loadSorted<K, V>(tree: BTree<K, V>, keys: K[], values: V[]): void {
  if (tree.size !== 0) throw new Error('loadSorted fills an empty tree only');
  if (keys.length !== values.length) throw new Error('loadSorted needs one value per key');
  if (keys.length === 0) return;
  let level: BTreeNode[] = runs(keys.length).map(([start, end]) => new BNode(keys.slice(start, end), values.slice(start, end)));
  while (level.length > 1) {
    const children = level;
    level = runs(children.length).map(([start, end]) => {
      const group = children.slice(start, end);
      return new BNodeInternal(group, group.reduce((size, child) => size + child.size(), 0));
    });
  }
  (tree as unknown as { _root: BTreeNode })._root = level[0]!;
}
