import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { ALL_REGION_CODES, regionNameOf, type RegionCode } from '../kernel';
import { DEVELOPMENT_AGENCIES } from '../platform/agencies';
import { startTsProcess, REPO_ROOT, type ManagedProcess } from '../platform/childProcess';
import { signClientToken } from '../platform/identity';
import { createLogger } from '../platform/logger';
import { defaultDatabaseName } from '../services/regional/model';
import { seedRegion } from '../seeds/seedRegion';

/**
 * `npm start`: the whole system on one machine: the embedded database engine (unless every region has a
 * MONGODB_URI_<REGION>), the three regional subgraphs as separate processes, seeding on first start, and the
 * gateway. Prints URLs and development tokens when all are ready; Ctrl-C stops everything cleanly.
 */
const logger = createLogger('start');
const env = process.env;
const dataDir = env.DATA_DIR ?? join(REPO_ROOT, '.data');
function port(name: string, fallback: number): number {
  const raw = env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    process.stderr.write(`Invalid configuration: ${name} must be a port number from 1 to 65535 (got "${raw}")\n`);
    process.exit(2);
  }
  return value;
}

const ports = {
  engine: port('ENGINE_PORT', 27018),
  gateway: port('PORT', 4000),
  BJ: port('REGION_PORT_BJ', 4001),
  TJ: port('REGION_PORT_TJ', 4002),
  HE: port('REGION_PORT_HE', 4003),
};

function secrets(): { jwtSecret: string; internalIdentitySecret: string } {
  if (env.JWT_SECRET && env.INTERNAL_IDENTITY_SECRET) return { jwtSecret: env.JWT_SECRET, internalIdentitySecret: env.INTERNAL_IDENTITY_SECRET };
  const file = join(dataDir, 'dev-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const generated = { jwtSecret: randomBytes(32).toString('hex'), internalIdentitySecret: randomBytes(32).toString('hex') };
  writeFileSync(file, JSON.stringify(generated), { mode: 0o600 });
  return generated;
}

const children: ManagedProcess[] = [];
const forward = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const { jwtSecret, internalIdentitySecret } = secrets();
  const uris = {} as Record<RegionCode, string>;
  const needEngine = ALL_REGION_CODES.some((region) => !env[`MONGODB_URI_${region}`]);
  if (needEngine) {
    const engine = startTsProcess('engine', 'services/engine/main.ts', { ENGINE_PORT: String(ports.engine), ENGINE_DATA_DIR: join(dataDir, 'engine') }, { readyMessage: 'engine listening', forwardOutput: forward });
    children.push(engine);
    const { uri } = (await engine.ready) as { uri: string };
    for (const region of ALL_REGION_CODES) uris[region] = env[`MONGODB_URI_${region}`] ?? uri;
  } else {
    for (const region of ALL_REGION_CODES) uris[region] = env[`MONGODB_URI_${region}`]!;
  }

  for (const region of ALL_REGION_CODES) {
    const client = await MongoClient.connect(uris[region]);
    try {
      const db = client.db(env[`MONGODB_DB_${region}`] ?? defaultDatabaseName(region));
      if ((await db.collection('recalls').estimatedDocumentCount()) === 0) {
        logger.info({ region }, 'first start: seeding');
        await seedRegion(db, region);
      }
    } finally {
      await client.close();
    }
  }

  const regionBaseUrls = {} as Record<RegionCode, string>;
  const regionals = ALL_REGION_CODES.map((region) => {
    regionBaseUrls[region] = `http://127.0.0.1:${ports[region]}`;
    const child = startTsProcess(`regional-${region}`, 'services/regional/main.ts', {
      REGION: region,
      PORT: String(ports[region]),
      MONGODB_URI: uris[region],
      ...(env[`MONGODB_DB_${region}`] ? { MONGODB_DB: env[`MONGODB_DB_${region}`] } : {}),
      INTERNAL_IDENTITY_SECRET: internalIdentitySecret,
    }, { readyMessage: 'regional subgraph listening', forwardOutput: forward });
    children.push(child);
    return child.ready;
  });
  await Promise.all(regionals);

  const tokens = Object.fromEntries(Object.entries(DEVELOPMENT_AGENCIES).map(([name, identity]) => [name, signClientToken(identity, jwtSecret, 30 * 24 * 3600)]));
  const gateway = startTsProcess('gateway', 'gateway/main.ts', {
    PORT: String(ports.gateway),
    JWT_SECRET: jwtSecret,
    INTERNAL_IDENTITY_SECRET: internalIdentitySecret,
    DEV_TOKENS_JSON: JSON.stringify(tokens),
    ...Object.fromEntries(ALL_REGION_CODES.map((region) => [`REGION_URL_${region}`, regionBaseUrls[region]])),
  }, { readyMessage: 'gateway listening', forwardOutput: forward });
  children.push(gateway);
  await gateway.ready;

  const banner = [
    '',
    '  JJJ Hub is running (京津冀市场监管数据共享平台)',
    `  GraphQL API + subscriptions  http://127.0.0.1:${ports.gateway}/graphql   (ws://127.0.0.1:${ports.gateway}/graphql)`,
    `  GraphiQL                     http://127.0.0.1:${ports.gateway}/graphiql`,
    `  Health                       http://127.0.0.1:${ports.gateway}/health`,
    ...ALL_REGION_CODES.map((region) => `  ${regionNameOf(region).padEnd(8)} subgraph           ${regionBaseUrls[region]}/graphql`),
    '',
    '  Development tokens (send as "Authorization: Bearer <token>", valid 30 days):',
    ...Object.entries(tokens).map(([name, token]) => `  ${name.padEnd(7)} ${DEVELOPMENT_AGENCIES[name as keyof typeof DEVELOPMENT_AGENCIES].agencyName}\n          ${token}`),
    '',
    '  Ctrl-C stops everything.',
    '',
  ];
  process.stderr.write(`${banner.join('\n')}\n`);
}

let stopping = false;
async function stopAll(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'stopping all processes');
  for (const child of [...children].reverse()) await child.stop();
  logger.info('all processes stopped');
  process.exit(0);
}

process.once('SIGINT', () => void stopAll('SIGINT'));
process.once('SIGTERM', () => void stopAll('SIGTERM'));
main().catch(async (error) => {
  logger.fatal({ err: error instanceof Error ? error.message : error }, 'start failed');
  for (const child of [...children].reverse()) await child.stop(2000);
  process.exit(1);
});
