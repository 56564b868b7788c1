/**
 * Enforcement cooperation (issue 20) through the real gateway over the three regional processes, seeded, with the
 * one clock pinned (JJJ_NOW = Monday 28 September 2026, 10:00 Shanghai, just before the National Day holiday):
 * merged lists and statistics against a recomputation from generateSeedData(); the online-trade story (Beijing files
 * a case against a store run by a Hebei enterprise, asks Hebei to identify the operator, Hebei accepts, asks for an
 * extension and replies, Beijing decides and publishes); every step by the wrong region FORBIDDEN, every step out of
 * order ILLEGAL_TRANSITION; reply deadlines in working days across 国庆; what a third region and the public see;
 * a clue transfer filed as a case by the receiving region (idempotently); the three subscriptions, once each and
 * resumed after a disconnect.
 */
import { ALL_REGION_CODES, regionNameOf, type RegionCode } from '../../kernel';
import type { RegionEvent } from '../../contract';
import { regionalDatabase } from '../../services/regional/data/database';
import { ClueTransferKeeper } from '../../services/regional/backLinks/clueTransfers';
import type { AssistanceRequestDocument, EnforcementCaseDocument } from '../../services/regional/model';
import { generateSeedData, type SeedData } from '../../seeds/generate';
import pino from 'pino';
import { startStack, type Stack } from '../helpers/stack';
import { subscribeAll, TestSubscription, waitUntil, type AnyRecord } from '../subscriptions/subscriptionHelpers';
import { expectRefusal, ok, STACK_TIMEOUT_MS } from '../workflows/workflowHelpers';

const NOW = '2026-09-28T10:00:00+08:00';
const saved = process.env.JJJ_NOW;
process.env.JJJ_NOW = NOW;

let stack: Stack;
let seed: SeedData;
const open: TestSubscription[] = [];

beforeAll(async () => {
  // The machine is shared by several sessions (load ~18 on 2 cores while this was written): a region's first write
  // took 1.2 s alone, so the gateway waits longer for a region than its default 3 s before calling it unavailable.
  stack = await startStack({ gateway: { regionTimeoutMs: 15_000 } });
  seed = generateSeedData();
}, STACK_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all(open.splice(0).map((subscription) => subscription.dispose()));
  await stack?.stop();
  if (saved === undefined) delete process.env.JJJ_NOW;
  else process.env.JJJ_NOW = saved;
}, 60_000);

function sub<T extends AnyRecord = AnyRecord>(token: string, query: string, variables: Record<string, unknown> = {}): TestSubscription<T> {
  const subscription = new TestSubscription<T>(stack.gatewayUrl, token, query, variables);
  open.push(subscription);
  return subscription;
}

const allCases = (): EnforcementCaseDocument[] => ALL_REGION_CODES.flatMap((region) => seed[region].enforcementCases);
const allRequests = (): AssistanceRequestDocument[] => ALL_REGION_CODES.flatMap((region) => seed[region].assistanceRequests);
const byKeyDesc = <T extends { _id: string }>(key: (item: T) => number) => (a: T, b: T) => key(b) - key(a) || (b._id < a._id ? -1 : b._id > a._id ? 1 : 0);
const byKeyAsc = <T extends { _id: string }>(key: (item: T) => number) => (a: T, b: T) => key(a) - key(b) || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

async function allPages(query: string, variables: Record<string, unknown>, field: string, token = stack.tokens.TJ): Promise<{ ids: string[]; totalCount: number }> {
  const ids: string[] = [];
  let after: string | null = null;
  let totalCount = -1;
  for (let page = 0; page < 50; page++) {
    const data: AnyRecord = ok(await stack.query(token, query, { ...variables, after }), field);
    const connection = data[field];
    totalCount = connection.totalCount;
    ids.push(...connection.edges.map((edge: AnyRecord) => edge.node.id));
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
  }
  return { ids, totalCount };
}

describe('merged lists and statistics equal a recomputation from the seed data', () => {
  test('all pyramid-selling cases involving Hebei-registered enterprises, newest filed first, in pages of 4', async () => {
    const expected = allCases()
      .filter((item) => item.domain === 'PYRAMID_SELLING' && item.partyRegions.includes('HE'))
      .sort(byKeyDesc((item) => item.filedAt.getTime()))
      .map((item) => item._id);
    expect(expected.length).toBeGreaterThan(2);
    const query = `query ($after: String) { enforcementCases(filter: { domains: [PYRAMID_SELLING], partyRegions: [HEBEI] }, first: 4, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`;
    expect(await allPages(query, {}, 'enforcementCases')).toEqual({ ids: expected, totalCount: expected.length });
  });

  test('open assistance requests addressed to Tianjin, by deadline (earliest first)', async () => {
    const expected = allRequests()
      .filter((request) => request.targetRegion === 'TJ' && (request.status === 'SENT' || request.status === 'ACCEPTED'))
      .sort(byKeyAsc((request) => request.replyDeadline.getTime()))
      .map((request) => request._id);
    const query = `query ($after: String) { assistanceRequests(filter: { targetRegions: [TIANJIN], open: true }, orderBy: { field: REPLY_DEADLINE, direction: ASC }, first: 2, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`;
    expect(await allPages(query, {}, 'assistanceRequests')).toEqual({ ids: expected, totalCount: expected.length });
  });

  test('case statistics by region and domain: counts and fines (summed exactly in fen)', async () => {
    const expected = new Map<string, { count: number; fen: number }>();
    for (const item of allCases()) {
      const key = `${regionNameOf(item.region)}|${item.domain}`;
      const group = expected.get(key) ?? { count: 0, fen: 0 };
      group.count++;
      group.fen += item.penalty?.fineFen ?? 0;
      expected.set(key, group);
    }
    const data = ok(await stack.query(stack.tokens.HE, '{ enforcementCaseStatistics(groupBy: [REGION, CATEGORY]) { key { region category } count sum } }'));
    const actual = new Map((data.enforcementCaseStatistics as AnyRecord[]).map((group) => [`${group.key.region}|${group.key.category}`, { count: group.count, fen: Math.round(group.sum * 100) }]));
    expect(actual).toEqual(expected);
  });

  test('assistance request statistics by target region and status: counts, overdue as of the pinned clock, working days to reply', async () => {
    const now = new Date(NOW).getTime();
    const expected = new Map<string, { count: number; overdue: number; sum: number }>();
    for (const request of allRequests()) {
      const key = `${regionNameOf(request.targetRegion)}|${request.status}`;
      const group = expected.get(key) ?? { count: 0, overdue: 0, sum: 0 };
      group.count++;
      if ((request.status === 'SENT' || request.status === 'ACCEPTED') && request.replyDeadline.getTime() < now) group.overdue++;
      group.sum += request.replyWorkingDays ?? 0;
      expected.set(key, group);
    }
    const data = ok(await stack.query(stack.tokens.BJ, '{ assistanceRequestStatistics(groupBy: [TARGET_REGION, STATUS]) { key { targetRegion status } count overdue sum } }'));
    const actual = new Map((data.assistanceRequestStatistics as AnyRecord[]).map((group) => [`${group.key.targetRegion}|${group.key.status}`, { count: group.count, overdue: group.overdue, sum: group.sum }]));
    expect(actual).toEqual(expected);
  });

  test('a clue transfer of the seed links the two cases across regions', async () => {
    const request = allRequests().find((candidate) => candidate.transferredCaseId !== null)!;
    const data = ok(await stack.query(stack.tokens.BJ, `query ($id: ID!) { assistanceRequest(id: $id) { id transferredCase { id region originCaseId originCase { id region } } } }`, { id: request._id }));
    expect(data.assistanceRequest.transferredCase).toEqual({
      id: request.transferredCaseId,
      region: regionNameOf(request.targetRegion),
      originCaseId: request.caseId,
      originCase: { id: request.caseId, region: regionNameOf(request.requestingRegion) },
    });
  });
});

/* ---------- the online-trade story ---------- */

const CASE_FIELDS = `id caseNumber region domain domainLabel status statusLabel partyRegions partyCreditCodes
  parties { kind name creditCode registrationRegion idNumber address masked }
  onlineStore { platformName storeName storeNumber url } facts penalty { fine confiscatedIncome warning licenceMeasure } publishedAt
  timeline { status statusLabel region note }`;
const REQUEST_FIELDS = `id requestingRegion targetRegion type typeLabel caseId caseNumber status statusLabel workingDays replyDeadline replyDeadlineProvisional overdue
  detailsVisible request attachments { fileName } declineReason party { kind name idNumber masked } reply { findings identifiedParty { name creditCode } }
  extensions { workingDays decision } replyWorkingDays timeline { action status region note }`;

const FILE_CASE = `mutation ($input: FileEnforcementCaseInput!) { fileEnforcementCase(input: $input) { ${CASE_FIELDS} } }`;
const CASE_STEP = (name: string) => `mutation ($input: CaseStepInput!) { ${name}(input: $input) { ${CASE_FIELDS} } }`;
const DECIDE = `mutation ($input: DecidePenaltyInput!) { decideEnforcementPenalty(input: $input) { ${CASE_FIELDS} } }`;
const REQUEST = `mutation ($input: RequestAssistanceInput!) { requestAssistance(input: $input) { ${REQUEST_FIELDS} } }`;
const REQUEST_STEP = (name: string, input = 'AssistanceStepInput') => `mutation ($input: ${input}!) { ${name}(input: $input) { ${REQUEST_FIELDS} } }`;
const GET_CASE = `query ($id: ID!) { enforcementCase(id: $id) { ${CASE_FIELDS} } }`;
const GET_REQUEST = `query ($id: ID!) { assistanceRequest(id: $id) { ${REQUEST_FIELDS} } }`;
const NOTICE = `query ($id: ID!) { penaltyNotice(id: $id) { id caseNumber region domainLabel title facts legalBasis agency parties { kind name creditCode } onlineStore { platformName storeName } penalty { fine confiscatedIncome } decidedAt } }`;

const PERSON = { name: '张建国', idNumber: '110105198503071230', phone: '13912345678', address: '北京市朝阳区望京街道花家地北里3号楼2单元501室' };

describe('Beijing investigates an online store run by a Hebei enterprise with Hebei’s help', () => {
  let hebeiEnterprise: { creditCode: string; name: string };
  let caseId = '';
  let requestId = '';
  let personRequestId = '';
  const subscriptions: Record<string, TestSubscription> = {};

  beforeAll(async () => {
    const enterprise = seed.HE.enterprises[3]!;
    hebeiEnterprise = { creditCode: enterprise._id, name: enterprise.name };
    // Listening before anything happens: Hebei's bureau for what it is asked, Beijing's for replies, the public for
    // decisions, Tianjin (a third region) for requests to Hebei, which it must not hear about.
    const [asked, replied, decided, thirdRegion] = await subscribeAll(stack.gateway.hub, () => [
      sub(stack.tokens.HE, `subscription ($after: String) { assistanceRequested(filter: { targetRegions: [HEBEI] }, after: $after) { cursor type region targetRegion recordId assistanceRequest { id type party { name masked } } } }`),
      sub(stack.tokens.BJ, `subscription { assistanceReplied(filter: { regions: [BEIJING] }) { cursor type region recordId assistanceRequest { id status reply { findings } } } }`),
      sub(stack.tokens.PUBLIC, `subscription { enforcementCaseDecided(filter: { domains: [ONLINE_TRADE] }) { cursor type region recordId notice { caseNumber parties { kind name creditCode } facts penalty { fine } } } }`),
      sub(stack.tokens.TJ, `subscription { assistanceRequested(filter: { targetRegions: [HEBEI] }) { recordId } }`),
    ]);
    Object.assign(subscriptions, { asked, replied, decided, thirdRegion });
  }, 60_000);

  test('Beijing files the case (立案): official number with 京, the Hebei party’s region, the store; wrong region and out-of-order steps are refused', async () => {
    const recallId = seed.TJ.recalls[0]!._id;
    const complaintId = seed.BJ.complaints[0]!._id;
    const filed = ok(
      await stack.query(stack.tokens.BJ, FILE_CASE, {
        input: {
          domain: 'ONLINE_TRADE',
          title: '网店销售不合格电动自行车充电器案',
          parties: [
            { kind: 'ENTERPRISE', name: hebeiEnterprise.name, creditCode: hebeiEnterprise.creditCode },
            { kind: 'PERSON', name: PERSON.name, idNumber: PERSON.idNumber, address: PERSON.address },
          ],
          onlineStore: { platformName: '拼多多', storeName: '冀优家居小店', storeNumber: '882731001', url: 'https://shop882731001.example-mall.cn/' },
          facts: `经查，${PERSON.name}（联系电话${PERSON.phone}）实际负责该网店运营，销售的充电器经抽检不合格。`,
          recallIds: [recallId],
          complaintIds: [complaintId],
        },
      }),
      'fileEnforcementCase',
    ).fileEnforcementCase;
    caseId = filed.id;
    expect(caseId).toMatch(/^BJ-ENF-2026-\d{6}$/);
    expect(filed.caseNumber).toMatch(/^京市监网罚〔2026〕[1-9]\d*号$/);
    expect(filed).toMatchObject({ region: 'BEIJING', domain: 'ONLINE_TRADE', domainLabel: '网络交易监管', status: 'FILED', statusLabel: '立案', partyRegions: ['HEBEI'], partyCreditCodes: [hebeiEnterprise.creditCode] });
    expect(filed.parties[1]).toMatchObject({ kind: 'PERSON', name: PERSON.name, idNumber: PERSON.idNumber, masked: false });

    // By its number, routed by the 京 prefix; the recall and complaint it came from resolved by their regions.
    const byNumber = ok(await stack.query(stack.tokens.TJ, `query ($n: String!) { enforcementCaseByNumber(caseNumber: $n) { id recalls { id region } complaints { id } partyEnterprises { creditCode } } }`, { n: filed.caseNumber }));
    expect(byNumber.enforcementCaseByNumber).toEqual({ id: caseId, recalls: [{ id: recallId, region: 'TIANJIN' }], complaints: [{ id: complaintId }], partyEnterprises: [{ creditCode: hebeiEnterprise.creditCode }] });

    expectRefusal(await stack.query(stack.tokens.HE, CASE_STEP('investigateEnforcementCase'), { input: { id: caseId } }), { code: 'FORBIDDEN', message: /北京|BJ/ });
    expectRefusal(await stack.query(stack.tokens.BJ, DECIDE, { input: { id: caseId, legalBasis: '《中华人民共和国电子商务法》第七十六条', penalty: { fine: '1000' } } }), { code: 'BAD_USER_INPUT', reason: 'ILLEGAL_TRANSITION', message: /FILED/ });
    expectRefusal(await stack.query(stack.tokens.BJ, CASE_STEP('closeEnforcementCase'), { input: { id: caseId } }), { code: 'BAD_USER_INPUT', reason: 'ILLEGAL_TRANSITION', message: /FILED/ });
    // A number of another region's form is refused with its reason.
    expectRefusal(await stack.query(stack.tokens.BJ, FILE_CASE, { input: { domain: 'ADVERTISING', title: '案', facts: '事实', caseNumber: '津市监广罚〔2026〕12号', parties: [{ kind: 'ENTERPRISE', name: hebeiEnterprise.name, creditCode: hebeiEnterprise.creditCode }] } }), { code: 'BAD_USER_INPUT', reason: 'FORMAT', message: /京/ });

    const investigating = ok(await stack.query(stack.tokens.BJ, CASE_STEP('investigateEnforcementCase'), { input: { id: caseId } })).investigateEnforcementCase;
    expect(investigating.status).toBe('INVESTIGATING');
  });

  test('Beijing asks Hebei to identify the store’s operator: 15 working days across 国庆 (the make-up Saturday counts); wrong region FORBIDDEN, out of order ILLEGAL_TRANSITION', async () => {
    const sent = ok(
      await stack.query(stack.tokens.BJ, REQUEST, {
        input: {
          caseId,
          targetRegion: 'HEBEI',
          type: 'IDENTIFY_STORE_OPERATOR',
          party: { kind: 'ENTERPRISE', name: hebeiEnterprise.name, creditCode: hebeiEnterprise.creditCode },
          request: '请协助核查该网店的实际经营者身份及实际经营地址。',
          attachments: [{ fileName: '协查函.pdf', mediaType: 'application/pdf', sizeBytes: 183_204 }],
        },
      }),
      'requestAssistance',
    ).requestAssistance;
    requestId = sent.id;
    expect(requestId).toMatch(/^BJ-AST-2026-\d{6}$/);
    // 29, 30 Sep; 8, 9, 10 (调休上班), 12–16, 19–23 Oct: the 15th working day after 28 Sep is Friday 23 October.
    expect(sent).toMatchObject({ status: 'SENT', workingDays: 15, replyDeadline: '2026-10-23T15:59:59.999Z', replyDeadlineProvisional: false, overdue: false, typeLabel: '核查网店经营者' });

    // Serving documents has its own period (10 working days: Friday 16 October), here for a natural person.
    const documents = ok(
      await stack.query(stack.tokens.BJ, REQUEST, {
        input: { caseId, targetRegion: 'HEBEI', type: 'SERVE_DOCUMENTS', party: { kind: 'PERSON', name: PERSON.name, idNumber: PERSON.idNumber, address: PERSON.address }, request: `请协助向${PERSON.name}送达《行政处罚告知书》，其电话${PERSON.phone}。` },
      }),
    ).requestAssistance;
    personRequestId = documents.id;
    expect(documents).toMatchObject({ workingDays: 10, replyDeadline: '2026-10-16T15:59:59.999Z' });

    const step = (token: string, name: string, input: AnyRecord, type?: string) => stack.query(token, REQUEST_STEP(name, type), { input: { id: requestId, ...input } });
    expectRefusal(await step(stack.tokens.TJ, 'acceptAssistanceRequest', {}), { code: 'FORBIDDEN', message: /target region/ });
    expectRefusal(await step(stack.tokens.BJ, 'acceptAssistanceRequest', {}), { code: 'FORBIDDEN', message: /target region/ });
    expectRefusal(await step(stack.tokens.HE, 'replyToAssistanceRequest', { findings: '已核查' }, 'ReplyToAssistanceInput'), { code: 'BAD_USER_INPUT', reason: 'ILLEGAL_TRANSITION', message: /SENT/ });
    expectRefusal(await step(stack.tokens.BJ, 'closeAssistanceRequest', {}), { code: 'BAD_USER_INPUT', reason: 'ILLEGAL_TRANSITION', message: /SENT/ });
    expectRefusal(await step(stack.tokens.HE, 'closeAssistanceRequest', {}), { code: 'FORBIDDEN', message: /requesting region/ });

    const accepted = ok(await step(stack.tokens.HE, 'acceptAssistanceRequest', {})).acceptAssistanceRequest;
    expect(accepted.status).toBe('ACCEPTED');
    expectRefusal(await step(stack.tokens.HE, 'acceptAssistanceRequest', {}), { code: 'BAD_USER_INPUT', reason: 'ILLEGAL_TRANSITION', message: /ACCEPTED/ });

    // Hebei asks for 5 more working days; only Beijing decides; granted, the deadline moves to Friday 30 October.
    ok(await step(stack.tokens.HE, 'requestAssistanceExtension', { workingDays: 5, reason: '需调取平台数据' }, 'AssistanceExtensionInput'));
    expectRefusal(await step(stack.tokens.HE, 'decideAssistanceExtension', { grant: true }, 'AssistanceExtensionDecisionInput'), { code: 'FORBIDDEN', message: /requesting region/ });
    const extended = ok(await step(stack.tokens.BJ, 'decideAssistanceExtension', { grant: true }, 'AssistanceExtensionDecisionInput')).decideAssistanceExtension;
    expect(extended).toMatchObject({ replyDeadline: '2026-10-30T15:59:59.999Z', extensions: [{ workingDays: 5, decision: 'GRANTED' }] });
    expectRefusal(await step(stack.tokens.BJ, 'decideAssistanceExtension', { grant: true }, 'AssistanceExtensionDecisionInput'), { code: 'BAD_USER_INPUT', reason: 'ILLEGAL_TRANSITION', message: /pending/ });

    const replied = ok(
      await step(stack.tokens.HE, 'replyToAssistanceRequest', { findings: `经核查，该网店实际经营者为${hebeiEnterprise.name}。`, identifiedParty: { kind: 'ENTERPRISE', name: hebeiEnterprise.name, creditCode: hebeiEnterprise.creditCode } }, 'ReplyToAssistanceInput'),
    ).replyToAssistanceRequest;
    expect(replied).toMatchObject({ status: 'REPLIED', overdue: false, replyWorkingDays: 0, reply: { identifiedParty: { creditCode: hebeiEnterprise.creditCode } } });

    // One timeline for both bureaus.
    const seenByBeijing = ok(await stack.query(stack.tokens.BJ, GET_REQUEST, { id: requestId })).assistanceRequest;
    const seenByHebei = ok(await stack.query(stack.tokens.HE, GET_REQUEST, { id: requestId })).assistanceRequest;
    expect(seenByBeijing.timeline.map((entry: AnyRecord) => entry.action)).toEqual(['SENT', 'ACCEPTED', 'EXTENSION_REQUESTED', 'EXTENSION_GRANTED', 'REPLIED']);
    expect(seenByHebei).toEqual(seenByBeijing);
    expect(seenByBeijing.timeline.map((entry: AnyRecord) => entry.region)).toEqual(['BEIJING', 'HEBEI', 'HEBEI', 'BEIJING', 'HEBEI']);
  });

  test('a third region sees that the requests exist, not what they ask or whom; it sees the case with the person masked', async () => {
    const third = ok(await stack.query(stack.tokens.TJ, GET_REQUEST, { id: personRequestId })).assistanceRequest;
    expect(third).toMatchObject({ id: personRequestId, type: 'SERVE_DOCUMENTS', status: 'SENT', targetRegion: 'HEBEI', detailsVisible: false, request: null, attachments: null, party: { kind: 'PERSON', masked: true } });
    const text = JSON.stringify(third);
    for (const value of [PERSON.name, PERSON.idNumber, PERSON.phone, PERSON.address]) expect(text).not.toContain(value);
    const involved = ok(await stack.query(stack.tokens.HE, GET_REQUEST, { id: personRequestId })).assistanceRequest;
    expect(involved).toMatchObject({ detailsVisible: true, party: { name: PERSON.name, idNumber: PERSON.idNumber, masked: false } });

    const caseForTianjin = ok(await stack.query(stack.tokens.TJ, GET_CASE, { id: caseId })).enforcementCase;
    const caseText = JSON.stringify(caseForTianjin);
    for (const value of [PERSON.name, PERSON.idNumber, PERSON.phone, PERSON.address]) expect(caseText).not.toContain(value);
    expect(caseForTianjin.parties[0]).toMatchObject({ name: hebeiEnterprise.name, creditCode: hebeiEnterprise.creditCode, registrationRegion: 'HEBEI', masked: false });
    expect(caseForTianjin.parties[1]).toMatchObject({ kind: 'PERSON', name: '张**', idNumber: '110105********1230', masked: true });

    // The public token reads no case and no request, only the published decision (none yet).
    expectRefusal(await stack.query(stack.tokens.PUBLIC, GET_CASE, { id: caseId }), { code: 'FORBIDDEN', message: /public/ });
    expectRefusal(await stack.query(stack.tokens.PUBLIC, GET_REQUEST, { id: requestId }), { code: 'FORBIDDEN', message: /public/ });
    expect(ok(await stack.query(stack.tokens.PUBLIC, NOTICE, { id: caseId })).penaltyNotice).toBeNull();
  });

  test('Beijing decides (处罚决定) and the decision is published: the public reads it with no personal data; then 结案', async () => {
    const decided = ok(
      await stack.query(stack.tokens.BJ, DECIDE, { input: { id: caseId, legalBasis: '《中华人民共和国电子商务法》第十五条、第七十六条', penalty: { warning: true, fine: '125000.5', confiscatedIncome: '3821.07' } } }),
    ).decideEnforcementPenalty;
    expect(decided).toMatchObject({ status: 'PENALTY_DECIDED', statusLabel: '处罚决定', penalty: { fine: '125000.50', confiscatedIncome: '3821.07', warning: true, licenceMeasure: 'NONE' } });
    expect(decided.publishedAt).toBe(new Date(NOW).toISOString());

    const notice = ok(await stack.query(stack.tokens.PUBLIC, NOTICE, { id: caseId })).penaltyNotice;
    expect(notice).toMatchObject({ id: caseId, caseNumber: decided.caseNumber, region: 'BEIJING', domainLabel: '网络交易监管', penalty: { fine: '125000.50' }, onlineStore: { platformName: '拼多多', storeName: '冀优家居小店' } });
    expect(notice.parties).toEqual([
      { kind: 'ENTERPRISE', name: hebeiEnterprise.name, creditCode: hebeiEnterprise.creditCode },
      { kind: 'PERSON', name: '张**', creditCode: null },
    ]);
    const noticeText = JSON.stringify(notice);
    for (const value of [PERSON.name, PERSON.idNumber, PERSON.phone, PERSON.address]) expect(noticeText).not.toContain(value);
    const listed = ok(await stack.query(stack.tokens.PUBLIC, `{ penaltyNotices(filter: { regions: [BEIJING], domains: [ONLINE_TRADE] }, first: 100) { edges { node { id } } } }`)).penaltyNotices;
    expect(listed.edges.map((edge: AnyRecord) => edge.node.id)).toContain(caseId);

    expectRefusal(await stack.query(stack.tokens.BJ, DECIDE, { input: { id: caseId, legalBasis: 'x', penalty: { fine: '1' } } }), { code: 'BAD_USER_INPUT', reason: 'ILLEGAL_TRANSITION', message: /PENALTY_DECIDED/ });
    const closed = ok(await stack.query(stack.tokens.BJ, CASE_STEP('closeEnforcementCase'), { input: { id: caseId } })).closeEnforcementCase;
    expect(closed.timeline.map((entry: AnyRecord) => entry.statusLabel)).toEqual(['立案', '调查', '处罚决定', '结案']);
    const closedRequest = ok(await stack.query(stack.tokens.BJ, REQUEST_STEP('closeAssistanceRequest'), { input: { id: requestId } })).closeAssistanceRequest;
    expect(closedRequest.status).toBe('CLOSED');

    // The Hebei enterprise's cases, across regions.
    const enterprise = ok(await stack.query(stack.tokens.HE, `query ($code: String!) { enterprise(creditCode: $code) { enforcementCases { id region } } }`, { code: hebeiEnterprise.creditCode })).enterprise;
    const expectedIds = [...allCases().filter((item) => item.partyCreditCodes.includes(hebeiEnterprise.creditCode)).map((item) => item._id), caseId].sort();
    expect(enterprise.enforcementCases.map((item: AnyRecord) => item.id).sort()).toEqual(expectedIds);
  });

  test('each subscriber heard each event once; the third region heard nothing; a resumed subscription gets what it missed', async () => {
    const { asked, replied, decided, thirdRegion } = subscriptions as Record<string, TestSubscription>;
    await asked!.waitForEvents(2);
    await replied!.waitForEvents(1);
    await decided!.waitForEvents(1);
    expect(asked!.events.map((event) => event.recordId)).toEqual([requestId, personRequestId]);
    expect(asked!.events[1]).toMatchObject({ type: 'REQUESTED', region: 'BEIJING', targetRegion: 'HEBEI', assistanceRequest: { id: personRequestId, type: 'SERVE_DOCUMENTS', party: { name: PERSON.name, masked: false } } });
    expect(replied!.events).toHaveLength(1);
    expect(replied!.events[0]).toMatchObject({ type: 'REPLIED', recordId: requestId, assistanceRequest: { status: 'REPLIED' } });
    expect(decided!.events).toHaveLength(1);
    expect(decided!.events[0]).toMatchObject({ type: 'DECIDED', region: 'BEIJING', recordId: caseId, notice: { penalty: { fine: '125000.50' } } });
    expect(JSON.stringify(decided!.events[0])).not.toContain(PERSON.name);
    expect(thirdRegion!.events).toEqual([]);
    expect(thirdRegion!.errors).toEqual([]);

    // Hebei's bureau disconnects, misses a request, and resumes from its last cursor: exactly the missed one.
    const cursor = asked!.events.at(-1)!.cursor as string;
    await asked!.dispose();
    const missed = ok(
      await stack.query(stack.tokens.BJ, REQUEST, { input: { caseId, targetRegion: 'HEBEI', type: 'VERIFY_REGISTRATION', party: { kind: 'ENTERPRISE', name: hebeiEnterprise.name, creditCode: hebeiEnterprise.creditCode }, request: '请协助核查登记信息。' } }),
    ).requestAssistance.id;
    const [resumed] = await subscribeAll(stack.gateway.hub, () => [sub(stack.tokens.HE, asked!.query, { after: cursor })]);
    await resumed!.waitForEvents(1);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(resumed!.events.map((event) => event.recordId)).toEqual([missed]);
    expect(thirdRegion!.events).toEqual([]);
  });
});

describe('overdue and declined requests', () => {
  test('a request sent 30 days ago with no reply is overdue (flag and list filter); the target declines it with a reason only the two regions read', async () => {
    const now = new Date(NOW).getTime();
    const old = seed.BJ.enforcementCases.find((item) => item.filedAt.getTime() < now - 60 * 86_400_000 && item.partyRegions.includes('TJ'))!;
    const party = old.parties.find((candidate) => candidate.creditCode && candidate.creditCode.slice(2, 4) === '12')!;
    const sentAt = new Date(now - 30 * 86_400_000).toISOString();
    const sent = ok(
      await stack.query(stack.tokens.BJ, REQUEST, { input: { caseId: old._id, targetRegion: 'TIANJIN', type: 'COLLECT_EVIDENCE', sentAt, party: { kind: 'ENTERPRISE', name: party.name, creditCode: party.creditCode }, request: '请协助调取进货凭证。' } }),
    ).requestAssistance;
    expect(sent).toMatchObject({ status: 'SENT', overdue: true });
    const overdue = ok(await stack.query(stack.tokens.TJ, `{ assistanceRequests(filter: { targetRegions: [TIANJIN], overdue: true, regions: [BEIJING] }, first: 100) { edges { node { id overdue } } } }`)).assistanceRequests;
    expect(overdue.edges.map((edge: AnyRecord) => edge.node.id)).toContain(sent.id);
    expect(overdue.edges.every((edge: AnyRecord) => edge.node.overdue)).toBe(true);
    // Before the case was filed: refused.
    expectRefusal(await stack.query(stack.tokens.BJ, REQUEST, { input: { caseId: old._id, targetRegion: 'TIANJIN', type: 'COLLECT_EVIDENCE', sentAt: new Date(old.filedAt.getTime() - 86_400_000).toISOString(), party: { kind: 'ENTERPRISE', name: party.name, creditCode: party.creditCode }, request: '请协助。' } }), { code: 'BAD_USER_INPUT', message: /before its case was filed/ });

    expectRefusal(await stack.query(stack.tokens.TJ, REQUEST_STEP('declineAssistanceRequest'), { input: { id: sent.id } }), { code: 'BAD_USER_INPUT', message: /note/ });
    const declined = ok(await stack.query(stack.tokens.TJ, REQUEST_STEP('declineAssistanceRequest'), { input: { id: sent.id, note: '当事人已注销，无法调取。' } })).declineAssistanceRequest;
    expect(declined).toMatchObject({ status: 'DECLINED', statusLabel: '已退回', overdue: false, declineReason: '当事人已注销，无法调取。' });
    expect(ok(await stack.query(stack.tokens.HE, GET_REQUEST, { id: sent.id })).assistanceRequest).toMatchObject({ status: 'DECLINED', declineReason: null, request: null, detailsVisible: false });
    expectRefusal(await stack.query(stack.tokens.TJ, REQUEST_STEP('replyToAssistanceRequest', 'ReplyToAssistanceInput'), { input: { id: sent.id, findings: 'x' } }), { code: 'BAD_USER_INPUT', reason: 'ILLEGAL_TRANSITION', message: /DECLINED/ });
    expectRefusal(await stack.query(stack.tokens.PUBLIC, `{ assistanceRequests(first: 1) { totalCount } }`), { code: 'FORBIDDEN', message: /public|AssistanceRequest/ });
  });
});

describe('clue transfer (线索移送)', () => {
  test('Tianjin accepts a clue Beijing transferred: Tianjin files the linked case itself (once), and Beijing’s request names it', async () => {
    const party = seed.TJ.enterprises[5]!;
    const origin = ok(
      await stack.query(stack.tokens.BJ, FILE_CASE, {
        input: { domain: 'ADVERTISING', title: '发布虚假广告案', facts: '当事人在本市发布虚假广告，其生产地在天津。', parties: [{ kind: 'ENTERPRISE', name: party.name, creditCode: party._id }] },
      }),
    ).fileEnforcementCase;
    const request = ok(
      await stack.query(stack.tokens.BJ, REQUEST, {
        input: { caseId: origin.id, targetRegion: 'TIANJIN', type: 'TRANSFER_CLUE', party: { kind: 'ENTERPRISE', name: party.name, creditCode: party._id }, request: '当事人生产环节涉嫌违法，属贵局管辖，现移送线索。' },
      }),
    ).requestAssistance;
    ok(await stack.query(stack.tokens.TJ, REQUEST_STEP('acceptAssistanceRequest'), { input: { id: request.id } }));

    const LINKED = `query ($id: ID!) { assistanceRequest(id: $id) { transferredCaseId transferredCase { id region caseNumber status domain originCaseId originAssistanceRequestId originCase { id caseNumber } parties { name creditCode } } } }`;
    let linked: AnyRecord = {};
    await waitUntil(async () => {
      linked = ok(await stack.query(stack.tokens.BJ, LINKED, { id: request.id })).assistanceRequest;
      return linked.transferredCase !== null;
    }, 'Tianjin to file the case and Beijing to note it', 30_000, () => linked);
    expect(linked.transferredCase).toMatchObject({
      region: 'TIANJIN',
      status: 'FILED',
      domain: 'ADVERTISING',
      originCaseId: origin.id,
      originAssistanceRequestId: request.id,
      originCase: { id: origin.id, caseNumber: origin.caseNumber },
      parties: [{ name: party.name, creditCode: party._id }],
    });
    expect(linked.transferredCase.id).toMatch(/^TJ-ENF-2026-\d{6}$/);
    expect(linked.transferredCase.caseNumber).toMatch(/^津市监广罚〔2026〕\d+号$/);

    // Applying the acceptance event again (a replay after a crash) files nothing more.
    const tianjin = regionalDatabase(stack.db('TJ'));
    const logged = await stack.db('BJ').collection('eventLog').findOne({ recordId: request.id, 'snapshot.clue': { $exists: true } });
    expect(logged).not.toBeNull();
    const event: RegionEvent = { seq: logged!.seq, eventId: String(logged!._id), type: logged!.type, entity: logged!.entity, recordId: logged!.recordId, region: logged!.region, at: new Date(logged!.at).toISOString(), snapshot: logged!.snapshot };
    const keeper = new ClueTransferKeeper('TJ', { region: 'TJ', database: tianjin, outboxWritten: () => undefined }, pino({ level: 'silent' }));
    await keeper.apply(event);
    await keeper.apply(event);
    expect(await tianjin.enforcementCases.countDocuments({ originAssistanceRequestId: request.id })).toBe(1);
  });
});

export type { RegionCode };
