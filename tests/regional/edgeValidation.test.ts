/**
 * Validation at the edge, with reasons (issue 17), over HTTP against one seeded Tianjin subgraph whose clock is pinned
 * by JJJ_NOW (set before it starts, so every "now" — the defaults, the bounds, the seed's dates — is that instant):
 * business dates within [now − MAX_RECORD_AGE_YEARS, now + 5 min], official recall numbers, mainland telephone
 * numbers, a business registered outside Jing-Jin-Ji refused with its own reason where the hub must handle it (and
 * accepted where a record may name a maker anywhere); every refusal names its field, says why and writes nothing.
 * Then free texts of a complaint as a third region sees them: the personal data typed in masked, as `consumer` is,
 * while the receiving and handling regions read them as written.
 */
import { buildCreditCode } from '../../kernel';
import { DEVELOPMENT_AGENCIES } from '../../platform/agencies';
import { startSeededSubgraph, type HttpGraphQLResult, type SeededSubgraph } from '../helpers/regionalSubgraph';

jest.setTimeout(60_000);

/** The pinned "now": the seed's own as-of instant, so the standard seed data is loaded. */
const NOW = '2026-11-20T00:00:00.000Z';
const NOW_MS = Date.parse(NOW);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const saved = { JJJ_NOW: process.env.JJJ_NOW, MAX_RECORD_AGE_YEARS: process.env.MAX_RECORD_AGE_YEARS };
let subgraph: SeededSubgraph;

beforeAll(async () => {
  process.env.JJJ_NOW = NOW;
  delete process.env.MAX_RECORD_AGE_YEARS;
  subgraph = await startSeededSubgraph('TJ');
});

afterAll(async () => {
  await subgraph?.stop();
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const WRITE_COMMANDS = ['insert', 'update', 'delete', 'findAndModify', 'bulkWrite'];
const CREATE_RECALL = `mutation($input: CreateRecallInput!) { createRecall(input: $input) { id recallNumber announcedAt manufacturer { creditCode contact { phone } } } }`;
const CREATE_ALERT = `mutation($input: CreateRiskAlertInput!) { createRiskAlert(input: $input) { id issuedAt enterpriseCreditCodes } }`;
const REGISTER = `mutation($input: RegisterComplaintInput!) { registerComplaint(input: $input) { id receivedAt handlingRegion } }`;
const TRANSFER = `mutation($input: ComplaintStepInput!) { transferComplaint(input: $input) { id status } }`;
const REGISTER_ENTERPRISE = `mutation($input: RegisterEnterpriseInput!) { registerEnterprise(input: $input) { creditCode } }`;

const SHANGHAI = buildCreditCode({ registrationAuthority: '9', organizationType: '1', divisionCode: '310115', organizationCode: 'MA1FL0001' });
const BEIJING = buildCreditCode({ registrationAuthority: '9', organizationType: '1', divisionCode: '110105', organizationCode: 'MA01EW001' });

let serial = 9_000;
function recallInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  serial += 1;
  const enterprise = subgraph.seed.enterprises[0]!;
  return {
    recallNumber: `津召字〔2026〕第${serial}号`,
    productName: '测试用电暖器',
    brand: '测试',
    models: ['T-1'],
    batches: ['20250101'],
    manufacturer: { creditCode: enterprise._id, name: enterprise.name, contact: { person: '张三', phone: '022-23456789' } },
    productionStart: '2025-01-01T00:00:00.000Z',
    productionEnd: '2025-06-30T00:00:00.000Z',
    quantityMade: 1000,
    quantityToRecall: 800,
    salesAreas: ['天津'],
    defect: '倾倒开关失效',
    hazard: '存在起火隐患',
    remedy: 'REPAIR',
    productCategory: 'HOUSEHOLD_APPLIANCES',
    riskAlertIds: [],
    ...overrides,
  };
}

function complaintInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    channel: 'WEB',
    consumer: { name: '李小四', phone: '13800000000', address: '天津市南开区鞍山西道100号' },
    business: { creditCode: subgraph.seed.enterprises[0]!._id, name: '某商家' },
    category: 'PRICE',
    subject: '价格欺诈',
    description: '结账金额高于标价',
    amountInDispute: 12.5,
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
    enterpriseCreditCodes: [subgraph.seed.enterprises[0]!._id],
    relatedRecallIds: [],
    ...overrides,
  };
}

/** The outbox relay's own bookkeeping on records written by earlier tests (events moved to the log), not a request's. */
function isOutboxRelayWrite(command: Record<string, any>): boolean {
  const updates: Array<{ u?: Record<string, unknown> }> = Array.isArray(command.updates) ? command.updates : [];
  return updates.length > 0 && updates.every(({ u }) => u !== undefined && Object.keys(u).every((operator) => (operator === '$pull' || operator === '$unset') && Object.keys(u[operator] as object).every((path) => path === 'outbox' || path === 'outboxPending')));
}

/** Refused as BAD_USER_INPUT naming `field` (with `reason` when given), no data, and no write command sent. */
async function expectRefused(query: string, input: Record<string, unknown>, field: string, reason?: string): Promise<string> {
  subgraph.commands.length = 0;
  const result = await subgraph.post(query, { input });
  const error = result.errors?.[0];
  expect({ code: error?.extensions?.code, field: error?.extensions?.field, reason: reason === undefined ? undefined : error?.extensions?.reason }).toEqual({ code: 'BAD_USER_INPUT', field, reason });
  if (result.data) for (const value of Object.values(result.data)) expect(value).toBeNull();
  expect(subgraph.commands.filter((command) => WRITE_COMMANDS.includes(command.commandName) && !isOutboxRelayWrite(command.command)).map((command) => JSON.stringify(command.command).slice(0, 300))).toEqual([]);
  return error!.message;
}

function created<T = Record<string, any>>(result: HttpGraphQLResult, field: string): T {
  if (result.errors?.length || !result.data) throw new Error(`${field} failed: ${JSON.stringify(result.errors)}`);
  return result.data[field] as T;
}

describe('business dates within bounds of the one clock', () => {
  test('a recall dated 2999 is refused (IN_FUTURE) and does not top the newest-first list; 4 minutes ahead is accepted', async () => {
    const message = await expectRefused(CREATE_RECALL, recallInput({ announcedAt: '2999-01-01T00:00:00.000Z' }), 'announcedAt', 'IN_FUTURE');
    expect(message).toMatch(/in the future/);
    // The year's recall number would be wrong too: the date is checked first, so the reason is the date's.
    await expectRefused(CREATE_RECALL, recallInput({ announcedAt: new Date(NOW_MS + 6 * MINUTE).toISOString() }), 'announcedAt', 'IN_FUTURE');
    const accepted = created(await subgraph.post(CREATE_RECALL, { input: recallInput({ announcedAt: new Date(NOW_MS + 4 * MINUTE).toISOString() }) }), 'createRecall');
    const newest = await subgraph.ok<{ recalls: { edges: Array<{ node: { id: string; announcedAt: string } }> } }>('{ recalls(first: 1) { edges { node { id announcedAt } } } }');
    expect(newest.recalls.edges[0]!.node).toEqual({ id: accepted.id, announcedAt: new Date(NOW_MS + 4 * MINUTE).toISOString() });
  });

  test('a recall without a date is announced at the pinned now', async () => {
    const recall = created(await subgraph.post(CREATE_RECALL, { input: recallInput() }), 'createRecall');
    expect(recall.announcedAt).toBe(NOW);
  });

  test('a complaint received in 1950 is refused (TOO_OLD); 10 years is the default bound, MAX_RECORD_AGE_YEARS changes it', async () => {
    expect(await expectRefused(REGISTER, complaintInput({ receivedAt: '1950-06-01T00:00:00.000Z' }), 'receivedAt', 'TOO_OLD')).toMatch(/more than 10 years ago/);
    await expectRefused(REGISTER, complaintInput({ receivedAt: new Date(NOW_MS - 3653 * DAY).toISOString() }), 'receivedAt', 'TOO_OLD');
    const nineYears = created(await subgraph.post(REGISTER, { input: complaintInput({ receivedAt: new Date(NOW_MS - 9 * 365 * DAY).toISOString() }) }), 'registerComplaint');
    expect(nineYears.id).toMatch(/^TJ-CMP-2017-/);
    process.env.MAX_RECORD_AGE_YEARS = '3';
    try {
      expect(await expectRefused(REGISTER, complaintInput({ receivedAt: '2022-06-01T00:00:00.000Z' }), 'receivedAt', 'TOO_OLD')).toMatch(/more than 3 years ago/);
    } finally {
      delete process.env.MAX_RECORD_AGE_YEARS;
    }
  });

  test('a complaint step dated in the future, and an alert issued or resolved out of bounds, are refused by field', async () => {
    const complaint = created(await subgraph.post(REGISTER, { input: complaintInput({ business: { creditCode: BEIJING, name: '北京某商贸有限公司' } }) }), 'registerComplaint');
    await expectRefused(TRANSFER, { id: complaint.id, at: '2999-01-01T00:00:00.000Z' }, 'at', 'IN_FUTURE');
    await expectRefused(CREATE_ALERT, alertInput({ issuedAt: '1950-01-01T00:00:00.000Z' }), 'issuedAt', 'TOO_OLD');
    await expectRefused(CREATE_ALERT, alertInput({ issuedAt: '2999-01-01T00:00:00.000Z' }), 'issuedAt', 'IN_FUTURE');
    const alert = created(await subgraph.post(CREATE_ALERT, { input: alertInput() }), 'createRiskAlert');
    expect(alert.issuedAt).toBe(NOW);
    subgraph.commands.length = 0;
    const resolved = await subgraph.post(`mutation($id: ID!, $at: DateTime) { resolveRiskAlert(id: $id, resolvedAt: $at) { id } }`, { id: alert.id, at: '2999-01-01T00:00:00.000Z' });
    expect(resolved.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'resolvedAt', reason: 'IN_FUTURE' });
  });
});

describe('official formats', () => {
  test.each([
    ['free text', 'abc', /召字〔YYYY〕第N号/],
    ['square brackets', '津召字[2026]第12号', /召字〔YYYY〕第N号/],
    ['a serial that is not a number', '津召字〔2026〕第W01号', /召字〔YYYY〕第N号/],
    ['another region’s abbreviation', '京召字〔2026〕第12号', /简称应为「津」/],
    ['a year after the announcement', '津召字〔2999〕第12号', /年份/],
    ['a year two before the announcement', '津召字〔2024〕第12号', /年份/],
  ])('recallNumber: %s is refused (FORMAT)', async (_case, recallNumber, message) => {
    expect(await expectRefused(CREATE_RECALL, recallInput({ recallNumber }), 'recallNumber', 'FORMAT')).toMatch(message);
  });

  test('recallNumber: the year before the announcement is accepted (filed in December, announced in January)', async () => {
    const recall = created(await subgraph.post(CREATE_RECALL, { input: recallInput({ recallNumber: '津召字〔2025〕第9901号' }) }), 'createRecall');
    expect(recall.recallNumber).toBe('津召字〔2025〕第9901号');
  });

  test.each(['hello', '12345', '138001234567', '010-0234567', '+1 415 555 0100', '400-810-8888'])('consumer.phone %s is refused (FORMAT)', async (phone) => {
    const message = await expectRefused(REGISTER, complaintInput({ consumer: { name: '王女士', phone, address: '天津市河西区' } }), 'consumer.phone', 'FORMAT');
    expect(message).toMatch(/电话号码格式不正确/);
  });

  test.each(['hello', '022', '13800'])('manufacturer.contact.phone %s is refused (FORMAT)', async (phone) => {
    const input = recallInput();
    await expectRefused(CREATE_RECALL, { ...input, manufacturer: { ...(input.manufacturer as object), contact: { person: '张三', phone } } }, 'manufacturer.contact.phone', 'FORMAT');
  });

  test('mobile, fixed-line and (for a maker) 400 numbers are accepted as typed', async () => {
    for (const phone of ['13912345678', '+86 139 1234 5678', '022-23456789', '0311-86012345', '(010)62345678']) {
      const complaint = await subgraph.post(REGISTER, { input: complaintInput({ consumer: { name: '王女士', phone, address: '天津市河西区' } }) });
      expect({ phone, errors: complaint.errors }).toEqual({ phone, errors: undefined });
    }
    const input = recallInput();
    const recall = created(await subgraph.post(CREATE_RECALL, { input: { ...input, manufacturer: { ...(input.manufacturer as object), contact: { person: '张三', phone: '400-810-8888' } } } }), 'createRecall');
    expect(recall.manufacturer.contact.phone).toBe('400-810-8888');
  });
});

describe('a business registered outside Jing-Jin-Ji', () => {
  test('a complaint about it is refused with reason OUTSIDE_JJJ naming the province; a Beijing business is accepted; a malformed code keeps its own error', async () => {
    const message = await expectRefused(REGISTER, complaintInput({ business: { creditCode: SHANGHAI, name: '上海某电器有限公司' } }), 'business.creditCode', 'OUTSIDE_JJJ');
    expect(message).toMatch(/上海市/);
    expect(message).toMatch(/outside Beijing, Tianjin and Hebei/);
    expect(message).not.toMatch(/not a valid unified social credit code/);
    const beijing = created(await subgraph.post(REGISTER, { input: complaintInput({ business: { creditCode: BEIJING, name: '北京某商贸有限公司' } }) }), 'registerComplaint');
    expect(beijing.handlingRegion).toBe('BEIJING');
    const wrongCheck = SHANGHAI.slice(0, 17) + (SHANGHAI[17] === '0' ? '1' : '0');
    subgraph.commands.length = 0;
    const malformed = await subgraph.post(REGISTER, { input: complaintInput({ business: { creditCode: wrongCheck, name: '某' } }) });
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'business.creditCode' });
    expect(malformed.errors?.[0]?.extensions?.reason).toBeUndefined();
    expect(malformed.errors?.[0]?.message).toMatch(/not a valid unified social credit code/);
  });

  test('registering it as an enterprise, reading it by key and filtering complaints by it are refused with OUTSIDE_JJJ', async () => {
    await expectRefused(REGISTER_ENTERPRISE, { creditCode: SHANGHAI, name: '上海某电器有限公司', address: '上海市浦东新区', legalRepresentative: '张三', industry: '家电制造', establishedAt: '2020-01-01T00:00:00.000Z' }, 'creditCode', 'OUTSIDE_JJJ');
    const byKey = await subgraph.post(`query($code: String!) { enterprise(creditCode: $code) { name } }`, { code: SHANGHAI });
    expect(byKey.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'creditCode', reason: 'OUTSIDE_JJJ' });
    const filtered = await subgraph.post(`query($code: String!) { complaints(filter: { enterpriseCreditCode: $code }) { totalCount } }`, { code: SHANGHAI });
    expect(filtered.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.enterpriseCreditCode', reason: 'OUTSIDE_JJJ' });
  });

  test('a recall’s manufacturer and a risk alert’s enterprises may be registered anywhere, and filters find them', async () => {
    const input = recallInput();
    const recall = created(await subgraph.post(CREATE_RECALL, { input: { ...input, manufacturer: { ...(input.manufacturer as object), creditCode: SHANGHAI, name: '上海某电器有限公司' } } }), 'createRecall');
    expect(recall.manufacturer.creditCode).toBe(SHANGHAI);
    const alert = created(await subgraph.post(CREATE_ALERT, { input: alertInput({ enterpriseCreditCodes: [SHANGHAI] }) }), 'createRiskAlert');
    expect(alert.enterpriseCreditCodes).toEqual([SHANGHAI]);
    const found = await subgraph.ok<Record<string, { edges: Array<{ node: { id: string } }> }>>(
      `query($code: String!) { recalls(filter: { enterpriseCreditCode: $code }) { edges { node { id } } } riskAlerts(filter: { enterpriseCreditCode: $code }) { edges { node { id } } } }`,
      { code: SHANGHAI },
    );
    expect(found.recalls!.edges.map((edge) => edge.node.id)).toEqual([recall.id]);
    expect(found.riskAlerts!.edges.map((edge) => edge.node.id)).toEqual([alert.id]);
  });
});

describe('personal data in free text, as a third region sees it', () => {
  const READ = `query($id: ID!) { complaint(id: $id) { subject description timeline { note } consumer { phone masked } } }`;
  const ID_NUMBER = '11010519491231002X';
  const consumer = { name: '赵小红', phone: '13712345678', address: '天津市河西区友谊路20号' };

  test('phones, ID numbers, e-mail addresses and the consumer’s own values are masked for Hebei, not for Tianjin (receiving) or Beijing (handling)', async () => {
    const subject = `${consumer.name}投诉：电话 137 1234 5678`;
    const description = `本人${consumer.name}，住${consumer.address}，手机13912345678，身份证${ID_NUMBER}，邮箱zhao.xh@example.com；商家客服022-23456789。`;
    const complaint = created(
      await subgraph.post(REGISTER, { input: complaintInput({ consumer, subject, description, business: { creditCode: BEIJING, name: '北京某商贸有限公司' } }) }),
      'registerComplaint',
    );
    const note = '已转北京市处理，联系人手机 138-0013-8000';
    created(await subgraph.post(TRANSFER, { input: { id: complaint.id, note } }), 'transferComplaint');

    const asHebei = await subgraph.ok<{ complaint: Record<string, any> }>(READ, { id: complaint.id }, DEVELOPMENT_AGENCIES.HE);
    expect(asHebei.complaint.consumer).toEqual({ phone: '137****5678', masked: true });
    expect(asHebei.complaint.subject).toBe('赵**投诉：电话 137****5678');
    expect(asHebei.complaint.description).toBe('本人赵**，住天津市河西区****，手机139****5678，身份证110105********002X，邮箱z***@example.com；商家客服022-23456789。');
    expect(asHebei.complaint.timeline.map((entry: { note: string }) => entry.note)).toEqual(['天津登记投诉', '已转北京市处理，联系人手机 138****8000']);
    for (const text of [asHebei.complaint.subject, asHebei.complaint.description, ...asHebei.complaint.timeline.map((entry: { note: string }) => entry.note)]) {
      expect(text).not.toMatch(/13712345678|137 1234 5678|13912345678|11010519491231002X|zhao\.xh@|赵小红|友谊路20号|0013-8000/);
    }

    for (const region of ['TJ', 'BJ'] as const) {
      const seen = await subgraph.ok<{ complaint: Record<string, any> }>(READ, { id: complaint.id }, DEVELOPMENT_AGENCIES[region]);
      expect({ region, subject: seen.complaint.subject, description: seen.complaint.description, notes: seen.complaint.timeline.map((entry: { note: string }) => entry.note), masked: seen.complaint.consumer.masked }).toEqual({
        region,
        subject,
        description,
        notes: ['天津登记投诉', note],
        masked: false,
      });
    }
  });

  test('the same masking in a list read by the third region', async () => {
    const data = await subgraph.ok<{ complaints: { edges: Array<{ node: { description: string } }> } }>(
      `query($code: String!) { complaints(filter: { enterpriseCreditCode: $code, text: "邮箱" }) { edges { node { description } } } }`,
      { code: BEIJING },
      DEVELOPMENT_AGENCIES.HE,
    );
    expect(data.complaints.edges.length).toBeGreaterThan(0);
    for (const { node } of data.complaints.edges) expect(node.description).not.toMatch(/13912345678|zhao\.xh@example\.com|11010519491231002X/);
  });
});
