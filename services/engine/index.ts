import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { CursorRegistry } from './commands/cursorRegistry';
import { OperationRegistry, type OperationStats } from './operations';
import { createWireServer } from './server';
import { Storage } from './storage/storage';
import { watchEventLoop } from './eventLoop';

export interface EngineOptions {
  /** 0 or undefined: a free port chosen by the system. */
  port?: number;
  host?: string;
  /** Directory for the snapshot and journal; undefined keeps everything in memory only. */
  dataDir?: string;
  /** Journal size that triggers a snapshot rewrite. */
  compactAfterBytes?: number;
  logger?: Logger;
}

export interface RunningEngine {
  uri: string;
  port: number;
  /** Rewrites the snapshot and empties the journal. */
  compact(): Promise<void>;
  /**
   * The commands running now and counters of how commands ended (also served as `serverStatus().operations`);
   * emits 'end' (an Operation) and 'stopped' (a StopRecord) as commands finish.
   */
  operations: OperationRegistry;
  operationStats(): OperationStats;
  close(): Promise<void>;
}

/** Starts the embedded MongoDB-wire-compatible engine (recovering its data directory first). */
export async function startEngine(options: EngineOptions = {}): Promise<RunningEngine> {
  const host = options.host ?? '127.0.0.1';
  watchEventLoop();
  const storage = await Storage.open({ dataDir: options.dataDir, compactAfterBytes: options.compactAfterBytes, logger: options.logger });
  const cursors = new CursorRegistry();
  const operations = new OperationRegistry();
  const { server, sockets } = createWireServer({ storage, cursors, operations, logger: options.logger });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    uri: `mongodb://${host}:${port}/?directConnection=true`,
    port,
    compact: () => storage.compact(),
    operations,
    operationStats: () => operations.stats(),
    close: () => {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          for (const socket of sockets) socket.destroy();
        });
        cursors.close();
        await storage.close();
      })();
      return closing;
    },
  };
}
