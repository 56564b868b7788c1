import type { Document } from 'bson';
import { compareBson } from '../bsonOrder';
import { badValue, fromQueryEngineError, typeMismatch } from '../errors';
import { countMatches, runQuery, visitMatches, type QuerySpec, type QueryStats } from '../query/execute';
import { noteScan } from '../query/scanCounters';
import { compileGroupSink, compileStage } from '../query/compiledStages';
import { runStages } from '../query/pipeline';
import { cloneDocument, valuesAtPath } from '../storage/paths';
import type { Collection } from '../storage/collection';
import type { CommandContext, CommandHandler } from './context';
import { collectionNameOf, optionalNumber } from './context';
import { projectDocuments } from './projection';
import { sortByKeys } from '../query/sort';

function findSpec(command: Document): QuerySpec & { projection?: Document; batchSize?: number; singleBatch: boolean } {
  const limit = optionalNumber(command, 'limit') ?? 0;
  const skip = optionalNumber(command, 'skip') ?? 0;
  if (skip < 0) throw badValue(`SKIP must be a non-negative number, got ${skip}`);
  if (command.filter !== undefined && (typeof command.filter !== 'object' || command.filter === null || Array.isArray(command.filter))) {
    throw typeMismatch("BSON field 'FindCommandRequest.filter' is the wrong type, expected type 'object'");
  }
  return {
    filter: command.filter as Document | undefined,
    sort: command.sort,
    skip,
    limit: Math.abs(limit),
    hint: command.hint,
    projection: command.projection as Document | undefined,
    batchSize: optionalNumber(command, 'batchSize'),
    singleBatch: Boolean(command.singleBatch) || limit < 0,
  };
}

/** Projects in slices (the projection is per document, so slicing keeps the result). */
async function projectSliced(documents: Document[], projection: Document | undefined, context: CommandContext, matcher?: Parameters<typeof projectDocuments>[2]): Promise<Document[]> {
  if (!projection || Object.keys(projection).length === 0) return documents;
  const SLICE = 256;
  if (documents.length <= SLICE) return projectDocuments(documents, projection, matcher);
  const projected: Document[] = [];
  for (let from = 0; from < documents.length; from += SLICE) {
    for (const document of projectDocuments(documents.slice(from, from + SLICE), projection, matcher)) projected.push(document);
    if (context.operation.tick(SLICE)) await context.operation.pause();
  }
  return projected;
}

/**
 * The engine computes a cursor's whole result in the command that opens it (find, aggregate), bounded by that
 * command's maxTimeMS; what is left of it goes with the cursor and bounds its getMores (see getMore).
 */
export const find: CommandHandler = async (command, context) => {
  const collectionName = collectionNameOf(command, 'find');
  const spec = findSpec(command);
  const collection = context.storage.getCollection(context.database, collectionName);
  const { documents, matcher } = await runQuery(collection, spec, context.operation);
  const projected = await projectSliced(documents, spec.projection, context, matcher.query);
  return {
    cursor: context.cursors.open(`${context.database}.${collectionName}`, projected, spec.batchSize, spec.singleBatch, context.operation.remainingMs()),
    ok: 1,
  };
};

/**
 * MongoDB's rule for non-tailable cursors (all of the engine's): a getMore may not carry maxTimeMS (BadValue); the
 * maxTimeMS of the command that opened the cursor bounds the time spent on the cursor across all its getMores,
 * and a getMore that runs out of it fails with MaxTimeMSExpired and frees the cursor.
 */
export const getMore: CommandHandler = (command, context) => {
  const id = Number(command.getMore);
  if (!Number.isFinite(id)) throw typeMismatch("BSON field 'getMore.getMore' is the wrong type, expected type 'long'");
  if (command.maxTimeMS !== undefined && command.maxTimeMS !== null) {
    throw badValue('cannot set maxTimeMS on getMore command for a non-awaitData cursor');
  }
  return { cursor: context.cursors.getMore(id, optionalNumber(command, 'batchSize'), context.operation), ok: 1 };
};

export const killCursors: CommandHandler = (command, context) => {
  const ids = Array.isArray(command.cursors) ? command.cursors.map(Number) : [];
  const { killed, notFound } = context.cursors.kill(ids);
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
};

export const count: CommandHandler = async (command, context) => {
  const collection = context.storage.getCollection(context.database, collectionNameOf(command, 'count'));
  const query = (command.query ?? {}) as Document;
  if (Object.keys(query).length === 0 && !command.skip && !command.limit) {
    return { n: collection?.documents.size ?? 0, ok: 1 };
  }
  if (!command.skip && !command.limit && !command.hint) return { n: await countMatches(collection, query, context.operation), ok: 1 };
  const { documents } = await runQuery(
    collection,
    {
      filter: query,
      skip: optionalNumber(command, 'skip'),
      limit: Math.abs(optionalNumber(command, 'limit') ?? 0),
      hint: command.hint,
    },
    context.operation,
  );
  return { n: documents.length, ok: 1 };
};

export const distinct: CommandHandler = async (command, context) => {
  const key = command.key;
  if (typeof key !== 'string') throw typeMismatch("BSON field 'distinct.key' is missing or not a string");
  const collection = context.storage.getCollection(context.database, collectionNameOf(command, 'distinct'));
  const { documents } = await runQuery(collection, { filter: (command.query ?? {}) as Document }, context.operation);
  const values: unknown[] = [];
  // Strings equal under compareBson only when identical, so a set finds them; other values are compared one by one.
  const strings = new Set<string>();
  const others: unknown[] = [];
  for (const document of documents) {
    if (context.operation.tick()) await context.operation.pause();
    for (const value of valuesAtPath(document, key)) {
      if (value === undefined) continue;
      if (typeof value === 'string') {
        if (strings.has(value)) continue;
        strings.add(value);
      } else {
        if (others.some((seen) => compareBson(seen, value) === 0)) continue;
        others.push(value);
      }
      values.push(value);
    }
  }
  return { values: await sortValues(values, context), ok: 1 };
};

/** `values.sort(compareBson)` (stable), in slices. */
function sortValues(values: unknown[], context: CommandContext): Promise<unknown[]> {
  return sortByKeys(values, (value) => [value], [1], context.operation);
}

/**
 * A pipeline that only counts the documents of its leading `$match`: what the driver's countDocuments sends,
 * `[{$match}, {$skip}?, {$limit}?, {$group: {_id: <constant>, n: {$sum: 1}}}]`, and `[{$match}, {$count: 'n'}]`.
 */
interface CountPipeline {
  filter: Document;
  skip: number;
  /** 0: no limit. */
  limit: number;
  result: (n: number) => Document;
}

function countPipeline(pipeline: Document[]): CountPipeline | null {
  if (pipeline.length < 2 || !isPlainDocument(pipeline[0]?.$match)) return null;
  let stage = 1;
  let skip = 0;
  let limit = 0;
  if (Object.keys(pipeline[stage] ?? {}).length === 1 && typeof pipeline[stage].$skip === 'number' && pipeline[stage].$skip >= 0) skip = pipeline[stage++].$skip;
  if (Object.keys(pipeline[stage] ?? {}).length === 1 && typeof pipeline[stage].$limit === 'number' && pipeline[stage].$limit > 0) limit = pipeline[stage++].$limit;
  if (stage !== pipeline.length - 1) return null;
  const last = pipeline[stage];
  if (Object.keys(last ?? {}).length !== 1) return null;
  const filter = pipeline[0].$match as Document;
  if (typeof last.$count === 'string' && last.$count.length > 0 && !last.$count.startsWith('$') && !last.$count.includes('.')) {
    const field = last.$count;
    return { filter, skip, limit, result: (n) => ({ [field]: n }) };
  }
  if (!isPlainDocument(last.$group)) return null;
  const group = last.$group;
  const fields = Object.keys(group).filter((key) => key !== '_id');
  const groupId = group._id;
  const constantId = groupId === null || typeof groupId === 'number' || (typeof groupId === 'string' && !groupId.startsWith('$'));
  if (!constantId || fields.length !== 1) return null;
  const accumulator = group[fields[0]] as Document;
  if (!accumulator || typeof accumulator !== 'object' || Object.keys(accumulator).length !== 1 || accumulator.$sum !== 1) return null;
  return { filter, skip, limit, result: (n) => ({ _id: groupId, [fields[0]]: n }) };
}

function isPlainDocument(value: unknown): value is Document {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Runs a leading `$match` (+ `$sort`, `$skip`, `$limit`) through the index planner, the rest through query/pipeline. */
async function runPipeline(context: CommandContext, collectionName: string | undefined, pipeline: Document[]): Promise<Document[]> {
  const collection = collectionName ? context.storage.getCollection(context.database, collectionName) : undefined;
  const count = countPipeline(pipeline);
  if (count) {
    const matches = await countMatches(collection, count.filter, context.operation);
    const afterSkip = Math.max(0, matches - count.skip);
    const n = count.limit > 0 ? Math.min(afterSkip, count.limit) : afterSkip;
    return n === 0 ? [] : [count.result(n)];
  }
  const grouped = await runMatchIntoGroup(context, collection, pipeline);
  if (grouped) return grouped;
  let stage = 0;
  const spec: QuerySpec = {};
  if (pipeline[stage]?.$match) spec.filter = pipeline[stage++].$match as Document;
  if (pipeline[stage]?.$sort) spec.sort = pipeline[stage++].$sort;
  if (spec.sort !== undefined) {
    if (pipeline[stage]?.$skip !== undefined) spec.skip = Number(pipeline[stage++].$skip);
    if (pipeline[stage]?.$limit !== undefined) spec.limit = Number(pipeline[stage++].$limit);
  }
  const { documents } = await runQuery(collection, spec, context.operation);
  const unions = await runUnionsAhead(context, pipeline.slice(stage));
  const stages = unions.stages;
  // mingo edits documents in place in some stages ($unwind, $addFields/$set and $project on nested paths, …): unless
  // every stage only reads, the pipeline works on copies of the stored documents, and of the collections it joins.
  // Compiled stages (query/compiledStages.ts) only read their input too.
  const isolate = stages.some((inner) => !READ_ONLY_STAGES.has(Object.keys(inner ?? {})[0] ?? '') && !compileStage(inner));
  const resolved = new Map<string, Document[]>();
  const copy = async (source: Iterable<Document>): Promise<Document[]> => {
    const copies: Document[] = [];
    for (const document of source) {
      if (context.operation.tick()) await context.operation.pause();
      copies.push(isolate ? cloneDocument(document) : document);
    }
    return copies;
  };
  for (const [name, documents] of unions.results) resolved.set(name, await copy(documents));
  // Collections a $lookup (or $graphLookup, a nested $unionWith) names are resolved once per command, ahead, in
  // slices: mingo reads them whole.
  for (const name of joinedCollections(stages)) {
    if (resolved.has(name)) continue;
    const joined = await copy(context.storage.getCollection(context.database, name)?.documents.values() ?? []);
    noteScan({ keysExamined: 0, docsExamined: joined.length });
    resolved.set(name, joined);
  }
  const collectionResolver = (name: string) => {
    let joined = resolved.get(name);
    if (!joined) {
      joined = [...(context.storage.getCollection(context.database, name)?.documents.values() ?? [])].map(isolate ? cloneDocument : (document) => document);
      resolved.set(name, joined);
    }
    return joined;
  };
  const input = isolate ? await copy(documents) : documents;
  return runStages(input, stages, { options: { collectionResolver }, operation: context.operation });
}

/** Names the results of a `$unionWith` run ahead go by: no collection can have one (a collection name has no NUL). */
const UNION_RESULTS_PREFIX = '\u0000union';

/**
 * The pipeline's own `$unionWith` stages, run ahead through runPipeline, so that their sub-pipelines use the named
 * collections' indexes (mingo would be handed the whole collection: a million recalls for the three a `$match` wants).
 * A `$unionWith` reads nothing from the documents before it, so its results are the same whenever it runs; each stage
 * becomes a `$unionWith` of its results, resolved under a name of their own. Those in sub-pipelines (of a `$lookup`,
 * `$facet`, another `$unionWith`'s is run by that runPipeline) stay as they are.
 */
async function runUnionsAhead(context: CommandContext, stages: Document[]): Promise<{ stages: Document[]; results: Map<string, Document[]> }> {
  const results = new Map<string, Document[]>();
  const rewritten: Document[] = [];
  for (const stage of stages) {
    const spec: unknown = isSingleStage(stage, '$unionWith') ? stage.$unionWith : undefined;
    const collectionName = typeof spec === 'string' ? spec : isPlainDocument(spec) && typeof spec.coll === 'string' ? spec.coll : undefined;
    const subPipeline: unknown = typeof spec === 'string' ? [] : isPlainDocument(spec) ? (spec.pipeline ?? []) : undefined;
    if (collectionName === undefined || !Array.isArray(subPipeline)) {
      rewritten.push(stage);
      continue;
    }
    const name = `${UNION_RESULTS_PREFIX}${results.size}`;
    results.set(name, await runPipeline(context, collectionName, subPipeline as Document[]));
    rewritten.push({ $unionWith: { coll: name, pipeline: [] } });
  }
  return { stages: rewritten, results };
}

/**
 * `[$match, $group, …]` (statistics' shape) with a `$group` compiledStages.ts folds and no join after it: the matches
 * go straight into the groups as the scan finds them, and the stages after the `$group` run on its results (new
 * documents: nothing to isolate). Null when the pipeline has another shape, or when the collection changed during
 * the scan (runPipeline then runs it the general way).
 */
async function runMatchIntoGroup(context: CommandContext, collection: Collection | undefined, pipeline: Document[]): Promise<Document[] | null> {
  const [first, second] = pipeline;
  if (!isSingleStage(first, '$match') || !isSingleStage(second, '$group') || joinedCollections(pipeline.slice(2)).size > 0) return null;
  const sinkOf = compileGroupSink(second.$group);
  if (!sinkOf) return null;
  const sink = sinkOf();
  let complete: boolean;
  try {
    complete = await visitMatches(collection, first.$match as Document, context.operation, sink.add);
  } catch (error) {
    throw fromQueryEngineError(error);
  }
  if (!complete) return null;
  return runStages(sink.results(), pipeline.slice(2), { options: {}, operation: context.operation });
}

function isSingleStage(stage: unknown, name: string): stage is Document {
  return isPlainDocument(stage) && Object.keys(stage).length === 1 && Object.hasOwn(stage, name);
}

/**
 * Stages that never edit the documents they are given (mingo's `$group` builds new documents; a `$unionWith` here has
 * been run ahead, and only appends its results).
 */
const READ_ONLY_STAGES = new Set(['$match', '$sort', '$skip', '$limit', '$count', '$group', '$sortByCount', '$unionWith']);

/** The collections a pipeline joins: `from` of `$lookup`/`$graphLookup`, `$unionWith`, also in sub-pipelines. */
function joinedCollections(stages: unknown[], names = new Set<string>()): Set<string> {
  for (const stage of stages) {
    if (!stage || typeof stage !== 'object') continue;
    const [name] = Object.keys(stage);
    const spec = (stage as Document)[name];
    if ((name === '$lookup' || name === '$graphLookup') && spec && typeof spec.from === 'string') names.add(spec.from);
    if (name === '$unionWith') {
      if (typeof spec === 'string') names.add(spec);
      else if (spec && typeof spec.coll === 'string') names.add(spec.coll);
    }
    if (spec && Array.isArray(spec.pipeline)) joinedCollections(spec.pipeline, names);
    if (name === '$facet' && spec && typeof spec === 'object') for (const inner of Object.values(spec)) if (Array.isArray(inner)) joinedCollections(inner, names);
  }
  return names;
}

export const aggregate: CommandHandler = async (command, context) => {
  const pipeline = command.pipeline;
  if (!Array.isArray(pipeline)) throw typeMismatch("'pipeline' option must be specified as an array");
  for (const stage of pipeline) {
    const name = stage && typeof stage === 'object' ? Object.keys(stage)[0] : undefined;
    if (name === '$out' || name === '$merge') throw badValue(`${name} is not supported by the embedded engine`);
  }
  const target = command.aggregate;
  const collectionName = typeof target === 'string' ? target : undefined;
  if (!collectionName && target !== 1) throw badValue('aggregate requires a collection name or 1');
  const results = await runPipeline(context, collectionName, pipeline);
  const cursorOptions = (command.cursor ?? {}) as Document;
  return {
    cursor: context.cursors.open(
      `${context.database}.${collectionName ?? '$cmd.aggregate'}`,
      results,
      optionalNumber(cursorOptions, 'batchSize'),
      false,
      context.operation.remainingMs(),
    ),
    ok: 1,
  };
};

function describePlan(stats: QueryStats): Document {
  if (stats.plan.kind === 'collectionScan') return { stage: 'COLLSCAN' };
  const scan = { stage: 'IXSCAN', indexName: stats.plan.index.name, keyPattern: stats.plan.index.spec.key, direction: stats.plan.reverse ? 'backward' : 'forward' };
  // As MongoDB shows a sorted `$in`: one scan per value, merged in the sort order.
  if (stats.plan.mergePoints && stats.plan.points && stats.plan.points.length > 1) return { stage: 'FETCH', inputStage: { stage: 'SORT_MERGE', inputStages: stats.plan.points.map(() => scan) } };
  return { stage: 'FETCH', inputStage: scan };
}

/** `explain` of a find: the chosen plan and how many keys and documents it examined. */
export const explain: CommandHandler = async (command, context) => {
  const inner = command.explain as Document;
  if (!inner || typeof inner.find !== 'string') throw badValue('explain is supported for find commands only');
  const spec = findSpec(inner);
  const collection = context.storage.getCollection(context.database, inner.find);
  const { documents, stats } = await runQuery(collection, spec, context.operation);
  return {
    queryPlanner: { namespace: `${context.database}.${inner.find}`, winningPlan: describePlan(stats) },
    executionStats: { nReturned: documents.length, totalKeysExamined: stats.keysExamined, totalDocsExamined: stats.docsExamined },
    ok: 1,
  };
};
