import { isAbsolute, join } from 'node:path';
import { ALL_REGION_CODES, type RegionCode } from '../../kernel';
import { REPO_ROOT } from '../../platform/childProcess';
import { DEFAULT_DATA_DIR, DEFAULT_HOST, DEFAULT_LOG_LEVEL, DEFAULT_METRICS_PORTS, DEFAULT_PORTS, isProduction, LOG_LEVELS, nodeFlags, oneOf, optionalMongodbUri, optionalSecret, port, readEnvironment, text, type LogLevel } from '../../platform/config';

function perRegion<T>(prefix: string, make: (region: RegionCode) => T): Record<`${string}_${RegionCode}`, T> {
  return Object.fromEntries(ALL_REGION_CODES.map((region) => [`${prefix}_${region}`, make(region)]));
}

const SYSTEM_ENVIRONMENT = {
  HOST: text(DEFAULT_HOST),
  PORT: port(DEFAULT_PORTS.gateway),
  ENGINE_PORT: port(DEFAULT_PORTS.engine),
  ENGINES: oneOf(['shared', 'per-region'] as const, 'shared'),
  ENGINE_NODE_FLAGS: nodeFlags(),
  DATA_DIR: text(DEFAULT_DATA_DIR),
  JWT_SECRET: optionalSecret(16, 'the secret that verifies client tokens'),
  INTERNAL_IDENTITY_SECRET: optionalSecret(16, 'the secret the gateway and the regional services share'),
  ...perRegion('REGION_PORT', (region) => port(DEFAULT_PORTS[region])),
  METRICS_PORT: port(DEFAULT_METRICS_PORTS.gateway),
  ...perRegion('REGION_METRICS_PORT', (region) => port(DEFAULT_METRICS_PORTS[region])),
  SEED: oneOf(['if-empty', 'always', 'never'] as const, 'if-empty'),
  ...perRegion('MONGODB_URI', () => optionalMongodbUri()),
  ...perRegion('MONGODB_DB', () => text('')),
  GATEWAY_MONGODB_URI: optionalMongodbUri(),
  LOG_LEVEL: oneOf(LOG_LEVELS, DEFAULT_LOG_LEVEL),
};

export interface SystemEnvironment {
  /** NODE_ENV=production: secrets required, no development tokens, no web build, no seeding unless SEED is set. */
  production: boolean;
  host: string;
  ports: Record<'gateway' | 'engine' | RegionCode, number>;
  metricsPorts: Record<'gateway' | RegionCode, number>;
  seed: 'if-empty' | 'always' | 'never';
  engines: 'shared' | 'per-region';
  /** Node/V8 flags of the embedded engine processes (heap and young-generation sizes for millions of documents). */
  engineNodeFlags: string[];
  dataDir: string;
  jwtSecret: string | null;
  internalIdentitySecret: string | null;
  mongodbUris: Partial<Record<RegionCode, string>>;
  databaseNames: Partial<Record<RegionCode, string>>;
  /** The gateway's operational database; null: the embedded engine. */
  gatewayMongodbUri: string | null;
  logLevel: LogLevel;
}

/** What `npm start` reads from its environment (the servers it starts validate their own variables too). */
export function systemEnvironment(env: NodeJS.ProcessEnv = process.env): SystemEnvironment {
  const production = isProduction(env);
  const values = readEnvironment(production ? 'production (npm run start:prod)' : 'system (npm start)', SYSTEM_ENVIRONMENT, env, (parsed) => [
    ...(parsed.JWT_SECRET && parsed.JWT_SECRET === parsed.INTERNAL_IDENTITY_SECRET ? ['JWT_SECRET and INTERNAL_IDENTITY_SECRET must differ'] : []),
    // Development generates the secrets into the data folder; production never invents one.
    ...(production && !parsed.JWT_SECRET ? ['JWT_SECRET must be set in production: the secret that verifies client tokens, at least 16 characters'] : []),
    ...(production && !parsed.INTERNAL_IDENTITY_SECRET ? ['INTERNAL_IDENTITY_SECRET must be set in production: the secret the gateway and the regional services share, at least 16 characters'] : []),
  ]);
  const byRegion = <T>(prefix: string, value: (raw: unknown) => T | undefined) =>
    Object.fromEntries(ALL_REGION_CODES.flatMap((region) => {
      const found = value((values as Record<string, unknown>)[`${prefix}_${region}`]);
      return found === undefined ? [] : [[region, found]];
    })) as Partial<Record<RegionCode, T>>;
  return {
    production,
    host: values.HOST,
    ports: { gateway: values.PORT, engine: values.ENGINE_PORT, ...(byRegion('REGION_PORT', (raw) => raw as number) as Record<RegionCode, number>) },
    metricsPorts: { gateway: values.METRICS_PORT, ...(byRegion('REGION_METRICS_PORT', (raw) => raw as number) as Record<RegionCode, number>) },
    // Production databases are never filled with sample data unless asked.
    seed: env.SEED?.trim() ? values.SEED : production ? 'never' : 'if-empty',
    engines: values.ENGINES,
    engineNodeFlags: values.ENGINE_NODE_FLAGS,
    dataDir: isAbsolute(values.DATA_DIR) ? values.DATA_DIR : join(REPO_ROOT, values.DATA_DIR),
    jwtSecret: values.JWT_SECRET,
    internalIdentitySecret: values.INTERNAL_IDENTITY_SECRET,
    mongodbUris: byRegion('MONGODB_URI', (raw) => (typeof raw === 'string' ? raw : undefined)),
    databaseNames: byRegion('MONGODB_DB', (raw) => (typeof raw === 'string' && raw !== '' ? raw : undefined)),
    gatewayMongodbUri: values.GATEWAY_MONGODB_URI,
    logLevel: values.LOG_LEVEL,
  };
}
