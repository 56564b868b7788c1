import type { Document } from 'bson';
import { applyUpdate, prepareInsert, upsertSeed, type UpdateSpec } from '../documents';
import { badValue, illegalOperation, MongoCommandError } from '../errors';
import { runQuery } from '../query/execute';
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

export const insert: CommandHandler = async (command, context) => {
  assertNoTransaction(command);
  const collection = context.storage.ensureCollection(context.database, collectionNameOf(command, 'insert'));
  const documents = documentsArgument(command, 'documents');
  const ordered = command.ordered !== false;
  const errors: Document[] = [];
  let inserted = 0;
  for (const [index, raw] of documents.entries()) {
    try {
      context.storage.insertDocument(collection, prepareInsert(raw));
      inserted++;
    } catch (error) {
      errors.push(writeError(index, error));
      if (ordered) break;
    }
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

function runUpdateStatement(statement: UpdateStatement, context: CommandContext, collectionName: string) {
  if (!statement || typeof statement.u !== 'object' || statement.u === null) throw badValue("update statement is missing the 'u' field");
  const collection = context.storage.ensureCollection(context.database, collectionName);
  const { documents } = runQuery(collection, { filter: statement.q ?? {}, limit: statement.multi ? 0 : 1, hint: statement.hint });
  if (documents.length === 0 && statement.upsert) {
    const seed = upsertSeed(statement.q ?? {});
    const { document } = applyUpdate(seed, statement.u, { arrayFilters: statement.arrayFilters, inserting: true });
    const prepared = prepareInsert(document);
    context.storage.insertDocument(collection, prepared);
    return { matched: 0, modified: 0, upsertedId: prepared._id as unknown, document: prepared };
  }
  let modified = 0;
  let last: Document | undefined;
  for (const previous of documents) {
    const { document, modified: changed } = applyUpdate(previous, statement.u, { arrayFilters: statement.arrayFilters, query: statement.q });
    if (changed) {
      context.storage.replaceDocument(collection, previous, document);
      modified++;
    }
    last = document;
  }
  return { matched: documents.length, modified, upsertedId: undefined, document: last };
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
  for (const [index, statement] of statements.entries()) {
    try {
      const result = runUpdateStatement(statement, context, collectionName);
      matched += result.matched;
      modified += result.modified;
      if (result.upsertedId !== undefined) upserted.push({ index, _id: result.upsertedId });
    } catch (error) {
      errors.push(writeError(index, error));
      if (ordered) break;
    }
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
  for (const [index, statement] of statements.entries()) {
    try {
      if (!collection) continue;
      const { documents } = runQuery(collection, { filter: statement.q ?? {}, limit: statement.limit === 1 ? 1 : 0, hint: statement.hint });
      for (const document of documents) context.storage.deleteDocument(collection, document);
      deleted += documents.length;
    } catch (error) {
      errors.push(writeError(index, error));
      if (ordered) break;
    }
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
  const [previous] = runQuery(collection, { filter: query, sort: command.sort, limit: 1, hint: command.hint }).documents;
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
