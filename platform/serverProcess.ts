import type { Logger } from 'pino';
import { exitWithParent, stopWithParent } from './childProcess';
import { ConfigError } from './config';

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
        logger.info({ signal: reason }, 'stopping');
        await stop();
        process.exit(0);
      };
      process.once('SIGTERM', () => void stopOnce('SIGTERM'));
      process.once('SIGINT', () => void stopOnce('SIGINT'));
      stopWithParent((reason) => void stopOnce(reason));
    })
    .catch((error: unknown) => {
      const readable = error instanceof ConfigError || isReadable(error);
      const err = readable ? (error as Error).message : String((error as Error | undefined)?.stack ?? error);
      process.stderr.write(`${JSON.stringify({ level: 60, time: Date.now(), pid: process.pid, name, msg: failedMessage, err })}\n`);
      process.exit(1);
    });
}
