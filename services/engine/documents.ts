import { calculateObjectSize, ObjectId, type Document } from 'bson';
import { Aggregator } from 'mingo';
import { update as applyModifier } from 'mingo';
import { compareBson } from './bsonOrder';
import { badValue, dollarPrefixedFieldName, failedToParse, fromQueryEngineError, immutableField, objectTooLarge } from './errors';
import { cloneDocument } from './storage/paths';
import { MAX_BSON_OBJECT_SIZE } from './wire';

const DBREF_FIELDS = new Set(['$ref', '$id', '$db']);
const UPDATE_OPERATORS = new Set([
  '$set', '$unset', '$inc', '$mul', '$rename', '$setOnInsert', '$min', '$max', '$currentDate',
  '$push', '$addToSet', '$pull', '$pullAll', '$pop', '$bit',
]);

function isPlainObject(value: unknown): value is Document {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** Rejects what MongoDB refuses to store: `$`-prefixed or empty field names, oversized documents, array `_id`s. */
export function assertStorable(document: Document): void {
  assertFieldNames(document, '');
  if (Array.isArray(document._id)) throw badValue("can't use an array for _id");
  if (document._id instanceof RegExp) throw badValue("can't use a regex for _id");
  const size = calculateObjectSize(document);
  if (size > MAX_BSON_OBJECT_SIZE) throw objectTooLarge(`object to insert too large. size in bytes: ${size}, max size: ${MAX_BSON_OBJECT_SIZE}`);
}

function assertFieldNames(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    value.forEach((element, i) => assertFieldNames(element, `${path}.${i}`));
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [field, inner] of Object.entries(value)) {
    const fieldPath = path ? `${path}.${field}` : field;
    if (field.startsWith('$') && !DBREF_FIELDS.has(field)) {
      throw dollarPrefixedFieldName(`The dollar ($) prefixed field '${field}' in '${fieldPath}' is not allowed in the context of an update's replacement document or an inserted document.`);
    }
    assertFieldNames(inner, fieldPath);
  }
}

/** A document ready to insert: `_id` first (generated when absent), validated. */
export function prepareInsert(document: unknown): Document {
  if (!isPlainObject(document)) throw badValue('document to insert must be an object');
  const prepared: Document = '_id' in document ? { _id: document._id, ...document } : { _id: new ObjectId(), ...document };
  assertStorable(prepared);
  return prepared;
}

export type UpdateSpec = Document | Document[];

export function isOperatorUpdate(update: UpdateSpec): boolean {
  return !Array.isArray(update) && Object.keys(update).some((key) => key.startsWith('$'));
}

function validateOperatorUpdate(update: Document): void {
  for (const key of Object.keys(update)) {
    if (!key.startsWith('$')) throw failedToParse(`Unknown modifier: ${key}. Expected a valid update modifier or pipeline-style update specified as an array`);
    if (!UPDATE_OPERATORS.has(key)) throw failedToParse(`Unknown modifier: ${key}. Expected a valid update modifier or pipeline-style update specified as an array`);
    if (!isPlainObject(update[key])) throw failedToParse(`Modifiers operate on fields but we found type ${typeof update[key]} instead. For example: {$mod: {<field>: ...}} not {${key}: ${JSON.stringify(update[key])}}`);
  }
}

/**
 * Applies an update (operators, replacement or pipeline) to a copy of `original`.
 * Returns the new document and whether anything changed.
 */
export function applyUpdate(original: Document, update: UpdateSpec, options: { arrayFilters?: Document[]; inserting?: boolean }): { document: Document; modified: boolean } {
  let next: Document;
  if (Array.isArray(update)) {
    try {
      next = new Aggregator(update, {}).run([cloneDocument(original)])[0] as Document;
    } catch (error) {
      throw fromQueryEngineError(error);
    }
  } else if (isOperatorUpdate(update)) {
    update = update as Document;
    validateOperatorUpdate(update);
    const { $setOnInsert, ...modifier } = update;
    if (options.inserting && $setOnInsert) modifier.$set = { ...(modifier.$set as Document | undefined), ...($setOnInsert as Document) };
    next = cloneDocument(original);
    try {
      if (Object.keys(modifier).length > 0) applyModifier(next, modifier, options.arrayFilters, undefined, { cloneMode: 'deep' });
    } catch (error) {
      throw fromQueryEngineError(error);
    }
  } else {
    next = { _id: original._id, ...update };
    if ('_id' in update && compareBson(update._id, original._id) !== 0 && !options.inserting) {
      throw immutableField("After applying the update, the (immutable) field '_id' was found to have been altered");
    }
  }
  if (original._id !== undefined && compareBson(next._id, original._id) !== 0) {
    throw immutableField("Performing an update on the path '_id' would modify the immutable field '_id'");
  }
  if (next._id === undefined) next = { _id: new ObjectId(), ...next };
  else if (Object.keys(next)[0] !== '_id') next = { _id: next._id, ...next };
  assertStorable(next);
  return { document: next, modified: !deepEqual(original, next) };
}

/** The document an upsert starts from: the equality conditions of its query, as MongoDB seeds it. */
export function upsertSeed(query: Document): Document {
  const seed: Document = {};
  const visit = (filter: Document) => {
    for (const [field, condition] of Object.entries(filter)) {
      if (field === '$and' && Array.isArray(condition)) {
        condition.filter(isPlainObject).forEach(visit);
        continue;
      }
      if (field.startsWith('$')) continue;
      if (isPlainObject(condition) && Object.keys(condition).some((key) => key.startsWith('$'))) {
        if ('$eq' in condition) setPath(seed, field, condition.$eq);
        continue;
      }
      setPath(seed, field, condition);
    }
  };
  visit(query);
  return seed;
}

function setPath(target: Document, path: string, value: unknown): void {
  const segments = path.split('.');
  let current = target;
  for (const segment of segments.slice(0, -1)) {
    if (!isPlainObject(current[segment])) current[segment] = {};
    current = current[segment] as Document;
  }
  current[segments[segments.length - 1]] = cloneDocument(value);
}

function deepEqual(left: unknown, right: unknown): boolean {
  if (Array.isArray(left) || Array.isArray(right)) {
    if (!Array.isArray(left) || !Array.isArray(right) || left.length !== right.length) return false;
    return left.every((element, i) => deepEqual(element, right[i]));
  }
  if (isPlainObject(left) && isPlainObject(right)) {
    const leftKeys = Object.keys(left);
    const rightKeys = Object.keys(right);
    return leftKeys.length === rightKeys.length && leftKeys.every((key, i) => key === rightKeys[i] && deepEqual(left[key], right[key]));
  }
  return compareBson(left, right) === 0 && typeof left === typeof right;
}
