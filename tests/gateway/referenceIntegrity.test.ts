/**
 * Reference integrity (issue 16), end to end through the real gateway over the three real regions: a write naming
 * records of any region (the contract's REFERENCE_FIELDS) is checked with their owners before any region is asked
 * to write; a missing one is HTTP 400 BAD_USER_INPUT naming it, an owner that is down HTTP 503 REGION_UNAVAILABLE
 * naming it, and either way nothing is written. Queries are not checked.
 */
import { buildCreditCode, shanghaiYear } from '../../kernel';
import { DEVELOPMENT_AGENCIES } from '../../platform/agencies';
import { now } from '../../platform/clock';
import { SCOPES, signClientToken } from '../../platform/identity';
import { startStack, TEST_JWT_SECRET, type GraphQLResult, type Stack } from '../helpers/stack';

jest.setTimeout(120_000);

let stack: Stack;
/** An open Tianjin risk alert and a Hebei recall of the seed data. */
let tianjinAlert: { id: string; relatedRecallIds: string[] };
let hebeiRecall: string;

beforeAll(async () => {
  stack = await startStack();
  const found = await stack.query(stack.tokens.TJ, `{
    riskAlerts(filter: { regions: [TIANJIN] }, first: 1) { edges { node { id relatedRecallIds } } }
    recalls(filter: { regions: [HEBEI] }, first: 1) { edges { node { id } } }
  }`);
  tianjinAlert = found.data!.riskAlerts.edges[0].node;
  hebeiRecall = found.data!.recalls.edges[0].node.id;
}, 180_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

const MISSING_ALERT = 'TJ-RSK-2026-999999';
const CREATE_RECALL = 'mutation CreateRecall($input: CreateRecallInput!) { createRecall(input: $input) { id region riskAlertIds } }';
/** A Hebei manufacturer no region has registered: recalls may name it (see the enterprise test). */
const UNREGISTERED_MAKER = buildCreditCode({ registrationAuthority: '9', organizationType: '1', divisionCode: '130102', organizationCode: 'RF0000001' });
/** Serials of this run's recall numbers: far above the seed's, different each run. */
const RUN = (Date.now() % 1_000_000) + 1_000_000;
let recalls = 0;

function recallInput(riskAlertIds: string[]): Record<string, unknown> {
  recalls += 1;
  return {
    recallNumber: `冀召字〔${shanghaiYear(now())}〕第${RUN * 10 + recalls}号`,
    productName: '电动自行车充电器',
    brand: '冀风',
    manufacturer: { creditCode: UNREGISTERED_MAKER, name: '河北某某电器有限公司', contact: { person: '王经理', phone: '0311-88886666' } },
    productionStart: '2025-01-01T00:00:00.000Z',
    productionEnd: '2025-06-30T00:00:00.000Z',
    quantityMade: 1200,
    quantityToRecall: 800,
    defect: '充电器温升超标',
    hazard: '充电时可能起火',
    remedy: 'REPLACE',
    productCategory: 'ELECTRIC_BICYCLE',
    riskAlertIds,
  };
}

/** The same input as an inline GraphQL literal (enum values unquoted). */
function literal(value: unknown, key = ''): string {
  if (Array.isArray(value)) return `[${value.map((item) => literal(item)).join(', ')}]`;
  if (value && typeof value === 'object') return `{ ${Object.entries(value).map(([name, item]) => `${name}: ${literal(item, name)}`).join(', ')} }`;
  return key === 'remedy' || key === 'productCategory' ? String(value) : JSON.stringify(value);
}

async function recallsNumbered(recallNumber: unknown): Promise<number> {
  return stack.db('HE').collection('recalls').countDocuments({ recallNumber });
}

interface Sample {
  labels?: Record<string, string>;
  value?: string;
}

/** The gateway's counters: reference checks by outcome, and regional-subgraph calls by region. */
async function counters(): Promise<{ checks: Record<string, number>; calls: Record<string, number> }> {
  // The parser ships CommonJS without types.
  const parse = require('parse-prometheus-text-format') as (text: string) => Array<{ name: string; metrics: Sample[] }>;
  const families = parse(await (await fetch(stack.gateway.metricsUrl)).text());
  const family = (name: string) => families.find((candidate) => candidate.name === name)?.metrics ?? [];
  const checks: Record<string, number> = {};
  for (const sample of family('jjj_gateway_reference_checks_total')) checks[sample.labels!.outcome!] = Number(sample.value);
  const calls: Record<string, number> = {};
  for (const sample of family('jjj_gateway_region_calls_total')) {
    if (sample.labels!.subgraph === 'regional') calls[sample.labels!.region!] = (calls[sample.labels!.region!] ?? 0) + Number(sample.value);
  }
  return { checks, calls };
}

function difference(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const changed: Record<string, number> = {};
  for (const key of new Set([...Object.keys(after), ...Object.keys(before)])) if ((after[key] ?? 0) !== (before[key] ?? 0)) changed[key] = (after[key] ?? 0) - (before[key] ?? 0);
  return changed;
}

function refusal(result: GraphQLResult, status: number, code: string): NonNullable<GraphQLResult['errors']>[number] {
  expect({ status: result.status, codes: result.errors?.map((error) => error.extensions?.code), data: result.data }).toEqual({ status, codes: [code], data: undefined });
  return result.errors![0]!;
}

describe('a write naming records of other regions is checked with their owners first', () => {
  test('a Hebei recall citing TJ-RSK-2026-999999 is refused naming it (HTTP 400 BAD_USER_INPUT); Hebei is not asked to write and has no such recall', async () => {
    const input = recallInput([MISSING_ALERT]);
    const before = await counters();
    const error = refusal(await stack.query(stack.tokens.HE, CREATE_RECALL, { input }), 400, 'BAD_USER_INPUT');
    expect(error.message).toContain(`RiskAlert ${MISSING_ALERT} (createRecall input.riskAlertIds[0])`);
    expect(error.extensions!.missing).toEqual([{ entity: 'RiskAlert', key: MISSING_ALERT, path: 'input.riskAlertIds[0]', rootField: 'createRecall', region: 'TIANJIN' }]);
    const after = await counters();
    // One call, to the owner of the alert; none to Hebei.
    expect(difference(after.calls, before.calls)).toEqual({ TJ: 1 });
    expect(difference(after.checks, before.checks)).toEqual({ missing: 1 });
    expect(await recallsNumbered(input.recallNumber)).toBe(0);
  });

  test('citing an existing Tianjin alert (inline literal) is accepted: the recall is written and cites it', async () => {
    const input = recallInput([tianjinAlert.id]);
    const before = await counters();
    const result = await stack.query(stack.tokens.HE, `mutation { createRecall(input: ${literal(input)}) { id region riskAlertIds } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data!.createRecall).toMatchObject({ region: 'HEBEI', riskAlertIds: [tianjinAlert.id] });
    const after = await counters();
    expect(difference(after.calls, before.calls)).toEqual({ TJ: 1, HE: 1 });
    expect(difference(after.checks, before.checks)).toEqual({ ok: 1 });
    expect(await recallsNumbered(input.recallNumber)).toBe(1);
  });

  test('two missing in one input (a variable inside an inline list, and a literal) are both named with their paths and owners', async () => {
    const input = recallInput([]);
    const { riskAlertIds: _none, ...rest } = input;
    const document = `mutation ($missing: ID!) { createRecall(input: ${literal(rest).slice(0, -2)}, riskAlertIds: ["${tianjinAlert.id}", $missing, "BJ-RSK-2026-999998"] }) { id } }`;
    const error = refusal(await stack.query(stack.tokens.HE, document, { missing: MISSING_ALERT }), 400, 'BAD_USER_INPUT');
    expect(error.extensions!.missing).toEqual([
      { entity: 'RiskAlert', key: MISSING_ALERT, path: 'input.riskAlertIds[1]', rootField: 'createRecall', region: 'TIANJIN' },
      { entity: 'RiskAlert', key: 'BJ-RSK-2026-999998', path: 'input.riskAlertIds[2]', rootField: 'createRecall', region: 'BEIJING' },
    ]);
    expect(error.message).toContain(MISSING_ALERT);
    expect(error.message).toContain('BJ-RSK-2026-999998');
    expect(error.message).not.toContain(tianjinAlert.id);
    expect(await recallsNumbered(input.recallNumber)).toBe(0);
  });

  test('linkRecallToRiskAlert naming a recall that does not exist is refused naming it; the alert is unchanged', async () => {
    const missingRecall = 'HE-RCL-2026-999999';
    const before = await counters();
    const error = refusal(await stack.query(stack.tokens.TJ, `mutation { linkRecallToRiskAlert(riskAlertId: "${tianjinAlert.id}", recallId: "${missingRecall}") { id relatedRecallIds } }`), 400, 'BAD_USER_INPUT');
    expect(error.extensions!.missing).toEqual([{ entity: 'ProductRecall', key: missingRecall, path: 'recallId', rootField: 'linkRecallToRiskAlert', region: 'HEBEI' }]);
    expect(difference((await counters()).calls, before.calls)).toEqual({ HE: 1 });
    const stored = await stack.db('TJ').collection('riskAlerts').findOne({ _id: tianjinAlert.id as never });
    expect(stored!.relatedRecallIds).not.toContain(missingRecall);
  });

  test('linkRecallToRiskAlert with variables naming an existing recall goes through', async () => {
    const result = await stack.query(stack.tokens.TJ, 'mutation ($alert: ID!, $recall: ID!) { linkRecallToRiskAlert(riskAlertId: $alert, recallId: $recall) { id relatedRecallIds } }', { alert: tianjinAlert.id, recall: hebeiRecall });
    expect(result.errors).toBeUndefined();
    expect(result.data!.linkRecallToRiskAlert.relatedRecallIds).toContain(hebeiRecall);
  });

  test('the owner stopped: REGION_UNAVAILABLE naming Tianjin (HTTP 503) and nothing written; once it is back the same write goes through', async () => {
    const input = recallInput([tianjinAlert.id]);
    await stack.stopRegion('TJ');
    try {
      const error = refusal(await stack.query(stack.tokens.HE, CREATE_RECALL, { input }), 503, 'REGION_UNAVAILABLE');
      expect(error.extensions).toMatchObject({ region: 'TIANJIN', regionCode: 'TJ', unchecked: [{ entity: 'RiskAlert', key: tianjinAlert.id, path: 'input.riskAlertIds[0]', rootField: 'createRecall' }] });
      expect(error.message).toContain('TIANJIN');
      expect(await recallsNumbered(input.recallNumber)).toBe(0);
    } finally {
      await stack.startRegion('TJ');
    }
    // The same recall number: had anything been written, it would now be refused as taken.
    const result = await stack.query(stack.tokens.HE, CREATE_RECALL, { input });
    expect(result.errors).toBeUndefined();
    expect(result.data!.createRecall.riskAlertIds).toEqual([tianjinAlert.id]);
    expect(await recallsNumbered(input.recallNumber)).toBe(1);
  });

  test('a writer who may not read the owner’s records is refused FORBIDDEN alike whether or not the record exists (no existence leak)', async () => {
    const writeOnly = signClientToken({ ...DEVELOPMENT_AGENCIES.HE, agency: 'he-samr-writer', scopes: [SCOPES.write] }, TEST_JWT_SECRET);
    const answers = [];
    for (const id of [tianjinAlert.id, MISSING_ALERT]) {
      const input = recallInput([id]);
      const error = refusal(await stack.query(writeOnly, CREATE_RECALL, { input }), 403, 'FORBIDDEN');
      expect(error.extensions).toMatchObject({ region: 'TIANJIN', unchecked: [{ entity: 'RiskAlert', key: id }] });
      answers.push(error.message.replaceAll(id, '<id>'));
      expect(await recallsNumbered(input.recallNumber)).toBe(0);
    }
    expect(answers[0]).toBe(answers[1]);
    expect(answers[0]).not.toMatch(/not exist/);
  });
});

describe('what is not checked', () => {
  test('a query by ID: one region call, no reference check', async () => {
    const before = await counters();
    const result = await stack.query(stack.tokens.HE, 'query ($id: ID!) { recall(id: $id) { id riskAlertIds } }', { id: hebeiRecall });
    expect(result.errors).toBeUndefined();
    const after = await counters();
    expect(difference(after.calls, before.calls)).toEqual({ HE: 1 });
    expect(difference(after.checks, before.checks)).toEqual({});
  });

  test('an enterprise need not be registered: a recall naming an unregistered manufacturer and no alert is written with one call, unchecked', async () => {
    expect(await stack.db('HE').collection('enterprises').countDocuments({ _id: UNREGISTERED_MAKER as never })).toBe(0);
    const input = recallInput([]);
    const before = await counters();
    const result = await stack.query(stack.tokens.HE, CREATE_RECALL, { input });
    expect(result.errors).toBeUndefined();
    const after = await counters();
    expect(difference(after.calls, before.calls)).toEqual({ HE: 1 });
    expect(difference(after.checks, before.checks)).toEqual({});
    expect(await recallsNumbered(input.recallNumber)).toBe(1);
  });
});
