import type { Document } from 'bson';
import { Aggregator } from 'mingo';
import { badValue, fromQueryEngineError } from '../errors';
import type { Interruptible } from '../operations';
import { compileStage } from './compiledStages';
import { parseSort, sortDocuments } from './sort';
import { isPlainObject } from '../documents';

/**
 * Aggregation stages after the leading `$match`/`$sort`/`$skip`/`$limit` (which runQuery answers), run through mingo
 * in slices so that a long pipeline yields to other connections and stops at its deadline or when its client goes
 * away (operations.ts):
 *
 * - per-document stages (below) run as one mingo stream fed a few documents at a time;
 * - `$group` evaluates keys and accumulator arguments per document in slices, partitions the documents by key
 *   (mingo's own hashing) and then accumulates whole groups a batch at a time;
 * - `$sort` is the engine's (MongoDB's BSON order, sliced merge sort), `$count` yields nothing on empty input,
 *   `$sortByCount` is `$group` + `$sort`, `$facet` runs each sub-pipeline through this same runner;
 * - any other stage (`$bucket`, `$bucketAuto`, `$setWindowFields`, `$graphLookup`, `$unionWith`, `$densify`,
 *   `$fill`, `$sample`, …) runs through mingo over the whole input in one piece: the deadline is checked before and
 *   after it, not during.
 *
 * Results are the ones a single mingo run over the whole input gives (same documents, same order).
 *
 * Before all that, a stage of a shape compiledStages.ts knows (`$group` with per-document accumulators, `$project` of
 * computed fields, `$unwind` of a field, `$match`) runs over compiled expressions instead: the same results, some
 * tens of times faster.
 */
const STREAMING_STAGES = new Set(['$match', '$project', '$addFields', '$set', '$unset', '$replaceRoot', '$replaceWith', '$lookup', '$unwind', '$redact', '$skip', '$limit']);

/** Accumulators whose operand is one expression evaluated per document (so it can be evaluated ahead, in slices). */
const PER_DOCUMENT_ACCUMULATORS = new Set(['$sum', '$avg', '$min', '$max', '$first', '$last', '$push', '$addToSet', '$stdDevPop', '$stdDevSamp', '$mergeObjects']);

/** Documents per mingo `$group` run over whole groups (a larger group runs alone). */
const GROUP_BATCH = 512;

// mingo's value-hashing map (what its $group partitions with) and the helpers its accumulators use; `mingo/util` is
// a subpath export, which this project's TypeScript resolution (moduleResolution "node") does not read, so it is
// required with its shape here.
// eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-var-requires
const mingoUtil = require('mingo/util') as {
  HashMap: { init<K, V>(): Map<K, V> };
  compare(left: unknown, right: unknown): number;
  isNil(value: unknown): boolean;
  isNumber(value: unknown): value is number;
};
const { HashMap } = mingoUtil;

/** Accumulators a large group folds itself over the values evaluated ahead (see foldLargeGroup). */
const FOLDABLE_ACCUMULATORS = new Set(['$sum', '$avg', '$min', '$max', '$first', '$last', '$push', '$addToSet', '$count']);

type AggregatorOptions = ConstructorParameters<typeof Aggregator>[1];

export interface PipelineContext {
  options: AggregatorOptions;
  operation: Interruptible;
}

function stageName(stage: unknown): string | undefined {
  return stage && typeof stage === 'object' ? Object.keys(stage)[0] : undefined;
}

/** `$lookup` with a sub-pipeline only (no localField/foreignField, no `$documents`): run by runPipelineLookup. */
function isPipelineLookup(stage: Document): boolean {
  const spec = stage.$lookup as Document | undefined;
  if (!isPlainObject(spec) || typeof spec.from !== 'string' || typeof spec.as !== 'string' || !Array.isArray(spec.pipeline)) return false;
  if (spec.localField !== undefined || spec.foreignField !== undefined) return false;
  if (spec.let !== undefined && !isPlainObject(spec.let)) return false;
  return !spec.pipeline.some((inner: unknown) => stageName(inner) === '$documents');
}

function isStreaming(stage: Document): boolean {
  const name = stageName(stage);
  return name !== undefined && STREAMING_STAGES.has(name) && !(name === '$lookup' && isPipelineLookup(stage));
}

export async function runStages(input: Document[], stages: Document[], context: PipelineContext): Promise<Document[]> {
  let documents = input;
  let i = 0;
  while (i < stages.length) {
    const stage = stages[i];
    const name = stageName(stage);
    const compiled = compileStage(stage);
    if (compiled) {
      try {
        documents = await compiled(documents, context.operation);
      } catch (error) {
        throw fromQueryEngineError(error);
      }
      i++;
      continue;
    }
    if (isStreaming(stage)) {
      let end = i;
      while (end < stages.length && isStreaming(stages[end])) end++;
      documents = await runStreaming(documents, stages.slice(i, end), context);
      i = end;
      continue;
    }
    i++;
    if (name === '$sort') {
      const sort = parseSort(stage.$sort);
      if (sort) documents = await sortDocuments(documents, sort, context.operation);
    } else if (name === '$count') {
      const field = stage.$count;
      if (typeof field !== 'string' || field.length === 0 || field.startsWith('$') || field.includes('.')) {
        throw badValue('the count field must be a non-empty string that does not start with $ and contains no dots');
      }
      documents = documents.length === 0 ? [] : [{ [field]: documents.length }];
    } else if (name === '$group') {
      documents = await runGroup(documents, stage.$group as Document, context);
    } else if (name === '$sortByCount') {
      const grouped = await runGroup(documents, { _id: stage.$sortByCount, count: { $sum: 1 } }, context);
      documents = await sortDocuments(grouped, [['count', -1]], context.operation);
    } else if (name === '$lookup') {
      documents = await runPipelineLookup(documents, stage.$lookup as Document, context);
    } else if (name === '$facet' && isPlainObject(stage.$facet)) {
      const result: Document = {};
      for (const [field, pipeline] of Object.entries(stage.$facet)) {
        if (!Array.isArray(pipeline)) throw badValue(`arguments to $facet must be arrays, ${field} is type ${typeof pipeline}`);
        result[field] = await runStages(documents, pipeline, context);
      }
      documents = [result];
    } else {
      context.operation.checkInterrupt();
      documents = runWhole(documents, [stage], context);
      context.operation.checkInterrupt();
    }
  }
  return documents;
}

function runWhole(documents: Document[], stages: Document[], context: PipelineContext): Document[] {
  try {
    return new Aggregator(stages, context.options).run(documents) as Document[];
  } catch (error) {
    throw fromQueryEngineError(error);
  }
}

/**
 * `$lookup` with a sub-pipeline: per input document, its `let` variables (evaluated ahead, streamed) and the
 * sub-pipeline over the foreign collection through this same runner, so one document's join — a scan of the whole
 * foreign collection — is sliced too. The result is mingo's: `{...document, [as]: <sub-pipeline result>}`.
 */
async function runPipelineLookup(input: Document[], spec: Document, context: PipelineContext): Promise<Document[]> {
  const resolver = (context.options as { collectionResolver?: (name: string) => Document[] } | undefined)?.collectionResolver;
  const foreign = resolver?.(spec.from as string) ?? [];
  const variables = spec.let === undefined ? undefined : await runStreaming(input, [{ $replaceRoot: { newRoot: { v: spec.let } } }], context);
  const output: Document[] = [];
  for (let i = 0; i < input.length; i++) {
    if (context.operation.tick()) await context.operation.pause();
    const options = { ...context.options, variables: (variables?.[i]?.v as Document | undefined) ?? {} };
    const joined = await runStages(foreign, spec.pipeline as Document[], { options, operation: context.operation });
    output.push({ ...input[i], [spec.as as string]: joined });
  }
  return output;
}

/**
 * Per-document stages as one mingo stream over a source that hands out a few documents per slice and then reports
 * its end; mingo's map/filter chains (and `$unwind`'s) ask the source again on the next pull, so the same stream
 * resumes with the next slice. The slice size adapts to keep each slice around a millisecond.
 */
async function runStreaming(input: Document[], stages: Document[], context: PipelineContext): Promise<Document[]> {
  let position = 0;
  let budget = 0;
  const source = (): IteratorResult<Document> =>
    budget > 0 && position < input.length ? (budget--, { value: input[position++], done: false }) : { value: undefined, done: true };
  const last = stages[stages.length - 1];
  const lastLimit = stageName(last) === '$limit' ? Number(last.$limit) : NaN;
  const limit = Number.isFinite(lastLimit) ? lastLimit : Infinity;
  const output: Document[] = [];
  let stream: ReturnType<Aggregator['stream']>;
  try {
    stream = new Aggregator(stages, context.options).stream(source as Parameters<Aggregator['stream']>[0]);
  } catch (error) {
    throw fromQueryEngineError(error);
  }
  let slice = 8;
  while (position < input.length && output.length < limit) {
    budget = slice;
    const started = performance.now();
    try {
      for (let step = stream.next(); !step.done; step = stream.next()) output.push(step.value as Document);
    } catch (error) {
      throw fromQueryEngineError(error);
    }
    const elapsed = performance.now() - started;
    if (elapsed < 0.5) slice = Math.min(slice * 2, 4096);
    else if (elapsed > 2) slice = Math.max(1, slice >> 1);
    context.operation.tick(slice);
    if (context.operation.sliceUsedUp()) await context.operation.pause();
  }
  return output;
}

/**
 * `$group` in slices. First, per document (streamed): the group key and, when every accumulator takes one
 * per-document expression, the accumulator arguments, into a small document `{k, a0, a1, …}` (else `{k, d: $$ROOT}`).
 * Then the documents are partitioned by key with mingo's hashing (the partitions and their order are those mingo's
 * `$group` would make). Last, mingo's `$group` runs over batches of whole groups — with `_id: '$k'` and the
 * accumulators over `$a<i>` when the arguments were evaluated ahead, else the original stage over the original
 * documents — so each group's result is the one a single run would give, in the same order.
 */
async function runGroup(input: Document[], spec: Document, context: PipelineContext): Promise<Document[]> {
  // Stage-level errors (no _id, not an object) as mingo reports them, even on empty input.
  runWhole([], [{ $group: spec }], context);
  if (input.length === 0) return [];
  const newRoot: Document = { k: spec._id };
  const rewritten: Document = { _id: '$k' };
  let ahead = true;
  Object.keys(spec)
    .filter((field) => field !== '_id')
    .forEach((field, i) => {
      const accumulator = spec[field];
      const operator = isPlainObject(accumulator) && Object.keys(accumulator).length === 1 ? Object.keys(accumulator)[0] : undefined;
      const argument = operator === undefined ? undefined : (accumulator as Document)[operator];
      if (operator === '$count') {
        rewritten[field] = accumulator; // no argument
        return;
      }
      if (operator === undefined || !PER_DOCUMENT_ACCUMULATORS.has(operator) || Array.isArray(argument)) {
        ahead = false;
        return;
      }
      const evaluated = (typeof argument === 'string' && argument.startsWith('$')) || isPlainObject(argument);
      if (evaluated) {
        newRoot[`a${i}`] = argument;
        rewritten[field] = { [operator]: `$a${i}` };
      } else rewritten[field] = accumulator; // a constant ($sum: 1)
    });
  const keyed = await runStreaming(input, [{ $replaceRoot: { newRoot: ahead ? newRoot : { k: spec._id, d: '$$ROOT' } } }], context);
  const partitions = HashMap.init<unknown, Document[]>();
  for (const document of keyed) {
    if (context.operation.tick()) await context.operation.pause();
    const key = document.k ?? null;
    const members = partitions.get(key);
    if (members) members.push(document);
    else partitions.set(key, [document]);
  }
  const groupStage = [{ $group: ahead ? rewritten : spec }];
  const foldable = ahead && Object.entries(rewritten).every(([field, accumulator]) => field === '_id' || isFoldable(accumulator as Document));
  const output: Document[] = [];
  let batch: Document[] = [];
  const runBatch = async () => {
    for (const result of runWhole(batch, groupStage, context)) output.push(result);
    context.operation.tick(batch.length);
    batch = [];
    if (context.operation.sliceUsedUp()) await context.operation.pause();
  };
  for (const [key, members] of partitions) {
    if (foldable && members.length > GROUP_BATCH) {
      if (batch.length > 0) await runBatch();
      output.push(await foldLargeGroup(key, members, rewritten, context));
      continue;
    }
    for (const member of members) batch.push(ahead ? member : (member.d as Document));
    if (batch.length >= GROUP_BATCH) await runBatch();
  }
  if (batch.length > 0) await runBatch();
  return output;
}

function isFoldable(accumulator: Document): boolean {
  const [operator] = Object.keys(accumulator);
  if (!FOLDABLE_ACCUMULATORS.has(operator)) return false;
  const argument = accumulator[operator];
  if (operator === '$count') return true;
  if (operator === '$sum' && mingoUtil.isNumber(argument)) return true;
  return typeof argument === 'string' && /^\$a\d+$/.test(argument);
}

/**
 * One group too large for a single mingo run within a slice (`_id: null` over a whole collection): its values,
 * evaluated ahead, are gathered in slices and folded here exactly as mingo 7's accumulators fold them (`$sum` adds
 * the numbers left to right, `$avg` divides that by their count, `$min`/`$max` take the first smallest / last
 * largest by mingo's compare as its stable sort does, `$first`/`$last`/`$push`/`$addToSet` as mingo, missing
 * values as null).
 */
async function foldLargeGroup(key: unknown, members: Document[], rewritten: Document, context: PipelineContext): Promise<Document> {
  const fields = Object.keys(rewritten).filter((field) => field !== '_id');
  const values = fields.map(() => [] as unknown[]);
  const sets = fields.map(() => HashMap.init<unknown, true>());
  const plans = fields.map((field) => {
    const accumulator = rewritten[field] as Document;
    const [operator] = Object.keys(accumulator);
    return { operator, argument: accumulator[operator], path: typeof accumulator[operator] === 'string' ? (accumulator[operator] as string).slice(1) : undefined };
  });
  for (const member of members) {
    if (context.operation.tick()) await context.operation.pause();
    plans.forEach(({ operator, path }, i) => {
      if (path === undefined) return;
      const value = member[path] ?? null;
      if (operator === '$addToSet') sets[i].set(value, true);
      else values[i].push(value);
    });
  }
  const result: Document = { _id: key };
  plans.forEach(({ operator, argument }, i) => {
    const list = values[i];
    switch (operator) {
      case '$count':
        result[fields[i]] = members.length;
        return;
      case '$sum': {
        if (mingoUtil.isNumber(argument)) {
          result[fields[i]] = members.length * argument;
          return;
        }
        let sum = 0;
        for (const value of list) if (mingoUtil.isNumber(value)) sum += value;
        result[fields[i]] = sum;
        return;
      }
      case '$avg': {
        let sum = 0;
        let count = 0;
        for (const value of list) {
          if (!mingoUtil.isNumber(value)) continue;
          sum += value;
          count++;
        }
        result[fields[i]] = count === 0 ? null : sum / count;
        return;
      }
      case '$min': {
        let best: unknown;
        let found = false;
        for (const value of list) {
          if (mingoUtil.isNil(value)) continue;
          if (!found || mingoUtil.compare(value, best) < 0) best = value;
          found = true;
        }
        result[fields[i]] = found ? best : null;
        return;
      }
      case '$max': {
        let best: unknown = list[0];
        for (const value of list) if (mingoUtil.compare(value, best) >= 0) best = value;
        result[fields[i]] = mingoUtil.isNil(best) ? null : best;
        return;
      }
      case '$first':
        result[fields[i]] = list[0] ?? null;
        return;
      case '$last':
        result[fields[i]] = list[list.length - 1] ?? null;
        return;
      case '$push':
        result[fields[i]] = list;
        return;
      case '$addToSet':
        result[fields[i]] = [...sets[i].keys()];
        return;
    }
  });
  return result;
}
