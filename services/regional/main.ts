import { exitWithParent, stopWithParent } from '../../platform/childProcess';
import { createLogger } from '../../platform/logger';
import { ConfigError, regionalConfigFromEnv } from './config';
import { startRegionalService } from './server';

/** Process entry for one regional deployment (REGION, PORT, MONGODB_URI); stops cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  exitWithParent();
  const config = regionalConfigFromEnv();
  const logger = createLogger('regional', { region: config.region });
  const service = await startRegionalService(config, logger);
  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await service.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  stopWithParent((reason) => void stop(reason));
}

main().catch((error) => {
  const message = error instanceof ConfigError ? error.message : String(error?.stack ?? error);
  console.error(JSON.stringify({ level: 60, name: 'regional', msg: 'regional subgraph failed to start', err: message }));
  process.exit(1);
});
