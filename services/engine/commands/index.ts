import type { Document } from 'bson';
import { commandNotFound, illegalOperation } from '../errors';
import { noteCommandStarted } from '../eventLoop';
import { parseMaxTimeMS, type ConnectionState } from '../operations';
import * as admin from './admin';
import type { CommandContext, CommandHandler } from './context';
import * as read from './read';
import * as write from './write';

const transactionsUnsupported: CommandHandler = () => {
  throw illegalOperation('Transaction numbers are only allowed on a replica set member or mongos');
};

/** Every command the engine answers, by the name the driver sends as the body's first field. */
const HANDLERS: Record<string, CommandHandler> = {
  hello: admin.hello,
  isMaster: admin.hello,
  ismaster: admin.hello,
  ping: admin.ping,
  buildInfo: admin.buildInfo,
  buildinfo: admin.buildInfo,
  connectionStatus: admin.connectionStatus,
  endSessions: admin.noOp,
  killSessions: admin.noOp,
  serverStatus: admin.serverStatus,
  compact: admin.compact,
  collectGarbage: admin.collectGarbage,
  currentOp: admin.currentOp,
  killOp: admin.killOp,
  listDatabases: admin.listDatabases,
  listCollections: admin.listCollections,
  create: admin.create,
  drop: admin.drop,
  dropDatabase: admin.dropDatabase,
  createIndexes: admin.createIndexes,
  listIndexes: admin.listIndexes,
  dropIndexes: admin.dropIndexes,
  deleteIndexes: admin.dropIndexes,
  insert: write.insert,
  update: write.update,
  delete: write.remove,
  findAndModify: write.findAndModify,
  findandmodify: write.findAndModify,
  find: read.find,
  getMore: read.getMore,
  killCursors: read.killCursors,
  count: read.count,
  distinct: read.distinct,
  aggregate: read.aggregate,
  explain: read.explain,
  commitTransaction: transactionsUnsupported,
  abortTransaction: transactionsUnsupported,
};

export function commandName(command: Document): string {
  return Object.keys(command)[0] ?? '';
}

/**
 * Runs one command as an operation of `context.operations`, with the deadline its `maxTimeMS` sets (from the moment
 * the engine starts it, as MongoDB counts). getMore sets its own deadline from the cursor (see read.getMore).
 */
export async function dispatchCommand(
  command: Document,
  context: Omit<CommandContext, 'operation'> & { connection?: ConnectionState },
): Promise<Document> {
  const name = commandName(command);
  const handler = Object.prototype.hasOwnProperty.call(HANDLERS, name) ? HANDLERS[name] : undefined;
  if (!handler) throw commandNotFound(name);
  noteCommandStarted(name, typeof command[name] === 'string' ? command[name] : command.collection);
  const maxTimeMS = name === 'getMore' ? undefined : parseMaxTimeMS(command);
  const { connection, ...rest } = context;
  const operation = context.operations.begin(name, context.database, command, connection, maxTimeMS);
  let failure: unknown;
  try {
    return await handler(command, { ...rest, operation });
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    context.operations.end(operation, failure);
  }
}
