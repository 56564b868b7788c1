/** Small shared helpers for the engine conformance suite (not a test file). */
import { MongoServerError, type Db, type Document, type ObjectId, type UpdateFilter } from 'mongodb';
import { openTestMongo, uniqueDbName, type TestMongo } from '../helpers/mongo';

/**
 * Awaits `p`, expects it to reject with a MongoServerError (a server reply, not a
 * client-side validation error), optionally with the given code, and returns it.
 */
export async function expectServerError(p: Promise<unknown>, code?: number): Promise<MongoServerError> {
  let result: unknown;
  try {
    result = await p;
  } catch (err) {
    expect(err).toBeInstanceOf(MongoServerError);
    const e = err as MongoServerError;
    if (code !== undefined) expect(e.code).toBe(code);
    return e;
  }
  throw new Error(`expected a MongoServerError${code !== undefined ? ` (code ${code})` : ''}, got a result: ${safeJson(result)}`);
}

function safeJson(x: unknown): string {
  try {
    return JSON.stringify(x);
  } catch {
    return String(x);
  }
}

/**
 * Opens the test MongoDB for one test file with its own database, and registers
 * afterAll to drop it and close. Usage:
 *   const ctx = useTestDb('crud');
 *   ... ctx.db.collection('x') ...
 */
export function useTestDb(prefix: string): { readonly db: Db; readonly m: TestMongo; readonly dbName: string } {
  const dbName = uniqueDbName(prefix);
  let m: TestMongo | undefined;
  beforeAll(async () => {
    m = await openTestMongo({ dbNames: [dbName] });
  });
  afterAll(async () => {
    await m?.close();
  });
  return {
    get m() {
      if (!m) throw new Error('test MongoDB not open');
      return m;
    },
    get db() {
      if (!m) throw new Error('test MongoDB not open');
      return m.client.db(dbName);
    },
    dbName,
  };
}

/** Values of `field` in order. */
export function pluck<T = unknown>(docs: Document[], field: string): T[] {
  return docs.map((d) => d[field] as T);
}

/** A document with an _id of any type (the driver's default typing assumes ObjectId). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDoc = { _id?: string | number | ObjectId | Date | Document; [key: string]: any };

/** Types an update document for a Collection<AnyDoc> (the driver's operator typings are strict). */
export const U = (u: Document): UpdateFilter<AnyDoc> => u as UpdateFilter<AnyDoc>;
