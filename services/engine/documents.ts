import { calculateObjectSize, ObjectId, Timestamp, type Document } from 'bson';
import { Aggregator } from 'mingo';
import { update as applyModifier } from 'mingo';
import { compareBson } from './bsonOrder';
import { badValue, dollarPrefixedFieldName, failedToParse, fromQueryEngineError, immutableField, MongoCommandError, objectTooLarge, typeMismatch } from './errors';
import { cloneDocument, valueAtPath } from './storage/paths';
import { bsonSizeOf, UNSUPPORTED } from './storage/bsonWriter';
import { MAX_BSON_OBJECT_SIZE } from './wire';

const DBREF_FIELDS = new Set(['$ref', '$id', '$db']);
const UPDATE_OPERATORS = new Set([
  '$set', '$unset', '$inc', '$mul', '$rename', '$setOnInsert', '$min', '$max', '$currentDate',
  '$push', '$addToSet', '$pull', '$pullAll', '$pop', '$bit',
]);

/** A document literal (`{…}`), not an array, a date or a BSON class instance. */
export function isPlainObject(value: unknown): value is Document {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * Rejects what MongoDB refuses to store: `$`-prefixed names inside an `_id` document, oversized documents,
 * array or regex `_id`s. (Since MongoDB 5.0 `$`-prefixed field names are otherwise allowed in inserts.)
 */
export function assertStorable(document: Document): void {
  if (isPlainObject(document._id)) assertNoDollarFields(document._id, '_id');
  if (Array.isArray(document._id)) throw badValue("can't use an array for _id");
  if (document._id instanceof RegExp) throw badValue("can't use a regex for _id");
  const measured = bsonSizeOf(document);
  const size = measured === UNSUPPORTED ? calculateObjectSize(document) : measured;
  if (size > MAX_BSON_OBJECT_SIZE) throw objectTooLarge(`object to insert too large. size in bytes: ${size}, max size: ${MAX_BSON_OBJECT_SIZE}`);
}

function assertNoDollarFields(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    value.forEach((element, i) => assertNoDollarFields(element, `${path}.${i}`));
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [field, inner] of Object.entries(value)) {
    const fieldPath = `${path}.${field}`;
    if (field.startsWith('$') && !DBREF_FIELDS.has(field)) {
      throw dollarPrefixedFieldName(`_id fields may not contain '$'-prefixed fields: ${field} is not valid for storage (in ${fieldPath}).`);
    }
    assertNoDollarFields(inner, fieldPath);
  }
}

/** A replacement document may not have top-level `$` fields (they would read as update operators). */
function assertReplacementFields(document: Document): void {
  for (const field of Object.keys(document)) {
    if (field.startsWith('$')) {
      throw dollarPrefixedFieldName(`The dollar ($) prefixed field '${field}' in '${field}' is not allowed in the context of an update's replacement document.`);
    }
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

const POSITIONAL_SEGMENT = /^\$(\[[A-Za-z0-9_]*\])?$/;

/** Checks operator names, operand shapes, target paths (`_id`, `$` names, conflicts) before mingo applies anything. */
function validateOperatorUpdate(update: Document, original: Document, inserting: boolean): void {
  const paths: string[] = [];
  for (const [operator, operand] of Object.entries(update)) {
    if (!operator.startsWith('$') || !UPDATE_OPERATORS.has(operator)) {
      throw failedToParse(`Unknown modifier: ${operator}. Expected a valid update modifier or pipeline-style update specified as an array`);
    }
    if (!isPlainObject(operand)) {
      throw failedToParse(`Modifiers operate on fields but we found type ${Array.isArray(operand) ? 'array' : typeof operand} instead. For example: {$mod: {<field>: ...}} not {${operator}: ${JSON.stringify(operand)}}`);
    }
    if (operator === '$setOnInsert' && !inserting) continue;
    for (const [path, value] of Object.entries(operand)) {
      for (const segment of path.split('.')) {
        if (segment.startsWith('$') && !POSITIONAL_SEGMENT.test(segment)) {
          throw dollarPrefixedFieldName(`The dollar ($) prefixed field '${segment}' in '${path}' is not allowed in the context of an update's replacement document. Consider using $setField.`);
        }
      }
      const touchesId = path === '_id' || path.startsWith('_id.');
      if (touchesId && !(operator === '$set' || operator === '$setOnInsert') ) {
        throw immutableField(`Performing an update on the path '${path}' would modify the immutable field '_id'`);
      }
      if (touchesId && original._id !== undefined && !(path === '_id' && compareBson(value, original._id) === 0)) {
        throw immutableField(`Performing an update on the path '${path}' would modify the immutable field '_id'`);
      }
      if (operator === '$rename') paths.push(String(value));
      paths.push(path);
      checkOperandType(operator, path, original);
    }
  }
  const sorted = [...paths].sort();
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1] || sorted[i].startsWith(`${sorted[i - 1]}.`)) {
      throw new MongoCommandError(40, 'ConflictingUpdateOperators', `Updating the path '${sorted[i]}' would create a conflict at '${sorted[i - 1]}'`);
    }
  }
}

/** The operand-type rules mingo does not enforce: arithmetic needs numbers, array operators need arrays. */
function checkOperandType(operator: string, path: string, original: Document): void {
  if (path.includes('$')) return;
  const existing = valueAtPath(original, path);
  if (existing === undefined) return;
  if ((operator === '$inc' || operator === '$mul') && typeof existing !== 'number' && !isBsonNumber(existing)) {
    throw typeMismatch(`Cannot apply ${operator} to a value of non-numeric type. {_id: ${JSON.stringify(original._id)}} has the field '${path}' of non-numeric type ${bsonTypeName(existing)}`);
  }
  if ((operator === '$push' || operator === '$addToSet' || operator === '$pull' || operator === '$pullAll' || operator === '$pop') && !Array.isArray(existing)) {
    throw badValue(`The field '${path}' must be an array but is of type ${bsonTypeName(existing)} in document {_id: ${JSON.stringify(original._id)}}`);
  }
}

function isBsonNumber(value: unknown): boolean {
  const type = (value as { _bsontype?: string } | null)?._bsontype;
  return type === 'Long' || type === 'Int32' || type === 'Double' || type === 'Decimal128';
}

function bsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'date';
  if (typeof value === 'object') return (value as { _bsontype?: string })._bsontype?.toLowerCase() ?? 'object';
  return typeof value;
}

/** `$currentDate` applied here so that `{$type: 'timestamp'}` stores a BSON Timestamp (mingo stores a number). */
function currentDateAsSet(operand: Document): Document {
  const now = new Date();
  const set: Document = {};
  for (const [path, spec] of Object.entries(operand)) {
    const wantsTimestamp = isPlainObject(spec) && spec.$type === 'timestamp';
    if (isPlainObject(spec) && spec.$type !== 'timestamp' && spec.$type !== 'date') {
      throw badValue(`The '$type' string field is required to be 'date' or 'timestamp': {$currentDate: {field : {$type: 'date'}}}`);
    }
    set[path] = wantsTimestamp ? new Timestamp({ t: Math.floor(now.getTime() / 1000), i: 1 }) : now;
  }
  return set;
}

/**
 * Applies an update (operators, replacement or pipeline) to a copy of `original`.
 * Returns the new document and whether anything changed.
 */
export function applyUpdate(
  original: Document,
  update: UpdateSpec,
  options: { arrayFilters?: Document[]; inserting?: boolean; query?: Document },
): { document: Document; modified: boolean } {
  let next: Document;
  if (Array.isArray(update)) {
    try {
      next = new Aggregator(update, {}).run([cloneDocument(original)])[0] as Document;
    } catch (error) {
      throw fromQueryEngineError(error);
    }
  } else if (isOperatorUpdate(update)) {
    update = update as Document;
    validateOperatorUpdate(update, original, Boolean(options.inserting));
    const { $setOnInsert, $currentDate, ...modifier } = update;
    if (options.inserting && $setOnInsert) modifier.$set = { ...(modifier.$set as Document | undefined), ...($setOnInsert as Document) };
    if ($currentDate) modifier.$set = { ...(modifier.$set as Document | undefined), ...currentDateAsSet($currentDate as Document) };
    if (modifier.$set && original._id !== undefined) delete (modifier.$set as Document)._id;
    if (modifier.$set && Object.keys(modifier.$set as Document).length === 0) delete modifier.$set;
    next = cloneDocument(original);
    try {
      if (Object.keys(modifier).length > 0) applyModifier(next, modifier, options.arrayFilters, options.inserting ? undefined : options.query, { cloneMode: 'deep' });
    } catch (error) {
      throw fromQueryEngineError(error);
    }
  } else {
    assertReplacementFields(update);
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
