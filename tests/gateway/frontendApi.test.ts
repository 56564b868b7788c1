/**
 * A browser-ready API: the client schema (subscriptions included) over HTTP, subscriptions refused over HTTP
 * with a 400 that says where to go, CORS and the WebSocket Origin check against CORS_ORIGINS, connectionParams
 * read under any spelling, short-lived public tokens with a per-address limit, GraphiQL examples that run.
 */
import { CONTRACT } from '../../contract';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { createClient } from 'graphql-ws';
import jwt from 'jsonwebtoken';
import WebSocket from 'ws';
import { EXAMPLE_QUERIES } from '../../gateway/exampleQueries';
import { REPO_ROOT } from '../../platform/childProcess';
import { startStack, type Stack } from '../helpers/stack';
import { createRecall, sleep, testCreditCode, waitUntil } from '../subscriptions/subscriptionHelpers';

const ALLOWED_ORIGIN = 'https://portal.example.gov.cn';
const OTHER_ORIGIN = 'https://evil.example.com';
const TOKENS_PER_MINUTE = 4;

let stack: Stack;
const logLines: string[] = [];
beforeAll(async () => {
  stack = await startStack({ gateway: { corsOrigins: [ALLOWED_ORIGIN], publicTokensPerMinute: TOKENS_PER_MINUTE, publicTokenSeconds: 600 }, captureLogs: logLines });
}, 240_000);
afterAll(async () => {
  await stack?.stop();
}, 60_000);

const wsUrl = () => stack.gatewayUrl.replace(/^http/, 'ws');
const post = (headers: Record<string, string>, body: unknown, path = '/graphql') =>
  fetch(new URL(path, stack.gatewayUrl), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** Opens a graphql-ws connection and runs one operation; resolves with the first result or the close/error. */
function overWebSocket(options: { connectionParams?: Record<string, unknown>; headers?: Record<string, string>; origin?: string }, query: string): Promise<{ data?: unknown; errors?: unknown; failure?: string }> {
  return new Promise((resolve) => {
    class OriginWebSocket extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers: options.headers, origin: options.origin });
      }
    }
    const client = createClient({ url: wsUrl(), webSocketImpl: OriginWebSocket, connectionParams: options.connectionParams, retryAttempts: 0, lazy: true });
    const unsubscribe = client.subscribe(
      { query },
      {
        next: (result) => {
          resolve(result as { data?: unknown; errors?: unknown });
          unsubscribe();
          void client.dispose();
        },
        error: (error) => {
          resolve({ failure: error instanceof Error ? error.message : String((error as { code?: number; reason?: string }).code ?? error) });
          void client.dispose();
        },
        complete: () => undefined,
      },
    );
  });
}

describe('the client schema over HTTP', () => {
  test('introspection lists the subscriptions', async () => {
    const response = await post({ authorization: `Bearer ${stack.tokens.PUBLIC}` }, { query: '{ __schema { subscriptionType { fields { name } } } }' });
    const body = (await response.json()) as { data: { __schema: { subscriptionType: { fields: Array<{ name: string }> } } } };
    expect(body.data.__schema.subscriptionType.fields.map((field) => field.name).sort()).toEqual(CONTRACT.subscriptions.map((declaration) => declaration.field).sort());
    expect(CONTRACT.subscriptions.map((declaration) => declaration.field)).toEqual(expect.arrayContaining(['complaintChanged', 'recallChanged', 'recallLinked', 'recallPublished', 'riskAlertChanged', 'riskAlertLinked', 'riskAlertRaised', 'assistanceRequested', 'enforcementCaseDecided']));
  });

  test('a subscription POSTed over HTTP is a 400 that says to use WebSocket', async () => {
    const response = await post({ authorization: `Bearer ${stack.tokens.PUBLIC}` }, { query: 'subscription { recallPublished { recordId } }' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0].extensions.code).toBe('SUBSCRIPTION_OVER_HTTP');
    expect(body.errors[0].message).toMatch(/WebSocket/);
  });

  test('codegen against the live gateway equals codegen against schema/', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'jjj-codegen-live-'));
    try {
      // Asynchronously: the gateway answering codegen runs in this process.
      await promisify(execFile)(join(REPO_ROOT, 'node_modules', '.bin', 'graphql-codegen'), ['--config', 'codegen.ts', '--silent'], {
        cwd: REPO_ROOT,
        env: { ...process.env, CODEGEN_OUT: `${outDir}/`, CODEGEN_SCHEMA_URL: stack.gatewayUrl, CODEGEN_TOKEN: stack.tokens.BJ },
      });
      const committed = join(REPO_ROOT, 'clients', 'generated');
      const files = readdirSync(committed).sort();
      expect(readdirSync(outDir).sort()).toEqual(files);
      for (const file of files) expect(readFileSync(join(outDir, file), 'utf8')).toBe(readFileSync(join(committed, file), 'utf8'));
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }, 60_000);

  test('the README’s Apollo Client + graphql-ws example runs as written on Node 20: a query, then a live recall', async () => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'clients', 'examples', 'liveRecalls.mjs'), new URL(stack.gatewayUrl).origin, '1'], { cwd: REPO_ROOT });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await waitUntil(() => output.includes('subscribed;'), 'the example to subscribe', 30_000, () => output);
      await sleep(500);
      const id = await createRecall(stack, 'HE', { category: 'TOYS', creditCode: testCreditCode('HE', 'EXMPL') });
      expect(await exited).toBe(0);
      expect(output).toMatch(/^recalls in all three regions: \d+$/m);
      expect(output).toContain(`live: ${id} `);
    } finally {
      child.kill();
    }
  }, 60_000);

  test.each(EXAMPLE_QUERIES.map((example) => [example.title, example] as const))('the GraphiQL example "%s" runs as shipped', async (_title, example) => {
    const response = await post({ authorization: `Bearer ${stack.tokens.BJ}` }, { query: example.query, variables: example.variables });
    const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(Object.values(body.data ?? {}).every((value) => value !== null)).toBe(true);
  });
});

describe('CORS and the WebSocket Origin', () => {
  const QUERY = { query: '{ recalls(first: 1) { totalCount } }' };

  test('a listed origin gets its preflight answered and the CORS headers, and can query', async () => {
    const preflight = await fetch(stack.gatewayUrl, { method: 'OPTIONS', headers: { origin: ALLOWED_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    const response = await post({ origin: ALLOWED_ORIGIN, authorization: `Bearer ${stack.tokens.PUBLIC}` }, QUERY);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(((await response.json()) as { data: { recalls: { totalCount: number } } }).data.recalls.totalCount).toBeGreaterThan(0);
  });

  test('another origin is refused (403, no CORS headers); the gateway’s own origin and non-browser clients are not', async () => {
    const response = await post({ origin: OTHER_ORIGIN, authorization: `Bearer ${stack.tokens.PUBLIC}` }, QUERY);
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code).toBe('FORBIDDEN_ORIGIN');
    const preflight = await fetch(stack.gatewayUrl, { method: 'OPTIONS', headers: { origin: OTHER_ORIGIN, 'access-control-request-method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const own = new URL(stack.gatewayUrl).origin;
    expect((await post({ origin: own, authorization: `Bearer ${stack.tokens.PUBLIC}` }, QUERY)).status).toBe(200);
    expect((await post({ authorization: `Bearer ${stack.tokens.PUBLIC}` }, QUERY)).status).toBe(200);
  });

  test('a listed origin can subscribe over WebSocket; another origin’s upgrade is refused', async () => {
    const query = '{ recalls(first: 1) { totalCount } }';
    const allowed = await overWebSocket({ origin: ALLOWED_ORIGIN, connectionParams: { authorization: `Bearer ${stack.tokens.PUBLIC}` } }, query);
    expect(allowed.failure).toBeUndefined();
    expect(allowed.data).toEqual({ recalls: { totalCount: expect.any(Number) } });
    const refused = await overWebSocket({ origin: OTHER_ORIGIN, connectionParams: { authorization: `Bearer ${stack.tokens.PUBLIC}` } }, query);
    expect(refused.data).toBeUndefined();
    expect(refused.failure).toBeDefined();
  });

  test('connectionParams are read under any spelling, and the upgrade’s Authorization header works too', async () => {
    const query = '{ recalls(first: 1) { totalCount } }';
    for (const connectionParams of [{ Authorization: `Bearer ${stack.tokens.PUBLIC}` }, { AUTHORIZATION: `Bearer ${stack.tokens.PUBLIC}` }]) {
      expect((await overWebSocket({ connectionParams }, query)).data).toEqual({ recalls: { totalCount: expect.any(Number) } });
    }
    expect((await overWebSocket({ headers: { authorization: `Bearer ${stack.tokens.PUBLIC}` } }, query)).data).toEqual({ recalls: { totalCount: expect.any(Number) } });
  });
});

describe('POST /public-token', () => {
  test('a public:read token of at most 15 minutes that reads recalls, then 429 past the per-address limit', async () => {
    const response = await post({}, {}, '/public-token');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const issued = (await response.json()) as { token: string; expiresAt: string; expiresInSeconds: number };
    const claims = jwt.decode(issued.token) as { exp: number; iat: number; scopes: string[]; kind: string };
    expect(claims.kind).toBe('public');
    expect(claims.scopes).toEqual(['public:read']);
    expect(claims.exp - claims.iat).toBe(600);
    expect(Math.abs(Date.parse(issued.expiresAt) - claims.exp * 1000)).toBeLessThan(2000);
    const read = await post({ authorization: `Bearer ${issued.token}` }, { query: '{ recalls(first: 1) { totalCount } }' });
    expect(((await read.json()) as { data: { recalls: { totalCount: number } } }).data.recalls.totalCount).toBeGreaterThan(0);
    const complaints = await post({ authorization: `Bearer ${issued.token}` }, { query: '{ complaints(first: 1) { totalCount } }' });
    expect(((await complaints.json()) as { errors?: Array<{ extensions: { code: string } }> }).errors?.[0]?.extensions.code).toBe('FORBIDDEN');

    // Earlier tests of this file took tokens too: within the minute, at most TOKENS_PER_MINUTE in all, then 429.
    const answers: Response[] = [];
    for (let i = 0; i < TOKENS_PER_MINUTE; i++) answers.push(await post({}, {}, '/public-token'));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200).length).toBeLessThan(TOKENS_PER_MINUTE);
    const limited = answers[statuses.indexOf(429)]!;
    expect(statuses.slice(statuses.indexOf(429)).every((status) => status === 429)).toBe(true);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
  });

  test('GET is refused; the token is never in a page', async () => {
    expect((await fetch(new URL('/public-token', stack.gatewayUrl))).status).toBe(405);
    const graphiql = await (await fetch(new URL('/graphiql', stack.gatewayUrl))).text();
    expect(graphiql).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
  });
});

describe('request logs', () => {
  test('a client request id is in the response, the gateway’s request line and each region’s; no token or phone number is logged', async () => {
    const requestId = `test-${Date.now()}`;
    const response = await post({ authorization: `Bearer ${stack.tokens.BJ}`, 'x-request-id': requestId }, { query: 'query RecallsPage { recalls(first: 2) { totalCount } complaints(first: 5) { edges { node { consumer { phone } } } } }' });
    expect(response.headers.get('x-request-id')).toBe(requestId);
    await sleep(300);
    const withId = logLines.filter((line) => line.includes(requestId)).map((line) => JSON.parse(line) as Record<string, any>);
    const gatewayLine = withId.find((line) => line.name === 'gateway' && line.msg === 'request');
    expect(gatewayLine).toMatchObject({ agency: 'bj-samr', operation: 'RecallsPage', outcome: 'ok' });
    expect((gatewayLine!.regions as Array<{ region: string }>).map((call) => call.region).sort()).toEqual(['BJ', 'BJ', 'HE', 'HE', 'TJ', 'TJ']);
    const regionLines = withId.filter((line) => line.name === 'regional' && line.msg === 'request');
    expect(new Set(regionLines.map((line) => line.region))).toEqual(new Set(['BJ', 'TJ', 'HE']));
    // A fresh id when the client sends none (or one that is not a plain token).
    const generated = await post({ authorization: `Bearer ${stack.tokens.BJ}`, 'x-request-id': 'bad id with spaces' }, { query: '{ recalls(first: 1) { totalCount } }' });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const everything = logLines.join('\n');
    for (const token of Object.values(stack.tokens)) expect(everything).not.toContain(token);
    expect(everything).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
  });
});
