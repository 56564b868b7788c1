/**
 * Test helper: a MongoDB to test against.
 *
 * - With `MONGODB_URI` set, connects to that (real) MongoDB. `embedded` is false and
 *   `restart` is undefined.
 * - Otherwise starts the project's embedded engine in-process on a random loopback
 *   port with a fresh temporary data directory. `restart()` closes the client and the
 *   engine, starts a new engine on the same data directory and returns a new client
 *   (also stored in `handle.client`).
 *
 * Each test file should work in its own database (see `uniqueDbName`) so the suite can
 * run against a shared real MongoDB; `close()` drops the databases named in
 * `dropOnClose` before disconnecting.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MongoClient, type MongoClientOptions } from 'mongodb';

/** The engine's contract (services/engine/index.ts), restated so the helper loads it lazily. */
export interface EngineOptions {
  port?: number;
  host?: string;
  dataDir?: string;
}
export interface RunningEngine {
  uri: string;
  port: number;
  close(): Promise<void>;
}
interface EngineModule {
  startEngine(options?: EngineOptions): Promise<RunningEngine>;
}

export interface TestMongo {
  client: MongoClient;
  uri: string;
  embedded: boolean;
  dataDir?: string;
  /** Embedded only: stop the engine, start a new one on the same data dir, reconnect. */
  restart?: () => Promise<MongoClient>;
  /** Databases dropped by close(). */
  dropOnClose: string[];
  close(): Promise<void>;
}

export interface OpenTestMongoOptions {
  /** Databases to drop when closing (the test file's own database(s)). */
  dbNames?: string[];
  clientOptions?: MongoClientOptions;
}

let counter = 0;

/** A database name unique to this process and call, safe on a shared real MongoDB. */
export function uniqueDbName(prefix: string): string {
  counter += 1;
  const clean = prefix.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 24);
  const rand = Math.random().toString(36).slice(2, 8);
  return `t_${clean}_${process.pid}_${counter}_${rand}`;
}

export function loadEngine(): EngineModule {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return require('../../services/engine/index') as EngineModule;
}

export function isRealMongo(): boolean {
  return !!process.env.MONGODB_URI;
}

const DEFAULT_CLIENT_OPTIONS: MongoClientOptions = {
  serverSelectionTimeoutMS: 10_000,
};

export async function openTestMongo(options: OpenTestMongoOptions = {}): Promise<TestMongo> {
  const clientOptions = { ...DEFAULT_CLIENT_OPTIONS, ...options.clientOptions };
  const dropOnClose = [...(options.dbNames ?? [])];
  const externalUri = process.env.MONGODB_URI;

  if (externalUri) {
    const client = new MongoClient(externalUri, clientOptions);
    await client.connect();
    const handle: TestMongo = {
      client,
      uri: externalUri,
      embedded: false,
      dropOnClose,
      async close() {
        try {
          for (const name of handle.dropOnClose) {
            await handle.client.db(name).dropDatabase().catch(() => undefined);
          }
        } finally {
          await handle.client.close();
        }
      },
    };
    return handle;
  }

  const { startEngine } = loadEngine();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-test-'));
  let engine = await startEngine({ port: 0, dataDir });
  let client = new MongoClient(engine.uri, clientOptions);
  await client.connect();

  const handle: TestMongo = {
    client,
    uri: engine.uri,
    embedded: true,
    dataDir,
    dropOnClose,
    async restart() {
      await handle.client.close();
      await engine.close();
      engine = await startEngine({ port: 0, dataDir });
      client = new MongoClient(engine.uri, clientOptions);
      await client.connect();
      handle.client = client;
      handle.uri = engine.uri;
      return client;
    },
    async close() {
      try {
        for (const name of handle.dropOnClose) {
          await handle.client.db(name).dropDatabase().catch(() => undefined);
        }
      } finally {
        await handle.client.close().catch(() => undefined);
        await engine.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
  return handle;
}
