/** A command failure carrying MongoDB's numeric error code and code name, as the driver expects them. */
export class MongoCommandError extends Error {
  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'MongoCommandError';
  }
}

export const badValue = (message: string) => new MongoCommandError(2, 'BadValue', message);
export const failedToParse = (message: string) => new MongoCommandError(9, 'FailedToParse', message);
export const typeMismatch = (message: string) => new MongoCommandError(14, 'TypeMismatch', message);
export const illegalOperation = (message: string) => new MongoCommandError(20, 'IllegalOperation', message);
export const namespaceNotFound = (message: string) => new MongoCommandError(26, 'NamespaceNotFound', message);
export const indexNotFound = (message: string) => new MongoCommandError(27, 'IndexNotFound', message);
export const cursorNotFound = (id: number) => new MongoCommandError(43, 'CursorNotFound', `cursor id ${id} not found`);
export const namespaceExists = (message: string) => new MongoCommandError(48, 'NamespaceExists', message);
export const dollarPrefixedFieldName = (message: string) => new MongoCommandError(52, 'DollarPrefixedFieldName', message);
export const commandNotFound = (name: string) => new MongoCommandError(59, 'CommandNotFound', `no such command: '${name}'`);
export const immutableField = (message: string) => new MongoCommandError(66, 'ImmutableField', message);
export const invalidNamespace = (message: string) => new MongoCommandError(73, 'InvalidNamespace', message);
export const indexOptionsConflict = (message: string) => new MongoCommandError(85, 'IndexOptionsConflict', message);
export const indexKeySpecsConflict = (message: string) => new MongoCommandError(86, 'IndexKeySpecsConflict', message);
export const objectTooLarge = (message: string) => new MongoCommandError(10334, 'BSONObjectTooLarge', message);

/**
 * Interruptions, as MongoDB reports them: the command fails as a whole (`ok: 0`), also a write command that has
 * applied a prefix of its work (MongoDB's write path rethrows interruptions instead of listing them as writeErrors).
 */
export const maxTimeMSExpired = () => new MongoCommandError(50, 'MaxTimeMSExpired', 'operation exceeded time limit');
export const clientDisconnected = () => new MongoCommandError(279, 'ClientDisconnect', 'operation was interrupted because a client disconnected');
export const interrupted = () => new MongoCommandError(11601, 'Interrupted', 'operation was interrupted');
export const queryPlanKilled = (message: string) => new MongoCommandError(175, 'QueryPlanKilled', message);
export const indexBuildAborted = (message: string) => new MongoCommandError(276, 'IndexBuildAborted', message);

export class DuplicateKeyError extends MongoCommandError {
  constructor(ns: string, indexName: string, keyPattern: Record<string, unknown>, keyValue: Record<string, unknown>) {
    super(
      11000,
      'DuplicateKey',
      `E11000 duplicate key error collection: ${ns} index: ${indexName} dup key: ${formatKeyValue(keyValue)}`,
      { keyPattern, keyValue },
    );
  }
}

function formatKeyValue(keyValue: Record<string, unknown>): string {
  const parts = Object.entries(keyValue).map(([field, value]) => `${field}: ${formatValue(value)}`);
  return `{ ${parts.join(', ')} }`;
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object' && 'toHexString' in value) return `ObjectId('${(value as { toHexString(): string }).toHexString()}')`;
  return String(value);
}

/** Translates what mingo throws for unknown operators into MongoDB's error shapes. */
export function fromQueryEngineError(error: unknown): MongoCommandError {
  if (error instanceof MongoCommandError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/unregistered pipeline operator|Unrecognized pipeline stage/i.test(message)) {
    return new MongoCommandError(40324, 'Location40324', `Unrecognized pipeline stage name: ${message}`);
  }
  if (/Unknown update operator/i.test(message)) {
    return failedToParse(`Unknown modifier: ${message}`);
  }
  return badValue(message);
}
