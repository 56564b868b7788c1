import { exitWithParent, stopWithParent } from '../platform/childProcess';
import { createLogger } from '../platform/logger';
import { GatewayConfigError, gatewayConfigFromEnv } from './config';
import { SchemaMismatchError } from './sdlCheck';
import { startGateway } from './server';

/** Gateway process entry; configuration from the environment, clean stop on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  exitWithParent();
  const logger = createLogger('gateway');
  const config = gatewayConfigFromEnv();
  if (process.env.DEV_TOKENS_JSON) config.developmentTokens = JSON.parse(process.env.DEV_TOKENS_JSON) as Record<string, string>;
  const gateway = await startGateway(config, { logger });
  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await gateway.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  stopWithParent((reason) => void stop(reason));
}

main().catch((error) => {
  const readable = error instanceof GatewayConfigError || error instanceof SchemaMismatchError;
  console.error(JSON.stringify({ level: 60, name: 'gateway', msg: 'gateway failed to start', err: readable ? error.message : String(error?.stack ?? error) }));
  process.exit(1);
});
