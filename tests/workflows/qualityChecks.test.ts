import { ALL_REGION_CODES, regionNameOf } from '../../kernel';
import { generateSeedData, type SeedData } from '../../seeds/generate';
import { getExport } from '../helpers/exportClient';
import { startStack, type Stack } from '../helpers/stack';
import { expectRefusal, ok, STACK_TIMEOUT_MS } from './workflowHelpers';

/*
 * Issue 21, two checks end to end through the gateway over three seeded regional processes: an inspection is refused
 * unless the producer is an authorised producer of the GI in force (asked of the GI's registering region at the time
 * of the inspection), and the examiner notices (审查员通报) of all three regions in one merged root list.
 */

const seed: SeedData = generateSeedData();
let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
}, STACK_TIMEOUT_MS);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

type Token = 'BJ' | 'TJ' | 'HE' | 'PUBLIC';
const query = (token: Token, text: string, variables?: Record<string, unknown>) => stack.query(stack.tokens[token], text, variables);

const RECORD = `mutation($input: RecordInspectionInput!) { recordInspection(input: $input) { id region producerCreditCode } }`;
const PRODUCER_STATUS = `mutation($input: ChangeGiProducerStatusInput!) { changeGiProducerStatus(input: $input) { id producerAuthorisations { creditCode status reason } } }`;
const REGISTER = `mutation($input: RegisterGeographicalIndicationInput!) { registerGeographicalIndication(input: $input) { id } }`;

function giInput(productName: string, producers: string[]) {
  return { productName, productClass: 'FRUIT', approvalAnnouncement: '测试公告2021年第3号', approvedAt: '2021-03-01T10:00:00+08:00', standard: '地理标志产品 测试', protectionArea: ['平谷区', '蓟州区', '三河市'], authorisedProducerCreditCodes: producers };
}

describe('an inspection checks the producer’s authorisation with the GI’s registering region', () => {
  const [tianjinA, tianjinB, tianjinOutsider] = [seed.TJ.enterprises[10]!._id, seed.TJ.enterprises[11]!._id, seed.TJ.enterprises[12]!._id];
  let giId = '';
  const inspect = (producerCreditCode: string, id = giId) => query('TJ', RECORD, { input: { geographicalIndicationId: id, producerCreditCode, result: 'CONFORMING', findings: '专用标志使用规范。' } });

  test('a Tianjin enterprise that is not an authorised producer of a Beijing GI is refused; an authorised one is inspected', async () => {
    giId = ok<any>(await query('BJ', REGISTER, { input: giInput('测试用京津冀核查大桃', [tianjinA, tianjinB]) }), 'register').registerGeographicalIndication.id;
    expectRefusal(await inspect(tianjinOutsider), {
      code: 'BAD_USER_INPUT',
      reason: 'PRODUCER_NOT_AUTHORISED',
      message: [new RegExp(`企业 ${tianjinOutsider} 不是地理标志保护产品「测试用京津冀核查大桃」\\(${giId}\\) 的专用标志使用企业`)],
      field: 'recordInspection',
    });
    expect(ok<any>(await inspect(tianjinA), 'recordInspection').recordInspection).toMatchObject({ region: 'TIANJIN', producerCreditCode: tianjinA });
  });

  test('a producer suspended a moment ago by Beijing is refused by Tianjin, and inspected again once reinstated', async () => {
    expectRefusal(await query('TJ', PRODUCER_STATUS, { input: { id: giId, producerCreditCode: tianjinA, status: 'SUSPENDED', reason: '核查' } }), { code: 'FORBIDDEN', message: /written only by its own agencies/ });
    const suspended = ok<any>(await query('BJ', PRODUCER_STATUS, { input: { id: giId, producerCreditCode: tianjinA, status: 'SUSPENDED', reason: '专用标志使用不规范，暂停使用' } }));
    expect(suspended.changeGiProducerStatus.producerAuthorisations).toEqual([
      { creditCode: tianjinA, status: 'SUSPENDED', reason: '专用标志使用不规范，暂停使用' },
      { creditCode: tianjinB, status: 'AUTHORISED', reason: null },
    ]);
    expectRefusal(await inspect(tianjinA), { code: 'BAD_USER_INPUT', reason: 'AUTHORISATION_SUSPENDED', message: /授权已暂停（暂停使用）/, field: 'recordInspection' });
    ok(await query('BJ', PRODUCER_STATUS, { input: { id: giId, producerCreditCode: tianjinA, status: 'AUTHORISED', reason: '整改完成，恢复使用' } }));
    ok(await inspect(tianjinA), 'inspection after reinstatement');
  });

  test('a revoked producer is refused for good; a revoked GI refuses every producer', async () => {
    ok(await query('BJ', PRODUCER_STATUS, { input: { id: giId, producerCreditCode: tianjinB, status: 'REVOKED', reason: '冒用专用标志' } }));
    expectRefusal(await inspect(tianjinB), { code: 'BAD_USER_INPUT', reason: 'AUTHORISATION_REVOKED', message: /授权已撤销（撤销使用）/, field: 'recordInspection' });
    expectRefusal(await query('BJ', PRODUCER_STATUS, { input: { id: giId, producerCreditCode: tianjinB, status: 'AUTHORISED', reason: '恢复' } }), { code: 'BAD_USER_INPUT', reason: 'ILLEGAL_TRANSITION', message: /撤销使用/ });
    expectRefusal(await query('BJ', PRODUCER_STATUS, { input: { id: giId, producerCreditCode: tianjinOutsider, status: 'SUSPENDED', reason: '暂停' } }), { code: 'BAD_USER_INPUT', reason: 'PRODUCER_NOT_AUTHORISED', message: /不是/ });
    ok(await query('BJ', `mutation($input: ChangeGiStatusInput!) { changeGeographicalIndicationStatus(input: $input) { status } }`, { input: { id: giId, status: 'REVOKED', reason: '撤销保护' } }));
    expectRefusal(await inspect(tianjinA), { code: 'BAD_USER_INPUT', reason: 'GI_REVOKED', message: /「测试用京津冀核查大桃」.*已撤销保护/, field: 'recordInspection' });
    // Nothing was written by the refusals: the two inspections of tianjinA only.
    const written: any = ok(await query('BJ', `query($id: ID!) { inspections(filter: { geographicalIndicationId: $id }) { totalCount edges { node { producerCreditCode } } } }`, { id: giId }));
    expect(written.inspections.totalCount).toBe(2);
    expect(written.inspections.edges.map((edge: any) => edge.node.producerCreditCode)).toEqual([tianjinA, tianjinA]);
  });

  test('a GI of the inspecting region itself is checked the same way', async () => {
    const [hebeiIn, hebeiOut] = [seed.HE.enterprises[10]!._id, seed.HE.enterprises[11]!._id];
    const id = ok<any>(await query('HE', REGISTER, { input: giInput('测试用冀产核查板栗', [hebeiIn]) })).registerGeographicalIndication.id;
    const inspectHebei = (producerCreditCode: string) => query('HE', RECORD, { input: { geographicalIndicationId: id, producerCreditCode, result: 'CONFORMING', findings: '规范。' } });
    expectRefusal(await inspectHebei(hebeiOut), { code: 'BAD_USER_INPUT', reason: 'PRODUCER_NOT_AUTHORISED', message: /不是地理标志保护产品「测试用冀产核查板栗」/, field: 'recordInspection' });
    expect(ok<any>(await inspectHebei(hebeiIn)).recordInspection.region).toBe('HEBEI');
  });
});

describe('examiner notices (审查员通报): one list of the three regions', () => {
  const NOTICE = 'id licenceReviewId licensingRegion examinerCode examinerName examinerRegion kind content issuedByRegion issuedAt';
  const LIST = `query($first: Int, $after: String, $filter: ExaminerNoticeFilter) { examinerNotices(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${NOTICE} } } } }`;

  /** Every seeded notice with its ID (the review's, then its number), newest first, ties by ID descending. */
  const seededNotices = () =>
    ALL_REGION_CODES.flatMap((region) => seed[region].licenceReviews.flatMap((review) => review.notices.map((notice, index) => ({ ...notice, id: `${review._id}-N${index + 1}`, licensingRegion: review.region }))))
      .sort((a, b) => b.issuedAt.getTime() - a.issuedAt.getTime() || (a.id < b.id ? 1 : -1));

  async function allPages(token: Token, filter?: Record<string, unknown>): Promise<{ totalCount: number; nodes: any[] }> {
    const nodes: any[] = [];
    let after: string | null = null;
    let totalCount = -1;
    do {
      const page: any = ok(await query(token, LIST, { first: 7, after, filter }), 'examinerNotices');
      totalCount = page.examinerNotices.totalCount;
      nodes.push(...page.examinerNotices.edges.map((edge: any) => edge.node));
      after = page.examinerNotices.pageInfo.hasNextPage ? page.examinerNotices.pageInfo.endCursor : null;
    } while (after);
    return { totalCount, nodes };
  }

  test('merged across the regions in order, page by page, the same for every region’s agencies (names unmasked)', async () => {
    const expected = seededNotices();
    expect(new Set(expected.map((notice) => notice.licensingRegion)).size).toBe(3);
    const hebei = await allPages('HE');
    expect(hebei.totalCount).toBe(expected.length);
    expect(hebei.nodes.map((node) => node.id)).toEqual(expected.map((notice) => notice.id));
    expect(hebei.nodes.map((node) => [node.examinerName, node.licensingRegion, node.issuedAt])).toEqual(expected.map((notice) => [notice.examinerName, regionNameOf(notice.licensingRegion), notice.issuedAt.toISOString()]));
    expect((await allPages('BJ')).nodes).toEqual(hebei.nodes);
    expectRefusal(await query('PUBLIC', LIST, {}), { code: 'FORBIDDEN', message: /not LicenceReview/ });
  });

  test('filters: licensing regions (only those regions asked), examiner regions, kinds, dates', async () => {
    const expected = seededNotices();
    const tianjin = await allPages('BJ', { regions: ['TIANJIN'] });
    expect(tianjin.nodes.map((node) => node.id)).toEqual(expected.filter((notice) => notice.licensingRegion === 'TJ').map((notice) => notice.id));
    const aboutHebei = await allPages('TJ', { examinerRegions: ['HEBEI'], kinds: ['COMMENDATION'] });
    expect(aboutHebei.nodes.map((node) => node.id)).toEqual(expected.filter((notice) => notice.examinerRegion === 'HE' && notice.kind === 'COMMENDATION').map((notice) => notice.id));
    const middle = expected[Math.floor(expected.length / 2)]!.issuedAt;
    const since = await allPages('HE', { issuedFrom: middle.toISOString() });
    expect(since.totalCount).toBe(expected.filter((notice) => notice.issuedAt >= middle).length);
    const wrong = await query('HE', LIST, { filter: { issuedFrom: '2026-02-01T00:00:00Z', issuedTo: '2026-01-01T00:00:00Z' } });
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.issuedFrom' });
  });

  test('a notice just issued by Hebei about its examiner on a Tianjin review is listed for Beijing, and exported as listed', async () => {
    const review = seed.TJ.licenceReviews.find((candidate) => ['CONCLUDED', 'LICENCE_ISSUED', 'LICENCE_REFUSED'].includes(candidate.status) && candidate.examiners.some((examiner) => examiner.region === 'HE'))!;
    const examiner = review.examiners.find((candidate) => candidate.region === 'HE')!;
    ok(
      await query('HE', `mutation($input: IssueExaminerNoticeInput!) { issueExaminerNotice(input: $input) { id } }`, {
        input: { id: review._id, examinerCode: examiner.code, kind: 'CRITICISM', content: '该审查员现场审查记录缺项，予以通报批评。' },
      }),
      'issueExaminerNotice',
    );
    const listed = await allPages('BJ', { regions: ['TIANJIN'], examinerRegions: ['HEBEI'], kinds: ['CRITICISM'] });
    expect(listed.nodes).toContainEqual(
      expect.objectContaining({ id: `${review._id}-N${review.notices.length + 1}`, licenceReviewId: review._id, licensingRegion: 'TIANJIN', examinerName: examiner.name, examinerRegion: 'HEBEI', kind: 'CRITICISM', issuedByRegion: 'HEBEI' }),
    );
    const all = await allPages('TJ');
    const answer = await getExport(stack.gatewayUrl, stack.tokens.TJ, 'examinerNotices?format=ndjson');
    expect(answer.status).toBe(200);
    const rows = answer.body.toString('utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
    expect(rows.map((row) => row.id)).toEqual(all.nodes.map((node) => node.id));
    expect(rows.map((row) => row.examinerName)).toEqual(all.nodes.map((node) => node.examinerName));
  });
});
