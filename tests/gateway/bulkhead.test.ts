/**
 * A region's calls bounded and shared fairly between callers (RegionBulkhead, pure), and a region call that stops
 * when its client's request ends (RegionClient over a real loopback server that never answers).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { BulkheadRefusal, RegionBulkhead } from '../../gateway/router/regionBulkhead';
import { RegionClient, RegionUnavailableError, type RegionCall } from '../../gateway/router/regionClient';
import { listen } from '../../platform/httpListen';
import { waitUntil } from '../subscriptions/subscriptionHelpers';

describe('RegionBulkhead', () => {
  test('no caller holds more than half of the slots: a flooding caller’s extra calls wait, another caller’s call goes at once', async () => {
    const bulkhead = new RegionBulkhead(4, 100);
    const flood = [await bulkhead.acquire('flood'), await bulkhead.acquire('flood')];
    let third: (() => void) | undefined;
    const waiting = bulkhead.acquire('flood').then((release) => (third = release));
    const agency = await bulkhead.acquire('agency');
    expect(bulkhead.inFlight).toBe(3);
    expect(bulkhead.queued).toBe(1);
    expect(third).toBeUndefined();
    flood[0]!();
    await waiting;
    expect(third).toBeDefined();
    [flood[1]!, third!, agency].forEach((release) => release());
    expect(bulkhead.inFlight).toBe(0);
  });

  test('when every slot is taken, a caller with many calls waiting delays another caller’s call by one slot, not by all of them', async () => {
    const bulkhead = new RegionBulkhead(2, 100);
    const held = [await bulkhead.acquire('flood'), await bulkhead.acquire('agency')];
    const order: string[] = [];
    const waiting: Array<Promise<void>> = [];
    for (let index = 0; index < 50; index++) waiting.push(bulkhead.acquire('flood').then((release) => { order.push(`flood-${index}`); release(); }));
    waiting.push(bulkhead.acquire('other').then((release) => { order.push('other'); release(); }));
    expect(bulkhead.queued).toBe(51);
    held.forEach((release) => release());
    await Promise.all(waiting);
    expect(order.indexOf('other')).toBeLessThanOrEqual(2);
    expect(order).toHaveLength(51);
    expect(bulkhead.inFlight).toBe(0);
  });

  test('each caller’s queue is bounded; calls over it are refused at once, others still queue', async () => {
    const bulkhead = new RegionBulkhead(2, 3);
    const release = await bulkhead.acquire('a');
    const queued = [bulkhead.acquire('a'), bulkhead.acquire('a'), bulkhead.acquire('a')];
    await expect(bulkhead.acquire('a')).rejects.toMatchObject({ kind: 'full' });
    const other = bulkhead.acquire('b');
    release();
    await Promise.all([...queued, other].map((next) => next.then((granted) => granted())));
    expect(bulkhead.inFlight).toBe(0);
  });

  test('a waiting call whose request ends leaves the queue and never takes a slot', async () => {
    const bulkhead = new RegionBulkhead(1, 10);
    const release = await bulkhead.acquire('a');
    const abort = new AbortController();
    const waiting = bulkhead.acquire('b', abort.signal);
    abort.abort();
    await expect(waiting).rejects.toBeInstanceOf(BulkheadRefusal);
    expect(bulkhead.queued).toBe(0);
    release();
    expect(bulkhead.inFlight).toBe(0);
    await expect(bulkhead.acquire('c', AbortSignal.abort())).rejects.toMatchObject({ kind: 'aborted' });
  });
});

describe('RegionClient cancellation', () => {
  let server: Server;
  let url: string;
  const requests: IncomingMessage[] = [];
  const closedEarly: number[] = [];
  const calls: RegionCall[] = [];
  const client = new RegionClient({ idleSocketMs: 1000, connections: 4, concurrencyPerRegion: 1, waitingPerCaller: 10, onCall: (call) => calls.push(call) });

  beforeAll(async () => {
    // A region that never answers: only the caller can end a call.
    server = createServer((request) => {
      requests.push(request);
      request.socket.once('close', () => closedEarly.push(Date.now()));
    });
    url = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}/graphql`;
  });

  afterAll(async () => {
    await client.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('ending the client request aborts the call in flight and the one waiting for a slot, at once', async () => {
    const abort = new AbortController();
    const request = { region: 'TJ' as const, url, query: '{ recalls { totalCount } }', identityHeader: 'x', timeoutMs: 30_000, retryable: true, caller: 'agency:tj', signal: abort.signal };
    const inFlight = client.send(request);
    const waitingForSlot = client.send(request);
    await waitUntil(() => requests.length === 1, 'the region to receive the first call');
    const aborted = Date.now();
    abort.abort();
    for (const call of [inFlight, waitingForSlot]) {
      const error = await call.catch((failure: unknown) => failure);
      expect(error).toBeInstanceOf(RegionUnavailableError);
      expect((error as RegionUnavailableError).kind).toBe('cancelled');
    }
    expect(Date.now() - aborted).toBeLessThan(1000);
    // The region sees its connection closed (its work for that request can stop); the second call never reached it.
    await waitUntil(() => closedEarly.length === 1, 'the region’s connection to close');
    expect(requests).toHaveLength(1);
    expect(calls.map((call) => call.outcome)).toEqual(['cancelled', 'cancelled']);
  });
});
