import { MongoClient, type Db } from 'mongodb';
import pino from 'pino';
import type { RegionCode } from '../../kernel';
import { DEVELOPMENT_AGENCIES } from '../../platform/agencies';
import { IDENTITY_HEADER, signClientToken, signInternalIdentity, type Identity } from '../../platform/identity';
import { gatewayConfig, type GatewayConfig } from '../../gateway/config';
import type { RunningGateway } from '../../gateway/server';
import { startSystem, systemOptions, type RunningSystem } from '../../scripts/system';
import { KEEP_SEED_PERSONAL_DATA_DAYS } from './regionalSubgraph';

export const TEST_JWT_SECRET = 'test-jwt-secret-0123456789abcdef';
export const TEST_INTERNAL_SECRET = 'test-internal-secret-0123456789ab';

export interface GraphQLResult<T = Record<string, any>> {
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }>;
  status: number;
}

export interface Stack {
  gatewayUrl: string;
  gateway: RunningGateway;
  system: RunningSystem;
  /** A client of the (shared) embedded engine that holds every region's database. */
  mongo: MongoClient;
  /** A region's database. */
  db(region: RegionCode): Db;
  regionUrls: Record<RegionCode, string>;
  tokens: Record<'BJ' | 'TJ' | 'HE' | 'PUBLIC', string>;
  /** POST to the gateway with a bearer token (or none). */
  query<T = Record<string, any>>(token: string | null, query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<T>>;
  /** POST straight to a regional subgraph with a signed identity (or a raw header value, or none). */
  querySubgraph<T = Record<string, any>>(region: RegionCode, identity: Identity | string | null, query: string, variables?: Record<string, unknown>, path?: string): Promise<GraphQLResult<T>>;
  stopRegion(region: RegionCode, signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  startRegion(region: RegionCode): Promise<void>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** How long a subgraph process may take to start (loaded CI machines are slow). */
  startTimeoutMs?: number;
  /** Seed the three regions with the standard seed data (default true). */
  seed?: boolean;
  gateway?: Partial<GatewayConfig>;
  regionEnv?: NodeJS.ProcessEnv;
  /** Build web/dist first when stale, so the gateway serves the public pages (browser suites). */
  buildWebApp?: boolean;
  /** Regions whose embedded engine is a process of its own (a test can freeze it with SIGSTOP). */
  separateEngineRegions?: RegionCode[];
  /** Collects every log line of the gateway (at info) and the regional processes here. */
  captureLogs?: string[];
}

/** The gateway configuration the tests run with, over the given regional deployments: the shared defaults, test secrets, any port. */
export function testGatewayConfig(regionBaseUrls: Record<RegionCode, string>, overrides: Partial<GatewayConfig> = {}): GatewayConfig {
  return gatewayConfig({ regionBaseUrls, jwtSecret: TEST_JWT_SECRET, internalIdentitySecret: TEST_INTERNAL_SECRET }, { port: 0, metricsPort: 0, ...overrides });
}

async function postJson<T>(url: string, headers: Record<string, string>, body: unknown): Promise<GraphQLResult<T>> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await response.text();
  try {
    return { ...(JSON.parse(text) as GraphQLResult<T>), status: response.status };
  } catch {
    return { errors: [{ message: text }], status: response.status };
  }
}

/**
 * The real system on loopback (`startSystem`): the embedded engine and the gateway in the test process, the three
 * regional subgraphs as child processes on their own ports, seeded.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const system = await startSystem(systemOptions({ jwtSecret: TEST_JWT_SECRET, internalIdentitySecret: TEST_INTERNAL_SECRET }, {
    ports: { gateway: 0, engine: 0, BJ: 0, TJ: 0, HE: 0 },
    metricsPorts: { gateway: 0, BJ: 0, TJ: 0, HE: 0 },
    inProcess: true,
    separateEngineRegions: options.separateEngineRegions,
    buildWebApp: options.buildWebApp ?? false,
    seed: options.seed === false ? 'never' : 'always',
    gatewayConfig: options.gateway ?? {},
    regionEnv: { LOG_LEVEL: 'info', PERSONAL_DATA_RETENTION_DAYS: String(KEEP_SEED_PERSONAL_DATA_DAYS), ...options.regionEnv },
    startTimeoutMs: options.startTimeoutMs ?? 150_000,
    forwardOutput: options.captureLogs ? (line) => options.captureLogs!.push(line) : process.env.STACK_LOG_LEVEL ? (line) => process.stdout.write(`${line}\n`) : undefined,
    gatewayLogger: options.captureLogs ? pino({ name: 'gateway', level: 'info' }, { write: (line: string) => options.captureLogs!.push(line.trimEnd()) }) : undefined,
  }));
  const mongo = await MongoClient.connect(system.databaseUris.BJ);
  // A region with an engine of its own is reached through a client of that engine.
  const ownClients = new Map<RegionCode, MongoClient>();
  for (const region of options.separateEngineRegions ?? []) ownClients.set(region, await MongoClient.connect(system.databaseUris[region]));
  const gateway = system.gateway!;
  return {
    ...stackClient(gateway, system.regionUrls, system.databaseNames, mongo, ownClients),
    system,
    stopRegion: (region, signal) => system.stopRegion(region, signal),
    startRegion: (region) => system.startRegion(region),
    stop: async () => {
      await Promise.all([mongo, ...ownClients.values()].map((client) => client.close(true)));
      await system.stop();
    },
  };
}

/** The development identities' tokens, signed with the test secret. */
export function testTokens(): Stack['tokens'] {
  return Object.fromEntries(Object.entries(DEVELOPMENT_AGENCIES).map(([name, identity]) => [name, signClientToken(identity, TEST_JWT_SECRET)])) as Stack['tokens'];
}

/** What a test uses of a running gateway over running regions: URLs, tokens, database access and the two ways to query. */
export function stackClient(gateway: RunningGateway, regionUrls: Record<RegionCode, string>, databaseNames: Record<RegionCode, string>, mongo: MongoClient, ownClients: ReadonlyMap<RegionCode, MongoClient> = new Map()): Omit<Stack, 'system' | 'stopRegion' | 'startRegion' | 'stop'> {
  return {
    gatewayUrl: gateway.url,
    gateway,
    mongo,
    db: (region) => (ownClients.get(region) ?? mongo).db(databaseNames[region]),
    regionUrls,
    tokens: testTokens(),
    query: (token, query, variables) => postJson(gateway.url, token ? { authorization: `Bearer ${token}` } : {}, { query, variables }),
    querySubgraph: (region, identity, query, variables, path = '/graphql') => {
      const header: Record<string, string> = identity === null ? {} : { [IDENTITY_HEADER]: typeof identity === 'string' ? identity : signInternalIdentity(identity, TEST_INTERNAL_SECRET, { region, endpoint: path === '/links' ? 'links' : 'regional' }) };
      return postJson(`${regionUrls[region]}${path}`, header, { query, variables });
    },
  };
}
