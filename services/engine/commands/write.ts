import type { Document } from 'bson';
import { applyUpdate, prepareInsert, upsertSeed, type UpdateSpec } from '../documents';
import { badValue, illegalOperation, MongoCommandError } from '../errors';
import { runQuery, type Matcher, type QuerySpec } from '../query/execute';
import type { Collection } from '../storage/collection';
import type { CommandContext, CommandHandler } from './context';
import { collectionNameOf } from './context';
import { projectDocuments } from './projection';

function writeError(index: number, error: unknown): Document {
  if (error instanceof MongoCommandError) return { index, code: error.code, codeName: error.codeName, errmsg: error.message, ...error.extra };
  throw error;
}

function assertNoTransaction(command: Document): void {
  if (command.startTransaction !== undefined || command.autocommit !== undefined) {
    throw illegalOperation('Transaction numbers are only allowed on a replica set member or mongos');
  }
}

function documentsArgument(command: Document, field: string): Document[] {
  const value = command[field];
  if (!Array.isArray(value)) throw badValue(`'${field}' must be an array`);
  if (value.length > 100_000) throw badValue(`Write batch sizes must be between 1 and 100000. Got ${value.length} operations.`);
  return value;
}

function withWriteErrors(reply: Document, errors: Document[]): Document {
  return errors.length > 0 ? { ...reply, writeErrors: errors, ok: 1 } : { ...reply, ok: 1 };
}

/**
 * Write commands yield between documents (operations.ts). Each document's write is atomic (Storage applies it to
 * memory, indexes and journal in one synchronous step, unique checks included), so interleaving with other
 * commands happens only at document boundaries. A write whose operation stops (deadline, closed connection,
 * killOp) keeps the documents it already wrote — a prefix, as in MongoDB — makes them durable, and fails as a whole
 * with the interruption error (MongoDB does not report interruptions as writeErrors).
 */
async function stopAfterFlush(error: unknown, context: CommandContext): Promise<never> {
  await context.storage.flush();
  throw error;
}

function isInterruption(error: unknown): boolean {
  return error instanceof MongoCommandError && (error.code === 50 || error.code === 279 || error.code === 11601);
}

/**
 * The current version of a document a query returned, if it still matches: the query may have yielded after reading
 * it, and other commands may have changed or removed it since (MongoDB re-checks a fetched document the same way).
 */
function currentMatch(collection: Collection, document: Document, matcher: Matcher): Document | undefined {
  const current = collection.findById(document._id);
  if (current === document) return current;
  return current && matcher.test(current) ? current : undefined;
}

/**
 * The documents a write statement targets. A single-document statement (updateOne, deleteOne) whose document changed
 * so that it no longer matches while the query yielded runs the query again, as MongoDB retries on a write conflict,
 * so that it takes another matching document (a queue taking "the next pending item" stays correct); its write then
 * follows with no pause in between.
 */
async function queryForWrite(collection: Collection, spec: QuerySpec, single: boolean, context: CommandContext): Promise<{ documents: Document[]; matcher: Matcher }> {
  for (let attempt = 1; ; attempt++) {
    const result = await runQuery(collection, spec, context.operation);
    if (!single || result.documents.length === 0 || attempt >= 10) return result;
    if (currentMatch(collection, result.documents[0], result.matcher)) return result;
  }
}

export const insert: CommandHandler = async (command, context) => {
  assertNoTransaction(command);
  const collection = context.storage.ensureCollection(context.database, collectionNameOf(command, 'insert'));
  const documents = documentsArgument(command, 'documents');
  const ordered = command.ordered !== false;
  const errors: Document[] = [];
  let inserted = 0;
  try {
    for (const [index, raw] of documents.entries()) {
      if (context.operation.tick()) await context.operation.pause();
      try {
        context.storage.insertDocument(collection, prepareInsert(raw));
        inserted++;
      } catch (error) {
        if (isInterruption(error)) throw error;
        errors.push(writeError(index, error));
        if (ordered) break;
      }
    }
  } catch (error) {
    await stopAfterFlush(error, context);
  }
  await context.storage.flush();
  return withWriteErrors({ n: inserted }, errors);
};

interface UpdateStatement {
  q?: Document;
  u: UpdateSpec;
  upsert?: boolean;
  multi?: boolean;
  arrayFilters?: Document[];
  hint?: unknown;
}

async function runUpdateStatement(statement: UpdateStatement, context: CommandContext, collectionName: string) {
  if (!statement || typeof statement.u !== 'object' || statement.u === null) throw badValue("update statement is missing the 'u' field");
  const collection = context.storage.ensureCollection(context.database, collectionName);
  const single = !statement.multi;
  const { documents, matcher } = await queryForWrite(collection, { filter: statement.q ?? {}, limit: single ? 1 : 0, hint: statement.hint }, single, context);
  if (documents.length === 0 && statement.upsert) {
    const seed = upsertSeed(statement.q ?? {});
    const { document } = applyUpdate(seed, statement.u, { arrayFilters: statement.arrayFilters, inserting: true });
    const prepared = prepareInsert(document);
    context.storage.insertDocument(collection, prepared);
    return { matched: 0, modified: 0, upsertedId: prepared._id as unknown, document: prepared };
  }
  let matched = 0;
  let modified = 0;
  let last: Document | undefined;
  for (const found of documents) {
    if (!single && context.operation.tick()) await context.operation.pause();
    const previous = currentMatch(collection, found, matcher);
    if (!previous) continue;
    matched++;
    const { document, modified: changed } = applyUpdate(previous, statement.u, { arrayFilters: statement.arrayFilters, query: statement.q });
    if (changed) {
      context.storage.replaceDocument(collection, previous, document);
      modified++;
    }
    last = document;
  }
  return { matched, modified, upsertedId: undefined, document: last };
}

export const update: CommandHandler = async (command, context) => {
  assertNoTransaction(command);
  const collectionName = collectionNameOf(command, 'update');
  const statements = documentsArgument(command, 'updates') as UpdateStatement[];
  const ordered = command.ordered !== false;
  const errors: Document[] = [];
  const upserted: Document[] = [];
  let matched = 0;
  let modified = 0;
  try {
    for (const [index, statement] of statements.entries()) {
      try {
        const result = await runUpdateStatement(statement, context, collectionName);
        matched += result.matched;
        modified += result.modified;
        if (result.upsertedId !== undefined) upserted.push({ index, _id: result.upsertedId });
      } catch (error) {
        if (isInterruption(error)) throw error;
        errors.push(writeError(index, error));
        if (ordered) break;
      }
    }
  } catch (error) {
    await stopAfterFlush(error, context);
  }
  await context.storage.flush();
  const reply: Document = { n: matched + upserted.length, nModified: modified };
  if (upserted.length > 0) reply.upserted = upserted;
  return withWriteErrors(reply, errors);
};

export const remove: CommandHandler = async (command, context) => {
  assertNoTransaction(command);
  const collection = context.storage.getCollection(context.database, collectionNameOf(command, 'delete'));
  const statements = documentsArgument(command, 'deletes') as Array<{ q?: Document; limit?: number; hint?: unknown }>;
  const ordered = command.ordered !== false;
  const errors: Document[] = [];
  let deleted = 0;
  try {
    for (const [index, statement] of statements.entries()) {
      try {
        if (!collection) continue;
        const single = statement.limit === 1;
        const { documents, matcher } = await queryForWrite(collection, { filter: statement.q ?? {}, limit: single ? 1 : 0, hint: statement.hint }, single, context);
        for (const found of documents) {
          if (!single && context.operation.tick()) await context.operation.pause();
          const current = currentMatch(collection, found, matcher);
          if (!current) continue;
          context.storage.deleteDocument(collection, current);
          deleted++;
        }
      } catch (error) {
        if (isInterruption(error)) throw error;
        errors.push(writeError(index, error));
        if (ordered) break;
      }
    }
  } catch (error) {
    await stopAfterFlush(error, context);
  }
  await context.storage.flush();
  return withWriteErrors({ n: deleted }, errors);
};

export const findAndModify: CommandHandler = async (command, context) => {
  assertNoTransaction(command);
  const collectionName = collectionNameOf(command, 'findAndModify' in command ? 'findAndModify' : 'findandmodify');
  const query = (command.query ?? {}) as Document;
  const returnNew = Boolean(command.new);
  if (command.remove && command.update) throw badValue('Cannot specify both an update and remove=true');
  if (!command.remove && !command.update) throw badValue('Either an update or remove=true must be specified');
  const collection = context.storage.ensureCollection(context.database, collectionName);
  const previous = await findOneToModify(collection, query, command, context);
  let value: Document | null = null;
  const lastErrorObject: Document = { n: 0 };
  if (command.remove) {
    if (previous) {
      context.storage.deleteDocument(collection, previous);
      value = previous;
      lastErrorObject.n = 1;
    }
  } else if (previous) {
    const { document, modified } = applyUpdate(previous, command.update as UpdateSpec, { arrayFilters: command.arrayFilters, query });
    if (modified) context.storage.replaceDocument(collection, previous, document);
    value = returnNew ? document : previous;
    Object.assign(lastErrorObject, { n: 1, updatedExisting: true });
  } else if (command.upsert) {
    const seed = upsertSeed(query);
    const { document } = applyUpdate(seed, command.update as UpdateSpec, { arrayFilters: command.arrayFilters, inserting: true });
    const prepared = prepareInsert(document);
    context.storage.insertDocument(collection, prepared);
    value = returnNew ? prepared : null;
    Object.assign(lastErrorObject, { n: 1, updatedExisting: false, upserted: prepared._id });
  } else {
    lastErrorObject.updatedExisting = false;
  }
  await context.storage.flush();
  if (value && command.fields) value = projectDocuments([value], command.fields as Document)[0];
  return { lastErrorObject, value, ok: 1 };
};

/**
 * The document findAndModify works on: the first by its sort. The query yields (a sort without an index reads every
 * match), so the document may have changed by the time the query ends; then the query runs again (MongoDB retries
 * on such a write conflict too). Nothing yields between this and the write.
 */
async function findOneToModify(collection: Collection, query: Document, command: Document, context: CommandContext): Promise<Document | undefined> {
  for (let attempt = 1; ; attempt++) {
    const { documents, matcher } = await runQuery(collection, { filter: query, sort: command.sort, limit: 1, hint: command.hint }, context.operation);
    const [found] = documents;
    if (!found) return undefined;
    const current = collection.findById(found._id);
    if (current === found) return found;
    if (attempt >= 10 && current && matcher.test(current)) return current;
  }
}
