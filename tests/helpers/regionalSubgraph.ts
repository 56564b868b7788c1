/**
 * Test helper: one real regional subgraph over HTTP on a loopback port, in-process, over the embedded
 * engine (in memory) through the official driver, seeded with the standard seed data of one region.
 *
 * The service's own MongoClient is created with `monitorCommands: true`, and every command it starts on
 * behalf of requests is recorded in `commands`, so tests can count the database commands a request costs.
 * The service's background work (the outbox relay polling for pending events every few milliseconds, and its
 * event log) runs on the same client; those commands are left out (see `isBackgroundCommand`).
 *
 * Expected values in tests come from the `generateSeedData()` arrays (deterministic) that were loaded, filtered
 * and sorted in plain TypeScript by the tests: nothing a test compares against ever passes through the subgraph.
 */
import type { CommandStartedEvent } from 'mongodb';
import { MongoClient } from 'mongodb';
import pino from 'pino';
import type { RegionCode } from '../../kernel';
import { DEVELOPMENT_AGENCIES } from '../../platform/agencies';
import { IDENTITY_HEADER, signInternalIdentity, type Identity } from '../../platform/identity';
import { generateSeedData, type RegionSeedData } from '../../seeds/generate';
import { seedRegion } from '../../seeds/seedRegion';
import { startEngine, type RunningEngine } from '../../services/engine';
import { calendarFromEnv, type RegionalServiceConfig } from '../../services/regional/config';
import { startRegionalService, type RunningRegionalService } from '../../services/regional/server';
import { isRelayCommand } from '../../services/regional/events/outboxRelay';

export const SUBGRAPH_TEST_SECRET = 'regional-subgraph-test-secret-0123456789';

/**
 * The seed's complaints reach back to 2022: with the default retention (3 years after closure) a region's
 * personal-data job would anonymise the oldest as it starts, while tests compare them with the seed as generated
 * and expect only their own events. A century keeps them; tests/regional/personalDataRetention.test.ts tests the job.
 */
export const KEEP_SEED_PERSONAL_DATA_DAYS = 36_500;

/** GraphQL enum names of the region codes stored in documents. */
export const REGION_NAMES: Readonly<Record<RegionCode, 'BEIJING' | 'TIANJIN' | 'HEBEI'>> = { BJ: 'BEIJING', TJ: 'TIANJIN', HE: 'HEBEI' };

export interface HttpGraphQLResult<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }>;
}

export interface SeededSubgraph {
  region: RegionCode;
  url: string;
  linksUrl: string;
  service: RunningRegionalService;
  engine: RunningEngine;
  /** This region’s seed documents as generated (and loaded): the source of every expected value. */
  seed: RegionSeedData;
  /** Every request command the service's MongoClient started (clear with `commands.length = 0`). */
  commands: CommandStartedEvent[];
  /** POSTs a GraphQL request; `identity` null sends no identity header, a string is sent as the raw header value. */
  post<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, identity?: Identity | string | null, url?: string): Promise<HttpGraphQLResult<T>>;
  /** POSTs as the region's own agency and fails the test on any error. */
  ok<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, identity?: Identity): Promise<T>;
  stop(): Promise<void>;
}

export async function startSeededSubgraph(region: RegionCode = 'TJ', overrides: Partial<RegionalServiceConfig> = {}): Promise<SeededSubgraph> {
  const engine = await startEngine({ port: 0 });
  const databaseName = `jjj_${region.toLowerCase()}_subgraph_test`;
  const seed = generateSeedData()[region];
  const seeder = await MongoClient.connect(engine.uri);
  try {
    // Loads the standard seed documents (the driver serializes them; the arrays stay as generated).
    await seedRegion(seeder.db(databaseName), region, { data: seed, progress: () => undefined });
  } finally {
    await seeder.close();
  }
  const service = await startRegionalService(
    {
      region,
      host: '127.0.0.1',
      port: 0,
      mongodbUri: engine.uri,
      databaseName,
      internalIdentitySecret: SUBGRAPH_TEST_SECRET,
      calendar: calendarFromEnv({}),
      mongoClientOptions: { monitorCommands: true },
      // The seed as generated, old closed complaints included (see KEEP_SEED_PERSONAL_DATA_DAYS).
      personalDataRetentionDays: KEEP_SEED_PERSONAL_DATA_DAYS,
      ...overrides,
    },
    pino({ level: 'silent' }),
  );
  const commands: CommandStartedEvent[] = [];
  service.client.on('commandStarted', (event) => {
    if (!isBackgroundCommand(event)) commands.push(event);
  });
  const ownAgency = DEVELOPMENT_AGENCIES[region];

  const post = async <T>(query: string, variables: Record<string, unknown> = {}, identity: Identity | string | null = ownAgency, url = service.url): Promise<HttpGraphQLResult<T>> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (identity !== null) headers[IDENTITY_HEADER] = typeof identity === 'string' ? identity : signInternalIdentity(identity, SUBGRAPH_TEST_SECRET, { region, endpoint: url.endsWith('/links') ? 'links' : 'regional' });
    const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    const text = await response.text();
    try {
      return { ...(JSON.parse(text) as Omit<HttpGraphQLResult<T>, 'status'>), status: response.status };
    } catch {
      return { status: response.status, errors: [{ message: `non-JSON response: ${text.slice(0, 200)}` }] };
    }
  };

  return {
    region,
    url: service.url,
    linksUrl: service.linksUrl,
    service,
    engine,
    seed,
    commands,
    post,
    ok: async <T>(query: string, variables: Record<string, unknown> = {}, identity: Identity = ownAgency): Promise<T> => {
      const result = await post<T>(query, variables, identity);
      if (result.errors?.length || !result.data) {
        throw new Error(`unexpected errors (HTTP ${result.status}): ${JSON.stringify(result.errors)}\nquery: ${query}\nvariables: ${JSON.stringify(variables)}`);
      }
      return result.data;
    },
    stop: async () => {
      await service.stop();
      await engine.close();
    },
  };
}

/** Commands of the service's background outbox relay, not of any request. */
export function isBackgroundCommand(event: CommandStartedEvent): boolean {
  return isRelayCommand(event.commandName, event.command);
}

/** The month of an instant in Asia/Shanghai (UTC+8 all year, no daylight saving), computed without the kernel. */
export function shanghaiMonth(date: Date): string {
  return new Date(date.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 7);
}

export function iso(date: Date | null | undefined): string | null {
  return date ? date.toISOString() : null;
}

/** Ascending comparison of two sort values of the same kind (dates as times, numbers, ASCII strings). */
export function compareValues(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts documents as a keyset list does: by the sort value, ties broken by ID, both in `direction`. */
export function sortedIds<D extends { _id: string }>(documents: readonly D[], sortValue: (document: D) => number | string, direction: 'ASC' | 'DESC'): string[] {
  const sign = direction === 'ASC' ? 1 : -1;
  return [...documents].sort((a, b) => sign * (compareValues(sortValue(a), sortValue(b)) || compareValues(a._id, b._id))).map((document) => document._id);
}

/** Decodes a keyset cursor independently of the kernel: base64url of the JSON array [sortValue, id]. */
export function decodeCursorForTest(cursor: string): unknown {
  return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
}
