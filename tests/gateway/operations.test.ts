/**
 * What an operator relies on, over the real system: liveness and readiness of the gateway and each region (Tianjin
 * has an engine process of its own, frozen with SIGSTOP and thawed with SIGCONT), compressed responses, and a
 * region whose database cannot be reached failing fast with a message naming the region.
 */
import { createServer, type AddressInfo } from 'node:net';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { request as httpRequest } from 'node:http';
import { startTsProcess } from '../../platform/childProcess';
import { REGIONAL_DEFAULTS } from '../../platform/config';
import { startStack, TEST_INTERNAL_SECRET, type Stack } from '../helpers/stack';
import { sleep, waitUntil } from '../subscriptions/subscriptionHelpers';

jest.setTimeout(120_000);

let stack: Stack;
const base = () => stack.gatewayUrl.replace(/\/graphql$/, '');

beforeAll(async () => {
  stack = await startStack({ separateEngineRegions: ['TJ'] });
}, 240_000);

afterAll(async () => {
  stack.system.engineProcess('TJ')?.child.kill('SIGCONT');
  await stack?.stop();
}, 60_000);

async function getJson(url: string): Promise<{ status: number; body: any; ms: number }> {
  const started = Date.now();
  const response = await fetch(url);
  return { status: response.status, body: await response.json(), ms: Date.now() - started };
}

/** A raw response (no automatic decompression): status, headers and the bytes as sent. */
function rawPost(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, bytes: Buffer.concat(chunks) }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('liveness and readiness', () => {
  test('with everything up, the gateway and every region are live and ready', async () => {
    expect(await getJson(`${base()}/health/live`)).toMatchObject({ status: 200, body: { status: 'live' } });
    expect(await getJson(`${base()}/health/ready`)).toMatchObject({ status: 200, body: { status: 'ready', regions: { BJ: true, TJ: true, HE: true } } });
    for (const region of ['BJ', 'TJ', 'HE'] as const) {
      expect(await getJson(`${stack.regionUrls[region]}/health/live`)).toMatchObject({ status: 200, body: { status: 'live', region } });
      expect(await getJson(`${stack.regionUrls[region]}/health/ready`)).toMatchObject({ status: 200, body: { status: 'ready', region, database: { ok: true } } });
    }
    const detail = await getJson(`${base()}/health`);
    expect(detail.status).toBe(200);
    expect(detail.body.status).toBe('ok');
    expect(detail.body.regions.TJ).toMatchObject({ region: 'TIANJIN', reachable: true, ready: true, database: { ok: true } });
  });

  test('Tianjin’s database frozen (SIGSTOP): Tianjin is not ready within its bound, Beijing, Hebei and the gateway stay ready; SIGCONT heals', async () => {
    const engine = stack.system.engineProcess('TJ')!;
    const bound = REGIONAL_DEFAULTS.healthTimeoutMs;
    engine.child.kill('SIGSTOP');
    try {
      // The first answer may be the last ping's (kept a second); then the frozen database shows.
      let notReady: { status: number; body: any; ms: number } | undefined;
      await waitUntil(async () => {
        const answer = await getJson(`${stack.regionUrls.TJ}/health/ready`);
        // Each answer comes within the bound (plus scheduling slack), never hanging with the database.
        expect(answer.ms).toBeLessThan(bound + 1500);
        if (answer.status === 503) notReady = answer;
        return notReady !== undefined;
      }, 'Tianjin to report not ready', 10_000);
      expect(notReady!.body).toMatchObject({ status: 'not-ready', region: 'TJ', database: { ok: false } });
      // Live is not ready: the process itself serves.
      expect(await getJson(`${stack.regionUrls.TJ}/health/live`)).toMatchObject({ status: 200 });
      for (const region of ['BJ', 'HE'] as const) expect((await getJson(`${stack.regionUrls[region]}/health/ready`)).status).toBe(200);
      const gatewayReady = await getJson(`${base()}/health/ready`);
      expect(gatewayReady).toMatchObject({ status: 200, body: { status: 'ready', regions: { BJ: true, TJ: false, HE: true } } });
      const detail = await getJson(`${base()}/health`);
      expect(detail.status).toBe(503);
      expect(detail.body.status).toBe('degraded');
      expect(detail.body.regions.TJ).toMatchObject({ reachable: true, ready: false, database: { ok: false } });
      expect(detail.body.regions.TJ.error).toMatch(/not ready/);
      // Many probes at once while frozen: answered within the bound, and the region is not sent a pile of pings.
      const burst = await Promise.all(Array.from({ length: 50 }, () => getJson(`${stack.regionUrls.TJ}/health/ready`)));
      expect(burst.every((answer) => answer.status === 503 && answer.ms < bound + 1500)).toBe(true);
    } finally {
      engine.child.kill('SIGCONT');
    }
    await waitUntil(async () => (await getJson(`${stack.regionUrls.TJ}/health/ready`)).status === 200, 'Tianjin to be ready again', 20_000);
    await waitUntil(async () => (await getJson(`${base()}/health`)).status === 200, 'the gateway to report every region ready', 10_000);
    const recalls = await stack.query(stack.tokens.TJ, '{ recalls(filter: { regions: [TIANJIN] }, first: 1) { totalCount } }');
    expect(recalls.errors).toBeUndefined();
    expect(recalls.data!.recalls.totalCount).toBeGreaterThan(0);
  });
});

describe('response compression', () => {
  const bigQuery = JSON.stringify({ query: '{ recalls(first: 50) { edges { node { id productName brand defect hazard } } } }' });

  test('a response over 1 KB is gzip- or brotli-compressed when the client asks, and plain when it does not', async () => {
    const headers = { authorization: `Bearer ${stack.tokens.BJ}` };
    const plain = await rawPost(stack.gatewayUrl, headers, bigQuery);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.bytes.length).toBeGreaterThan(1024);
    const expected = JSON.parse(plain.bytes.toString('utf8'));
    expect(expected.data.recalls.edges).toHaveLength(50);

    const gzip = await rawPost(stack.gatewayUrl, { ...headers, 'accept-encoding': 'gzip' }, bigQuery);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers.vary).toMatch(/accept-encoding/i);
    expect(JSON.parse(gunzipSync(gzip.bytes).toString('utf8'))).toEqual(expected);
    expect(gzip.bytes.length).toBeLessThan(plain.bytes.length / 2);

    const brotli = await rawPost(stack.gatewayUrl, { ...headers, 'accept-encoding': 'br, gzip' }, bigQuery);
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(brotli.bytes).toString('utf8'))).toEqual(expected);
  });

  test('a small response is not compressed', async () => {
    const small = await rawPost(stack.gatewayUrl, { authorization: `Bearer ${stack.tokens.BJ}`, 'accept-encoding': 'gzip' }, JSON.stringify({ query: '{ recalls(first: 1) { totalCount } }' }));
    expect(small.status).toBe(200);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.bytes.toString('utf8')).data.recalls.totalCount).toBeGreaterThan(0);
  });
});

describe('a database that cannot be reached', () => {
  test('a region pointed at a dead URI fails to start in under 5 s, naming the region and the address', async () => {
    // A port nothing listens on: bound, then closed.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const deadPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const lines: string[] = [];
    const started = Date.now();
    const child = startTsProcess('regional-TJ-dead', 'services/regional/main.ts', {
      REGION: 'TJ',
      PORT: '0',
      METRICS_PORT: '0',
      MONGODB_URI: `mongodb://jjj:s3cret@127.0.0.1:${deadPort}/?directConnection=true`,
      INTERNAL_IDENTITY_SECRET: TEST_INTERNAL_SECRET,
    }, { readyMessage: 'regional subgraph listening', startTimeoutMs: 30_000, forwardOutput: (line) => lines.push(line) });
    const failure = await child.ready.then(() => null, (error: Error) => error.message);
    expect(failure).toMatch(/TIANJIN database unreachable at mongodb:\/\/jjj:\*\*\*@127\.0\.0\.1:\d+/);
    await child.exited;
    // The service's own measure of its connection attempt (the process start before it varies with the machine's load).
    const gaveUpAfterMs = Number(/gave up after (\d+) ms/.exec(failure!)?.[1]);
    // eslint-disable-next-line no-console
    console.log(`dead database URI: refused after ${gaveUpAfterMs} ms of trying; the process exited ${Date.now() - started} ms after it was started`);
    expect(gaveUpAfterMs).toBeLessThan(5000);
    expect(child.child.exitCode).toBe(1);
    expect(lines.join('\n')).not.toContain('s3cret');
    await sleep(0);
  });
});
