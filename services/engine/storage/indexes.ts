import BTree from 'sorted-btree';
import type { Document } from 'bson';
import { Query } from 'mingo';
import { compareBson, MAX_KEY, MIN_KEY } from '../bsonOrder';
import { loadSorted } from './btreeBulkLoad';
import { valuesAtSegments } from './paths';

export type IndexDirection = 1 | -1;

export interface IndexSpec {
  name: string;
  key: Record<string, IndexDirection>;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
  expireAfterSeconds?: number;
}

/** Index entry: the indexed field values followed by the document's `_id` (tie-breaker, ascending). */
export type IndexEntry = unknown[];

/** A secondary (or `_id`) index: a B+ tree of entries in the key pattern's order. */
export class CollectionIndex {
  readonly fields: string[];
  readonly directions: IndexDirection[];
  /** Each field's path split at its dots, once. */
  private readonly segments: string[][];
  readonly tree: BTree<IndexEntry, Document>;
  private readonly partialFilter?: Query;
  multikey = false;
  /** Incremented on every add/remove: a scan that yielded re-seeks when the tree changed under it. */
  version = 0;

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key);
    this.directions = this.fields.map((field) => spec.key[field]);
    this.segments = this.fields.map((field) => field.split('.'));
    this.tree = new BTree<IndexEntry, Document>(undefined, (a, b) => this.compareEntries(a, b));
    if (spec.partialFilterExpression) this.partialFilter = new Query(spec.partialFilterExpression, {});
  }

  get name(): string {
    return this.spec.name;
  }

  /** Usable by the planner for arbitrary filters only when it holds every document. */
  get coversAllDocuments(): boolean {
    return !this.spec.sparse && !this.partialFilter;
  }

  compareEntries(left: IndexEntry, right: IndexEntry): number {
    return this.compareEntriesFrom(left, right, 0);
  }

  /** compareEntries on the fields from `from` on (and `_id`): the order within ranges that fix the fields before it. */
  compareEntriesFrom(left: IndexEntry, right: IndexEntry, from: number): number {
    const count = this.fields.length;
    for (let i = from; i < count; i++) {
      const order = compareBson(left[i], right[i]);
      if (order !== 0) return order * this.directions[i];
    }
    return compareBson(left[count], right[count]);
  }

  /** The entries a document contributes, or none when a sparse/partial index leaves it out. */
  entriesOf(document: Document): IndexEntry[] {
    if (this.partialFilter && !this.partialFilter.test(document)) return [];
    const perField = this.segments.map((segments) => valuesAtSegments(document, segments));
    if (this.spec.sparse && perField.every((values) => values.length === 1 && values[0] === undefined)) return [];
    // The common case, no array on any key path: one entry, allocated at its exact length (an entry lives as long as
    // its document, once per index: a grown array's spare capacity would cost more than the entry itself).
    if (perField.every((values) => values.length === 1)) {
      const count = perField.length;
      const entry: IndexEntry = new Array<unknown>(count + 1);
      for (let i = 0; i < count; i++) entry[i] = perField[i][0] === undefined ? null : perField[i][0];
      entry[count] = document._id;
      return [entry];
    }
    let entries: IndexEntry[] = [[]];
    for (const values of perField) {
      const distinct = dedupe(values.map((value) => (value === undefined ? null : value)));
      if (distinct.length > 1) this.multikey = true;
      entries = entries.flatMap((prefix) => distinct.map((value) => [...prefix, value]));
    }
    return entries.map((entry) => entry.concat([document._id]));
  }

  add(document: Document): void {
    this.version++;
    for (const entry of this.entriesOf(document)) this.tree.set(entry, document);
  }

  /**
   * Fills this empty index with the entries of all the documents at once: sorted once, then packed into the tree
   * bottom-up (a recovery builds its indexes so, rather than inserting entry by entry).
   */
  build(documents: Iterable<Document>): void {
    const entries: IndexEntry[] = [];
    const owners: Document[] = [];
    for (const document of documents) {
      for (const entry of this.entriesOf(document)) {
        entries.push(entry);
        owners.push(document);
      }
    }
    const order = Array.from(entries.keys()).sort((left, right) => this.compareEntries(entries[left]!, entries[right]!));
    this.version++;
    loadSorted(
      this.tree,
      order.map((at) => entries[at]!),
      order.map((at) => owners[at]!),
    );
  }

  remove(document: Document): void {
    this.version++;
    for (const entry of this.entriesOf(document)) this.tree.delete(entry);
  }

  /** For a unique index: an entry of another document with the same field values, if any. */
  findConflict(document: Document): IndexEntry | undefined {
    if (!this.spec.unique) return undefined;
    for (const entry of this.entriesOf(document)) {
      const probe = [...entry.slice(0, this.fields.length), MIN_KEY];
      const found = this.tree.nextHigherPair(probe);
      if (!found) continue;
      const [existing] = found;
      const sameValues = this.fields.every((_, i) => compareBson(existing[i], entry[i]) === 0);
      if (sameValues && compareBson(existing[this.fields.length], document._id) !== 0) return existing;
    }
    return undefined;
  }

  /** Sentinel that sorts first (or last) in this index's order for the field at `position`. */
  boundary(position: number, edge: 'first' | 'last'): symbol {
    const ascending = this.directions[position] === 1;
    return (edge === 'first') === ascending ? MIN_KEY : MAX_KEY;
  }

  keyValueOf(entry: IndexEntry): Record<string, unknown> {
    return Object.fromEntries(this.fields.map((field, i) => [field, entry[i]]));
  }
}

function dedupe(values: unknown[]): unknown[] {
  if (values.length < 2) return values;
  const unique: unknown[] = [];
  for (const value of values) if (!unique.some((seen) => compareBson(seen, value) === 0)) unique.push(value);
  return unique;
}

export function defaultIndexName(key: Record<string, unknown>): string {
  return Object.entries(key)
    .map(([field, direction]) => `${field}_${direction}`)
    .join('_');
}
