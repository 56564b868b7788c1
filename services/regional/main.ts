import { createLogger } from '../../platform/logger';
import { runServerProcess } from '../../platform/serverProcess';
import { regionalConfigFromEnv } from './config';
import { startRegionalService } from './server';

/** Process entry for one regional deployment (REGION, PORT, MONGODB_URI, …); stops cleanly on SIGTERM/SIGINT. */
runServerProcess('regional', 'regional subgraph failed to start', async () => {
  const config = regionalConfigFromEnv();
  const logger = createLogger('regional', { region: config.region }, config.logLevel);
  const service = await startRegionalService(config, logger);
  return { logger, stop: () => service.stop() };
});
