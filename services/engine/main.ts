import { exitWithParent, stopWithParent } from '../../platform/childProcess';
import { createLogger, logReady } from '../../platform/logger';
import { startEngine } from './index';

/** Child-process entry: ENGINE_PORT, ENGINE_HOST, ENGINE_DATA_DIR; stops cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  exitWithParent();
  const logger = createLogger('engine');
  const port = Number(process.env.ENGINE_PORT ?? 27017);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    logger.fatal({ ENGINE_PORT: process.env.ENGINE_PORT }, 'ENGINE_PORT must be an integer between 0 and 65535');
    process.exit(2);
  }
  const dataDir = process.env.ENGINE_DATA_DIR ?? '.data/engine';
  const engine = await startEngine({ port, host: process.env.ENGINE_HOST ?? '127.0.0.1', dataDir, logger });
  logReady(logger, { port: engine.port, uri: engine.uri, dataDir }, 'engine listening');
  const stop = async (signal: string) => {
    logger.info({ signal }, 'engine stopping');
    await engine.close();
    logger.info('engine stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  stopWithParent((reason) => void stop(reason));
}

main().catch((error) => {
  console.error(JSON.stringify({ level: 60, msg: 'engine failed to start', err: String(error?.stack ?? error) }));
  process.exit(1);
});
