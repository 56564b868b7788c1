import { mkdirSync } from 'node:fs';
import { ALL_REGION_CODES, regionNameOf } from '../kernel';
import { DEVELOPMENT_AGENCIES } from '../platform/agencies';
import { ConfigError, DEVELOPMENT_TOKEN_SECONDS } from '../platform/config';
import { signClientToken } from '../platform/identity';
import { createLogger } from '../platform/logger';
import { DatabaseUnreachableError } from '../services/regional/data/connect';
import { developmentSecrets, startSystem, systemEnvironment, systemOptions, type RunningSystem } from './system';

/**
 * `npm start`: the whole system on one machine: the embedded database engine (unless every region has a
 * MONGODB_URI_<REGION>), the three regional subgraphs as separate processes, seeding on first start, and the
 * gateway. Prints URLs and development tokens when all are ready; Ctrl-C or SIGTERM stops everything cleanly.
 */
let logger = createLogger('start');

function banner(system: RunningSystem, tokens: Record<string, string>): string {
  const gateway = system.gatewayUrl.replace(/\/graphql$/, '');
  return [
    '',
    '  JJJ Hub is running (京津冀市场监管数据共享平台)',
    `  公众页面 (public page)        ${gateway}/`,
    `  GraphQL API + subscriptions  ${gateway}/graphql   (${gateway.replace(/^http/, 'ws')}/graphql)`,
    `  GraphiQL                     ${gateway}/graphiql`,
    `  Health                       ${gateway}/health`,
    ...ALL_REGION_CODES.map((region) => `  ${regionNameOf(region).padEnd(8)} subgraph           ${system.regionUrls[region]}/graphql`),
    '',
    `  Development tokens (send as "Authorization: Bearer <token>", valid ${DEVELOPMENT_TOKEN_SECONDS / 86_400} days):`,
    ...Object.entries(tokens).map(([name, token]) => `  ${name.padEnd(7)} ${DEVELOPMENT_AGENCIES[name as keyof typeof DEVELOPMENT_AGENCIES].agencyName}\n          ${token}`),
    '',
    '  Ctrl-C stops everything.',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const environment = systemEnvironment();
  logger = createLogger('start', {}, environment.logLevel);
  mkdirSync(environment.dataDir, { recursive: true });
  const secrets = developmentSecrets(environment.dataDir, environment);
  const tokens = Object.fromEntries(Object.entries(DEVELOPMENT_AGENCIES).map(([name, identity]) => [name, signClientToken(identity, secrets.jwtSecret, DEVELOPMENT_TOKEN_SECONDS)]));
  let system: RunningSystem | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping all processes');
    await system?.stop();
    logger.info('all processes stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  system = await startSystem(systemOptions(secrets, {
    host: environment.host,
    ports: environment.ports,
    dataDir: environment.dataDir,
    engines: environment.engines,
    mongodbUris: environment.mongodbUris,
    databaseNames: environment.databaseNames,
    seed: 'if-empty',
    buildWebApp: true,
    developmentTokens: tokens,
    forwardOutput: (line) => process.stdout.write(`${line}\n`),
    progress: (message) => logger.info(message),
    seedProgress: (line) => logger.info(line),
  }));
  process.stderr.write(`${banner(system, tokens)}\n`);
}

main().catch((error: unknown) => {
  const readable = error instanceof ConfigError || error instanceof DatabaseUnreachableError;
  logger.fatal({ err: readable ? (error as Error).message : String((error as Error)?.stack ?? error) }, 'start failed');
  if (readable) process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
