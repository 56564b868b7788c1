/**
 * A new list field, statistics field and subscription, added only to a copy of the regional SDL and to the
 * contract's subscription table, work through the real gateway over three stub regions: merged sorted page,
 * summed totalCount, merged statistics, delivered event. No gateway source is changed for them.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, parse, type GraphQLSchema } from 'graphql';
import { createClient } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import pino from 'pino';
import WebSocket, { WebSocketServer } from 'ws';
import {
  CONTRACT,
  EVENT_STREAM_SCHEMA,
  EVENTS_PATH,
  regionsPredicate,
  STATISTICS_STATE_FIELD,
  SUBGRAPHS,
  toWireEvent,
  type GroupState,
  type HubContract,
  type RegionEvent,
  type SubscriptionDeclaration,
} from '../../contract';
import { startGateway, type RunningGateway } from '../../gateway/server';
import { ALL_REGION_CODES, decodeCursor, encodeCursor, regionNameOf, type RegionCode } from '../../kernel';
import { DEVELOPMENT_AGENCIES } from '../../platform/agencies';
import { signClientToken } from '../../platform/identity';
import { testGatewayConfig, TEST_JWT_SECRET } from '../helpers/stack';

const ROOT = join(__dirname, '..', '..');
const REGIONAL_SDL = readFileSync(join(ROOT, 'schema', 'subgraphs', 'regional.graphql'), 'utf8');
const LINKS_SDL = readFileSync(join(ROOT, 'schema', 'subgraphs', 'links.graphql'), 'utf8');

const EXTRA_SDL = /* GraphQL */ `
  type RecallDigest { id: ID! title: String! announcedAt: DateTime! }
  type RecallDigestEdge { cursor: String! node: RecallDigest! }
  type RecallDigestConnection { edges: [RecallDigestEdge!]! pageInfo: PageInfo! totalCount: Int! }
  extend type Query {
    recallDigests(first: Int = 20, after: String, filter: RecallFilter): RecallDigestConnection!
    recallDigestStatistics(filter: RecallFilter, groupBy: [StatisticsDimension!]!): [StatisticsGroup!]!
  }
`;

const RECALL_UPDATED: SubscriptionDeclaration = {
  field: 'recallUpdated',
  description: 'Recalls changed in any region',
  entity: 'ProductRecall',
  entityField: { name: 'recall' },
  byIdQuery: 'recall',
  eventTypeName: 'RecallUpdateEvent',
  eventTypes: { RECALL_UPDATED: 'UPDATED' },
  eventTypeEnum: 'RecallUpdateEventType',
  filterInput: 'RecallUpdateFilter',
  filters: [regionsPredicate()],
};
const EXTENDED_CONTRACT: HubContract = { ...CONTRACT, subscriptions: [...CONTRACT.subscriptions, RECALL_UPDATED] };

/** Each region's digests: announced on different days so the merged order interleaves regions. */
const DIGESTS: Record<RegionCode, Array<{ id: string; title: string; announcedAt: string }>> = {
  BJ: [1, 4, 7].map((day, index) => digest('BJ', index + 1, day)),
  TJ: [2, 5, 8, 9].map((day, index) => digest('TJ', index + 1, day)),
  HE: [3, 6].map((day, index) => digest('HE', index + 1, day)),
};
const STATISTICS: Record<RegionCode, Array<{ key: Record<string, unknown>; count: number; sum: number | null; overdue: number | null }>> = {
  BJ: [{ key: { category: 'TOY' }, count: 2, sum: 10.5, overdue: null }],
  TJ: [
    { key: { category: 'TOY' }, count: 3, sum: 4.5, overdue: null },
    { key: { category: 'FOOD' }, count: 1, sum: 2, overdue: null },
  ],
  HE: [{ key: { category: 'FOOD' }, count: 5, sum: null, overdue: null }],
};

function digest(region: RegionCode, serial: number, day: number) {
  return { id: `${region}-RCL-2026-${String(serial).padStart(6, '0')}`, title: `${region} 摘要 ${serial}`, announcedAt: `2026-11-${String(day).padStart(2, '0')}T02:00:00.000Z` };
}

/** One stub region: the extended regional schema with fixed answers, the links SDL, and an in-memory event stream. */
class StubRegion {
  readonly events: RegionEvent[] = [];
  private waiting: Array<() => void> = [];
  private server!: Server;
  private sockets!: WebSocketServer;
  url = '';

  constructor(
    readonly region: RegionCode,
    readonly schema: GraphQLSchema,
  ) {}

  push(event: Omit<RegionEvent, 'seq' | 'region'>): void {
    this.events.push({ ...event, region: this.region, seq: this.events.length + 1 });
    for (const wake of this.waiting.splice(0)) wake();
  }

  private async *live(afterSeq: number) {
    let position = afterSeq;
    for (;;) {
      while (position < this.events.length) yield { regionEvents: toWireEvent(this.events[position++]) };
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      void readJson(request).then(async (body) => {
        const path = request.url?.split('?')[0];
        const result =
          path === SUBGRAPHS.links.path
            ? { data: { _service: { sdl: LINKS_SDL } } }
            : await execute({ schema: this.schema, document: parse(body.query), variableValues: body.variables, operationName: body.operationName, contextValue: { region: this.region } });
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(result));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.sockets = new WebSocketServer({ server: this.server, path: EVENTS_PATH });
    useServer(
      {
        schema: EVENT_STREAM_SCHEMA,
        roots: {
          query: {
            latestEventSeq: () => this.events.length,
            events: ({ afterSeq, limit }: { afterSeq: number; limit: number }) => this.events.slice(afterSeq, afterSeq + limit).map(toWireEvent),
          },
          subscription: { regionEvents: ({ afterSeq }: { afterSeq: number }) => this.live(afterSeq) },
        },
      },
      this.sockets,
    );
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets.clients) socket.terminate();
    await new Promise<void>((resolve) => this.sockets.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function readJson(request: IncomingMessage): Promise<{ query: string; variables?: Record<string, unknown>; operationName?: string }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    request.on('error', reject);
  });
}

function stubSchema(): GraphQLSchema {
  type Context = { region: RegionCode };
  return buildSubgraphSchema({
    typeDefs: parse(`${REGIONAL_SDL}\n${EXTRA_SDL}`),
    resolvers: {
      Query: {
        recallDigests: (_: unknown, args: { first: number; after?: string }, { region }: Context) => {
          const sorted = [...DIGESTS[region]].sort((a, b) => (a.announcedAt < b.announcedAt ? 1 : -1));
          const after = args.after ? decodeCursor(args.after, 'date') : null;
          const beyond = after ? sorted.filter((row) => new Date(row.announcedAt) < after.sortValue) : sorted;
          const page = beyond.slice(0, args.first);
          const edges = page.map((row) => ({ cursor: encodeCursor(new Date(row.announcedAt), row.id), node: row }));
          return {
            edges,
            totalCount: sorted.length,
            pageInfo: { hasNextPage: beyond.length > page.length, hasPreviousPage: Boolean(after), startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
          };
        },
        recallDigestStatistics: (_: unknown, __: unknown, { region }: Context) =>
          // Each group carries its mergeable state (contract/statistics.ts), which the gateway merges (issue 18).
          STATISTICS[region].map((group) => ({
            ...group,
            key: { region: null, status: null, level: null, month: null, ...group.key },
            [STATISTICS_STATE_FIELD]: JSON.stringify({ count: group.count, sum: group.sum, overdue: group.overdue, overdueByStage: null, values: {} } satisfies GroupState),
          })),
        // The answering region is in the recall number, so a test sees which region resolved it.
        recall: (_: unknown, { id }: { id: string }, { region }: Context) => ({ id, recallNumber: `answered-by-${region}`, region: regionNameOf(region) }),
      },
    } as never,
  });
}

async function servedSdl(schema: GraphQLSchema): Promise<string> {
  const result = await execute({ schema, document: parse('{ _service { sdl } }') });
  return (result.data as { _service: { sdl: string } })._service.sdl;
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a list field, a statistics field and a subscription added without a gateway change', () => {
  const regions = new Map<RegionCode, StubRegion>();
  let gateway: RunningGateway;
  const token = signClientToken(DEVELOPMENT_AGENCIES.BJ, TEST_JWT_SECRET);

  beforeAll(async () => {
    const schema = stubSchema();
    const regionalSdl = await servedSdl(schema);
    const composition = composeServices([
      { name: SUBGRAPHS.regional.name, url: SUBGRAPHS.regional.placeholderUrl, typeDefs: parse(regionalSdl) },
      { name: SUBGRAPHS.links.name, url: SUBGRAPHS.links.placeholderUrl, typeDefs: parse(LINKS_SDL) },
    ]);
    if (composition.errors) throw new Error(composition.errors.map((error) => error.message).join('\n'));
    for (const region of ALL_REGION_CODES) {
      const stub = new StubRegion(region, schema);
      await stub.start();
      regions.set(region, stub);
    }
    gateway = await startGateway(
      testGatewayConfig(Object.fromEntries(ALL_REGION_CODES.map((region) => [region, regions.get(region)!.url])) as Record<RegionCode, string>, { graphiql: false }),
      { logger: pino({ level: 'silent' }), schema: { supergraphSdl: composition.supergraphSdl, subgraphSdl: { regional: regionalSdl, links: LINKS_SDL } }, contract: EXTENDED_CONTRACT },
    );
  }, 30_000);

  afterAll(async () => {
    await gateway?.stop();
    await Promise.all([...regions.values()].map((region) => region.stop()));
  });

  async function post(query: string, variables?: Record<string, unknown>) {
    const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[] } };
  }

  test('the new list field is merge-sorted across the three regions with totalCount summed, and pages on', async () => {
    const query = 'query ($after: String) { recallDigests(first: 4, after: $after) { totalCount edges { node { id announcedAt } } pageInfo { hasNextPage endCursor } } }';
    const first = await post(query);
    expect(first.status).toBe(200);
    expect(first.body.errors).toBeUndefined();
    const everything = Object.values(DIGESTS).flat().sort((a, b) => (a.announcedAt < b.announcedAt ? 1 : -1)).map((row) => row.id);
    expect(first.body.data.recallDigests.totalCount).toBe(9);
    expect(first.body.data.recallDigests.edges.map((edge: any) => edge.node.id)).toEqual(everything.slice(0, 4));
    expect(first.body.data.recallDigests.pageInfo.hasNextPage).toBe(true);
    const second = await post(query, { after: first.body.data.recallDigests.pageInfo.endCursor });
    expect(second.body.data.recallDigests.edges.map((edge: any) => edge.node.id)).toEqual(everything.slice(4, 8));
  });

  test('a filter on regions limits the fan-out to those regions', async () => {
    const result = await post('{ recallDigests(first: 10, filter: { regions: [HEBEI] }) { totalCount edges { node { id } } } }');
    expect(result.body.data.recallDigests.totalCount).toBe(2);
    expect(result.body.data.recallDigests.edges.map((edge: any) => edge.node.id)).toEqual(['HE-RCL-2026-000002', 'HE-RCL-2026-000001']);
  });

  test('the new statistics field is merged by key, counts and sums added, a null sum left out of the sum', async () => {
    const result = await post('{ recallDigestStatistics(groupBy: [CATEGORY]) { key { category } count sum } }');
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.recallDigestStatistics).toEqual([
      { key: { category: 'FOOD' }, count: 6, sum: 2 },
      { key: { category: 'TOY' }, count: 5, sum: 15 },
    ]);
  });

  test('the new subscription is served over WebSocket and delivers a matching event with its entity resolved by the owner', async () => {
    const client = createClient({ url: gateway.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
    try {
      const received: any[] = [];
      const failures: unknown[] = [];
      const unsubscribe = client.subscribe(
        { query: 'subscription { recallUpdated(filter: { regions: [TIANJIN] }) { __typename type region recordId recall { id recallNumber } } }' },
        { next: (value) => received.push(value), error: (error) => failures.push(error), complete: () => undefined },
      );
      await until(() => gateway.hub.subscriberCount === 1 && Object.keys(gateway.hub.livePositions()).length === 3, 'the subscriber and the three region streams');
      const at = '2026-12-02T01:00:00.000Z';
      regions.get('BJ')!.push({ eventId: 'e-bj-1', type: 'RECALL_UPDATED', entity: 'ProductRecall', recordId: 'BJ-RCL-2026-000001', at, snapshot: { region: 'BJ' } });
      regions.get('TJ')!.push({ eventId: 'e-tj-0', type: 'RECALL_PUBLISHED', entity: 'ProductRecall', recordId: 'TJ-RCL-2026-000002', at, snapshot: { region: 'TJ' } });
      regions.get('TJ')!.push({ eventId: 'e-tj-1', type: 'RECALL_UPDATED', entity: 'ProductRecall', recordId: 'TJ-RCL-2026-000003', at, snapshot: { region: 'TJ' } });
      await until(() => received.length >= 1 || failures.length > 0, 'the delivered event');
      expect(failures).toEqual([]);
      expect(received[0]).toEqual({
        data: { recallUpdated: { __typename: 'RecallUpdateEvent', type: 'UPDATED', region: 'TIANJIN', recordId: 'TJ-RCL-2026-000003', recall: { id: 'TJ-RCL-2026-000003', recallNumber: 'answered-by-TJ' } } },
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(received).toHaveLength(1);
      unsubscribe();
    } finally {
      await client.dispose();
    }
  });
});
