import type { Document } from 'bson';
import { identityKey } from '../bsonOrder';
import { DuplicateKeyError, indexKeySpecsConflict, indexNotFound, indexOptionsConflict, badValue } from '../errors';
import { CollectionIndex, type IndexSpec } from './indexes';

export const ID_INDEX_NAME = '_id_';

/** One collection's documents (by `_id` identity) and its indexes, kept consistent on every change. */
export class Collection {
  readonly documents = new Map<string, Document>();
  readonly indexes = new Map<string, CollectionIndex>();

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
    this.documents.set(identityKey(document._id), document);
    for (const index of this.indexes.values()) index.add(document);
  }

  replace(previous: Document, next: Document): void {
    for (const index of this.indexes.values()) index.remove(previous);
    try {
      this.assertNoConflict(next, previous);
    } catch (error) {
      for (const index of this.indexes.values()) index.add(previous);
      throw error;
    }
    this.documents.delete(identityKey(previous._id));
    this.documents.set(identityKey(next._id), next);
    for (const index of this.indexes.values()) index.add(next);
  }

  /** Stores a document as the journal or snapshot says, without conflict checks (they held when it was written). */
  put(document: Document): void {
    const existing = this.documents.get(identityKey(document._id));
    if (existing) for (const index of this.indexes.values()) index.remove(existing);
    this.documents.set(identityKey(document._id), document);
    for (const index of this.indexes.values()) index.add(document);
  }

  remove(document: Document): boolean {
    const key = identityKey(document._id);
    const existing = this.documents.get(key);
    if (!existing) return false;
    this.documents.delete(key);
    for (const index of this.indexes.values()) index.remove(existing);
    return true;
  }

  /** Returns false when an identical index already exists (MongoDB's no-op), throws on a conflicting one. */
  createIndex(spec: IndexSpec): boolean {
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
    const index = new CollectionIndex(spec);
    for (const document of this.documents.values()) {
      if (spec.unique) {
        const conflict = index.findConflict(document);
        if (conflict) throw new DuplicateKeyError(this.namespace, spec.name, spec.key, index.keyValueOf(conflict));
      }
      index.add(document);
    }
    this.indexes.set(spec.name, index);
    return true;
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
