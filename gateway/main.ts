import { createLogger } from '../platform/logger';
import { runServerProcess } from '../platform/serverProcess';
import { startTracing } from '../platform/tracing';
import { gatewayConfigFromEnv } from './config';
import { SchemaMismatchError } from './sdlCheck';
import { startGateway } from './server';

/** Gateway process entry: configuration from the environment, clean stop on SIGTERM/SIGINT. */
runServerProcess('gateway', 'gateway failed to start', async () => {
  const config = gatewayConfigFromEnv();
  const logger = createLogger('gateway', {}, config.logLevel);
  const tracing = startTracing('gateway');
  const gateway = await startGateway(config, { logger });
  return {
    logger,
    stop: async () => {
      await gateway.stop();
      await tracing.stop();
    },
  };
}, (error) => error instanceof SchemaMismatchError);
