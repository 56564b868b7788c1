import { createLogger, logReady } from '../../platform/logger';
import { runServerProcess } from '../../platform/serverProcess';
import { engineConfigFromEnv } from './config';
import { startEngine } from './index';

/** Engine process entry: ENGINE_PORT, ENGINE_HOST, ENGINE_DATA_DIR; stops cleanly on SIGTERM/SIGINT. */
runServerProcess('engine', 'engine failed to start', async () => {
  const config = engineConfigFromEnv();
  const logger = createLogger('engine', {}, config.logLevel);
  const engine = await startEngine({ port: config.port, host: config.host, dataDir: config.dataDir, compactAfterBytes: config.compactAfterBytes, logger });
  logReady(logger, { port: engine.port, uri: engine.uri, dataDir: config.dataDir }, 'engine listening');
  return {
    logger,
    stop: async () => {
      await engine.close();
      logger.info('engine stopped');
    },
  };
});
