import type { Document } from 'bson';
import { Aggregator } from 'mingo';
import { compareBson } from '../bsonOrder';
import { badValue, fromQueryEngineError, typeMismatch } from '../errors';
import { countMatches, runQuery, type QuerySpec, type QueryStats } from '../query/execute';
import { valuesAtPath } from '../storage/paths';
import { documentComparator, parseSort } from '../query/sort';
import type { CommandContext, CommandHandler } from './context';
import { collectionNameOf, optionalNumber } from './context';
import { projectDocuments } from './projection';

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

export const find: CommandHandler = (command, context) => {
  const collectionName = collectionNameOf(command, 'find');
  const spec = findSpec(command);
  const collection = context.storage.getCollection(context.database, collectionName);
  const { documents, matcher } = runQuery(collection, spec);
  const projected = projectDocuments(documents, spec.projection, matcher.query);
  return {
    cursor: context.cursors.open(`${context.database}.${collectionName}`, projected, spec.batchSize, spec.singleBatch),
    ok: 1,
  };
};

export const getMore: CommandHandler = (command, context) => {
  const id = Number(command.getMore);
  if (!Number.isFinite(id)) throw typeMismatch("BSON field 'getMore.getMore' is the wrong type, expected type 'long'");
  return { cursor: context.cursors.getMore(id, optionalNumber(command, 'batchSize')), ok: 1 };
};

export const killCursors: CommandHandler = (command, context) => {
  const ids = Array.isArray(command.cursors) ? command.cursors.map(Number) : [];
  const { killed, notFound } = context.cursors.kill(ids);
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
};

export const count: CommandHandler = (command, context) => {
  const collection = context.storage.getCollection(context.database, collectionNameOf(command, 'count'));
  const query = (command.query ?? {}) as Document;
  if (Object.keys(query).length === 0 && !command.skip && !command.limit) {
    return { n: collection?.documents.size ?? 0, ok: 1 };
  }
  if (!command.skip && !command.limit && !command.hint) return { n: countMatches(collection, query), ok: 1 };
  const { documents } = runQuery(collection, {
    filter: query,
    skip: optionalNumber(command, 'skip'),
    limit: Math.abs(optionalNumber(command, 'limit') ?? 0),
    hint: command.hint,
  });
  return { n: documents.length, ok: 1 };
};

export const distinct: CommandHandler = (command, context) => {
  const key = command.key;
  if (typeof key !== 'string') throw typeMismatch("BSON field 'distinct.key' is missing or not a string");
  const collection = context.storage.getCollection(context.database, collectionNameOf(command, 'distinct'));
  const { documents } = runQuery(collection, { filter: (command.query ?? {}) as Document });
  const values: unknown[] = [];
  for (const document of documents) {
    for (const value of valuesAtPath(document, key)) {
      if (value === undefined) continue;
      if (!values.some((seen) => compareBson(seen, value) === 0)) values.push(value);
    }
  }
  values.sort(compareBson);
  return { values, ok: 1 };
};

/** `[{$match}, {$group: {_id: <constant>, n: {$sum: 1}}}]`, which the driver's countDocuments sends. */
function countPipelineField(pipeline: Document[]): { filter: Document; groupId: unknown; field: string } | null {
  if (pipeline.length !== 2 || !pipeline[0]?.$match || !pipeline[1]?.$group) return null;
  const group = pipeline[1].$group as Document;
  const fields = Object.keys(group).filter((key) => key !== '_id');
  const groupId = group._id;
  const constantId = groupId === null || typeof groupId === 'number' || (typeof groupId === 'string' && !groupId.startsWith('$'));
  if (!constantId || fields.length !== 1) return null;
  const accumulator = group[fields[0]] as Document;
  if (!accumulator || typeof accumulator !== 'object' || Object.keys(accumulator).length !== 1 || accumulator.$sum !== 1) return null;
  return { filter: pipeline[0].$match as Document, groupId, field: fields[0] };
}

/** Runs a leading `$match` (+ `$sort`, `$skip`, `$limit`) through the index planner, the rest through mingo. */
function runPipeline(context: CommandContext, collectionName: string | undefined, pipeline: Document[]): Document[] {
  const collection = collectionName ? context.storage.getCollection(context.database, collectionName) : undefined;
  const count = countPipelineField(pipeline);
  if (count) {
    const n = countMatches(collection, count.filter);
    return n === 0 ? [] : [{ _id: count.groupId, [count.field]: n }];
  }
  let stage = 0;
  const spec: QuerySpec = {};
  if (pipeline[stage]?.$match) spec.filter = pipeline[stage++].$match as Document;
  if (pipeline[stage]?.$sort) spec.sort = pipeline[stage++].$sort;
  if (spec.sort !== undefined) {
    if (pipeline[stage]?.$skip !== undefined) spec.skip = Number(pipeline[stage++].$skip);
    if (pipeline[stage]?.$limit !== undefined) spec.limit = Number(pipeline[stage++].$limit);
  }
  const { documents } = runQuery(collection, spec);
  return runStages(context, documents, pipeline.slice(stage));
}

/**
 * Runs stages through mingo, except `$sort` (MongoDB's BSON order, which mingo does not follow for embedded
 * documents and non-ASCII strings) and `$count` (which yields nothing on empty input).
 */
function runStages(context: CommandContext, input: Document[], stages: Document[]): Document[] {
  let documents = input;
  let pending: Document[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    try {
      documents = new Aggregator(pending, {
        collectionResolver: (name: string) => [...(context.storage.getCollection(context.database, name)?.documents.values() ?? [])],
      }).run(documents) as Document[];
    } catch (error) {
      throw fromQueryEngineError(error);
    }
    pending = [];
  };
  for (const stage of stages) {
    const name = stage && typeof stage === 'object' ? Object.keys(stage)[0] : undefined;
    if (name === '$sort') {
      flush();
      const sort = parseSort(stage.$sort);
      if (sort) documents = [...documents].sort(documentComparator(sort));
    } else if (name === '$count') {
      flush();
      const field = stage.$count;
      if (typeof field !== 'string' || field.length === 0 || field.startsWith('$') || field.includes('.')) {
        throw badValue('the count field must be a non-empty string that does not start with $ and contains no dots');
      }
      documents = documents.length === 0 ? [] : [{ [field]: documents.length }];
    } else {
      pending.push(stage);
    }
  }
  flush();
  return documents;
}

export const aggregate: CommandHandler = (command, context) => {
  const pipeline = command.pipeline;
  if (!Array.isArray(pipeline)) throw typeMismatch("'pipeline' option must be specified as an array");
  for (const stage of pipeline) {
    const name = stage && typeof stage === 'object' ? Object.keys(stage)[0] : undefined;
    if (name === '$out' || name === '$merge') throw badValue(`${name} is not supported by the embedded engine`);
  }
  const target = command.aggregate;
  const collectionName = typeof target === 'string' ? target : undefined;
  if (!collectionName && target !== 1) throw badValue('aggregate requires a collection name or 1');
  const results = runPipeline(context, collectionName, pipeline);
  const cursorOptions = (command.cursor ?? {}) as Document;
  return {
    cursor: context.cursors.open(`${context.database}.${collectionName ?? '$cmd.aggregate'}`, results, optionalNumber(cursorOptions, 'batchSize')),
    ok: 1,
  };
};

function describePlan(stats: QueryStats): Document {
  if (stats.plan.kind === 'collectionScan') return { stage: 'COLLSCAN' };
  return {
    stage: 'FETCH',
    inputStage: { stage: 'IXSCAN', indexName: stats.plan.index.name, keyPattern: stats.plan.index.spec.key, direction: stats.plan.reverse ? 'backward' : 'forward' },
  };
}

/** `explain` of a find: the chosen plan and how many keys and documents it examined. */
export const explain: CommandHandler = (command, context) => {
  const inner = command.explain as Document;
  if (!inner || typeof inner.find !== 'string') throw badValue('explain is supported for find commands only');
  const spec = findSpec(inner);
  const collection = context.storage.getCollection(context.database, inner.find);
  const { documents, stats } = runQuery(collection, spec);
  return {
    queryPlanner: { namespace: `${context.database}.${inner.find}`, winningPlan: describePlan(stats) },
    executionStats: { nReturned: documents.length, totalKeysExamined: stats.keysExamined, totalDocsExamined: stats.docsExamined },
    ok: 1,
  };
};
