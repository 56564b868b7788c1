/**
 * One config schema per process: every bad value is named in one message, booleans and log levels are
 * checked (not guessed), secrets are never echoed, and JWT_SECRET is honoured on its own by `npm start`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gatewayConfigFromEnv } from '../../gateway/config';
import { CALLER_LIMITS, ConfigError, GATEWAY_DEFAULTS, REGIONAL_DEFAULTS } from '../../platform/config';
import { REPO_ROOT } from '../../platform/childProcess';
import { developmentSecrets, systemEnvironment } from '../../scripts/system';
import { engineConfigFromEnv } from '../../services/engine/config';
import { regionalConfigFromEnv } from '../../services/regional/config';

const GOOD_GATEWAY_ENV = {
  REGION_URL_BJ: 'http://127.0.0.1:4001',
  REGION_URL_TJ: 'http://127.0.0.1:4002/',
  REGION_URL_HE: 'https://he.example.gov.cn',
  JWT_SECRET: 'jwt-secret-0123456789abcdef',
  INTERNAL_IDENTITY_SECRET: 'internal-secret-0123456789',
};

function configError(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('gateway configuration', () => {
  test('defaults come from the one config module; URLs lose their trailing slash', () => {
    const config = gatewayConfigFromEnv(GOOD_GATEWAY_ENV);
    expect(config).toMatchObject({ port: 4000, host: '127.0.0.1', regionTimeoutMs: GATEWAY_DEFAULTS.regionTimeoutMs, regionIdleSocketMs: GATEWAY_DEFAULTS.regionIdleSocketMs, graphiql: true, logLevel: 'info' });
    expect(config.regionBaseUrls.TJ).toBe('http://127.0.0.1:4002');
    // The gateway's idle sockets must expire before the regions close them.
    expect(GATEWAY_DEFAULTS.regionIdleSocketMs).toBeLessThan(REGIONAL_DEFAULTS.keepAliveTimeoutMs);
  });

  test('every bad value is named in one message, secrets by length only', () => {
    const message = configError(() =>
      gatewayConfigFromEnv({
        ...GOOD_GATEWAY_ENV,
        PORT: '80a',
        REGION_URL_HE: 'ftp://he',
        JWT_SECRET: 'short-secret',
        GRAPHIQL: 'maybe',
        LOG_LEVEL: 'verbose',
        CALLER_LIMITS_JSON: '{"public":{"maxCost":-1}}',
        REGION_TIMEOUT_MS: '3s',
      }),
    );
    expect(message.split('\n')[0]).toBe('Invalid gateway configuration:');
    for (const name of ['PORT', 'REGION_URL_HE', 'JWT_SECRET', 'GRAPHIQL', 'LOG_LEVEL', 'CALLER_LIMITS_JSON', 'REGION_TIMEOUT_MS']) {
      expect(message).toMatch(new RegExp(`^  - ${name} must`, 'm'));
    }
    expect(message.split("\n")).toHaveLength(8);
    expect(message).toContain('JWT_SECRET must be the secret that verifies client tokens, at least 16 characters (got 12 characters)');
    expect(message).not.toContain('short-secret');
    expect(message).toContain('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")');
  });

  test('CALLER_LIMITS_JSON overrides parts of the one limits table; unknown keys are refused', () => {
    const config = gatewayConfigFromEnv({ ...GOOD_GATEWAY_ENV, CALLER_LIMITS_JSON: '{"public":{"maxCost":1234,"rate":{"perSecond":0}}}' });
    expect(config.callerLimits.public).toEqual({ ...CALLER_LIMITS.public, maxCost: 1234, rate: { burst: CALLER_LIMITS.public.rate.burst, perSecond: 0 } });
    expect(config.callerLimits.agency).toEqual(CALLER_LIMITS.agency);
    expect(gatewayConfigFromEnv(GOOD_GATEWAY_ENV).callerLimits).toEqual(CALLER_LIMITS);
    expect(configError(() => gatewayConfigFromEnv({ ...GOOD_GATEWAY_ENV, CALLER_LIMITS_JSON: '{"public":{"maxCots":1}}' }))).toContain('CALLER_LIMITS_JSON must be a JSON object overriding parts of CALLER_LIMITS');
  });

  test('GRAPHIQL reads yes/no words as they say', () => {
    expect(gatewayConfigFromEnv({ ...GOOD_GATEWAY_ENV, GRAPHIQL: 'no' }).graphiql).toBe(false);
    expect(gatewayConfigFromEnv({ ...GOOD_GATEWAY_ENV, GRAPHIQL: 'OFF' }).graphiql).toBe(false);
    expect(gatewayConfigFromEnv({ ...GOOD_GATEWAY_ENV, GRAPHIQL: '1' }).graphiql).toBe(true);
  });

  test('the two secrets must differ', () => {
    const message = configError(() => gatewayConfigFromEnv({ ...GOOD_GATEWAY_ENV, INTERNAL_IDENTITY_SECRET: GOOD_GATEWAY_ENV.JWT_SECRET }));
    expect(message).toContain('JWT_SECRET and INTERNAL_IDENTITY_SECRET must differ');
  });
});

describe('regional service and engine configuration', () => {
  test('a regional service reads its region case-insensitively and every variable is checked', () => {
    const config = regionalConfigFromEnv({ REGION: 'tj', MONGODB_URI: 'mongodb://127.0.0.1:27018', INTERNAL_IDENTITY_SECRET: GOOD_GATEWAY_ENV.INTERNAL_IDENTITY_SECRET });
    expect(config).toMatchObject({ region: 'TJ', port: 4001, databaseName: 'jjj_tj', eventRetentionDays: 30, keepAliveTimeoutMs: REGIONAL_DEFAULTS.keepAliveTimeoutMs });
    const message = configError(() =>
      regionalConfigFromEnv({ REGION: 'SH', MONGODB_URI: 'postgres://x', PORT: '70000', EXTRA_HOLIDAYS: '2027-01-01,2027-13-40x', EVENT_RETENTION_DAYS: '0', LOG_LEVEL: 'loud' }),
    );
    for (const name of ['REGION', 'MONGODB_URI', 'PORT', 'INTERNAL_IDENTITY_SECRET', 'EXTRA_HOLIDAYS', 'EVENT_RETENTION_DAYS', 'LOG_LEVEL']) expect(message).toMatch(new RegExp(`^  - ${name} must`, 'm'));
  });

  test("a regional service's connection bounds: defaults, settings, and headers that may not outlast the request", () => {
    const base = { REGION: 'BJ', MONGODB_URI: 'mongodb://127.0.0.1:27018', INTERNAL_IDENTITY_SECRET: GOOD_GATEWAY_ENV.INTERNAL_IDENTITY_SECRET };
    expect(regionalConfigFromEnv(base).connectionBounds).toEqual({ maxConnections: REGIONAL_DEFAULTS.maxConnections, headersTimeoutMs: REGIONAL_DEFAULTS.headersTimeoutMs, requestTimeoutMs: REGIONAL_DEFAULTS.requestTimeoutMs });
    expect(regionalConfigFromEnv({ ...base, MAX_CONNECTIONS: '64', HEADERS_TIMEOUT_MS: '2000', REQUEST_TIMEOUT_MS: '5000' }).connectionBounds).toEqual({ maxConnections: 64, headersTimeoutMs: 2000, requestTimeoutMs: 5000 });
    expect(configError(() => regionalConfigFromEnv({ ...base, HEADERS_TIMEOUT_MS: '6000', REQUEST_TIMEOUT_MS: '5000' }))).toMatch(/HEADERS_TIMEOUT_MS \(6000\) must not exceed REQUEST_TIMEOUT_MS \(5000\)/);
    expect(configError(() => regionalConfigFromEnv({ ...base, MAX_CONNECTIONS: '0' }))).toMatch(/^  - MAX_CONNECTIONS must/m);
  });

  test('the engine process checks its port and log level', () => {
    expect(engineConfigFromEnv({})).toMatchObject({ port: 27018, host: '127.0.0.1', dataDir: '.data/engine' });
    const message = configError(() => engineConfigFromEnv({ ENGINE_PORT: '-1', LOG_LEVEL: 'chatty' }));
    expect(message).toMatch(/^  - ENGINE_PORT must/m);
    expect(message).toMatch(/^  - LOG_LEVEL must/m);
  });
});

describe('npm start configuration', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'jjj-config-test-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  test('JWT_SECRET alone is used; the missing internal secret is generated once and kept', () => {
    const environment = systemEnvironment({ JWT_SECRET: 'my-own-jwt-secret-0123456789', DATA_DIR: dataDir });
    expect(environment.jwtSecret).toBe('my-own-jwt-secret-0123456789');
    expect(environment.internalIdentitySecret).toBeNull();
    const first = developmentSecrets(dataDir, environment);
    expect(first.jwtSecret).toBe('my-own-jwt-secret-0123456789');
    expect(first.internalIdentitySecret).toMatch(/^[0-9a-f]{64}$/);
    expect(developmentSecrets(dataDir, environment)).toEqual(first);
    expect(JSON.parse(readFileSync(join(dataDir, 'dev-secrets.json'), 'utf8')).internalIdentitySecret).toBe(first.internalIdentitySecret);
  });

  test('INTERNAL_IDENTITY_SECRET alone is used too, and a bad start variable is named', () => {
    const secrets = developmentSecrets(dataDir, systemEnvironment({ INTERNAL_IDENTITY_SECRET: 'my-own-internal-secret-012345' }));
    expect(secrets.internalIdentitySecret).toBe('my-own-internal-secret-012345');
    expect(secrets.jwtSecret).toMatch(/^[0-9a-f]{64}$/);
    const message = configError(() => systemEnvironment({ ENGINES: 'many', REGION_PORT_HE: 'x', MONGODB_URI_BJ: 'localhost:27017', JWT_SECRET: 'short' }));
    for (const name of ['ENGINES', 'REGION_PORT_HE', 'MONGODB_URI_BJ', 'JWT_SECRET']) expect(message).toMatch(new RegExp(`^  - ${name} must`, 'm'));
  });

  test('ENGINE_NODE_FLAGS: flags for the engine processes, each a --flag; anything else is refused by name', () => {
    expect(systemEnvironment({}).engineNodeFlags).toEqual([]);
    expect(systemEnvironment({ ENGINE_NODE_FLAGS: ' --max-old-space-size=12288   --no-memory-reducer ' }).engineNodeFlags).toEqual(['--max-old-space-size=12288', '--no-memory-reducer']);
    for (const bad of ['--inspect evil.js', '-e process.exit(1)', '--max-old-space-size=1;rm']) {
      expect(configError(() => systemEnvironment({ ENGINE_NODE_FLAGS: bad }))).toMatch(/^  - ENGINE_NODE_FLAGS must/m);
    }
  });
});

test('a server process with a bad LOG_LEVEL exits 1 with one readable JSON line, no stack trace', () => {
  const result = spawnSync(process.execPath, ['-r', '@swc-node/register', 'gateway/main.ts'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, ...GOOD_GATEWAY_ENV, LOG_LEVEL: 'verbose', GRAPHIQL: 'nope' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(result.status).toBe(1);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  const line = JSON.parse(lines[0]) as { msg: string; err: string };
  expect(line.msg).toBe('gateway failed to start');
  expect(line.err).toContain('LOG_LEVEL must be one of');
  expect(line.err).toContain('GRAPHIQL must be true or false');
  expect(line.err).not.toMatch(/\n\s+at /);
});
