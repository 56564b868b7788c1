import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { ALL_REGION_CODES, type RegionCode } from '../../kernel';
import { DEVELOPMENT_AGENCIES } from '../../platform/agencies';
import { startTsProcess, type ManagedProcess } from '../../platform/childProcess';
import { signClientToken, signInternalIdentity, type Identity } from '../../platform/identity';
import { startEngine, type RunningEngine } from '../../services/engine';
import { defaultDatabaseName } from '../../services/regional/model';
import { seedRegion } from '../../seeds/seedRegion';
import { startGateway, type RunningGateway } from '../../gateway/server';
import type { GatewayConfig } from '../../gateway/config';

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
  engine: RunningEngine;
  mongo: MongoClient;
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
}

/** The gateway configuration the tests run with, over the given regional deployments. */
export function testGatewayConfig(regionBaseUrls: Record<RegionCode, string>, overrides: Partial<GatewayConfig> = {}): GatewayConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    regionBaseUrls,
    jwtSecret: TEST_JWT_SECRET,
    internalIdentitySecret: TEST_INTERNAL_SECRET,
    regionTimeoutMs: 3000,
    maxDepth: 12,
    maxCost: 50_000,
    maxBodyBytes: 256 * 1024,
    maxQueuedEventsPerSubscriber: 1000,
    graphiql: true,
    ...overrides,
  };
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
 * The real system on loopback: the embedded engine (in the test process), the three regional subgraphs as
 * child processes on their own ports, seeded, and the gateway in-process.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jjj-stack-'));
  const engine = await startEngine({ dataDir: join(dataDir, 'engine') });
  const mongo = await MongoClient.connect(engine.uri);
  if (options.seed !== false) {
    for (const region of ALL_REGION_CODES) await seedRegion(mongo.db(defaultDatabaseName(region)), region, { progress: () => undefined });
  }
  const processes = new Map<RegionCode, ManagedProcess>();
  const ports = new Map<RegionCode, number>();
  const regionUrls = {} as Record<RegionCode, string>;

  const startRegion = async (region: RegionCode) => {
    const child = startTsProcess(`regional-${region}`, 'services/regional/main.ts', {
      REGION: region,
      PORT: String(ports.get(region) ?? 0),
      MONGODB_URI: engine.uri,
      INTERNAL_IDENTITY_SECRET: TEST_INTERNAL_SECRET,
      LOG_LEVEL: 'info',
      ...options.regionEnv,
    }, { readyMessage: 'regional subgraph listening', startTimeoutMs: options.startTimeoutMs ?? 150_000, forwardOutput: process.env.STACK_LOG_LEVEL ? (line) => process.stdout.write(`${line}\n`) : undefined });
    processes.set(region, child);
    const { url } = (await child.ready) as { url: string };
    const base = url.replace(/\/graphql$/, '');
    ports.set(region, Number(new URL(base).port));
    regionUrls[region] = base;
  };
  const cleanUp = async () => {
    await Promise.all([...processes.values()].map((child) => child.stop(2000)));
    await mongo.close();
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  let gateway: RunningGateway;
  try {
    await Promise.all(ALL_REGION_CODES.map(startRegion));
    gateway = await startGateway(testGatewayConfig(regionUrls, options.gateway));
  } catch (error) {
    await cleanUp();
    throw error;
  }
  const tokens = Object.fromEntries(
    Object.entries(DEVELOPMENT_AGENCIES).map(([name, identity]) => [name, signClientToken(identity, TEST_JWT_SECRET)]),
  ) as Stack['tokens'];

  return {
    gatewayUrl: gateway.url,
    gateway,
    engine,
    mongo,
    regionUrls,
    tokens,
    query: (token, query, variables) => postJson(gateway.url, token ? { authorization: `Bearer ${token}` } : {}, { query, variables }),
    querySubgraph: (region, identity, query, variables, path = '/graphql') => {
      const header: Record<string, string> = identity === null ? {} : { 'x-jjj-identity': typeof identity === 'string' ? identity : signInternalIdentity(identity, TEST_INTERNAL_SECRET) };
      return postJson(`${regionUrls[region]}${path}`, header, { query, variables });
    },
    stopRegion: async (region, signal = 'SIGTERM') => {
      const child = processes.get(region);
      if (!child) return;
      if (signal === 'SIGKILL') {
        child.kill('SIGKILL');
        await new Promise((resolve) => (child.child.exitCode !== null || child.child.signalCode !== null ? resolve(undefined) : child.child.once('exit', resolve)));
      } else await child.stop();
      processes.delete(region);
    },
    startRegion,
    stop: async () => {
      await gateway.stop();
      await cleanUp();
    },
  };
}
