import type { Logger } from 'pino';
import { exitWithParent, stopWithParent } from './childProcess';
import { ConfigError } from './config';
import { discardLogOutput } from './logger';

/** How long a clean stop may take before the process exits anyway. */
const STOP_GRACE_MS = 10_000;

export interface StartedServer {
  logger: Logger;
  stop(): Promise<void>;
}

/**
 * The entry of a server process (engine, regional service, gateway): starts it, stops it cleanly on SIGTERM,
 * SIGINT or the parent's exit, and on a failed start writes one JSON line with `failedMessage` and exits 1.
 * A configuration problem is printed as its message alone (no stack trace): it is the user's to fix.
 */
export function runServerProcess(name: string, failedMessage: string, start: () => Promise<StartedServer>, isReadable: (error: unknown) => boolean = () => false): void {
  exitWithParent();
  start()
    .then(({ logger, stop }) => {
      let stopping = false;
      const stopOnce = async (reason: string) => {
        if (stopping) return;
        stopping = true;
        // A step that cannot finish (e.g. closing a client of a database that is gone) must not keep the process alive.
        const deadline = setTimeout(() => {
          logger.warn({ graceMs: STOP_GRACE_MS }, 'did not stop cleanly in time; exiting');
          process.exit(1);
        }, STOP_GRACE_MS);
        deadline.unref();
        logger.info({ signal: reason }, 'stopping');
        try {
          await stop();
        } catch (error) {
          logger.error({ err: error }, 'stop failed');
          process.exit(1);
        }
        process.exit(0);
      };
      process.once('SIGTERM', () => void stopOnce('SIGTERM'));
      process.once('SIGINT', () => void stopOnce('SIGINT'));
      stopWithParent((reason) => {
        // The parent read this process's output: with it gone, writing logs could block the exit for good.
        discardLogOutput();
        void stopOnce(reason);
      });
    })
    .catch((error: unknown) => {
      const readable = error instanceof ConfigError || isReadable(error);
      const err = readable ? (error as Error).message : String((error as Error | undefined)?.stack ?? error);
      process.stderr.write(`${JSON.stringify({ level: 60, time: Date.now(), pid: process.pid, name, msg: failedMessage, err })}\n`);
      process.exit(1);
    });
}
