import type { Document } from 'bson';
import { identityKey } from '../bsonOrder';
import { DuplicateKeyError, indexKeySpecsConflict, indexNotFound, indexOptionsConflict, badValue } from '../errors';
import { CollectionIndex, type IndexSpec } from './indexes';
import { STORED_STRINGS } from './stringInterning';

export const ID_INDEX_NAME = '_id_';

/**
 * An index being built while the collection stays open for writes (createIndexes yields between slices of its
 * scan): every change to the collection is applied to it too, so when the scan ends it holds every document.
 */
export interface IndexBuild {
  readonly index: CollectionIndex;
  /** The first unique-key conflict a concurrent write caused; the build fails with it. */
  conflict?: DuplicateKeyError;
}

/**
 * One collection's documents (by `_id` identity) and its indexes, kept consistent on every change.
 *
 * Each change to one document (insert, replace, put, remove) is synchronous and complete: the document map, every
 * index, the unique checks and (in Storage) the journal record change together, so commands that yield between
 * documents interleave only at document boundaries.
 */
export class Collection {
  readonly documents = new Map<string, Document>();
  readonly indexes = new Map<string, CollectionIndex>();
  /** Incremented on every document change: scans that yielded use it to notice concurrent writes. */
  version = 0;
  /** Set when the collection or its database is dropped: operations holding it stop (QueryPlanKilled). */
  dropped = false;
  readonly builds = new Set<IndexBuild>();

  constructor(
    readonly database: string,
    readonly name: string,
    readonly options: Document = {},
  ) {
    this.indexes.set(ID_INDEX_NAME, new CollectionIndex({ name: ID_INDEX_NAME, key: { _id: 1 }, unique: true }));
  }

  get namespace(): string {
    return `${this.database}.${this.name}`;
  }

  get idIndex(): CollectionIndex {
    return this.indexes.get(ID_INDEX_NAME)!;
  }

  findById(id: unknown): Document | undefined {
    return this.documents.get(identityKey(id));
  }

  /** Throws E11000 when `document` would collide with another document on a unique index. */
  assertNoConflict(document: Document, replacing?: Document): void {
    const existing = this.documents.get(identityKey(document._id));
    if (existing && existing !== replacing) {
      throw new DuplicateKeyError(this.namespace, ID_INDEX_NAME, { _id: 1 }, { _id: document._id });
    }
    for (const index of this.indexes.values()) {
      if (index.name === ID_INDEX_NAME) continue;
      const conflict = index.findConflict(document);
      if (conflict) throw new DuplicateKeyError(this.namespace, index.name, index.spec.key, index.keyValueOf(conflict));
    }
  }

  insert(document: Document): void {
    this.assertNoConflict(document);
    STORED_STRINGS.internDocument(document);
    this.documents.set(identityKey(document._id), document);
    for (const index of this.indexes.values()) index.add(document);
    this.changed(undefined, document);
  }

  /** Bumps the version and keeps indexes being built up to date. */
  private changed(previous: Document | undefined, next: Document | undefined): void {
    this.version++;
    for (const build of this.builds) {
      if (previous) build.index.remove(previous);
      if (next) {
        const conflict = build.index.findConflict(next);
        if (conflict && !build.conflict) {
          build.conflict = new DuplicateKeyError(this.namespace, build.index.name, build.index.spec.key, build.index.keyValueOf(conflict));
        }
        build.index.add(next);
      }
    }
  }

  replace(previous: Document, next: Document): void {
    for (const index of this.indexes.values()) index.remove(previous);
    try {
      this.assertNoConflict(next, previous);
    } catch (error) {
      for (const index of this.indexes.values()) index.add(previous);
      throw error;
    }
    STORED_STRINGS.internDocument(next);
    this.documents.delete(identityKey(previous._id));
    this.documents.set(identityKey(next._id), next);
    for (const index of this.indexes.values()) index.add(next);
    this.changed(previous, next);
  }

  /** Stores a document as the journal or snapshot says, without conflict checks (they held when it was written). */
  put(document: Document): void {
    const existing = this.documents.get(identityKey(document._id));
    if (existing) for (const index of this.indexes.values()) index.remove(existing);
    STORED_STRINGS.internDocument(document);
    this.documents.set(identityKey(document._id), document);
    for (const index of this.indexes.values()) index.add(document);
    this.changed(existing, document);
  }

  remove(document: Document): boolean {
    const key = identityKey(document._id);
    const existing = this.documents.get(key);
    if (!existing) return false;
    this.documents.delete(key);
    for (const index of this.indexes.values()) index.remove(existing);
    this.changed(existing, undefined);
    return true;
  }

  /** Returns false when an identical index already exists (MongoDB's no-op), throws on a conflicting one. */
  createIndex(spec: IndexSpec): boolean {
    if (!this.checkNewIndex(spec)) return false;
    const index = new CollectionIndex(spec);
    for (const document of this.documents.values()) this.addToNewIndex(index, document);
    this.indexes.set(spec.name, index);
    return true;
  }

  /**
   * Rebuilds an index as the journal or snapshot says, without unique checks: they held when it was created, and
   * a replay may pass through states that only look conflicting (a snapshot written while writes went on).
   */
  restoreIndex(spec: IndexSpec): void {
    const index = new CollectionIndex(spec);
    index.build(this.documents.values());
    this.indexes.set(spec.name, index);
  }

  /** False when an identical index exists; throws when one conflicts by name or key pattern. */
  checkNewIndex(spec: IndexSpec): boolean {
    const sameName = this.indexes.get(spec.name);
    const sameKey = [...this.indexes.values()].find((index) => sameKeyPattern(index.spec.key, spec.key));
    if (sameName || sameKey) {
      const existing = (sameName ?? sameKey)!;
      if (sameKeyPattern(existing.spec.key, spec.key) && existing.name === spec.name && Boolean(existing.spec.unique) === Boolean(spec.unique)) {
        return false;
      }
      if (sameName && !sameKeyPattern(sameName.spec.key, spec.key)) {
        throw indexKeySpecsConflict(
          `An existing index has the same name as the requested index but a different key. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName.spec)}`,
        );
      }
      throw indexOptionsConflict(
        `An existing index has the same ${sameName ? 'name' : 'key pattern'} as the requested index. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(existing.spec)}`,
      );
    }
    return true;
  }

  /** Adds one document to an index under construction, throwing E11000 on a unique-key conflict. */
  addToNewIndex(index: CollectionIndex, document: Document): void {
    if (index.spec.unique) {
      const conflict = index.findConflict(document);
      if (conflict) throw new DuplicateKeyError(this.namespace, index.name, index.spec.key, index.keyValueOf(conflict));
    }
    index.add(document);
  }

  dropIndex(name: string): void {
    if (name === ID_INDEX_NAME) throw badValue('cannot drop _id index');
    if (!this.indexes.delete(name)) throw indexNotFound(`index not found with name [${name}]`);
  }

  findIndexByKey(key: Record<string, unknown>): CollectionIndex | undefined {
    return [...this.indexes.values()].find((index) => sameKeyPattern(index.spec.key, key));
  }
}

function sameKeyPattern(left: Record<string, unknown>, right: Record<string, unknown>): boolean {
  const leftKeys = Object.keys(left);
  const rightKeys = Object.keys(right);
  return leftKeys.length === rightKeys.length && leftKeys.every((key, i) => key === rightKeys[i] && left[key] === right[key]);
}
