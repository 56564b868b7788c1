import type { Document } from 'bson';
import type { Logger } from 'pino';
import { invalidNamespace, typeMismatch } from '../errors';
import type { Operation, OperationRegistry } from '../operations';
import type { Storage } from '../storage/storage';
import type { CursorRegistry } from './cursorRegistry';

export interface CommandContext {
  storage: Storage;
  cursors: CursorRegistry;
  database: string;
  connectionId: number;
  logger?: Logger;
  /** The running command: long work ticks and pauses through it (deadline, closed connection, killOp). */
  operation: Operation;
  operations: OperationRegistry;
}

export type CommandHandler = (command: Document, context: CommandContext) => Document | Promise<Document>;

/** The collection name a command addresses in its first field, validated. */
export function collectionNameOf(command: Document, commandName: string): string {
  const name = command[commandName];
  if (typeof name !== 'string' || name.length === 0) {
    throw invalidNamespace(`collection name has invalid type ${name === null ? 'null' : typeof name}`);
  }
  return name;
}

export function optionalNumber(command: Document, field: string): number | undefined {
  const value = command[field];
  if (value === undefined || value === null) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number)) throw typeMismatch(`'${field}' must be a number`);
  return number;
}
