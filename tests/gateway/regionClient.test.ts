/**
 * The gateway's region client: idle sockets expire before a region closes them, so a gateway idle for a while
 * never meets a dead socket; a query whose connection the region reset is sent once more, a mutation never.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { parse } from 'graphql';
import { startGateway, type RunningGateway } from '../../gateway/server';
import { parsedOperation } from '../../gateway/router/operations';
import { RegionClient, RegionUnavailableError, type RegionRequest } from '../../gateway/router/regionClient';
import { RoutedRequest } from '../../gateway/router/routedRequest';
import { ALL_REGION_CODES, type RegionCode } from '../../kernel';
import { DEVELOPMENT_AGENCIES } from '../../platform/agencies';
import { GATEWAY_DEFAULTS } from '../../platform/config';
import { listen } from '../../platform/httpListen';
import { signClientToken } from '../../platform/identity';
import { startEngine, type RunningEngine } from '../../services/engine';
import { calendarFromEnv } from '../../services/regional/config';
import { startRegionalService, type RunningRegionalService } from '../../services/regional/server';
import { testGatewayConfig, TEST_INTERNAL_SECRET, TEST_JWT_SECRET } from '../helpers/stack';

/** Counts the plain HTTP connections a server accepts (WebSocket upgrades such as /events are left out). */
function connectionCounter(server: Server) {
  const sockets = new Set<Socket>();
  const counter = { total: 0, open: 0, maxOpen: 0 };
  server.on('request', (request: IncomingMessage) => {
    const socket = request.socket;
    if (sockets.has(socket)) return;
    sockets.add(socket);
    counter.total++;
    counter.open++;
    counter.maxOpen = Math.max(counter.maxOpen, counter.open);
    socket.once('close', () => counter.open--);
  });
  return counter;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('regional services closing idle sockets after 300 ms', () => {
  let engine: RunningEngine;
  const services = new Map<RegionCode, RunningRegionalService>();
  const counters = new Map<RegionCode, ReturnType<typeof connectionCounter>>();
  let gateway: RunningGateway;
  const token = signClientToken(DEVELOPMENT_AGENCIES.BJ, TEST_JWT_SECRET);
  const ask = async (query: string) => {
    const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
    return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> } };
  };

  beforeAll(async () => {
    engine = await startEngine({ port: 0 });
    for (const region of ALL_REGION_CODES) {
      const service = await startRegionalService({
        region,
        host: '127.0.0.1',
        port: 0,
        mongodbUri: engine.uri,
        databaseName: `jjj_${region.toLowerCase()}_keepalive_test`,
        internalIdentitySecret: TEST_INTERNAL_SECRET,
        calendar: calendarFromEnv({}),
        keepAliveTimeoutMs: 300,
      });
      services.set(region, service);
    }
    const regionUrls = Object.fromEntries([...services].map(([region, service]) => [region, service.url.replace(/\/graphql$/, '')])) as Record<RegionCode, string>;
    gateway = await startGateway(testGatewayConfig(regionUrls));
    for (const [region, service] of services) counters.set(region, connectionCounter(service.httpServer));
  });
  afterAll(async () => {
    await gateway?.stop();
    for (const service of services.values()) await service.stop();
    await engine?.close();
  });

  test('200 merged queries at gaps swept from 250 to 350 ms all succeed, with at most 10 sockets open per region', async () => {
    const LANES = 10;
    const PER_LANE = 20;
    const failures: unknown[] = [];
    await Promise.all(
      Array.from({ length: LANES }, async (_, lane) => {
        for (let i = 0; i < PER_LANE; i++) {
          const { status, body } = await ask('{ recalls(first: 1) { totalCount } }');
          if (status !== 200 || body.errors) failures.push({ lane, i, status, errors: body.errors });
          await pause(250 + Math.round((100 * i) / (PER_LANE - 1)) + lane);
        }
      }),
    );
    expect(failures).toEqual([]);
    for (const region of ALL_REGION_CODES) {
      const counter = counters.get(region)!;
      // Every query asks every region (a merged page); each lane holds at most one socket per region at a time.
      expect(counter.maxOpen).toBeLessThanOrEqual(LANES);
      expect(counter.total).toBeGreaterThan(0);
    }
  }, 60_000);

  test('with a longer keep-alive the sockets are reused: 30 queries in a row open one connection per region', async () => {
    for (const service of services.values()) service.httpServer.keepAliveTimeout = 5000;
    await pause(400); // the sockets of the previous test have been closed by now
    const before = new Map([...counters].map(([region, counter]) => [region, counter.total]));
    for (let i = 0; i < 30; i++) expect((await ask('{ recalls(first: 1) { totalCount } }')).body.errors).toBeUndefined();
    for (const region of ALL_REGION_CODES) expect(counters.get(region)!.total - before.get(region)!).toBe(1);
  });
});

describe('a region that resets a reused socket', () => {
  let server: Server;
  let url: string;
  const client = new RegionClient({ idleSocketMs: 4000, connections: 8, concurrencyPerRegion: GATEWAY_DEFAULTS.regionConcurrency, waitingPerCaller: GATEWAY_DEFAULTS.regionWaitingPerCaller });
  const seen = { requests: 0, connections: 0 };
  /** Which request on its socket this one is; the stub resets every second one (a reused socket). */
  let resetEvery = 2;

  beforeAll(async () => {
    const perSocket = new WeakMap<Socket, number>();
    server = createServer((request: IncomingMessage, response: ServerResponse) => {
      seen.requests++;
      const count = (perSocket.get(request.socket) ?? 0) + 1;
      perSocket.set(request.socket, count);
      request.resume();
      request.on('end', () => {
        if (count % resetEvery === 0) {
          request.socket.destroy();
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ data: { ok: true } }));
      });
    });
    server.on('connection', () => seen.connections++);
    url = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}/graphql`;
  });
  afterAll(async () => {
    await client.close();
    await new Promise((resolve) => server.close(resolve));
  });

  const request = (retryable: boolean): RegionRequest => ({ region: 'TJ', url, query: '{ ok }', identityHeader: 'test', timeoutMs: 2000, retryable });
  const counted = async (run: () => Promise<unknown>) => {
    await pause(20); // the previous socket is idle again, so this request reuses it
    const before = { ...seen };
    const outcome: { value?: unknown; error?: unknown } = await run().then((value) => ({ value }), (error: unknown) => ({ error }));
    return { ...outcome, requests: seen.requests - before.requests, connections: seen.connections - before.connections };
  };

  test('a query is retried once on a fresh connection and succeeds', async () => {
    expect((await counted(() => client.send(request(true)))).requests).toBe(1); // opens the socket
    const retried = await counted(() => client.send(request(true)));
    expect(retried).toMatchObject({ value: { data: { ok: true } }, requests: 2, connections: 1 });
  });

  test('a mutation is not retried: REGION_UNAVAILABLE after the one attempt', async () => {
    const mutation = await counted(() => client.send(request(false)));
    expect(mutation.requests).toBe(1);
    expect(mutation.error).toBeInstanceOf(RegionUnavailableError);
    expect((mutation.error as RegionUnavailableError).message).toMatch(/TIANJIN region \(TJ\) is unavailable: connection lost/);
  });

  test('a query is retried only once: a region resetting every request gets two attempts', async () => {
    resetEvery = 1;
    const query = await counted(() => client.send(request(true)));
    resetEvery = 2;
    expect(query.requests).toBe(2);
    expect(query.error).toBeInstanceOf(RegionUnavailableError);
  });

  test('the router marks queries retryable and mutations not', async () => {
    const asked: boolean[] = [];
    for (const text of ['query Q { recall(id: "x") { id } }', 'mutation M { withdrawRecall(id: "x") { id } }']) {
      const routed = new RoutedRequest(parsedOperation(parse(text), undefined), text, undefined, {}, DEVELOPMENT_AGENCIES.BJ, async (_region, _body, retryable) => {
        asked.push(retryable);
        return { data: {} };
      });
      await routed.ask('TJ', routed.unchanged);
    }
    expect(asked).toEqual([true, false]);
  });
});
