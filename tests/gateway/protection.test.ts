/**
 * The gateway's protections and failure behaviour over the real system on loopback: agency identity at the gateway
 * and at the subgraphs, the public token's reach, depth/cost/size limits, /health, and a region that goes down and
 * comes back while the gateway keeps running.
 */
import { Agent, request as httpRequest } from 'node:http';
import { ALL_REGION_CODES, regionNameOf, type RegionCode } from '../../kernel';
import { COST_WEIGHTS } from '../../contract';
import { DEVELOPMENT_AGENCIES } from '../../platform/agencies';
import { callerLimitsWith } from '../../platform/config';
import { signClientToken, signInternalIdentity } from '../../platform/identity';
import { generateSeedData, type SeedData } from '../../seeds/generate';
import { startStack, TEST_INTERNAL_SECRET, TEST_JWT_SECRET, type GraphQLResult, type Stack } from '../helpers/stack';

jest.setTimeout(120_000);

let stack: Stack;
const seed: SeedData = generateSeedData();

beforeAll(async () => {
  // The limits under test, set here rather than taken from the harness's defaults.
  stack = await startStack({ gateway: { callerLimits: callerLimitsWith({ agency: { maxDepth: MAX_DEPTH, maxCost: MAX_COST } }), maxBodyBytes: MAX_BODY_BYTES } });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

const RECALLS_QUERY = '{ recalls(first: 3) { totalCount edges { node { id } } } }';
const MAX_DEPTH = 12;
const MAX_COST = 20_000;
const MAX_BODY_BYTES = 256 * 1024;

function expectRefused(result: GraphQLResult, code: string, status: number): void {
  expect(result.status).toBe(status);
  expect(result.data ?? null).toBeNull();
  expect(result.errors).toHaveLength(1);
  expect(result.errors![0]!.extensions?.code).toBe(code);
}

function data<T = Record<string, any>>(result: GraphQLResult<T>): T {
  expect(result.errors ?? []).toEqual([]);
  expect(result.status).toBe(200);
  return result.data as T;
}

async function post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: text };
  }
}

/** POST over a given http.Agent: a string body (with content-length) or a chunked body of about `chunkedBytes`. */
function rawPost(agent: Agent, body: string | { chunkedBytes: number }, token: string = stack.tokens.BJ): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    if (typeof body === 'string') headers['content-length'] = Buffer.byteLength(body);
    const request = httpRequest(stack.gatewayUrl, { method: 'POST', agent, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        try {
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) });
        } catch {
          resolve({ status: response.statusCode ?? 0, body: text });
        }
      });
    });
    request.on('error', reject);
    if (typeof body === 'string') {
      request.end(body);
      return;
    }
    request.write('{"query":"{ __typename }","variables":{"padding":"');
    const block = 'y'.repeat(64 * 1024);
    let sent = 0;
    const pump = () => {
      while (sent < body.chunkedBytes) {
        sent += block.length;
        if (!request.write(block)) {
          request.once('drain', pump);
          return;
        }
      }
      request.end('"}}');
    };
    pump();
  });
}

async function health(): Promise<{ status: number; body: any }> {
  const response = await fetch(stack.gatewayUrl.replace(/\/graphql$/, '/health'));
  return { status: response.status, body: await response.json() };
}

const total = (entity: 'recalls' | 'riskAlerts', regions: readonly RegionCode[] = ALL_REGION_CODES) => regions.reduce((sum, region) => sum + seed[region][entity].length, 0);

/* ---------- identity at the gateway ---------- */

describe('the gateway refuses callers it cannot verify, with UNAUTHENTICATED and no data', () => {
  test('control: a development agency token reads all regions', async () => {
    expect(data(await stack.query(stack.tokens.BJ, RECALLS_QUERY)).recalls.totalCount).toBe(total('recalls'));
  });

  test('anonymous: no Authorization header', async () => {
    const result = await stack.query(null, RECALLS_QUERY);
    expectRefused(result, 'UNAUTHENTICATED', 401);
    expect(result.errors![0]!.extensions?.reason).toBe('missing');
  });

  test('not a bearer token', async () => {
    for (const authorization of ['Basic YmotYW1yOnNlY3JldA==', 'Bearer', stack.tokens.BJ]) {
      const response = await post(stack.gatewayUrl, { authorization }, JSON.stringify({ query: RECALLS_QUERY }));
      expect(response.status).toBe(401);
      expect(response.body.data ?? null).toBeNull();
      expect(response.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  test('forged: a well-formed token signed with another secret', async () => {
    const forged = signClientToken(DEVELOPMENT_AGENCIES.BJ, 'not-the-gateway-secret-0123456789');
    const result = await stack.query(forged, RECALLS_QUERY);
    expectRefused(result, 'UNAUTHENTICATED', 401);
    expect(result.errors![0]!.extensions?.reason).toBe('invalid');
  });

  test('forged: a genuine token whose claims were edited (public → Tianjin agency with write scope)', async () => {
    const [header, , signature] = stack.tokens.PUBLIC.split('.');
    const claims = JSON.parse(Buffer.from(stack.tokens.PUBLIC.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    const edited = Buffer.from(JSON.stringify({ ...claims, kind: 'agency', region: 'TJ', scopes: ['records:read', 'records:write'] })).toString('base64url');
    expectRefused(await stack.query(`${header}.${edited}.${signature}`, RECALLS_QUERY), 'UNAUTHENTICATED', 401);
  });

  test('forged: an unsigned token (alg none)', async () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const claims = JSON.parse(Buffer.from(stack.tokens.BJ.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    expectRefused(await stack.query(`${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`, RECALLS_QUERY), 'UNAUTHENTICATED', 401);
  });

  test('expired: signed with the right secret but past its expiry', async () => {
    const expired = signClientToken(DEVELOPMENT_AGENCIES.TJ, TEST_JWT_SECRET, -60);
    const result = await stack.query(expired, RECALLS_QUERY);
    expectRefused(result, 'UNAUTHENTICATED', 401);
    expect(result.errors![0]!.extensions?.reason).toBe('expired');
  });

  test('the identity the gateway forwards to subgraphs is not a client token', async () => {
    const internal = signInternalIdentity(DEVELOPMENT_AGENCIES.HE, TEST_INTERNAL_SECRET, { region: 'HE', endpoint: 'regional' });
    expectRefused(await stack.query(internal, RECALLS_QUERY), 'UNAUTHENTICATED', 401);
    // …nor does the gateway accept the identity header from a client.
    const response = await post(stack.gatewayUrl, { 'x-jjj-identity': internal }, JSON.stringify({ query: RECALLS_QUERY }));
    expect(response.status).toBe(401);
    expect(response.body.data ?? null).toBeNull();
  });
});

/* ---------- identity at the subgraphs ---------- */

describe('a subgraph called directly refuses bare and forged identity headers', () => {
  const regionQuery = '{ recalls(first: 1) { totalCount } }';

  test('control: an identity signed with the internal secret is accepted', async () => {
    for (const region of ALL_REGION_CODES) {
      expect(data(await stack.querySubgraph(region, DEVELOPMENT_AGENCIES.BJ, regionQuery)).recalls.totalCount).toBe(seed[region].recalls.length);
    }
  });

  test('no identity header (on /graphql and /links)', async () => {
    for (const region of ALL_REGION_CODES) {
      expectRefused(await stack.querySubgraph(region, null, regionQuery), 'UNAUTHENTICATED', 401);
      expectRefused(await stack.querySubgraph(region, null, '{ _service { sdl } }', undefined, '/links'), 'UNAUTHENTICATED', 401);
    }
  });

  test('a bare (unsigned) identity header, or claims in plain JSON', async () => {
    expectRefused(await stack.querySubgraph('TJ', 'tj-samr', regionQuery), 'UNAUTHENTICATED', 401);
    expectRefused(await stack.querySubgraph('TJ', JSON.stringify({ agency: 'tj-samr', region: 'TJ', scopes: ['records:read', 'records:write'], kind: 'agency' }), regionQuery), 'UNAUTHENTICATED', 401);
  });

  test('an identity signed with another secret, with the client secret, or expired', async () => {
    const forged = signInternalIdentity(DEVELOPMENT_AGENCIES.HE, 'not-the-internal-secret-0123456789', { region: 'HE', endpoint: 'regional' });
    expectRefused(await stack.querySubgraph('HE', forged, regionQuery), 'UNAUTHENTICATED', 401);
    // A client token (the gateway's audience, the client secret) is not an internal identity.
    expectRefused(await stack.querySubgraph('HE', stack.tokens.HE, regionQuery), 'UNAUTHENTICATED', 401);
    const expired = signInternalIdentity(DEVELOPMENT_AGENCIES.HE, TEST_INTERNAL_SECRET, { region: 'HE', endpoint: 'regional' }, Math.floor(Date.now() / 1000) - 60);
    expectRefused(await stack.querySubgraph('HE', expired, regionQuery), 'UNAUTHENTICATED', 401);
  });

  test('a client bearer token sent straight to a subgraph', async () => {
    const response = await post(`${stack.regionUrls.BJ}/graphql`, { authorization: `Bearer ${stack.tokens.BJ}` }, JSON.stringify({ query: regionQuery }));
    expect(response.status).toBe(401);
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

/* ---------- the public token ---------- */

describe('the public token reads recalls, risk alerts and published penalty decisions only', () => {
  test('recalls and risk alerts from every region', async () => {
    const result = data(
      await stack.query(stack.tokens.PUBLIC, '{ recalls(first: 2) { totalCount edges { node { id riskAlerts { id title } } } } riskAlerts(first: 2) { totalCount } }'),
    );
    expect(result.recalls.totalCount).toBe(total('recalls'));
    expect(result.riskAlerts.totalCount).toBe(total('riskAlerts'));
  });

  test('complaints are FORBIDDEN, with no complaint data', async () => {
    const list = await stack.query(stack.tokens.PUBLIC, '{ complaints(first: 5) { totalCount edges { node { id consumer { name phone } } } } }');
    // List fields are nullable (issue 18): the refused field is null, nothing of a complaint is in the answer.
    expect(list.data?.complaints ?? null).toBeNull();
    expect(list.errors!.length).toBeGreaterThan(0);
    expect(list.errors!.every((error) => error.extensions?.code === 'FORBIDDEN')).toBe(true);

    const complaint = seed.TJ.complaints[0]!;
    const single = await stack.query(stack.tokens.PUBLIC, `{ complaint(id: "${complaint._id}") { id subject consumer { name } } }`);
    expect(single.data?.complaint ?? null).toBeNull();
    expect(single.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(single)).not.toContain(complaint.consumer.name);

    const statistics = await stack.query(stack.tokens.PUBLIC, '{ complaintStatistics(groupBy: [REGION]) { count } }');
    expect(statistics.data?.complaintStatistics ?? null).toBeNull();
    expect(statistics.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

/* ---------- limits ---------- */

describe('depth, cost and size limits', () => {
  /** `recall { riskAlerts { relatedRecalls { riskAlerts … { id } } } }` with `depth` fields on the deepest path. */
  function nestedRecallQuery(depth: number): string {
    let selection = 'id';
    for (let level = depth - 1; level >= 2; level--) selection = `${level % 2 === 0 ? 'riskAlerts' : 'relatedRecalls'} { ${selection} }`;
    return `{ recall(id: "${seed.HE.recalls[0]!._id}") { ${selection} } }`;
  }

  /** Introspection nests without lists: `__type { fields { type { ofType … { name } } } }` has depth 4 + ofTypes. */
  function nestedTypeQuery(depth: number): string {
    let selection = 'name';
    for (let index = 0; index < depth - 4; index++) selection = `ofType { ${selection} }`;
    return `{ __type(name: "Query") { fields { type { ${selection} } } } }`;
  }

  test(`a query of depth ${MAX_DEPTH + 1} is refused with QUERY_TOO_DEEP, saying the limit and by how much`, async () => {
    const result = await stack.query(stack.tokens.BJ, nestedRecallQuery(MAX_DEPTH + 1));
    expectRefused(result, 'QUERY_TOO_DEEP', 400);
    expect(result.errors![0]!.message).toBe(`Query depth ${MAX_DEPTH + 1} exceeds the limit of ${MAX_DEPTH} by 1`);
    expect(result.errors![0]!.extensions).toMatchObject({ limit: MAX_DEPTH, depth: MAX_DEPTH + 1 });

    const deeper = await stack.query(stack.tokens.BJ, nestedRecallQuery(MAX_DEPTH + 5));
    expectRefused(deeper, 'QUERY_TOO_DEEP', 400);
    expect(deeper.errors![0]!.message).toContain(`exceeds the limit of ${MAX_DEPTH} by 5`);
  });

  test('depth hidden in fragments counts too', async () => {
    const query = `
      { recall(id: "${seed.HE.recalls[0]!._id}") { ...A } }
      fragment A on ProductRecall { riskAlerts { ...B } }
      fragment B on RiskAlert { relatedRecalls { ...C } }
      fragment C on ProductRecall { riskAlerts { relatedRecalls { riskAlerts { relatedRecalls { riskAlerts { relatedRecalls { riskAlerts { relatedRecalls { riskAlerts { id } } } } } } } } } }`;
    // recall, A.riskAlerts, B.relatedRecalls, then C's 10 fields down to id: 13.
    const result = await stack.query(stack.tokens.BJ, query);
    expectRefused(result, 'QUERY_TOO_DEEP', 400);
    expect(result.errors![0]!.message).toContain(`Query depth 13 exceeds the limit of ${MAX_DEPTH} by 1`);
  });

  test(`a query of exactly depth ${MAX_DEPTH} is answered`, async () => {
    const result = data(await stack.query(stack.tokens.BJ, nestedTypeQuery(MAX_DEPTH)));
    expect(result.__type.fields.length).toBeGreaterThan(0);
  });

  test('an over-costly query is refused with QUERY_TOO_COSTLY, saying the cost, the limit and by how much', async () => {
    // Fields: a page of 100 edges (×100), lists that are not pages ×10: riskAlerts { id title } 1 + 10·2 = 21 →
    // relatedRecalls 1 + 10·21 = 211 → riskAlerts 1 + 10·211 = 2111 → node 2112 → edges 1 + 100·2112 = 211201 →
    // recalls 211202. Then 3 region calls (the page fans out to every region) and 3 reference levels.
    const expectedCost = 211_202 * COST_WEIGHTS.field + 3 * COST_WEIGHTS.regionCall + 3 * COST_WEIGHTS.referenceLevel;
    const result = await stack.query(stack.tokens.BJ, '{ recalls(first: 100) { edges { node { riskAlerts { relatedRecalls { riskAlerts { id title } } } } } } }');
    expectRefused(result, 'QUERY_TOO_COSTLY', 400);
    expect(result.errors![0]!.message).toContain(`Query cost ${expectedCost} exceeds the limit of ${MAX_COST} by ${expectedCost - MAX_COST}`);
    expect(result.errors![0]!.extensions).toMatchObject({ limit: MAX_COST, cost: expectedCost, costParts: { regionCalls: 3, referenceLevels: 3, aggregations: 0 } });
  });

  test('the cost counts page sizes given in variables; a smaller page of the same shape passes', async () => {
    const page = 'recalls(first: $n) { edges { node { id riskAlerts { id relatedRecalls { id } } } } }';
    // relatedRecalls { id } 11 → riskAlerts 1 + 10·12 = 121 → node 123 → edges 1 + 100·123 → recalls 12302 fields,
    // plus 3 region calls and 2 reference levels: 12392, under 20000.
    const single = 12_302 * COST_WEIGHTS.field + 3 * COST_WEIGHTS.regionCall + 2 * COST_WEIGHTS.referenceLevel;
    expect(single).toBeLessThan(MAX_COST);
    const small = data(await stack.query(stack.tokens.BJ, `query ($n: Int) { ${page} }`, { n: 100 }));
    expect(small.recalls.edges).toHaveLength(100);
    // Two aliases of the same page add up: 2 × 12392 = 24784 > 20000.
    const doubled = await stack.query(stack.tokens.BJ, `query ($n: Int) { a: ${page} b: ${page} }`, { n: 100 });
    expectRefused(doubled, 'QUERY_TOO_COSTLY', 400);
    expect(doubled.errors![0]!.message).toContain(`Query cost ${2 * single} exceeds the limit of ${MAX_COST} by ${2 * single - MAX_COST}`);
  });

  // Oversized requests go over their own keep-alive connection (not fetch's shared pool), so that what they leave
  // behind on a connection shows up in the test about it and nowhere else.
  let agent: Agent;
  beforeEach(() => {
    agent = new Agent({ keepAlive: true, maxSockets: 1 });
  });
  afterEach(() => agent.destroy());

  test(`a request body over ${MAX_BODY_BYTES} bytes gets 413 (and one under the limit is served)`, async () => {
    const padding = 'x'.repeat(MAX_BODY_BYTES);
    const tooLarge = await rawPost(agent, JSON.stringify({ query: RECALLS_QUERY, variables: { padding } }));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.data ?? null).toBeNull();
    expect(tooLarge.body.errors[0].extensions.code).toBe('REQUEST_TOO_LARGE');
    expect(tooLarge.body.errors[0].message).toContain(String(MAX_BODY_BYTES));

    const fits = await rawPost(agent, JSON.stringify({ query: RECALLS_QUERY, variables: { padding: padding.slice(0, MAX_BODY_BYTES - 1024) } }));
    expect(fits.status).toBe(200);
    expect(fits.body.data.recalls.totalCount).toBe(total('recalls'));
  });

  test('an oversized body without a content-length (chunked) gets 413 as well', async () => {
    const tooLarge = await rawPost(agent, { chunkedBytes: MAX_BODY_BYTES * 2 });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.errors[0].extensions.code).toBe('REQUEST_TOO_LARGE');
  });

  test('after refusing an oversized chunked body, the connection is closed or still serves the next request', async () => {
    expect((await rawPost(agent, { chunkedBytes: MAX_BODY_BYTES * 2 })).status).toBe(413);
    // The next request on the same keep-alive connection must be answered (or the 413 must have closed it).
    const next = await rawPost(agent, JSON.stringify({ query: RECALLS_QUERY }));
    expect(next.status).toBe(200);
    expect(next.body.data.recalls.totalCount).toBe(total('recalls'));
  });
});

/* ---------- a region goes down and comes back ---------- */

describe('a region that is down gives a partial answer naming it; restarting it heals without restarting the gateway', () => {
  let gatewayBeforeOutage: Stack['gateway'];

  const ebikes = (regions: readonly RegionCode[]) =>
    regions
      .flatMap((region) => seed[region].recalls)
      .filter((recall) => recall.productCategory === 'ELECTRIC_BICYCLE')
      .sort((a, b) => b.announcedAt.getTime() - a.announcedAt.getTime() || (a._id < b._id ? 1 : -1));
  const EBIKES_QUERY = '{ recalls(filter: { categories: [ELECTRIC_BICYCLE] }, first: 100) { totalCount edges { node { id region } } } }';

  function expectTianjinUnavailable(result: GraphQLResult, minimum = 1): void {
    const errors = result.errors ?? [];
    expect(errors.length).toBeGreaterThanOrEqual(minimum);
    for (const error of errors) {
      expect(error.extensions?.code).toBe('REGION_UNAVAILABLE');
      expect(error.extensions?.region).toBe(regionNameOf('TJ'));
      expect(error.message).toContain('TIANJIN');
    }
  }

  test('/health reports every region reachable while all are up', async () => {
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    for (const region of ALL_REGION_CODES) expect(body.regions[region]).toMatchObject({ region: regionNameOf(region), reachable: true });
  });

  test('stop Tianjin: a merged list has Beijing’s and Hebei’s records plus a REGION_UNAVAILABLE error naming Tianjin', async () => {
    gatewayBeforeOutage = stack.gateway;
    await stack.stopRegion('TJ');
    const result = await stack.query(stack.tokens.BJ, EBIKES_QUERY);
    expect(result.status).toBe(200);
    const expected = ebikes(['BJ', 'HE']);
    expect(result.data!.recalls.totalCount).toBe(expected.length);
    expect(result.data!.recalls.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual(expected.map((recall) => recall._id));
    expectTianjinUnavailable(result);
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.path).toEqual(['recalls']);
  });

  test('while Tianjin is down: other regions answer by ID without errors; Tianjin’s IDs give null and the named error', async () => {
    const bj = seed.BJ.recalls[3]!;
    const tj = seed.TJ.recalls[3]!;
    expect(data(await stack.query(stack.tokens.HE, `{ recall(id: "${bj._id}") { id productName } }`))).toEqual({ recall: { id: bj._id, productName: bj.productName } });
    const both = await stack.query(stack.tokens.HE, `{ a: recall(id: "${bj._id}") { id } b: recall(id: "${tj._id}") { id } }`);
    expect(both.data).toEqual({ a: { id: bj._id }, b: null });
    expectTianjinUnavailable(both);
    expect(both.errors![0]!.path).toEqual(['b']);
    const onlyTj = await stack.query(stack.tokens.HE, `{ recall(id: "${tj._id}") { id } }`);
    expect(onlyTj.data).toEqual({ recall: null });
    expectTianjinUnavailable(onlyTj);
  });

  test('while Tianjin is down: a list filtered to the other regions has no error at all', async () => {
    const result = data(await stack.query(stack.tokens.BJ, '{ riskAlerts(filter: { regions: [BEIJING, HEBEI] }, first: 1) { totalCount } }'));
    expect(result.riskAlerts.totalCount).toBe(total('riskAlerts', ['BJ', 'HE']));
  });

  test('while Tianjin is down: statistics add up the regions that answered', async () => {
    const result = await stack.query(stack.tokens.BJ, '{ recallStatistics(groupBy: [REGION]) { key { region } count sum } }');
    expectTianjinUnavailable(result);
    const expected = (['BJ', 'HE'] as const).map((region) => ({
      key: { region: regionNameOf(region) },
      count: seed[region].recalls.length,
      sum: seed[region].recalls.reduce((sum, recall) => sum + recall.quantityToRecall, 0),
    }));
    expect(result.data!.recallStatistics).toEqual(expect.arrayContaining(expected));
    expect(result.data!.recallStatistics).toHaveLength(2);
  });

  test('while Tianjin is down: a Hebei recall’s Tianjin alert is null with the named error, its other alerts resolve', async () => {
    const recall = seed.HE.recalls.find((candidate) => candidate.riskAlertIds.some((id) => id.startsWith('TJ-')) && candidate.riskAlertIds.some((id) => !id.startsWith('TJ-')));
    const alerts = new Map(ALL_REGION_CODES.flatMap((region) => seed[region].riskAlerts).map((alert) => [alert._id, alert]));
    const target = recall ?? seed.HE.recalls.find((candidate) => candidate.riskAlertIds.some((id) => id.startsWith('TJ-')))!;
    const result = await stack.query(stack.tokens.BJ, `{ recall(id: "${target._id}") { id riskAlerts { id title } } }`);
    expect(result.data!.recall.id).toBe(target._id);
    expect(result.data!.recall.riskAlerts).toEqual(target.riskAlertIds.map((id) => (id.startsWith('TJ-') ? null : { id, title: alerts.get(id)!.title })));
    expectTianjinUnavailable(result);
  });

  test('while Tianjin is down: an enterprise’s records come from the regions that answered', async () => {
    // A Beijing-registered enterprise named by alerts in Tianjin and in another region.
    const alertsByCode = new Map<string, string[]>();
    for (const region of ALL_REGION_CODES) for (const alert of seed[region].riskAlerts) for (const code of alert.enterpriseCreditCodes) alertsByCode.set(code, [...(alertsByCode.get(code) ?? []), alert._id]);
    const [code, ids] = [...alertsByCode.entries()].find(([candidate, list]) => candidate.slice(2, 4) === '11' && list.some((id) => id.startsWith('TJ-')) && list.some((id) => !id.startsWith('TJ-')))!;
    const result = await stack.query(stack.tokens.HE, `{ enterprise(creditCode: "${code}") { creditCode riskAlerts { id } } }`);
    expect(result.data!.enterprise.creditCode).toBe(code);
    expect(result.data!.enterprise.riskAlerts.map((alert: { id: string }) => alert.id).sort()).toEqual(ids.filter((id) => !id.startsWith('TJ-')).sort());
    expectTianjinUnavailable(result);
  });

  test('while Tianjin is down: /health is degraded and names the unreachable region', async () => {
    const { status, body } = await health();
    expect(status).toBe(503);
    expect(body.status).toBe('degraded');
    expect(body.regions.TJ).toMatchObject({ region: 'TIANJIN', reachable: false, latencyMs: null });
    expect(body.regions.BJ).toMatchObject({ reachable: true });
    expect(body.regions.HE).toMatchObject({ reachable: true });
  });

  test('start Tianjin again: the same gateway answers in full, without errors, and /health is ok', async () => {
    await stack.startRegion('TJ');
    expect(stack.gateway).toBe(gatewayBeforeOutage);
    const result = data(await stack.query(stack.tokens.BJ, EBIKES_QUERY));
    const expected = ebikes(ALL_REGION_CODES);
    expect(result.recalls.totalCount).toBe(expected.length);
    expect(result.recalls.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual(expected.slice(0, 100).map((recall) => recall._id));
    const tj = seed.TJ.recalls[3]!;
    expect(data(await stack.query(stack.tokens.HE, `{ recall(id: "${tj._id}") { id } }`))).toEqual({ recall: { id: tj._id } });
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
  });

  test('a region killed outright (SIGKILL) is reported the same way, and heals the same way', async () => {
    await stack.stopRegion('HE', 'SIGKILL');
    const result = await stack.query(stack.tokens.TJ, '{ riskAlerts(first: 1) { totalCount } }');
    expect(result.data!.riskAlerts.totalCount).toBe(total('riskAlerts', ['BJ', 'TJ']));
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'REGION_UNAVAILABLE', region: 'HEBEI' });
    await stack.startRegion('HE');
    expect(data(await stack.query(stack.tokens.TJ, '{ riskAlerts(first: 1) { totalCount } }')).riskAlerts.totalCount).toBe(total('riskAlerts'));
  });
});

describe('Prometheus metrics on the metrics port', () => {
  interface Sample {
    labels?: Record<string, string>;
    value?: string;
  }
  /** One metric family's samples from the gateway's /metrics, parsed as Prometheus text. */
  async function samples(name: string, url = stack.gateway.metricsUrl): Promise<Sample[]> {
    // The parser ships CommonJS without types.
    const parse = require('parse-prometheus-text-format') as (text: string) => Array<{ name: string; metrics: Sample[] }>;
    const text = await (await fetch(url)).text();
    return parse(text).find((family) => family.name === name)?.metrics ?? [];
  }
  const valueOf = (found: Sample[], labels: Record<string, string>) =>
    Number(found.find((sample) => Object.entries(labels).every(([key, value]) => sample.labels?.[key] === value))?.value ?? 0);

  test('metrics are not on the public port', async () => {
    expect(new URL(stack.gateway.metricsUrl).port).not.toBe(new URL(stack.gatewayUrl).port);
    expect((await fetch(new URL('/metrics', stack.gatewayUrl))).status).toBe(404);
    expect(await samples('process_cpu_user_seconds_total')).not.toEqual([]);
  });

  test('one merged query adds exactly one region call for each of BJ, TJ and HE; its operation is counted by name', async () => {
    const before = await samples('jjj_gateway_region_calls_total');
    const requestsBefore = await samples('jjj_gateway_requests_total');
    const result = await stack.query(stack.tokens.BJ, 'query RecallsPage { recalls(first: 5) { totalCount edges { node { id } } } }');
    expect(result.errors).toBeUndefined();
    const after = await samples('jjj_gateway_region_calls_total');
    for (const region of ALL_REGION_CODES) {
      const labels = { region, subgraph: 'regional', outcome: 'ok' };
      expect(valueOf(after, labels) - valueOf(before, labels)).toBe(1);
    }
    const requestsAfter = await samples('jjj_gateway_requests_total');
    expect(valueOf(requestsAfter, { operation: 'RecallsPage', outcome: 'ok' }) - valueOf(requestsBefore, { operation: 'RecallsPage', outcome: 'ok' })).toBe(1);
  });

  test('a request without a valid token adds one to rejected{reason="unauthenticated"}', async () => {
    const before = valueOf(await samples('jjj_gateway_rejected_requests_total'), { reason: 'unauthenticated' });
    expect((await stack.query('not-a-token', '{ recalls(first: 1) { totalCount } }')).status).toBe(401);
    expect(valueOf(await samples('jjj_gateway_rejected_requests_total'), { reason: 'unauthenticated' }) - before).toBe(1);
  });

  test('one refused over-costly query adds one to rejected{reason="cost"}; unknown operation names are "other"', async () => {
    const before = valueOf(await samples('jjj_gateway_rejected_requests_total'), { reason: 'cost' });
    const otherBefore = valueOf(await samples('jjj_gateway_requests_total'), { operation: 'other', outcome: 'QUERY_TOO_COSTLY' });
    const result = await stack.query(stack.tokens.BJ, 'query MadeUpName { recalls(first: 100) { edges { node { riskAlerts { relatedRecalls { riskAlerts { id title } } } } } } }');
    expectRefused(result, 'QUERY_TOO_COSTLY', 400);
    expect(valueOf(await samples('jjj_gateway_rejected_requests_total'), { reason: 'cost' }) - before).toBe(1);
    const requests = await samples('jjj_gateway_requests_total');
    expect(valueOf(requests, { operation: 'other', outcome: 'QUERY_TOO_COSTLY' }) - otherBefore).toBe(1);
    expect(requests.some((sample) => sample.labels?.operation === 'MadeUpName')).toBe(false);
  });
});

describe('Prometheus metrics of the regional services', () => {
  const parse = require('parse-prometheus-text-format') as (text: string) => Array<{ name: string; metrics: Array<{ labels?: Record<string, string>; value?: string; count?: string }> }>;
  const family = async (region: RegionCode, name: string) => parse(await (await fetch(stack.system.regionMetricsUrls[region]!)).text()).find((found) => found.name === name)?.metrics ?? [];

  test('each region counts its requests, times its database commands and reports its outbox backlog and newest event', async () => {
    const count = async (region: RegionCode) => Number((await family(region, 'jjj_region_requests_total')).find((sample) => sample.labels?.endpoint === 'regional' && sample.labels?.outcome === 'ok')?.value ?? 0);
    const before = await Promise.all(ALL_REGION_CODES.map(count));
    expect((await stack.query(stack.tokens.BJ, '{ recalls(first: 2) { totalCount } }')).errors).toBeUndefined();
    const after = await Promise.all(ALL_REGION_CODES.map(count));
    for (const region of ALL_REGION_CODES) {
      const index = ALL_REGION_CODES.indexOf(region);
      expect(after[index]! - before[index]!).toBe(1);
      // The parser keeps a histogram's buckets but not its labels: read the find command's count from the text itself.
      const text = await (await fetch(stack.system.regionMetricsUrls[region]!)).text();
      const finds = /^jjj_region_db_command_duration_seconds_count\{[^}]*command="find"[^}]*outcome="ok"[^}]*\} (\d+)/m.exec(text);
      expect(Number(finds?.[1] ?? 0)).toBeGreaterThan(0);
      expect((await family(region, 'jjj_region_outbox_backlog'))[0]?.value).toBe('0');
      expect(Number((await family(region, 'jjj_region_event_log_latest_seq'))[0]?.value)).toBeGreaterThanOrEqual(0);
      expect(new URL(stack.system.regionMetricsUrls[region]!).port).not.toBe(new URL(stack.regionUrls[region]).port);
    }
  });
});

/* ---------- errors in the request: 400 before anything runs, or the one field that fails ---------- */

describe('errors in a request', () => {
  test('a variable of the wrong type, or a missing required one: HTTP 400 BAD_USER_INPUT, no data', async () => {
    const wrongType = await stack.query(stack.tokens.BJ, 'query($first: Int) { recalls(first: $first) { totalCount } }', { first: 'abc' });
    expectRefused(wrongType, 'BAD_USER_INPUT', 400);
    expect(wrongType.errors![0]!.message).toMatch(/\$first/);
    const missing = await stack.query(stack.tokens.BJ, 'query($id: ID!) { recall(id: $id) { id } }', {});
    expectRefused(missing, 'BAD_USER_INPUT', 400);
    const nullForNonNull = await stack.query(stack.tokens.BJ, 'query($id: ID!) { recall(id: $id) { id } }', { id: null });
    expectRefused(nullForNonNull, 'BAD_USER_INPUT', 400);
    const badEnum = await stack.query(stack.tokens.BJ, 'query($filter: RecallFilter) { recalls(first: 1, filter: $filter) { totalCount } }', { filter: { regions: ['SHANGHAI'] } });
    expectRefused(badEnum, 'BAD_USER_INPUT', 400);
  });

  test('an argument refused while executing fails that field only, with its path; the rest is answered (HTTP 200)', async () => {
    const result = await stack.query(stack.tokens.BJ, '{ good: recalls(first: 2) { totalCount } bad: recall(id: "not-a-record-id") { id } }');
    expect(result.status).toBe(200);
    expect(result.data?.good?.totalCount).toBe(ALL_REGION_CODES.reduce((sum, region) => sum + seed[region].recalls.length, 0));
    expect(result.data?.bad ?? null).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.path).toEqual(['bad']);
    expect(result.errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
