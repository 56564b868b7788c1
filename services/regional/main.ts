import { createLogger } from '../../platform/logger';
import { runServerProcess } from '../../platform/serverProcess';
import { startTracing } from '../../platform/tracing';
import { regionalConfigFromEnv } from './config';
import { DatabaseUnreachableError } from './data/connect';
import { startRegionalService } from './server';

/** Process entry for one regional deployment (REGION, PORT, MONGODB_URI, …); stops cleanly on SIGTERM/SIGINT. */
runServerProcess('regional', 'regional subgraph failed to start', async () => {
  const config = regionalConfigFromEnv();
  const logger = createLogger('regional', { region: config.region }, config.logLevel);
  const tracing = startTracing(`regional-${config.region}`);
  const service = await startRegionalService(config, logger);
  // SIGHUP: read the holiday calendar again (an operator dropped a year file into CALENDAR_DIR).
  process.on('SIGHUP', () => void service.reloadCalendar());
  return {
    logger,
    stop: async () => {
      await service.stop();
      await tracing.stop();
    },
  };
}, (error) => error instanceof DatabaseUnreachableError);
