/**
 * Pages and hosts (issue 15): no page or bundle carries a token (GraphiQL asks for one; the web app's build holds
 * none), a Host not in ALLOWED_HOSTS is refused on every route and on the WebSocket upgrade (421
 * HOST_NOT_ALLOWED) while the probes answer any Host, every answer carries the security headers, and in
 * production the public kind of caller may not introspect and gets no "Did you mean" suggestions while agencies
 * keep both. One seeded stack, plus one production-like gateway over its regions.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { parseAllowedHosts } from '../../gateway/allowedHosts';
import { gatewayConfigFromEnv } from '../../gateway/config';
import { GRAPHIQL_TOKEN_KEY } from '../../gateway/graphiqlClient';
import { startGateway, type RunningGateway } from '../../gateway/server';
import { DEVELOPMENT_AGENCIES } from '../../platform/agencies';
import { DEFAULT_WEB_DIR } from '../../platform/config';
import { signClientToken } from '../../platform/identity';
import { sharedStack, type SharedStack } from '../helpers/sharedStack';
import { testGatewayConfig, TEST_JWT_SECRET } from '../helpers/stack';

/** Tokens as `npm start` hands them to the gateway (DEV_TOKENS_JSON): the page used to embed BJ's. */
const DEVELOPMENT_TOKENS = Object.fromEntries(Object.entries(DEVELOPMENT_AGENCIES).map(([name, identity]) => [name, signClientToken(identity, TEST_JWT_SECRET)]));
/** Any JWT (header.payload.signature, base64url JSON). */
const JWT_PATTERN = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]+/;
const FOREIGN_HOST = 'rebound.attacker.example';

let stack: SharedStack;
/** The same regions behind a gateway configured as production is: no public schema details; a listed host name. */
let production: RunningGateway;
let port: number;

beforeAll(async () => {
  // Read-only: the worker's shared seeded regions, behind this suite's own two gateways.
  stack = await sharedStack({ buildWebApp: true });
  port = stack.gateway.port;
  production = await startGateway(testGatewayConfig(stack.regionUrls, { publicSchemaDetails: false, graphiql: false, allowedHosts: ['hub.example.gov.cn'] }));
}, 240_000);

afterAll(async () => {
  await production?.stop();
  await stack?.stop();
}, 60_000);

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The connection was switched to a WebSocket (an upgrade request that was accepted). */
  upgraded: boolean;
}

/** One HTTP request to 127.0.0.1:`to` with the Host header given (fetch does not let a caller set Host). */
function raw(to: number, path: string, options: { host: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port: to, path, method: options.method ?? 'GET', headers: { host: options.host, ...options.headers } });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8'), upgraded: false }));
    });
    request.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve({ status: response.statusCode ?? 0, headers: response.headers, body: '', upgraded: true });
    });
    request.on('error', reject);
    request.end(options.body);
  });
}

/** A WebSocket upgrade of /graphql (graphql-transport-ws) under the Host given. */
function upgrade(to: number, host: string): Promise<RawAnswer> {
  return raw(to, '/graphql', {
    host,
    headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', 'sec-websocket-protocol': 'graphql-transport-ws' },
  });
}

const graphqlBody = (query: string, variables?: Record<string, unknown>) => JSON.stringify({ query, ...(variables ? { variables } : {}) });
const postGraphql = (to: number, host: string, token: string | null, query: string, variables?: Record<string, unknown>) =>
  raw(to, '/graphql', { host, method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: graphqlBody(query, variables) });

const own = () => `127.0.0.1:${port}`;

function refusal(answer: RawAnswer): { code: string; message: string } {
  const body = JSON.parse(answer.body) as { errors: Array<{ message: string; extensions: { code: string } }> };
  return { code: body.errors[0]!.extensions.code, message: body.errors[0]!.message };
}

describe('no page or bundle carries a token', () => {
  test('GraphiQL (its page, at /graphql for a browser too, and every asset it loads) embeds none and asks for one', async () => {
    const page = await raw(port, '/graphiql', { host: own() });
    expect(page.status).toBe(200);
    const browserGet = await raw(port, '/graphql', { host: own(), headers: { accept: 'text/html' } });
    expect(browserGet.body).toBe(page.body);
    const assets = [...page.body.matchAll(/(?:src|href)="(\/graphiql\/assets\/[^"]+)"/g)].map((match) => match[1]!);
    expect(assets).toEqual(expect.arrayContaining(['/graphiql/assets/graphiql.js', '/graphiql/assets/graphiql-client.js']));
    for (const text of [page.body, ...(await Promise.all(assets.map(async (asset) => (await raw(port, asset, { host: own() })).body)))]) {
      expect(text).not.toMatch(JWT_PATTERN);
      for (const token of Object.values(DEVELOPMENT_TOKENS)) expect(text).not.toContain(token.split('.')[2]);
    }
    expect(page.body).toContain('访问令牌 (Bearer)');
    expect(page.body).toMatch(/保存[\s\S]*清除/);
    // No inline script: the only <script> without src is the JSON data block with the endpoint and the examples.
    expect([...page.body.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((match) => match[1]!.trim())).toEqual(['type="application/json" id="graphiql-config"']);
    const client = await raw(port, '/graphiql/assets/graphiql-client.js', { host: own() });
    expect(client.headers['content-type']).toMatch(/^text\/javascript/);
    expect(client.body).toContain(GRAPHIQL_TOKEN_KEY);
    expect(client.body).toContain('wsConnectionParams');
  });

  test('the web app as built (web/dist) and as served embeds none', async () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else files.push(path);
      }
    };
    walk(DEFAULT_WEB_DIR);
    expect(files.map((file) => file.slice(DEFAULT_WEB_DIR.length))).toEqual(expect.arrayContaining(['/index.html', '/assets/app.js']));
    const served = await Promise.all(['/', '/assets/app.js', '/assets/app.css'].map(async (path) => (await raw(port, path, { host: own() })).body));
    for (const text of [...files.map((file) => readFileSync(file, 'utf8')), ...served]) {
      expect(text).not.toMatch(JWT_PATTERN);
      expect(text).not.toContain(TEST_JWT_SECRET);
    }
  });
});

describe('ALLOWED_HOSTS', () => {
  const ROUTES: Array<[string, string]> = [
    ['GET', '/'],
    ['GET', '/graphiql'],
    ['GET', '/graphiql/assets/graphiql-client.js'],
    ['POST', '/graphql'],
    ['POST', '/public-token'],
    ['GET', '/health'],
    ['GET', '/no-such-route'],
  ];

  test.each(ROUTES)('%s %s under a foreign Host: 421 HOST_NOT_ALLOWED, in Chinese and English, with the security headers', async (method, path) => {
    const answer = await raw(port, path, { host: FOREIGN_HOST, method, headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.tokens.BJ}` }, body: method === 'POST' ? graphqlBody('{ __typename }') : undefined });
    expect(answer.status).toBe(421);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    const { code, message } = refusal(answer);
    expect(code).toBe('HOST_NOT_ALLOWED');
    expect(message).toMatch(/[\u4e00-\u9fff]/);
    expect(message).toContain('ALLOWED_HOSTS');
    expect(message).toContain(FOREIGN_HOST);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
  });

  test('the WebSocket upgrade under a foreign Host is refused the same way; under the gateway\'s own it opens', async () => {
    const refused = await upgrade(port, FOREIGN_HOST);
    expect(refused.upgraded).toBe(false);
    expect(refused.status).toBe(421);
    expect(refusal(refused).code).toBe('HOST_NOT_ALLOWED');
    const accepted = await upgrade(port, own());
    expect(accepted).toMatchObject({ upgraded: true, status: 101 });
  });

  test('a foreign Host over a real graphql-ws client gets no data', async () => {
    const outcome = await new Promise<string>((resolve) => {
      class ForeignHostSocket extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { headers: { host: FOREIGN_HOST } });
          this.on('unexpected-response', (_request, response) => resolve(`HTTP ${response.statusCode}`));
        }
      }
      const client = createClient({ url: stack.gatewayUrl.replace(/^http/, 'ws'), webSocketImpl: ForeignHostSocket, connectionParams: { authorization: `Bearer ${stack.tokens.BJ}` }, retryAttempts: 0, lazy: true });
      client.subscribe({ query: '{ __typename }' }, { next: () => resolve('data'), error: () => undefined, complete: () => undefined });
      setTimeout(() => void client.dispose(), 5000).unref();
    });
    expect(outcome).toBe('HTTP 421');
  });

  test('the probes answer any Host (an orchestrator calls them by pod IP); /health does not', async () => {
    expect((await raw(port, '/health/live', { host: '10.42.0.17:4000' })).status).toBe(200);
    expect((await raw(port, '/health/ready', { host: FOREIGN_HOST })).status).toBe(200);
    expect((await raw(port, '/health', { host: '10.42.0.17:4000' })).status).toBe(421);
  });

  test('by default the loopback names with the gateway\'s port are answered, in any case; another port or name is not', async () => {
    for (const host of [own(), `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`, `localhost.:${port}`]) {
      const answer = await postGraphql(port, host, stack.tokens.PUBLIC, '{ __typename }');
      expect({ host, status: answer.status, body: JSON.parse(answer.body) }).toEqual({ host, status: 200, body: { data: { __typename: 'Query' } } });
    }
    for (const host of ['127.0.0.1', `127.0.0.1:${port + 1}`, `127.0.0.2:${port}`, `localhost.${FOREIGN_HOST}:${port}`, `${FOREIGN_HOST}:${port}`, 'evil; script-src *']) {
      expect({ host, status: (await raw(port, '/graphiql', { host })).status }).toEqual({ host, status: 421 });
    }
  });

  test('a request with no Host at all (HTTP/1.0) is refused', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.end('GET /graphiql HTTP/1.0\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString('utf8')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.[01] 421/);
    expect(answer).toContain('HOST_NOT_ALLOWED');
  });

  test('a listed name without a port is answered on any port; unlisted names are refused, also on the WebSocket', async () => {
    const to = production.port;
    expect((await postGraphql(to, 'hub.example.gov.cn', stack.tokens.BJ, '{ __typename }')).status).toBe(200);
    expect((await postGraphql(to, 'HUB.example.gov.cn:8443', stack.tokens.BJ, '{ __typename }')).status).toBe(200);
    // The list replaces the default: localhost is no longer answered, nor 127.0.0.1 on the gateway's (random) port.
    expect((await postGraphql(to, `localhost:${to}`, stack.tokens.BJ, '{ __typename }')).status).toBe(421);
    expect((await postGraphql(to, `127.0.0.1:${to}`, stack.tokens.BJ, '{ __typename }')).status).toBe(421);
    expect((await upgrade(to, 'hub.example.gov.cn')).upgraded).toBe(true);
    expect((await upgrade(to, `localhost:${to}`)).status).toBe(421);
  });

  test('ALLOWED_HOSTS from the environment: entries, * (no check), refused values named', () => {
    const env = { REGION_URL_BJ: 'http://127.0.0.1:4001', REGION_URL_TJ: 'http://127.0.0.1:4002', REGION_URL_HE: 'http://127.0.0.1:4003', JWT_SECRET: 'jwt-secret-0123456789abcdef', INTERNAL_IDENTITY_SECRET: 'internal-secret-0123456789' };
    expect(gatewayConfigFromEnv(env).allowedHosts).toBeNull();
    expect(gatewayConfigFromEnv({ ...env, ALLOWED_HOSTS: ' hub.example.gov.cn, 10.0.0.5:4000 ,[::1]:4000' }).allowedHosts).toEqual(['hub.example.gov.cn', '10.0.0.5:4000', '[::1]:4000']);
    expect(gatewayConfigFromEnv({ ...env, ALLOWED_HOSTS: '*' }).allowedHosts).toBe('*');
    expect(() => gatewayConfigFromEnv({ ...env, ALLOWED_HOSTS: 'https://hub.example.gov.cn' })).toThrow(/ALLOWED_HOSTS must be comma-separated host:port or host entries/);
    expect(parseAllowedHosts('a.example, *')).toBeUndefined();
  });
});

describe('security headers', () => {
  function directives(csp: string | undefined): Map<string, string[]> {
    return new Map((csp ?? '').split(';').map((part) => part.trim().split(/\s+/)).filter((words) => words[0]).map(([name, ...values]) => [name!, values]));
  }

  const PAGES: Array<[string, string, Record<string, string>?]> = [
    ['the web app', '/'],
    ['a web app route', '/recall/BJ-RCL-2026-0001'],
    ['a web app asset', '/assets/app.js'],
    ['GraphiQL', '/graphiql'],
    ['a GraphiQL asset', '/graphiql/assets/graphiql.css'],
    ['a 404', '/no-such-route'],
    ['a probe', '/health/live'],
  ];

  test.each(PAGES)('%s (%s)', async (_what, path) => {
    const answer = await raw(port, path, { host: own() });
    expectSecurityHeaders(answer, path === '/graphiql');
  });

  test('the JSON API: an answer, a refusal before Apollo, a validation error', async () => {
    expectSecurityHeaders(await postGraphql(port, own(), stack.tokens.PUBLIC, '{ __typename }'), false);
    expectSecurityHeaders(await postGraphql(port, own(), null, '{ __typename }'), false);
    expectSecurityHeaders(await postGraphql(port, own(), stack.tokens.PUBLIC, '{ nope }'), false);
    expectSecurityHeaders(await raw(port, '/public-token', { host: own(), method: 'POST' }), false);
  });

  function expectSecurityHeaders(answer: RawAnswer, graphiql: boolean): void {
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['referrer-policy']).toBe('no-referrer');
    expect(answer.headers['x-frame-options']).toBe('DENY');
    const csp = directives(answer.headers['content-security-policy'] as string | undefined);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'", `ws://${own()}`, `wss://${own()}`]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    // GraphiQL's bundle sets inline styles and carries its fonts as data: URLs; nothing else may.
    expect(csp.get('style-src')).toEqual(graphiql ? ["'self'", "'unsafe-inline'"] : ["'self'"]);
    expect(csp.get('font-src')).toEqual(graphiql ? ["'self'", 'data:'] : ["'self'"]);
  }
});

describe('public schema details in production', () => {
  const INTROSPECTIONS = [
    '{ __schema { queryType { name } } }',
    '{ __type(name: "Recall") { fields { name } } }',
    '{ types: __schema { types { name } } }',
    'query { ...Everything } fragment Everything on Query { __schema { types { name } } }',
  ];
  const TYPO = '{ recals(first: 1) { totalCount } }';
  const BAD_ENUM = ['query ($categories: [ProductCategory!]) { recalls(filter: { categories: $categories }, first: 1) { totalCount } }', { categories: ['ELECTRIC_BICYCL'] }] as const;
  const at = () => production.port;
  const host = () => 'hub.example.gov.cn';

  test('an agency introspects; the public is refused with INTROSPECTION_DISABLED (HTTP 400), also for a document Apollo has cached', async () => {
    for (const query of INTROSPECTIONS) {
      const agency = await postGraphql(at(), host(), stack.tokens.BJ, query);
      expect({ query, status: agency.status, errors: JSON.parse(agency.body).errors }).toEqual({ query, status: 200, errors: undefined });
      const answer = await postGraphql(at(), host(), stack.tokens.PUBLIC, query);
      const body = JSON.parse(answer.body) as { data?: unknown; errors: Array<{ message: string; extensions: { code: string } }> };
      expect({ query, status: answer.status, code: body.errors?.[0]?.extensions.code, data: body.data }).toEqual({ query, status: 400, code: 'INTROSPECTION_DISABLED', data: undefined });
      expect(body.errors[0]!.message).toMatch(/内省/);
    }
    expect(JSON.parse((await postGraphql(at(), host(), stack.tokens.PUBLIC, '{ __typename }')).body)).toEqual({ data: { __typename: 'Query' } });
  });

  test('"Did you mean" suggestions: agencies get them, the public does not (validation and variable errors)', async () => {
    const message = async (token: string, query: string, variables?: Record<string, unknown>) => {
      const answer = await postGraphql(at(), host(), token, query, variables);
      expect(answer.status).toBe(400);
      return (JSON.parse(answer.body) as { errors: Array<{ message: string }> }).errors.map((error) => error.message).join('\n');
    };
    expect(await message(stack.tokens.BJ, TYPO)).toMatch(/Did you mean .*"recalls"\?/);
    const publicTypo = await message(stack.tokens.PUBLIC, TYPO);
    expect(publicTypo).toContain('Cannot query field "recals" on type "Query".');
    expect(publicTypo).not.toMatch(/Did you mean|recalls/);
    expect(await message(stack.tokens.BJ, BAD_ENUM[0], { ...BAD_ENUM[1] })).toMatch(/Did you mean the enum value "ELECTRIC_BICYCLE"\?/);
    const publicEnum = await message(stack.tokens.PUBLIC, BAD_ENUM[0], { ...BAD_ENUM[1] });
    expect(publicEnum).toContain('Value "ELECTRIC_BICYCL" does not exist in "ProductCategory" enum.');
    expect(publicEnum).not.toMatch(/Did you mean|ELECTRIC_BICYCLE/);
  });

  /** One operation over graphql-ws on the production-like gateway: its first result, or its errors. */
  const overSocket = (token: string, query: string, variables?: Record<string, unknown>) =>
    new Promise<{ data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> }>((resolve) => {
      class HubSocket extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { headers: { host: host() } });
        }
      }
      const client = createClient({ url: `ws://127.0.0.1:${at()}/graphql`, webSocketImpl: HubSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0, lazy: true });
      const done = (outcome: { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> }) => {
        resolve(outcome);
        void client.dispose();
      };
      client.subscribe(
        { query, variables },
        {
          next: (result) => done(result as never),
          error: (error) => done({ errors: Array.isArray(error) ? error : [{ message: String((error as Error).message ?? (error as CloseEvent).reason ?? error) }] }),
          complete: () => void client.dispose(),
        },
      );
    });

  test('over the WebSocket: the public may not introspect, agencies may', async () => {
    const refused = await overSocket(stack.tokens.PUBLIC, INTROSPECTIONS[0]!);
    expect(refused.data ?? null).toBeNull();
    expect(refused.errors?.[0]?.extensions?.code).toBe('INTROSPECTION_DISABLED');
    expect((await overSocket(stack.tokens.BJ, INTROSPECTIONS[0]!)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  test('over the WebSocket: no suggestions for the public (validation, subscription variables); agencies keep them', async () => {
    const publicTypo = await overSocket(stack.tokens.PUBLIC, TYPO);
    expect(publicTypo.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(publicTypo.errors?.[0]?.message).toContain('Cannot query field "recals" on type "Query".');
    expect(publicTypo.errors?.[0]?.message).not.toMatch(/Did you mean/);
    expect((await overSocket(stack.tokens.BJ, TYPO)).errors?.[0]?.message).toMatch(/Did you mean .*"recalls"\?/);
    const subscription = 'subscription ($categories: [ProductCategory!]) { recallPublished(filter: { categories: $categories }) { recordId } }';
    const publicEnum = await overSocket(stack.tokens.PUBLIC, subscription, { categories: ['ELECTRIC_BICYCL'] });
    expect(publicEnum.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(publicEnum.errors?.[0]?.message).not.toMatch(/Did you mean|ELECTRIC_BICYCLE/);
    expect((await overSocket(stack.tokens.BJ, subscription, { categories: ['ELECTRIC_BICYCL'] })).errors?.[0]?.message).toMatch(/Did you mean the enum value "ELECTRIC_BICYCLE"\?/);
  });

  test('outside production the public keeps both (the setting, not the caller, decides)', async () => {
    expect(JSON.parse((await postGraphql(port, own(), stack.tokens.PUBLIC, INTROSPECTIONS[0]!)).body)).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    expect(JSON.parse((await postGraphql(port, own(), stack.tokens.PUBLIC, TYPO)).body).errors[0].message).toMatch(/Did you mean .*"recalls"\?/);
  });

  test('NODE_ENV=production turns public schema details off unless PUBLIC_SCHEMA_DETAILS asks for them', () => {
    const env = { REGION_URL_BJ: 'http://127.0.0.1:4001', REGION_URL_TJ: 'http://127.0.0.1:4002', REGION_URL_HE: 'http://127.0.0.1:4003', JWT_SECRET: 'jwt-secret-0123456789abcdef', INTERNAL_IDENTITY_SECRET: 'internal-secret-0123456789' };
    expect(gatewayConfigFromEnv(env).publicSchemaDetails).toBe(true);
    expect(gatewayConfigFromEnv({ ...env, NODE_ENV: 'production' }).publicSchemaDetails).toBe(false);
    expect(gatewayConfigFromEnv({ ...env, NODE_ENV: 'production', PUBLIC_SCHEMA_DETAILS: 'true' }).publicSchemaDetails).toBe(true);
  });
});
