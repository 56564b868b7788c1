import type BTree from 'sorted-btree';

/**
 * Order statistics over a sorted-btree B+ tree: its internal nodes keep the size of their subtree (sorted-btree 2.x,
 * `BNodeInternal._size`, checked by its own `checkValid`), so the number of keys below a key is one walk from the
 * root, O(log n), without visiting the keys themselves. The node layout is sorted-btree's internal one: a leaf has
 * `keys`; an internal node has `keys[i]` = the largest key under `children[i]`. tests/engine/indexCount.test.ts checks
 * the walk against counting by iteration, so an upgrade that changes the layout fails there.
 */
interface BTreeNode<K> {
  keys: K[];
  children?: BTreeNode<K>[];
  size(): number;
  indexOf(key: K, failXor: number, compare: (a: K, b: K) => number): number;
}

/** Number of keys in the tree strictly below `key` (when `key` is in the tree: its position). */
export function countBelow<K, V>(tree: BTree<K, V>, key: K): number {
  const compare = tree._compare;
  let node = (tree as unknown as { _root: BTreeNode<K> })._root;
  let below = 0;
  for (;;) {
    const position = node.indexOf(key, 0, compare);
    const children = node.children;
    if (!children) return below + position;
    if (position >= children.length) return below + node.size();
    for (let i = 0; i < position; i++) below += children[i].size();
    node = children[position];
  }
}

/** Number of keys k with start <= k < end (start and end need not be keys of the tree). */
export function countBetween<K, V>(tree: BTree<K, V>, start: K, end: K): number {
  if (tree._compare(start, end) >= 0) return 0;
  return countBelow(tree, end) - countBelow(tree, start);
}
