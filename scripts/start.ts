import { mkdirSync } from 'node:fs';
import { ALL_REGION_CODES, regionNameOf } from '../kernel';
import { DEVELOPMENT_AGENCIES } from '../platform/agencies';
import { ConfigError, DEVELOPMENT_TOKEN_SECONDS } from '../platform/config';
import { signClientToken } from '../platform/identity';
import { createLogger } from '../platform/logger';
import { DatabaseUnreachableError } from '../services/regional/data/connect';
import { developmentSecrets, startSystem, systemEnvironment, systemOptions, type RunningSystem } from './system';

/**
 * `npm start` (and, compiled, `npm run start:prod`): the whole system on one machine: the embedded database engine (unless every region has a
 * MONGODB_URI_<REGION>), the three regional subgraphs as separate processes, seeding on first start, and the
 * gateway. Prints URLs and development tokens when all are ready; Ctrl-C or SIGTERM stops everything cleanly.
 */
let logger = createLogger('start');

function banner(system: RunningSystem, tokens: Record<string, string> | null): string {
  const gateway = system.gatewayUrl.replace(/\/graphql$/, '');
  return [
    '',
    `  JJJ Hub is running (京津冀市场监管数据共享平台)${tokens ? '' : ' in production mode'}`,
    `  公众页面 (public page)        ${gateway}/`,
    `  GraphQL API + subscriptions  ${gateway}/graphql   (${gateway.replace(/^http/, 'ws')}/graphql)`,
    ...(tokens || process.env.GRAPHIQL ? [`  GraphiQL                     ${gateway}/graphiql`] : []),
    `  Health                       ${gateway}/health   (${gateway}/health/live, ${gateway}/health/ready)`,
    ...ALL_REGION_CODES.map((region) => `  ${regionNameOf(region).padEnd(8)} subgraph           ${system.regionUrls[region]}/graphql`),
    '',
    ...(tokens
      ? [
          `  Development tokens (send as "Authorization: Bearer <token>", valid ${DEVELOPMENT_TOKEN_SECONDS / 3600} hours):`,
          ...Object.entries(tokens).map(([name, token]) => `  ${name.padEnd(7)} ${DEVELOPMENT_AGENCIES[name as keyof typeof DEVELOPMENT_AGENCIES].agencyName}\n          ${token}`),
        ]
      : ['  Agency tokens: issued by the bureaus\' identity provider, or `npm run token -- --agency <id>` with JWT_SECRET set.']),
    '',
    '  Ctrl-C stops everything.',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const environment = systemEnvironment();
  logger = createLogger('start', {}, environment.logLevel);
  mkdirSync(environment.dataDir, { recursive: true });
  // Production (checked by systemEnvironment) has both secrets given; development generates what is missing.
  const secrets = environment.production
    ? { jwtSecret: environment.jwtSecret!, internalIdentitySecret: environment.internalIdentitySecret! }
    : developmentSecrets(environment.dataDir, environment);
  const tokens = environment.production
    ? null
    : Object.fromEntries(Object.entries(DEVELOPMENT_AGENCIES).map(([name, identity]) => [name, signClientToken(identity, secrets.jwtSecret, DEVELOPMENT_TOKEN_SECONDS)]));
  let stopping = false;
  const starting = startSystem(systemOptions(secrets, {
    host: environment.host,
    ports: environment.ports,
    metricsPorts: environment.metricsPorts,
    dataDir: environment.dataDir,
    engines: environment.engines,
    engineNodeFlags: environment.engineNodeFlags,
    mongodbUris: environment.mongodbUris,
    databaseNames: environment.databaseNames,
    ...(environment.gatewayMongodbUri ? { gatewayMongodbUri: environment.gatewayMongodbUri } : {}),
    seed: environment.seed,
    buildWebApp: !environment.production,
    forwardOutput: (line) => process.stdout.write(`${line}\n`),
    progress: (message) => logger.info(message),
    seedProgress: (line) => logger.info(line),
  }));
  // SIGTERM or SIGINT (Ctrl-C, or forwarded by npm) stops every child and waits for them, also mid-start.
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping all processes');
    const system = await starting.catch(() => undefined);
    await system?.stop();
    logger.info('all processes stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  // SIGHUP: every regional service reads its holiday calendar again (a year file dropped into CALENDAR_DIR).
  process.on('SIGHUP', () => {
    void starting.then((system) => {
      for (const region of ALL_REGION_CODES) system.regionProcess(region)?.kill('SIGHUP');
    }, () => undefined);
  });
  // Whoever started this (npm, a shell, a supervisor) died without a signal reaching this process: stop too.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void stop('parent process exited');
  }, 1000).unref();
  const system = await starting;
  if (!stopping) process.stderr.write(`${banner(system, tokens)}\n`);
}

main().catch((error: unknown) => {
  const readable = error instanceof ConfigError || error instanceof DatabaseUnreachableError;
  logger.fatal({ err: readable ? (error as Error).message : String((error as Error)?.stack ?? error) }, 'start failed');
  if (readable) process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
