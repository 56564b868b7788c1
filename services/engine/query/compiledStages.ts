import type { Document } from 'bson';
import type { Query } from 'mingo';
import { filterQuery } from './filterQuery';
import { withSimpleConditions } from './simpleConditions';
import { fromQueryEngineError } from '../errors';
import type { Interruptible } from '../operations';
import { compileExpression, isPlainObject, usesVariables, type Evaluate } from './compiled';

/**
 * Pipeline stages run over compiled expressions (compiled.ts) instead of through mingo, for the shapes that group-by
 * statistics and most application pipelines use: `$group` with per-document accumulators, `$project` of computed
 * fields, `$unwind` of a top-level field, `$match`. Each gives mingo's result for the same input (same documents,
 * same order; tests/engine/compiledExpressions.test.ts), never edits its input documents, and works in slices like
 * the rest of the engine (operations.ts). A stage of another shape is not compiled (`compileStage` returns undefined)
 * and runs through mingo as before.
 */
export type CompiledStage = (input: Document[], operation: Interruptible) => Promise<Document[]>;

// eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-var-requires
const mingoUtil = require('mingo/util') as {
  HashMap: { init<K, V>(): Map<K, V> };
  compare(left: unknown, right: unknown): number;
  typeOf(value: unknown): string;
};

// Read once: the package's re-exports are getters.
const { compare: mingoCompare, typeOf } = mingoUtil;
const isNil = (value: unknown): value is null | undefined => value === null || value === undefined;
const isNumber = (value: unknown): value is number => typeof value === 'number' && !Number.isNaN(value);


function compare(left: unknown, right: unknown): number {
  if (typeof left === 'number' && typeof right === 'number') return left < right ? -1 : left > right ? 1 : 0;
  return mingoCompare(left, right);
}

async function eachDocument(input: Document[], operation: Interruptible, visit: (document: Document) => void): Promise<void> {
  for (let i = 0; i < input.length; i++) {
    if (operation.tick()) await operation.pause();
    visit(input[i]!);
  }
}

/**
 * One accumulator of a compiled `$group`: its running state lives in `slots` entries of its group's state array
 * (no object per group and accumulator), folded in document order as mingo folds it.
 */
interface Accumulator {
  slots: number;
  init(state: unknown[], at: number): void;
  add(state: unknown[], at: number, document: Document): void;
  result(state: unknown[], at: number): unknown;
}

function compileAccumulator(accumulator: unknown): Accumulator | undefined {
  if (!isPlainObject(accumulator)) return undefined;
  const keys = Object.keys(accumulator);
  if (keys.length !== 1) return undefined;
  const operator = keys[0]!;
  const argument = accumulator[operator];
  const counter = (multiplier: number): Accumulator => ({
    slots: 1,
    init: (state, at) => void (state[at] = 0),
    add: (state, at) => void (state[at] = (state[at] as number) + 1),
    result: (state, at) => (state[at] as number) * multiplier,
  });
  if (operator === '$count') return counter(1);
  if (operator === '$sum' && isNumber(argument)) return counter(argument);
  // A null argument makes mingo's accumulators read whole documents: left to mingo.
  if (!['$sum', '$avg', '$min', '$max', '$first', '$last', '$push'].includes(operator) || isNil(argument)) return undefined;
  // mingo's accumulators read each document's value as `value ?? null`.
  const evaluate = compileExpression(argument);
  const valueOf = (document: Document) => evaluate(document) ?? null;
  switch (operator) {
    case '$sum':
      return {
        slots: 1,
        init: (state, at) => void (state[at] = 0),
        add: (state, at, document) => {
          const value = valueOf(document);
          if (isNumber(value)) state[at] = (state[at] as number) + value;
        },
        result: (state, at) => state[at],
      };
    case '$avg':
      return {
        slots: 2,
        init: (state, at) => {
          state[at] = 0;
          state[at + 1] = 0;
        },
        add: (state, at, document) => {
          const value = valueOf(document);
          if (!isNumber(value)) return;
          state[at] = (state[at] as number) + value;
          state[at + 1] = (state[at + 1] as number) + 1;
        },
        result: (state, at) => ((state[at + 1] as number) === 0 ? null : (state[at] as number) / (state[at + 1] as number)),
      };
    case '$min':
      // The first smallest non-null value (mingo: a stable sort, then the first). Slots: best, found.
      return {
        slots: 2,
        init: (state, at) => {
          state[at] = null;
          state[at + 1] = false;
        },
        add: (state, at, document) => {
          const value = valueOf(document);
          if (isNil(value)) return;
          if (!state[at + 1] || compare(value, state[at]) < 0) state[at] = value;
          state[at + 1] = true;
        },
        result: (state, at) => state[at],
      };
    case '$max':
      // The last largest value, nulls included in the order (mingo: a stable sort, then the last). Slots: best, seen.
      return {
        slots: 2,
        init: (state, at) => {
          state[at] = null;
          state[at + 1] = false;
        },
        add: (state, at, document) => {
          const value = valueOf(document);
          if (!state[at + 1] || compare(value, state[at]) >= 0) state[at] = value;
          state[at + 1] = true;
        },
        result: (state, at) => (isNil(state[at]) ? null : state[at]),
      };
    case '$first':
      return {
        slots: 2,
        init: (state, at) => {
          state[at] = null;
          state[at + 1] = false;
        },
        add: (state, at, document) => {
          if (state[at + 1]) return;
          state[at + 1] = true;
          state[at] = valueOf(document);
        },
        result: (state, at) => state[at],
      };
    case '$last':
      return {
        slots: 1,
        init: (state, at) => void (state[at] = undefined),
        add: (state, at, document) => void (state[at] = document),
        result: (state, at) => (state[at] === undefined ? null : valueOf(state[at] as Document)),
      };
    default: // $push
      return {
        slots: 1,
        init: (state, at) => void (state[at] = []),
        add: (state, at, document) => void (state[at] as unknown[]).push(valueOf(document)),
        result: (state, at) => state[at],
      };
  }
}

/**
 * A text equal for two group keys exactly when mingo's `isEqual` says they are equal (object keys in any order), or
 * undefined for keys holding class instances (ObjectId, …), which then go through mingo's own hashing.
 */
function keyText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      // Length-prefixed, so that concatenated parts cannot be confused.
      return `s${value.length}:${value}`;
    case 'number':
      return `n${value};`;
    case 'boolean':
      return value ? 'T' : 'F';
    case 'undefined':
      return 'u';
    case 'object': {
      if (value === null) return 'z';
      if (value instanceof Date) {
        const time = value.getTime();
        return Number.isNaN(time) ? undefined : `t${time};`;
      }
      if (Array.isArray(value)) {
        let text = `[${value.length}:`;
        for (const element of value) {
          const part = keyText(element);
          if (part === undefined) return undefined;
          text += part;
        }
        return text;
      }
      if (!isPlainObject(value)) return undefined;
      let keys = Object.keys(value);
      for (let i = 1; i < keys.length; i++) {
        if (keys[i - 1]! > keys[i]!) {
          keys = [...keys].sort();
          break;
        }
      }
      let text = `{${keys.length}:`;
      for (const key of keys) {
        const part = keyText((value as Document)[key]);
        if (part === undefined) return undefined;
        text += `${key.length}:${key}${part}`;
      }
      return text;
    }
    default:
      return undefined;
  }
}

/** A compiled `$group` fed one document at a time (read.ts streams a scan's matches into it, with no array of them). */
export interface GroupSink {
  add(document: Document): void;
  results(): Document[];
}

/** A fresh GroupSink per run of the stage, or undefined when the stage is left to mingo. */
export function compileGroupSink(spec: unknown): (() => GroupSink) | undefined {
  if (!isPlainObject(spec) || !Object.hasOwn(spec, '_id') || usesVariables(spec)) return undefined;
  const fields: string[] = [];
  const accumulators: Accumulator[] = [];
  const offsets: number[] = [];
  let slots = 0;
  for (const field of Object.keys(spec)) {
    if (field === '_id') continue;
    if (field.includes('.') || field.startsWith('$')) return undefined;
    const accumulator = compileAccumulator(spec[field]);
    if (!accumulator) return undefined;
    fields.push(field);
    accumulators.push(accumulator);
    offsets.push(slots);
    slots += accumulator.slots;
  }
  const tableOf = compileGroupTable(spec._id);
  const count = accumulators.length;
  return () => {
    interface Group {
      key: unknown;
      state: unknown[];
    }
    const groups: Group[] = [];
    const table = tableOf<Group>();
    const create = (key: unknown): Group => {
      const state = new Array<unknown>(slots);
      for (let i = 0; i < count; i++) accumulators[i]!.init(state, offsets[i]!);
      const group = { key, state };
      groups.push(group);
      return group;
    };
    return {
      add: (document) => {
        const { state } = table.find(document, create);
        for (let i = 0; i < count; i++) accumulators[i]!.add(state, offsets[i]!, document);
      },
      results: () =>
        groups.map(({ key, state }) => {
          const result: Document = { _id: key };
          for (let i = 0; i < count; i++) result[fields[i]!] = accumulators[i]!.result(state, offsets[i]!);
          return result;
        }),
    };
  };
}

function compileGroup(spec: unknown): CompiledStage | undefined {
  const sinkOf = compileGroupSink(spec);
  if (!sinkOf) return undefined;
  return async (input, operation) => {
    const sink = sinkOf();
    await eachDocument(input, operation, sink.add);
    return sink.results();
  };
}

/** The groups of one run of a `$group` stage, found by their key. */
interface GroupTable<G> {
  /** The group of the document's key; `create` makes it from the key the first time the key is met. */
  find(document: Document, create: (key: unknown) => G): G;
}

type GroupTableOf = <G>() => GroupTable<G>;

/**
 * The group table for a `$group` key expression. Keys are told apart exactly as mingo's `isEqual` tells them apart
 * (checked against mingo in tests/engine/compiledExpressions.test.ts).
 */
function compileGroupTable(expression: unknown): GroupTableOf {
  const evaluate = compileExpression(expression);
  // A key of -0 is 0, as in mingo's Map of groups.
  const build = (document: Document) => {
    const key = evaluate(document) ?? null;
    return Object.is(key, -0) ? 0 : key;
  };
  if (!isLiteralObject(expression)) return () => textTable(build);
  const leaves: Evaluate[] = [];
  collectLeaves(expression, leaves);
  return () => leafTable(leaves, build, textTable(build));
}

/** Any key: by its text (keyText), or through mingo's hashing for a key without one (class instances). */
function textTable<G>(build: (document: Document) => unknown): GroupTable<G> {
  const byText = new Map<string, G>();
  const byValue = mingoUtil.HashMap.init<unknown, G>();
  return {
    find(document, create) {
      const key = build(document);
      const text = keyText(key);
      const groups: Map<unknown, G> = text === undefined ? byValue : byText;
      const lookup = text === undefined ? key : text;
      let group = groups.get(lookup);
      if (group === undefined) {
        group = create(key);
        groups.set(lookup, group);
      }
      return group;
    },
  };
}

const isLiteralObject = (expression: unknown): expression is Document =>
  isPlainObject(expression) && Object.keys(expression).length > 0 && !Object.keys(expression)[0]!.startsWith('$');

/** The expressions at the leaves of an object literal, nested literals included, in the literal's order. */
function collectLeaves(expression: Document, leaves: Evaluate[]): void {
  for (const field of Object.keys(expression)) {
    const inner = expression[field];
    if (isLiteralObject(inner)) collectLeaves(inner, leaves);
    else leaves.push(compileExpression(inner));
  }
}

/** The level of a leafTable under which a level's Date values are kept, by their time (apart from the numbers). */
const DATES_BY_TIME = Symbol('dates by time');

/**
 * An object literal key (`_id: {region: '$region', month: …}`, statistics' form) as a tree of Maps, one level per leaf,
 * keyed by the leaves' values themselves: the key object is built only for a document that starts a group, and no
 * text is made per document (the strings a document holds are shared, their hashes computed once). Every key of the
 * stage has the literal's fields in its order, so the leaves' values alone tell keys apart. A Map tells values apart
 * as keyText does (SameValueZero: -0 is 0 and NaN is NaN; null, undefined, 1 and '1' differ); a document with a leaf
 * of another kind (array, sub-document, ObjectId, invalid date) goes to `others`, as every document with that key does.
 */
function leafTable<G>(leaves: Evaluate[], build: (document: Document) => unknown, others: GroupTable<G>): GroupTable<G> {
  const root = new Map<unknown, unknown>();
  const last = leaves.length - 1;
  return {
    find(document, create) {
      let level = root;
      for (let i = 0; ; i++) {
        let value = leaves[i]!(document);
        let values = level;
        if (typeof value === 'object' && value !== null) {
          const time = value instanceof Date ? value.getTime() : Number.NaN;
          if (Number.isNaN(time)) return others.find(document, create);
          let dates = level.get(DATES_BY_TIME) as Map<unknown, unknown> | undefined;
          if (dates === undefined) {
            dates = new Map<unknown, unknown>();
            level.set(DATES_BY_TIME, dates);
          }
          values = dates;
          value = time;
        } else if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
          return others.find(document, create);
        }
        let next = values.get(value);
        if (next === undefined) {
          next = i === last ? create(build(document)) : new Map<unknown, unknown>();
          values.set(value, next);
        }
        if (i === last) return next as G;
        level = next as Map<unknown, unknown>;
      }
    },
  };
}

/**
 * The computed fields of a `$project` as mingo's validateProjection flattens them: a selector (`k.month`) per leaf —
 * a `'$path'`, an operator expression or an array — of nested field objects; undefined when the projection has
 * another form (inclusions by 1/true, literals, exclusions other than `_id`, projection operators), left to mingo.
 */
function projectionLeaves(spec: Document, prefix: string, leaves: Array<[string, unknown]>): boolean {
  const keys = Object.keys(spec);
  if (keys.length === 0) return false;
  for (const key of keys) {
    if (key.startsWith('$') || key.includes('.') || key === '') return false;
    const value = spec[key];
    const selector = prefix + key;
    if (typeof value === 'string' && value.startsWith('$')) leaves.push([selector, value]);
    else if (Array.isArray(value)) leaves.push([selector, value]);
    else if (isPlainObject(value)) {
      const inner = Object.keys(value);
      if (inner.length === 1 && inner[0]!.startsWith('$')) {
        if (inner[0] === '$slice' || inner[0] === '$elemMatch') return false;
        leaves.push([selector, value]);
      } else if (!projectionLeaves(value, `${selector}.`, leaves)) return false;
    } else return false;
  }
  return true;
}

/**
 * `$project` of computed fields with `_id` kept or excluded, built as mingo builds it: the leaves in sorted selector
 * order, nested objects created on the way, array elements that are missing as null, undefined values kept as keys,
 * and a kept `_id` last.
 */
function compileProject(spec: unknown): CompiledStage | undefined {
  if (!isPlainObject(spec) || usesVariables(spec)) return undefined;
  const { _id: id, ...rest } = spec;
  if (id !== undefined && id !== 0 && id !== false) return undefined;
  const leaves: Array<[string, unknown]> = [];
  if (!projectionLeaves(rest, '', leaves)) return undefined;
  leaves.sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
  const computed = leaves.map(([selector, value]): [string[], Evaluate] => {
    if (Array.isArray(value)) {
      const elements = value.map(compileExpression);
      return [selector.split('.'), (document) => elements.map((element) => element(document) ?? null)];
    }
    return [selector.split('.'), compileExpression(value)];
  });
  const keepId = id === undefined;
  return async (input, operation) => {
    const output: Document[] = [];
    await eachDocument(input, operation, (document) => {
      const projected: Document = {};
      for (const [path, evaluate] of computed) {
        let target = projected;
        for (let i = 0; i < path.length - 1; i++) target = (target[path[i]!] ??= {}) as Document;
        target[path[path.length - 1]!] = evaluate(document);
      }
      if (keepId && Object.hasOwn(document, '_id')) projected._id = document._id;
      output.push(projected);
    });
    return output;
  };
}

/** `$unwind` of a top-level field, without options: one document per element; null, missing, [], "" and {} drop out (mingo). */
function compileUnwind(spec: unknown): CompiledStage | undefined {
  const path = typeof spec === 'string' ? spec : isPlainObject(spec) && Object.keys(spec).length === 1 ? spec.path : undefined;
  if (typeof path !== 'string' || !path.startsWith('$') || path.startsWith('$$')) return undefined;
  const field = path.slice(1);
  if (field === '' || field.includes('.') || field in Object.prototype) return undefined;
  return async (input, operation) => {
    const output: Document[] = [];
    await eachDocument(input, operation, (document) => {
      const value = document[field];
      if (!Array.isArray(value)) {
        // mingo keeps a non-array value unless it is "empty": null, missing, "" or {}.
        if (!isNil(value) && value !== '' && !(isPlainObject(value) && Object.keys(value).length === 0)) output.push(document);
        return;
      }
      for (const element of value) output.push({ ...document, [field]: element });
    });
    return output;
  };
}

function compileMatch(spec: unknown): CompiledStage | undefined {
  if (!isPlainObject(spec) || usesVariables(spec)) return undefined;
  let query: Query;
  try {
    query = filterQuery(spec);
  } catch {
    return undefined; // mingo reports the error in its own run
  }
  const matches = withSimpleConditions(spec, (document) => query.test(document));
  return async (input, operation) => {
    const output: Document[] = [];
    try {
      await eachDocument(input, operation, (document) => {
        if (matches(document)) output.push(document);
      });
    } catch (error) {
      throw fromQueryEngineError(error);
    }
    return output;
  };
}

const COMPILERS: Record<string, (spec: unknown) => CompiledStage | undefined> = {
  $group: compileGroup,
  $project: compileProject,
  $unwind: compileUnwind,
  $match: compileMatch,
};

/** The stage compiled, or undefined when it is not of a compiled shape (mingo runs it). */
export function compileStage(stage: unknown): CompiledStage | undefined {
  if (!isPlainObject(stage)) return undefined;
  const names = Object.keys(stage);
  if (names.length !== 1) return undefined;
  const compile = COMPILERS[names[0]!];
  return compile ? compile(stage[names[0]!]) : undefined;
}
