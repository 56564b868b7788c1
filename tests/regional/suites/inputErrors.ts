/**
 * Bad input and bad callers, over HTTP against the seeded Tianjin subgraph: every validation error carries
 * `extensions.code` (BAD_USER_INPUT, or GRAPHQL_VALIDATION_FAILED for an unknown enum value written in the
 * document) and the offending `field` where there is one, never a stack trace; a failed mutation writes
 * nothing; a request without the gateway-signed identity, or with a forged one, is refused with
 * UNAUTHENTICATED and no data, before any database command.
 * (The credit-code validator itself is covered in tests/kernel.)
 */
import { buildCreditCode } from '../../../kernel';
import { DEVELOPMENT_AGENCIES } from '../../../platform/agencies';
import { signClientToken, signInternalIdentity } from '../../../platform/identity';
import { SUBGRAPH_TEST_SECRET, type HttpGraphQLResult, type SeededSubgraph } from '../../helpers/regionalSubgraph';

let subgraph: SeededSubgraph;

const WRITE_COMMANDS = ['insert', 'update', 'delete', 'findAndModify', 'bulkWrite'];

/** No error of a response shows a stack trace, in its extensions or in its message. */
function expectNoStackTrace(result: HttpGraphQLResult): void {
  for (const error of result.errors ?? []) {
    expect(error.extensions ?? {}).not.toHaveProperty('stacktrace');
    expect(error.extensions?.exception).toBeUndefined();
    expect(error.message).not.toMatch(/\n\s+at /);
    expect(JSON.stringify(error)).not.toMatch(/\.ts:\d+:\d+|node_modules/);
  }
}

/** The request fails with `code` (and `field` when given) as its first error, no data for the field, no stack trace. */
async function expectError(
  query: string,
  variables: Record<string, unknown>,
  expected: { code: string; field?: string; writes?: 'none' },
): Promise<HttpGraphQLResult> {
  subgraph.commands.length = 0;
  const result = await subgraph.post(query, variables);
  expect(result.errors?.length ?? 0).toBeGreaterThan(0);
  const error = result.errors![0]!;
  expect({ code: error.extensions?.code, field: expected.field === undefined ? undefined : error.extensions?.field }).toEqual({ code: expected.code, field: expected.field });
  expect(error.message.length).toBeGreaterThan(0);
  expect(error.message).not.toBe('Internal server error');
  if (result.data) for (const value of Object.values(result.data)) expect(value).toBeNull();
  expectNoStackTrace(result);
  if (expected.writes === 'none') expect(subgraph.commands.filter((c) => WRITE_COMMANDS.includes(c.commandName)).map((c) => c.commandName)).toEqual([]);
  return result;
}

const bad = (field: string) => ({ code: 'BAD_USER_INPUT', field });

/**
 * A code of this region with a wrong check character, one with a character outside the alphabet, and others. (A valid
 * code registered outside Beijing, Tianjin and Hebei is no malformed code: where it is refused, with reason OUTSIDE_JJJ,
 * and where accepted is tested in tests/regional/edgeValidation.test.ts.)
 */
function malformedCreditCodes(): Array<[string, string]> {
  const valid = subgraph.seed.enterprises[0]!._id;
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const wrongCheck = valid.slice(0, 17) + alphabet[(alphabet.indexOf(valid[17]!) + 1) % alphabet.length];
  return [
    ['a wrong check character', wrongCheck],
    ['a letter outside the alphabet (I)', `${valid.slice(0, 10)}I${valid.slice(11)}`],
    ['17 characters', valid.slice(0, 17)],
    ['an unknown division code (99)', buildCreditCode({ registrationAuthority: '9', organizationType: '1', divisionCode: '990300', organizationCode: 'MA5DXXXX1' })],
    ['free text', '天津某某公司'],
  ];
}

function recallInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const enterprise = subgraph.seed.enterprises[0]!;
  return {
    recallNumber: '津召字〔2025〕第9999号',
    productName: '测试用电暖器',
    brand: '测试',
    models: ['T-1'],
    batches: ['20250101'],
    manufacturer: { creditCode: enterprise._id, name: enterprise.name, contact: { person: '张三', phone: '022-12345678' } },
    productionStart: '2025-01-01T00:00:00.000Z',
    productionEnd: '2025-06-30T00:00:00.000Z',
    quantityMade: 1000,
    quantityToRecall: 800,
    salesAreas: ['天津'],
    defect: '倾倒开关失效',
    hazard: '存在起火隐患',
    remedy: 'REPAIR',
    productCategory: 'HOUSEHOLD_APPLIANCES',
    announcedAt: '2025-08-01T02:00:00.000Z',
    riskAlertIds: [],
    ...overrides,
  };
}

function alertInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: '关于测试牌电暖器存在起火风险的消费提示',
    description: '监测发现部分电暖器倾倒开关失效。',
    productCategory: 'HOUSEHOLD_APPLIANCES',
    hazardType: 'FIRE',
    riskLevel: 'HIGH',
    source: 'SAMPLING',
    issuedAt: '2025-08-01T02:00:00.000Z',
    enterpriseCreditCodes: [subgraph.seed.enterprises[0]!._id],
    relatedRecallIds: [],
    ...overrides,
  };
}

const CREATE_RECALL = `mutation($input: CreateRecallInput!) { createRecall(input: $input) { id } }`;
const CREATE_ALERT = `mutation($input: CreateRiskAlertInput!) { createRiskAlert(input: $input) { id } }`;

/** Registers these tests against the running subgraph that `current` returns (started by the test file). */
export function inputErrorsSuite(current: () => SeededSubgraph): void {
  beforeAll(() => {
    subgraph = current();
  });

  describe('malformed credit codes', () => {
    it.each([
      ['recalls', 'RecallFilter'],
      ['riskAlerts', 'RiskAlertFilter'],
      ['complaints', 'ComplaintFilter'],
    ])('%s refuses each in filter.enterpriseCreditCode', async (list, filterType) => {
      for (const [, code] of malformedCreditCodes()) {
        await expectError(`query($filter: ${filterType}) { ${list}(filter: $filter) { totalCount } }`, { filter: { enterpriseCreditCode: code } }, bad('filter.enterpriseCreditCode'));
      }
    });

    it('enterprise(creditCode) refuses each', async () => {
      for (const [, code] of malformedCreditCodes()) {
        await expectError(`query($code: String!) { enterprise(creditCode: $code) { name } }`, { code }, bad('creditCode'));
      }
    });

    it('mutations refuse them by field and write nothing', async () => {
      const [[, wrongCheck]] = malformedCreditCodes() as [[string, string]];
      await expectError(CREATE_RECALL, { input: recallInput({ manufacturer: { creditCode: wrongCheck, name: '某公司', contact: { person: '张三', phone: '022-1234567' } } }) }, { ...bad('manufacturer.creditCode'), writes: 'none' });
      await expectError(CREATE_ALERT, { input: alertInput({ enterpriseCreditCodes: [subgraph.seed.enterprises[1]!._id, wrongCheck] }) }, { ...bad('enterpriseCreditCodes[1]'), writes: 'none' });
      await expectError(
        `mutation($input: RegisterEnterpriseInput!) { registerEnterprise(input: $input) { creditCode } }`,
        { input: { creditCode: wrongCheck, name: '天津测试有限公司', address: '天津市河西区', legalRepresentative: '张三', industry: '玩具制造', establishedAt: '2020-01-01T00:00:00.000Z' } },
        { ...bad('creditCode'), writes: 'none' },
      );
      await expectError(
        `mutation($input: RegisterComplaintInput!) { registerComplaint(input: $input) { id } }`,
        {
          input: {
            channel: 'WEB',
            consumer: { name: '李四', phone: '13800000000', address: '天津市南开区' },
            business: { creditCode: wrongCheck, name: '某商家' },
            category: 'PRICE',
            subject: '价格欺诈',
            description: '结账金额高于标价',
            amountInDispute: 12.5,
            receivedAt: '2025-08-01T02:00:00.000Z',
          },
        },
        { ...bad('business.creditCode'), writes: 'none' },
      );
    });
  });

  describe('dates out of order', () => {
    const later = '2025-01-01T00:00:00.000Z';
    const earlier = '2024-01-01T00:00:00.000Z';

    it.each([
      ['recalls', 'RecallFilter', 'announcedFrom', 'announcedTo'],
      ['riskAlerts', 'RiskAlertFilter', 'issuedFrom', 'issuedTo'],
      ['contractTemplates', 'ContractTemplateFilter', 'updatedFrom', 'updatedTo'],
      ['complaints', 'ComplaintFilter', 'receivedFrom', 'receivedTo'],
      ['enterprises', 'EnterpriseFilter', 'establishedFrom', 'establishedTo'],
    ])('%s refuses %s after its end, in lists and statistics', async (list, filterType, from, to) => {
      const filter = { [from]: later, [to]: earlier };
      await expectError(`query($filter: ${filterType}) { ${list}(filter: $filter) { totalCount } }`, { filter }, bad(`filter.${from}`));
      const statistics = list === 'recalls' ? 'recallStatistics' : list === 'riskAlerts' ? 'riskAlertStatistics' : `${list.slice(0, -1)}Statistics`;
      await expectError(`query($filter: ${filterType}) { ${statistics}(filter: $filter, groupBy: [CATEGORY]) { count } }`, { filter }, bad(`filter.${from}`));
      // The same instant at both ends is a valid range.
      const data = await subgraph.ok(`query($filter: ${filterType}) { ${list}(filter: $filter) { totalCount } }`, { filter: { [from]: later, [to]: later } });
      expect(data).toEqual({ [list]: { totalCount: expect.any(Number) } });
    });

    it('createRecall refuses a production period that ends before it starts', async () => {
      await expectError(CREATE_RECALL, { input: recallInput({ productionStart: later, productionEnd: earlier }) }, { ...bad('productionStart'), writes: 'none' });
    });

    it('createRiskAlert refuses an issue date in the future', async () => {
      await expectError(CREATE_ALERT, { input: alertInput({ issuedAt: new Date(Date.now() + 86_400_000).toISOString() }) }, { ...bad('issuedAt'), writes: 'none' });
    });

    it('refuses a malformed date', async () => {
      const result = await expectError(`query($filter: RecallFilter) { recalls(filter: $filter) { totalCount } }`, { filter: { announcedFrom: '2024-13-45' } }, { code: 'BAD_USER_INPUT' });
      expect(result.status).toBe(400);
    });
  });

  describe('unknown enum values', () => {
    it.each([
      ['a category in a filter', `{ recalls(filter: { categories: [SPACESHIPS] }) { totalCount } }`],
      ['a status in a filter', `{ complaints(filter: { statuses: [LOST] }) { totalCount } }`],
      ['a region', `{ riskAlerts(filter: { regions: [SHANGHAI] }) { totalCount } }`],
      ['an order field', `{ recalls(orderBy: { field: PRODUCT_NAME }) { totalCount } }`],
      ['an order direction', `{ enterprises(orderBy: { field: CREDIT_CODE, direction: SIDEWAYS }) { totalCount } }`],
      ['a statistics dimension', `{ recallStatistics(groupBy: [WEEKDAY]) { count } }`],
      ['a category given as a string', `{ recalls(filter: { categories: ["TOYS"] }) { totalCount } }`],
    ])('refuses %s written in the document with GRAPHQL_VALIDATION_FAILED', async (_name, query) => {
      const result = await expectError(query, {}, { code: 'GRAPHQL_VALIDATION_FAILED' });
      expect(result.data).toBeUndefined();
      expect(result.status).toBe(400);
    });

    it.each([
      ['a category in a filter variable', `query($filter: RecallFilter) { recalls(filter: $filter) { totalCount } }`, { filter: { categories: ['TOYS', 'SPACESHIPS'] } }],
      ['a level in a filter variable', `query($filter: RiskAlertFilter) { riskAlerts(filter: $filter) { totalCount } }`, { filter: { minimumLevel: 'APOCALYPTIC' } }],
      ['a dimension variable', `query($g: [StatisticsDimension!]!) { complaintStatistics(groupBy: $g) { count } }`, { g: ['CATEGORY', 'WEEKDAY'] }],
    ])('refuses %s with BAD_USER_INPUT', async (_name, query, variables) => {
      const result = await expectError(query, variables, { code: 'BAD_USER_INPUT' });
      expect(result.data).toBeUndefined();
      expect(result.errors![0]!.message).toMatch(/SPACESHIPS|APOCALYPTIC|WEEKDAY/);
    });

    it('refuses an unknown category or remedy in a mutation input and writes nothing', async () => {
      await expectError(CREATE_RECALL, { input: recallInput({ productCategory: 'SPACESHIPS' }) }, { code: 'BAD_USER_INPUT', writes: 'none' });
      await expectError(CREATE_RECALL, { input: recallInput({ remedy: 'BURN_IT' }) }, { code: 'BAD_USER_INPUT', writes: 'none' });
      await expectError(CREATE_ALERT, { input: alertInput({ riskLevel: 'EXTREME' }) }, { code: 'BAD_USER_INPUT', writes: 'none' });
    });
  });

  describe('oversize text', () => {
    it.each([
      ['recalls', 'RecallFilter'],
      ['riskAlerts', 'RiskAlertFilter'],
      ['contractTemplates', 'ContractTemplateFilter'],
      ['complaints', 'ComplaintFilter'],
      ['enterprises', 'EnterpriseFilter'],
    ])('%s refuses a text search over 100 characters and accepts one of 100', async (list, filterType) => {
      const query = `query($filter: ${filterType}) { ${list}(filter: $filter) { totalCount } }`;
      await expectError(query, { filter: { text: '召'.repeat(101) } }, bad('filter.text'));
      expect(await subgraph.ok(query, { filter: { text: '召'.repeat(100) } })).toEqual({ [list]: { totalCount: 0 } });
    });

    it('mutations refuse text over each field’s limit and write nothing', async () => {
      await expectError(CREATE_ALERT, { input: alertInput({ title: '题'.repeat(201) }) }, { ...bad('title'), writes: 'none' });
      await expectError(CREATE_ALERT, { input: alertInput({ description: '述'.repeat(5001) }) }, { ...bad('description'), writes: 'none' });
      await expectError(CREATE_RECALL, { input: recallInput({ productName: '品'.repeat(201) }) }, { ...bad('productName'), writes: 'none' });
      await expectError(CREATE_RECALL, { input: recallInput({ defect: '缺'.repeat(2001) }) }, { ...bad('defect'), writes: 'none' });
      await expectError(CREATE_RECALL, { input: recallInput({ productName: '   ' }) }, { ...bad('productName'), writes: 'none' });
    });
  });

  describe('page size', () => {
    it.each(['recalls', 'riskAlerts', 'contractTemplates', 'complaints', 'enterprises'])('%s refuses first over 100 or negative, accepts 100', async (list) => {
      await expectError(`{ ${list}(first: 101) { totalCount } }`, {}, bad('first'));
      await expectError(`{ ${list}(first: 100000) { totalCount } }`, {}, bad('first'));
      await expectError(`{ ${list}(first: -1) { totalCount } }`, {}, bad('first'));
      const data = await subgraph.ok<Record<string, { edges: unknown[] }>>(`{ ${list}(first: 100) { edges { cursor } } }`);
      expect(data[list]!.edges.length).toBeLessThanOrEqual(100);
    });

    it('refuses more than 50 values in one filter list', async () => {
      await expectError(`query($filter: RecallFilter) { recalls(filter: $filter) { totalCount } }`, { filter: { categories: Array.from({ length: 51 }, () => 'TOYS') } }, bad('filter.categories'));
    });

    it('refuses an empty groupBy', async () => {
      await expectError(`{ recallStatistics(groupBy: []) { count } }`, {}, bad('groupBy'));
    });
  });

  describe('malformed cursors', () => {
    const b64 = (value: string) => Buffer.from(value, 'utf8').toString('base64url');
    const validDateCursor = () => b64(JSON.stringify([subgraph.seed.recalls[0]!.announcedAt.toISOString(), subgraph.seed.recalls[0]!._id]));

    // Every row has three entries: jest-each would take a missing third parameter for a done callback.
    it.each<[string, () => string, string | null]>([
      ['not base64url', () => '!!not a cursor!!', null],
      ['base64 with padding', () => `${b64('["2024-01-01T00:00:00.000Z","TJ-RCL-2024-000001"]')}=`, null],
      ['not JSON inside', () => b64('hello, cursor'), null],
      ['a JSON object instead of an array', () => b64('{"sortValue":1,"id":"TJ-RCL-2024-000001"}'), null],
      ['an array of three', () => b64('["2024-01-01T00:00:00.000Z","TJ-RCL-2024-000001",3]'), null],
      ['an ID that is no record ID', () => b64('["2024-01-01T00:00:00.000Z","DROP TABLE"]'), null],
      ['an operator object as sort value', () => b64('[{"$gt":""},"TJ-RCL-2024-000001"]'), null],
      ['a date that is not a date', () => b64('["2024-02-30T00:00:00.000Z","TJ-RCL-2024-000001"]'), null],
      ['a date cursor for a numeric order', validDateCursor, 'QUANTITY_TO_RECALL'],
      ['a cursor longer than 512 characters', () => 'A'.repeat(600), null],
    ])('refuses %s with BAD_USER_INPUT', async (_name, cursor, orderField) => {
      const result = await expectError(
        `query($after: String, $orderBy: RecallOrder) { recalls(after: $after, first: 5, orderBy: $orderBy) { totalCount } }`,
        { after: cursor(), orderBy: orderField ? { field: orderField } : null },
        { code: 'BAD_USER_INPUT' },
      );
      expect(['after', 'cursor']).toContain(result.errors![0]!.extensions!.field);
    });

    it('accepts a well-formed cursor built from the seed data', async () => {
      const sorted = [...subgraph.seed.recalls].sort((a, b) => b.announcedAt.getTime() - a.announcedAt.getTime());
      const cursor = b64(JSON.stringify([sorted[9]!.announcedAt.toISOString(), sorted[9]!._id]));
      const data = await subgraph.ok<{ recalls: { edges: Array<{ node: { id: string } }> } }>(`query($after: String) { recalls(after: $after, first: 3) { edges { node { id } } } }`, { after: cursor });
      expect(data.recalls.edges.map((edge) => edge.node.id)).toEqual(sorted.slice(10, 13).map((d) => d._id));
    });
  });

  describe('malformed IDs', () => {
    it.each([
      ['recall', 'garbage'],
      ['recall', 'TJ-RSK-2024-000001'],
      ['recall', 'tj-rcl-2024-000001'],
      ['recall', 'XX-RCL-2024-000001'],
      ['riskAlert', 'TJ-RCL-2024-000001'],
      ['riskAlert', 'TJ-RSK-24-1'],
      ['contractTemplate', 'TJ-CMP-2024-000001'],
      ['complaint', 'TJ-CMP-2024-0000001'],
      ['complaint', ''],
    ])('%s(id: %p) is refused with BAD_USER_INPUT on id', async (field, id) => {
      await expectError(`query($id: ID!) { ${field}(id: $id) { id } }`, { id }, bad('id'));
    });

    it('refuses malformed IDs in filters', async () => {
      await expectError(`{ recalls(filter: { riskAlertId: "TJ-RCL-2024-000001" }) { totalCount } }`, {}, bad('filter.riskAlertId'));
      await expectError(`{ riskAlerts(filter: { recallId: "recall-1" }) { totalCount } }`, {}, bad('filter.recallId'));
    });

    it('refuses malformed IDs in mutations and writes nothing', async () => {
      await expectError(`mutation { updateRecall(id: "TJ-RCL-1", input: { status: IN_PROGRESS }) { id } }`, {}, { ...bad('id'), writes: 'none' });
      await expectError(CREATE_RECALL, { input: recallInput({ riskAlertIds: ['TJ-RSK-2024-000001', 'not-an-alert'] }) }, { ...bad('riskAlertIds[1]'), writes: 'none' });
      await expectError(CREATE_ALERT, { input: alertInput({ relatedRecallIds: ['TJ-RSK-2024-000001'] }) }, { ...bad('relatedRecallIds[0]'), writes: 'none' });
    });
  });

  describe('_entities representations are keys, never query operators', () => {
    const ENTERPRISE_RECALLS = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Enterprise { recalls { id } } } }`;
    const RECALL_ALERTS = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on ProductRecall { riskAlerts { id } } } }`;

    async function expectRepresentationsRefused(query: string, representations: unknown, message: RegExp): Promise<void> {
      subgraph.commands.length = 0;
      const result = await subgraph.post(query, { representations }, undefined, subgraph.linksUrl);
      expect(result.status).toBe(400);
      expect(result.data ?? undefined).toBeUndefined();
      expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors?.[0]?.message).toMatch(message);
      expectNoStackTrace(result);
      // Refused before any database command.
      expect(subgraph.commands.map((command) => command.commandName)).toEqual([]);
    }

    it('answers a well-formed representation (control)', async () => {
      const enterprise = subgraph.seed.enterprises[0]!._id;
      const result = await subgraph.post<{ _entities: Array<{ recalls: unknown[] }> }>(ENTERPRISE_RECALLS, { representations: [{ __typename: 'Enterprise', creditCode: enterprise }] }, undefined, subgraph.linksUrl);
      expect(result.errors).toBeUndefined();
      expect(Array.isArray(result.data?._entities[0]?.recalls)).toBe(true);
    });

    it('refuses a MongoDB operator in place of a key', async () => {
      await expectRepresentationsRefused(ENTERPRISE_RECALLS, [{ __typename: 'Enterprise', creditCode: { $ne: null } }], /representations\[0\]\.creditCode must be a Enterprise key string/);
      await expectRepresentationsRefused(ENTERPRISE_RECALLS, [{ __typename: 'Enterprise', creditCode: { $regex: '.*' } }], /creditCode must be a Enterprise key string/);
    });

    it('refuses operators in other fields, unknown fields, unknown types, non-objects and too many', async () => {
      const recall = subgraph.seed.recalls[0]!._id;
      await expectRepresentationsRefused(RECALL_ALERTS, [{ __typename: 'ProductRecall', id: recall, riskAlertIds: [{ $gt: '' }] }], /riskAlertIds has an item that must be a ID value/);
      await expectRepresentationsRefused(RECALL_ALERTS, [{ __typename: 'ProductRecall', id: recall, riskAlertIds: [], $where: 'sleep(1000)' }], /\$where is not a field of ProductRecall/);
      await expectRepresentationsRefused(RECALL_ALERTS, [{ __typename: 'Query', id: recall }], /must name an entity/);
      await expectRepresentationsRefused(RECALL_ALERTS, ['RCL'], /must be an object/);
      await expectRepresentationsRefused(RECALL_ALERTS, Array.from({ length: 1001 }, () => ({ __typename: 'ProductRecall', id: recall, riskAlertIds: [] })), /at most 1000 representations/);
    });
  });

  describe('caller identity', () => {
    const QUERY = `{ recalls(first: 3) { totalCount edges { node { id } } } }`;

    async function expectRefused(identity: string | null, url?: string): Promise<void> {
      subgraph.commands.length = 0;
      const result = await subgraph.post(QUERY, {}, identity, url);
      expect(result.data ?? undefined).toBeUndefined();
      expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      expect(result.status).toBe(401);
      expectNoStackTrace(result);
      expect(subgraph.commands.map((c) => c.commandName)).toEqual([]);
    }

    it('answers the region’s own agency (sanity check for the cases below)', async () => {
      const data = await subgraph.ok<{ recalls: { totalCount: number } }>(QUERY);
      expect(data.recalls.totalCount).toBe(subgraph.seed.recalls.length);
    });

    it('refuses a request without the identity header', async () => {
      await expectRefused(null);
    });

    it('refuses an identity signed with another secret (forged)', async () => {
      await expectRefused(signInternalIdentity(DEVELOPMENT_AGENCIES.TJ, 'not-the-gateway-secret-0123456789', { region: subgraph.region, endpoint: 'regional' }));
    });

    it('refuses an identity signed for another region, for another endpoint, or living longer than seconds', async () => {
      const other = subgraph.region === 'BJ' ? 'HE' : 'BJ';
      await expectRefused(signInternalIdentity(DEVELOPMENT_AGENCIES.TJ, SUBGRAPH_TEST_SECRET, { region: other, endpoint: 'regional' }));
      await expectRefused(signInternalIdentity(DEVELOPMENT_AGENCIES.TJ, SUBGRAPH_TEST_SECRET, { region: subgraph.region, endpoint: 'links' }));
      await expectRefused(signInternalIdentity(DEVELOPMENT_AGENCIES.TJ, SUBGRAPH_TEST_SECRET, { region: subgraph.region, endpoint: 'regional' }), subgraph.linksUrl);
      await expectRefused(signInternalIdentity(DEVELOPMENT_AGENCIES.TJ, SUBGRAPH_TEST_SECRET, { region: subgraph.region, endpoint: 'regional' }, Math.floor(Date.now() / 1000) + 3600));
      // The control: the same identity for this region's endpoint, living seconds, is accepted.
      const accepted = await subgraph.post(QUERY, {}, signInternalIdentity(DEVELOPMENT_AGENCIES.TJ, SUBGRAPH_TEST_SECRET, { region: subgraph.region, endpoint: 'regional' }));
      expect(accepted.errors).toBeUndefined();
    });

    it('refuses a client bearer token signed with the same secret (wrong audience)', async () => {
      await expectRefused(signClientToken(DEVELOPMENT_AGENCIES.TJ, SUBGRAPH_TEST_SECRET));
    });

    it('refuses an expired identity and garbage', async () => {
      await expectRefused(signInternalIdentity(DEVELOPMENT_AGENCIES.TJ, SUBGRAPH_TEST_SECRET, { region: subgraph.region, endpoint: 'regional' }, Math.floor(Date.now() / 1000) - 60));
      await expectRefused('Bearer abc.def.ghi');
      const [header, , signature] = signInternalIdentity(DEVELOPMENT_AGENCIES.TJ, SUBGRAPH_TEST_SECRET, { region: subgraph.region, endpoint: 'regional' }).split('.');
      const tampered = Buffer.from(JSON.stringify({ ...DEVELOPMENT_AGENCIES.HE, aud: 'jjj-hub-subgraph', iss: 'jjj-hub', exp: Math.floor(Date.now() / 1000) + 60 })).toString('base64url');
      await expectRefused(`${header}.${tampered}.${signature}`);
    });

    it('refuses mutations and the links endpoint without identity', async () => {
      subgraph.commands.length = 0;
      const mutation = await subgraph.post(CREATE_ALERT, { input: alertInput() }, null);
      expect(mutation.data ?? undefined).toBeUndefined();
      expect(mutation.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(subgraph.commands).toEqual([]);
      const links = await subgraph.post(`{ __typename }`, {}, null, subgraph.linksUrl);
      expect(links.data ?? undefined).toBeUndefined();
      expect(links.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });
  });
}
