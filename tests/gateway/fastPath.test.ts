/**
 * The single-subgraph fast path (gateway/fastPath) end to end: the stack's gateway (fast path on) and a second
 * gateway over the same regions with the fast path off answer every request with the same status, content type and
 * bytes; the fast path's log line and metric say when it answered; errors (a region's refusal, masking, variables
 * that do not coerce, a region that is down) are the executor's, remapped as on the normal path; authentication,
 * cost and rate limits still refuse; an operation needing two subgraphs is left to the executor.
 */
import pino from 'pino';
import { DEVELOPMENT_AGENCIES } from '../../platform/agencies';
import { callerLimitsWith } from '../../platform/config';
import { signClientToken } from '../../platform/identity';
import { startGateway, type RunningGateway } from '../../gateway/server';
import { generateSeedData } from '../../seeds/generate';
import { startStack, testGatewayConfig, TEST_JWT_SECRET, type Stack } from '../helpers/stack';

jest.setTimeout(120_000);

const seed = generateSeedData();
/** Public tokens may run 6 requests in a burst here (refilled slowly): the rate test meets the limit quickly. */
const PUBLIC_BURST = 6;
const callerLimits = callerLimitsWith({ public: { rate: { burst: PUBLIC_BURST, perSecond: 0.01 } } });

let stack: Stack;
let normal: RunningGateway;
const logs: string[] = [];

beforeAll(async () => {
  stack = await startStack({ captureLogs: logs, gateway: { callerLimits } });
  normal = await startGateway(testGatewayConfig(stack.regionUrls, { fastPath: false, callerLimits }), { logger: pino({ level: 'silent' }) });
}, 240_000);

afterAll(async () => {
  await normal?.stop();
  await stack?.stop();
}, 60_000);

interface Raw {
  status: number;
  contentType: string | null;
  text: string;
}

async function post(url: string, token: string | null, body: unknown): Promise<Raw> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}

/** The request's log line on the stack's gateway (by its request id is not known to the client: the last one of the operation). */
function lastRequestLine(operation: string | null): Record<string, unknown> {
  const lines = logs.filter((line) => line.includes('"msg":"request"')).map((line) => JSON.parse(line) as Record<string, unknown>);
  const matching = lines.filter((line) => line.operation === operation);
  expect(matching.length).toBeGreaterThan(0);
  return matching[matching.length - 1]!;
}

async function fastPathCount(outcome: 'answered' | 'executor'): Promise<number> {
  const text = await (await fetch(stack.gateway.metricsUrl)).text();
  const match = text.match(new RegExp(`^jjj_gateway_fast_path_requests_total\\{[^}]*outcome="${outcome}"[^}]*\\} (\\d+)`, 'm'));
  return match ? Number(match[1]) : 0;
}

/** Both gateways' answers to the same request: equal status, content type and bytes. */
async function bothAnswer(token: string | null, body: unknown): Promise<Raw> {
  const [fast, slow] = await Promise.all([post(stack.gatewayUrl, token, body), post(normal.url, token, body)]);
  expect(fast).toEqual(slow);
  return fast;
}

/** Asserts the request is answered identically by both gateways and that the fast path answered it (or not). */
async function expectAnswered(token: string | null, body: { query: string; operationName?: string; variables?: unknown }, operation: string | null, fastPath: boolean): Promise<any> {
  const before = await fastPathCount('answered');
  const answer = await bothAnswer(token, body);
  expect(answer.status).toBe(200);
  const parsed = JSON.parse(answer.text) as { data?: unknown; errors?: unknown[] };
  expect(parsed.errors).toBeUndefined();
  expect(await fastPathCount('answered')).toBe(before + (fastPath ? 1 : 0));
  const line = lastRequestLine(operation);
  if (fastPath) expect(line).toMatchObject({ fastPath: true, outcome: 'ok', agency: expect.any(String) });
  else expect(line.fastPath).toBeUndefined();
  return parsed.data;
}

const tianjinRecall = seed.TJ.recalls[0]!;
const beijingRecall = seed.BJ.recalls[1]!;
const BY_ID = 'query Recall($id: ID!) { recall(id: $id) { id region recallNumber productName brand announcedAt status } }';

describe('answered by the fast path, exactly as by the executor', () => {
  test('by-ID lookup: the region\'s bytes, routed to the record\'s owner', async () => {
    const data = await expectAnswered(stack.tokens.BJ, { query: BY_ID, variables: { id: tianjinRecall._id }, operationName: 'Recall' }, 'Recall', true);
    expect(data.recall).toMatchObject({ id: tianjinRecall._id, region: 'TIANJIN', productName: tianjinRecall.productName });
    const line = lastRequestLine('Recall');
    expect(line.regions).toEqual([expect.objectContaining({ region: 'TJ', ok: true })]);
    // Another owner: another region asked.
    await expectAnswered(stack.tokens.TJ, { query: BY_ID, variables: { id: beijingRecall._id } }, 'Recall', true);
    expect(lastRequestLine('Recall').regions).toEqual([expect.objectContaining({ region: 'BJ', ok: true })]);
  });

  test('a Tianjin-only list of 20 (one region) and a three-region merged page', async () => {
    const list = 'query TianjinPage($filter: RecallFilter) { recalls(first: 20, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id productName status } } } }';
    const page = await expectAnswered(stack.tokens.BJ, { query: list, variables: { filter: { regions: ['TIANJIN'] } } }, 'TianjinPage', true);
    expect(page.recalls.edges).toHaveLength(20);
    expect(page.recalls.totalCount).toBe(seed.TJ.recalls.length);
    const merged = await expectAnswered(stack.tokens.BJ, { query: 'query ThreeRegions { recalls(first: 20) { totalCount edges { node { id region } } } }' }, 'ThreeRegions', true);
    expect(new Set(merged.recalls.edges.map((edge: any) => edge.node.region)).size).toBeGreaterThan(1);
  });

  test('statistics, Tianjin only and merged over the three regions', async () => {
    const tianjin = await expectAnswered(stack.tokens.BJ, { query: 'query TianjinStatistics { recallStatistics(filter: { regions: [TIANJIN] }, groupBy: [CATEGORY, STATUS]) { key { category status } count } }' }, 'TianjinStatistics', true);
    expect(tianjin.recallStatistics.reduce((sum: number, group: { count: number }) => sum + group.count, 0)).toBe(seed.TJ.recalls.length);
    const all = await expectAnswered(stack.tokens.BJ, { query: '{ recallStatistics(groupBy: [REGION]) { key { region } count } }' }, null, true);
    expect(all.recallStatistics).toHaveLength(3);
  });

  test('variables, aliases, fragments, @include and __typename', async () => {
    const query = `query Shaped($id: ID!, $withBrand: Boolean!) {
      first: recall(id: $id) { ...Names __typename label: status brand @include(if: $withBrand) }
      again: recall(id: $id) { id ... on ProductRecall { region } }
    }
    fragment Names on ProductRecall { id productName }`;
    const data = await expectAnswered(stack.tokens.BJ, { query, operationName: 'Shaped', variables: { id: tianjinRecall._id, withBrand: false } }, 'Shaped', true);
    expect(Object.keys(data.first)).toEqual(['id', 'productName', '__typename', 'label']);
    expect(data.again).toEqual({ id: tianjinRecall._id, region: 'TIANJIN' });
    await expectAnswered(stack.tokens.BJ, { query, operationName: 'Shaped', variables: { id: tianjinRecall._id, withBrand: true } }, 'Shaped', true);
  });

  test('a document of two operations runs the one named, through the executor', async () => {
    const query = `query Recall($id: ID!) { recall(id: $id) { id } } query Other { recalls(first: 1) { totalCount } }`;
    const data = await expectAnswered(stack.tokens.BJ, { query, operationName: 'Recall', variables: { id: tianjinRecall._id } }, 'Recall', false);
    expect(data).toEqual({ recall: { id: tianjinRecall._id } });
  });

  test('a plan with a fetch under a condition (@include on a field of another subgraph) is left to the executor', async () => {
    const query = 'query Conditional($id: ID!, $withMaker: Boolean!) { recall(id: $id) { id manufacturerEnterprise @include(if: $withMaker) { name } } }';
    const data = await expectAnswered(stack.tokens.BJ, { query, variables: { id: tianjinRecall._id, withMaker: true } }, 'Conditional', false);
    expect(data.recall.manufacturerEnterprise.name).toEqual(expect.any(String));
  });
});

/** A recall of `region` citing a risk alert of `cited` (the seed has such cross-region references). */
function recallCiting(region: 'BJ' | 'TJ' | 'HE', cited: 'BJ' | 'TJ' | 'HE') {
  const recall = seed[region].recalls.find((candidate) => candidate.riskAlertIds.some((id) => id.startsWith(`${cited}-`)));
  if (!recall) throw new Error(`no ${region} recall cites a ${cited} alert`);
  return recall;
}

describe('plans of several fetches (references through the links subgraph), executed by the fast path', () => {
  test('the benchmark\'s Tianjin list of 20 with references: four fetches over two subgraphs', async () => {
    const query = `query TianjinRecalls($filter: RecallFilter) { recalls(first: 20, filter: $filter) { edges { node {
      id productName brand status
      riskAlerts { id region title riskLevel }
      manufacturerEnterprise { creditCode name registrationRegion }
    } } } }`;
    const data = await expectAnswered(stack.tokens.BJ, { query, variables: { filter: { regions: ['TIANJIN'] } } }, 'TianjinRecalls', true);
    const nodes = data.recalls.edges.map((edge: any) => edge.node);
    expect(nodes).toHaveLength(20);
    expect(nodes.some((node: any) => node.riskAlerts.length > 0)).toBe(true);
    expect(nodes.every((node: any) => typeof node.manufacturerEnterprise.name === 'string')).toBe(true);
    // The root page and the links subgraph from Tianjin, then alerts and enterprises together: one call per owning
    // region (the two entity fetches of the plan's Parallel node are sent as one), every call on the log line.
    const owners = new Set(nodes.flatMap((node: any) => [node.manufacturerEnterprise.registrationRegion, ...node.riskAlerts.map((alert: any) => alert.region)]));
    expect(lastRequestLine('TianjinRecalls').regions).toHaveLength(2 + owners.size);
  });

  test('three regions, references across regions and nested references, with aliases, fragments, @include/@skip and __typename', async () => {
    const query = `query Referenced($withBrand: Boolean!, $withTitle: Boolean!, $skipCode: Boolean = false, $first: Int) {
      page: recalls(first: $first) {
        totalCount
        edges { node { __typename id region brand @include(if: $withBrand) ...Cited
          maker: manufacturerEnterprise { kind: __typename name creditCode @skip(if: $skipCode) }
        } }
      }
    }
    fragment Cited on ProductRecall {
      riskAlerts { id kind: __typename ... on RiskAlert { title @include(if: $withTitle) region relatedRecalls { id recallNumber } } }
    }`;
    const data = await expectAnswered(stack.tokens.BJ, { query, variables: { withBrand: true, withTitle: true, first: 30 } }, 'Referenced', true);
    const nodes = data.page.edges.map((edge: any) => edge.node);
    const first = nodes.find((node: any) => node.riskAlerts.length > 0);
    // The client's order, keys and aliases; nothing the plan added (riskAlertIds, manufacturerCreditCode, relatedRecallIds).
    expect(Object.keys(first)).toEqual(['__typename', 'id', 'region', 'brand', 'riskAlerts', 'maker']);
    expect(Object.keys(first.riskAlerts[0])).toEqual(['id', 'kind', 'title', 'region', 'relatedRecalls']);
    expect(Object.keys(first.maker)).toEqual(['kind', 'name', 'creditCode']);
    expect(first.maker.kind).toBe('Enterprise');
    expect(new Set(nodes.map((node: any) => node.region)).size).toBeGreaterThan(1);
    // Other variables: fields left out by @include/@skip, a default overridden.
    const other = await expectAnswered(stack.tokens.BJ, { query, variables: { withBrand: false, withTitle: false, skipCode: true, first: 5 } }, 'Referenced', true);
    expect(Object.keys(other.page.edges[0].node)).toEqual(['__typename', 'id', 'region', 'riskAlerts', 'maker']);
    expect(Object.keys(other.page.edges[0].node.maker)).toEqual(['kind', 'name']);
  });

  test('a Hebei recall citing a Tianjin alert, and an enterprise\'s records from all three regions', async () => {
    const citing = recallCiting('HE', 'TJ');
    const data = await expectAnswered(stack.tokens.TJ, { query: 'query Citing($id: ID!) { recall(id: $id) { id riskAlerts { id region title } } }', variables: { id: citing._id } }, 'Citing', true);
    expect(data.recall.riskAlerts.map((alert: any) => alert.region)).toContain('TIANJIN');
    const maker = await expectAnswered(stack.tokens.BJ, {
      query: 'query Maker($code: String!) { enterprise(creditCode: $code) { name recalls { id productName riskAlerts { id title } } } }',
      variables: { code: citing.manufacturer.creditCode },
    }, 'Maker', true);
    expect(maker.enterprise.recalls.map((recall: any) => recall.id)).toContain(citing._id);
  });

  test('a cited alert its region does not have: null where the schema says non-null, answered by the executor alike', async () => {
    const recall = seed.BJ.recalls[3]!;
    const missing = 'TJ-RSK-2019-999999';
    const recalls = stack.db('BJ').collection<{ _id: string; riskAlertIds: string[] }>('recalls');
    await recalls.updateOne({ _id: recall._id }, { $set: { riskAlertIds: [...recall.riskAlertIds, missing] } });
    try {
      const before = await fastPathCount('executor');
      const answer = await bothAnswer(stack.tokens.BJ, { query: 'query Missing($id: ID!) { recall(id: $id) { id riskAlerts { id title } } }', variables: { id: recall._id } });
      expect(await fastPathCount('executor')).toBe(before + 1);
      expect(JSON.parse(answer.text).data.recall.riskAlerts).toContainEqual(null);
      // Asking only what the links subgraph knows (the id) needs no alert: answered by the fast path.
      const ids = await expectAnswered(stack.tokens.BJ, { query: 'query MissingIds($id: ID!) { recall(id: $id) { id riskAlerts { id } } }', variables: { id: recall._id } }, 'MissingIds', true);
      expect(ids.recall.riskAlerts).toContainEqual({ id: missing });
    } finally {
      await recalls.updateOne({ _id: recall._id }, { $set: { riskAlertIds: recall.riskAlertIds } });
    }
  });
});

describe('errors are the executor\'s, remapped as on the normal path', () => {
  async function expectHandedOver(token: string, body: { query: string; variables?: unknown; operationName?: string }): Promise<any> {
    const before = { answered: await fastPathCount('answered'), executor: await fastPathCount('executor') };
    const answer = await bothAnswer(token, body);
    expect(await fastPathCount('answered')).toBe(before.answered);
    expect(await fastPathCount('executor')).toBe(before.executor + 1);
    return { status: answer.status, ...(JSON.parse(answer.text) as object) };
  }

  test('a malformed ID: the region\'s BAD_USER_INPUT, located in the client\'s document', async () => {
    const answer = await expectHandedOver(stack.tokens.BJ, { query: BY_ID, variables: { id: 'not-an-id' } });
    expect(answer.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(answer.errors[0].locations).toBeDefined();
  });

  test('masking: a public token asking for complaints gets FORBIDDEN and no complaint data', async () => {
    const answer = await expectHandedOver(stack.tokens.PUBLIC, { query: '{ complaints(first: 2) { edges { node { id subject } } } }' });
    expect(answer.errors.map((error: any) => error.extensions.code)).toContain('FORBIDDEN');
    expect(JSON.stringify(answer.data ?? null)).not.toContain('subject');
  });

  test('variables that do not coerce never reach a region', async () => {
    const before = await fastPathCount('executor');
    const answer = await bothAnswer(stack.tokens.BJ, { query: BY_ID, variables: { id: null } });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await fastPathCount('executor')).toBe(before);
  });
});

describe('the limits still refuse', () => {
  test('no token: UNAUTHENTICATED', async () => {
    const answer = await bothAnswer(null, { query: BY_ID, variables: { id: tianjinRecall._id } });
    expect(answer.status).toBe(401);
  });

  test('cost: a public token may not ask for statistics', async () => {
    const answer = await bothAnswer(stack.tokens.PUBLIC, { query: '{ recallStatistics(groupBy: [REGION]) { count } }' });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).errors[0].extensions.code).toBe('QUERY_TOO_COSTLY');
  });

  test('rate: a public token meets its burst on the fast path', async () => {
    const token = signClientToken(DEVELOPMENT_AGENCIES.PUBLIC, TEST_JWT_SECRET);
    const before = await fastPathCount('answered');
    const statuses: number[] = [];
    for (let i = 0; i < PUBLIC_BURST + 2; i++) statuses.push((await post(stack.gatewayUrl, token, { query: BY_ID, variables: { id: tianjinRecall._id } })).status);
    expect(statuses).toEqual([...Array<number>(PUBLIC_BURST).fill(200), 429, 429]);
    expect(await fastPathCount('answered')).toBe(before + PUBLIC_BURST);
  });
});

describe('a region that is down', () => {
  test('REGION_UNAVAILABLE as on the normal path, the region asked once; a plan whose entity fetch meets it is the executor\'s', async () => {
    await stack.stopRegion('TJ');
    try {
      const answer = await bothAnswer(stack.tokens.BJ, { query: BY_ID, variables: { id: tianjinRecall._id }, operationName: 'Recall' });
      expect(JSON.parse(answer.text).errors[0].extensions).toMatchObject({ code: 'REGION_UNAVAILABLE', regionCode: 'TJ' });
      const line = lastRequestLine('Recall');
      expect(line).toMatchObject({ fastPath: false, outcome: 'REGION_UNAVAILABLE' });
      expect(line.regions).toEqual([expect.objectContaining({ region: 'TJ', ok: false })]);
      // Hebei answers the recall and the links subgraph; Tianjin, owner of a cited alert, is down.
      const before = await fastPathCount('executor');
      const citing = await bothAnswer(stack.tokens.BJ, { query: 'query CitingDown($id: ID!) { recall(id: $id) { id riskAlerts { id title } } }', variables: { id: recallCiting('HE', 'TJ')._id } });
      expect(await fastPathCount('executor')).toBe(before + 1);
      expect(JSON.parse(citing.text).errors[0].extensions).toMatchObject({ code: 'REGION_UNAVAILABLE', regionCode: 'TJ' });
      const citingLine = lastRequestLine('CitingDown');
      expect(citingLine).toMatchObject({ fastPath: false });
      // Tianjin was asked once: the executor took the fast path's failure instead of waiting for the region again.
      expect((citingLine.regions as Array<{ region: string }>).filter((call) => call.region === 'TJ')).toHaveLength(1);
    } finally {
      await stack.startRegion('TJ');
    }
  });
});
