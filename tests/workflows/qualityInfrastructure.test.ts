import { ALL_REGION_CODES, assessResult, regionNameOf, type RegionCode } from '../../kernel';
import { generateSeedData, type SeedData } from '../../seeds/generate';
import type { GeographicalIndicationDocument, InspectionComparisonDocument, InspectionDocument, LicenceReviewDocument } from '../../services/regional/model';
import { referenceOutcome, referenceZScore } from '../helpers/decimalReference';
import { getExport } from '../helpers/exportClient';
import { sharedStack, type SharedStack } from '../helpers/sharedStack';
import { subscribeAll, TestSubscription, waitUntil } from '../subscriptions/subscriptionHelpers';
import { expectRefusal, ok, STACK_TIMEOUT_MS, testCreditCode } from './workflowHelpers';

/*
 * Issue 21, quality infrastructure shared by the three regions, end to end through the gateway over three seeded
 * regional processes: proficiency-testing and comparison rounds (InspectionComparison), geographical indications and
 * the inspections of their producers (GeographicalIndication, Inspection), joint production-licence reviews
 * (LicenceReview); and two checks: an inspection is refused unless the producer is an authorised producer of the GI in
 * force (asked of the GI's registering region at the time of the inspection), and the examiner notices (审查员通报) of
 * all three regions in one merged root list.
 *
 * The worker's shared seeded regions (tests/helpers/sharedStack.ts): this file writes only quality-infrastructure
 * records, which no other sharing suite counts. Within the file, each test that compares a list with the seed data
 * runs before the tests that add to that list.
 */

const seed: SeedData = generateSeedData();
let stack: SharedStack;

beforeAll(async () => {
  stack = await sharedStack();
}, STACK_TIMEOUT_MS);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

type Token = 'BJ' | 'TJ' | 'HE' | 'PUBLIC';
const query = (token: Token, text: string, variables?: Record<string, unknown>) => stack.query(token === 'PUBLIC' ? stack.tokens.PUBLIC : stack.tokens[token], text, variables);

const RECORD = `mutation($input: RecordInspectionInput!) { recordInspection(input: $input) { id region producerCreditCode } }`;
const PRODUCER_STATUS = `mutation($input: ChangeGiProducerStatusInput!) { changeGiProducerStatus(input: $input) { id producerAuthorisations { creditCode status reason } } }`;
const REGISTER = `mutation($input: RegisterGeographicalIndicationInput!) { registerGeographicalIndication(input: $input) { id } }`;

function giInput(productName: string, producers: string[]) {
  return { productName, productClass: 'FRUIT', approvalAnnouncement: '测试公告2021年第3号', approvedAt: '2021-03-01T10:00:00+08:00', standard: '地理标志产品 测试', protectionArea: ['平谷区', '蓟州区', '三河市'], authorisedProducerCreditCodes: producers };
}

/** Newest first, ties by ID descending: the order of the merged list. */
function byOpenedAtDescending(a: InspectionComparisonDocument, b: InspectionComparisonDocument): number {
  return b.openedAt.getTime() - a.openedAt.getTime() || (a._id < b._id ? 1 : a._id > b._id ? -1 : 0);
}

const seededRounds = () => ALL_REGION_CODES.flatMap((region) => seed[region].inspectionComparisons);

const ROUND_FIELDS = /* GraphQL */ `
  fragment RoundView on InspectionComparison {
    id region programmeNumber title scheme field organiser measurand unit assignedValue standardDeviation status participantCount
    participants { code name displayName identityMasked region accreditationNumber result zScore outcome }
    report { summary participantCount satisfactory questionable unsatisfactory noResult }
  }
`;

describe('InspectionComparison (能力验证/比对)', () => {
  test('the merged list pages through every seeded round of the three regions in order, and filters as the seed data says', async () => {
    const expected = seededRounds().sort(byOpenedAtDescending).map((round) => round._id);
    const seen: string[] = [];
    let after: string | null = null;
    let totalCount = -1;
    do {
      const page: any = ok(await query('HE', `query($after: String) { inspectionComparisons(first: 25, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`, { after }));
      totalCount = page.inspectionComparisons.totalCount;
      seen.push(...page.inspectionComparisons.edges.map((edge: any) => edge.node.id));
      after = page.inspectionComparisons.pageInfo.hasNextPage ? page.inspectionComparisons.pageInfo.endCursor : null;
    } while (after);
    expect(totalCount).toBe(expected.length);
    expect(seen).toEqual(expected);

    const filtered: any = ok(
      await query('BJ', `{ inspectionComparisons(first: 100, filter: { fields: [FOOD, AGRICULTURAL], laboratoryRegions: [HEBEI], statuses: [REPORT_PUBLISHED] }) { totalCount edges { node { id } } } }`),
    );
    const expectedFiltered = seededRounds()
      .filter((round) => ['FOOD', 'AGRICULTURAL'].includes(round.field) && round.participantRegions.includes('HE') && round.status === 'REPORT_PUBLISHED')
      .sort(byOpenedAtDescending)
      .map((round) => round._id);
    expect(expectedFiltered.length).toBeGreaterThan(0);
    expect(filtered.inspectionComparisons.totalCount).toBe(expectedFiltered.length);
    expect(filtered.inspectionComparisons.edges.map((edge: any) => edge.node.id)).toEqual(expectedFiltered);
  });

  test('merged statistics of outcomes by laboratory region, field and outcome equal a recomputation from the seed data', async () => {
    const data: any = ok(await query('TJ', '{ inspectionComparisonStatistics(groupBy: [REGION, CATEGORY, STATUS]) { key { region category status } count sum overdue } }'));
    const expected = new Map<string, number>();
    for (const round of seededRounds()) {
      for (const participant of round.participants) {
        const key = `${regionNameOf(participant.region)}|${round.field}|${participant.outcome}`;
        expected.set(key, (expected.get(key) ?? 0) + 1);
      }
    }
    const actual = new Map<string, number>(data.inspectionComparisonStatistics.map((group: any) => [`${group.key.region}|${group.key.category}|${group.key.status}`, group.count]));
    expect(actual).toEqual(expected);
    expect(data.inspectionComparisonStatistics.every((group: any) => group.sum === null && group.overdue === null)).toBe(true);
  });

  test('every seeded z-score equals an independent decimal recomputation and its ISO 13528 class', () => {
    let checked = 0;
    for (const round of seededRounds()) {
      for (const participant of round.participants) {
        if (participant.result === null) continue;
        const z = referenceZScore(participant.result, round.assignedValue, round.standardDeviation);
        expect([round._id, participant.code, participant.zScore, participant.outcome]).toEqual([round._id, participant.code, z, referenceOutcome(z)]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  describe('a Beijing round with laboratories of the three regions', () => {
    const LABS: Array<{ name: string; region: RegionCode; accreditationNumber: string }> = [
      { name: '北京测试实验室甲', region: 'BJ', accreditationNumber: 'CNAS L9001' },
      { name: '天津测试实验室乙', region: 'TJ', accreditationNumber: 'CNAS L9002' },
      { name: '河北测试实验室丙', region: 'HE', accreditationNumber: 'CNAS L9003' },
      { name: '天津测试实验室丁', region: 'TJ', accreditationNumber: 'CNAS L9004' },
      { name: '河北测试实验室戊', region: 'HE', accreditationNumber: 'CNAS L9005' },
      { name: '北京测试实验室己', region: 'BJ', accreditationNumber: 'CNAS L9006' },
    ];
    // X = 0.1, σpt = 0.1 (and results chosen so that binary floating point misses ±2 and ±3: (0.3 − 0.1) / 0.1 = 1.9999999999999998).
    const RESULTS: Record<string, { by: Token; result: string; zScore: string; outcome: string }> = {
      实验室A: { by: 'BJ', result: '0.3', zScore: '2.00', outcome: 'SATISFACTORY' },
      实验室B: { by: 'TJ', result: '-0.1', zScore: '-2.00', outcome: 'SATISFACTORY' },
      实验室C: { by: 'HE', result: '0.4', zScore: '3.00', outcome: 'UNSATISFACTORY' },
      实验室D: { by: 'BJ', result: '-0.2', zScore: '-3.00', outcome: 'UNSATISFACTORY' },
      实验室E: { by: 'HE', result: '0.3005', zScore: '2.01', outcome: 'QUESTIONABLE' },
      实验室F: { by: 'BJ', result: '-0.3995', zScore: '-5.00', outcome: 'UNSATISFACTORY' },
    };
    let roundId = '';

    test('opened by Beijing; codes follow the laboratories’ order', async () => {
      const data: any = ok(
        await query(
          'BJ',
          `mutation($input: OpenInspectionComparisonInput!) { openInspectionComparison(input: $input) { ...RoundView } } ${ROUND_FIELDS}`,
          {
            input: {
              programmeNumber: 'BJ-PT-2026-T1',
              title: '2026年度测试用小麦粉中铅含量能力验证',
              scheme: 'PROFICIENCY_TESTING',
              field: 'FOOD',
              organiser: '北京市产品质量监督检验研究院',
              measurand: '小麦粉中铅含量',
              unit: 'mg/kg',
              assignedValue: '0.1',
              standardDeviation: '0.10',
              participants: LABS.map((lab) => ({ ...lab, region: regionNameOf(lab.region) })),
            },
          },
        ),
        'openInspectionComparison',
      );
      const round = data.openInspectionComparison;
      roundId = round.id;
      expect(round.id).toMatch(/^BJ-PTC-\d{4}-\d{6}$/);
      expect(round).toMatchObject({ region: 'BEIJING', status: 'OPEN', standardDeviation: '0.10', participantCount: 6, report: null });
      expect(round.participants.map((participant: any) => [participant.code, participant.name])).toEqual(LABS.map((lab, index) => [`实验室${'ABCDEF'[index]}`, lab.name]));
    });

    test('each result is reported by the organising region or the laboratory’s own region only', async () => {
      const record = `mutation($input: RecordComparisonResultInput!) { recordComparisonResult(input: $input) { id participants { code zScore outcome } } }`;
      expectRefusal(await query('HE', record, { input: { id: roundId, laboratoryCode: '实验室B', result: '0.1' } }), { code: 'FORBIDDEN', message: /organising region or by the laboratory’s own region/, field: 'recordComparisonResult' });
      expectRefusal(await query('BJ', record, { input: { id: roundId, laboratoryCode: '实验室Z', result: '0.1' } }), { code: 'BAD_USER_INPUT', message: /no laboratory 实验室Z/ });
      expectRefusal(await query('BJ', record, { input: { id: roundId, laboratoryCode: '实验室A', result: '1e-3' } }), { code: 'BAD_USER_INPUT', reason: 'FORMAT', message: /not a decimal/ });
      for (const [code, expected] of Object.entries(RESULTS)) {
        ok(await query(expected.by, record, { input: { id: roundId, laboratoryCode: code, result: expected.result } }), `result of ${code} by ${expected.by}`);
      }
      const data: any = ok(await query('BJ', `query($id: ID!) { inspectionComparison(id: $id) { ...RoundView } } ${ROUND_FIELDS}`, { id: roundId }));
      for (const participant of data.inspectionComparison.participants) {
        const expected = RESULTS[participant.code];
        expect([participant.code, participant.result, participant.zScore, participant.outcome]).toEqual([participant.code, expected.result, expected.zScore, expected.outcome]);
        expect(participant.zScore).toBe(referenceZScore(expected.result, '0.1', '0.10'));
        expect(participant.outcome).toBe(referenceOutcome(participant.zScore));
        expect(assessResult(expected.result, '0.1', '0.10').zScore).toBe(participant.zScore);
      }
    });

    test('an agency sees its own region’s laboratories by name and the others’ only as codes; the organising region sees all', async () => {
      const view = async (token: Token) => {
        const data: any = ok(await query(token, `query($id: ID!) { inspectionComparison(id: $id) { participants { code name displayName identityMasked region accreditationNumber zScore } } }`, { id: roundId }));
        return data.inspectionComparison.participants as any[];
      };
      const [beijing, tianjin, hebei] = await Promise.all([view('BJ'), view('TJ'), view('HE')]);
      expect(beijing.every((participant) => !participant.identityMasked && participant.name !== null)).toBe(true);
      for (const [region, participants] of [['TIANJIN', tianjin], ['HEBEI', hebei]] as const) {
        for (const participant of participants) {
          const lab = LABS['ABCDEF'.indexOf(participant.code.slice(-1))];
          if (participant.region === region) {
            expect(participant).toMatchObject({ name: lab.name, displayName: lab.name, identityMasked: false, accreditationNumber: lab.accreditationNumber });
          } else {
            expect(participant).toMatchObject({ name: null, displayName: participant.code, identityMasked: true, accreditationNumber: null });
          }
        }
        // Codes and results are the same whoever asks; no other region's laboratory name appears anywhere in the answer.
        expect(participants.map((participant) => [participant.code, participant.zScore])).toEqual(beijing.map((participant) => [participant.code, participant.zScore]));
        const text = JSON.stringify(participants);
        for (const lab of LABS) if (regionNameOf(lab.region) !== region) expect(text).not.toContain(lab.name);
      }
      expectRefusal(await query('PUBLIC', `query($id: ID!) { inspectionComparison(id: $id) { id } }`, { id: roundId }), { code: 'FORBIDDEN', message: /public token/ });
    });

    test('the report is published by Beijing only; Tianjin’s subscription hears it with Tianjin’s view; results are final then', async () => {
      const subscription = `subscription($filter: ComparisonReportSubscriptionFilter) { comparisonReportPublished(filter: $filter) { type region recordId inspectionComparison { id status report { satisfactory questionable unsatisfactory noResult } participants { code name } } } }`;
      const [food, textiles] = await subscribeAll(stack.gateway.hub, () => [
        new TestSubscription(stack.gatewayUrl, stack.tokens.TJ, subscription, { filter: { fields: ['FOOD'], regions: ['BEIJING'] } }),
        new TestSubscription(stack.gatewayUrl, stack.tokens.TJ, subscription, { filter: { fields: ['TEXTILE'] } }),
      ]);
      try {
        const publish = `mutation($input: PublishComparisonReportInput!) { publishComparisonReport(input: $input) { id status report { participantCount satisfactory questionable unsatisfactory noResult } } }`;
        const summary = '本次能力验证共有6家实验室参加，结果见附表。';
        expectRefusal(await query('TJ', publish, { input: { id: roundId, summary } }), { code: 'FORBIDDEN', message: /written only by its own agencies/, field: 'publishComparisonReport' });
        const data: any = ok(await query('BJ', publish, { input: { id: roundId, summary } }));
        expect(data.publishComparisonReport).toMatchObject({ status: 'REPORT_PUBLISHED', report: { participantCount: 6, satisfactory: 2, questionable: 1, unsatisfactory: 3, noResult: 0 } });
        expectRefusal(await query('BJ', publish, { input: { id: roundId, summary } }), { code: 'BAD_USER_INPUT', reason: 'ILLEGAL_TRANSITION', message: /REPORT_PUBLISHED/ });
        expectRefusal(
          await query('TJ', `mutation($input: RecordComparisonResultInput!) { recordComparisonResult(input: $input) { id } }`, { input: { id: roundId, laboratoryCode: '实验室B', result: '0.1' } }),
          { code: 'BAD_USER_INPUT', reason: 'ILLEGAL_TRANSITION', message: /only while OPEN/ },
        );

        const [event] = await food.waitForEvents(1);
        expect(event).toMatchObject({ type: 'REPORT_PUBLISHED', region: 'BEIJING', recordId: roundId });
        expect(event.inspectionComparison.report).toEqual({ satisfactory: 2, questionable: 1, unsatisfactory: 3, noResult: 0 });
        expect(event.inspectionComparison.participants).toEqual(LABS.map((lab, index) => ({ code: `实验室${'ABCDEF'[index]}`, name: lab.region === 'TJ' ? lab.name : null })));
        // Delivered in order per region: a later event for the other filter would have come by now; none matches it.
        await waitUntil(() => food.events.length >= 1, 'the food event');
        expect(textiles.events).toEqual([]);
      } finally {
        await Promise.all([food.dispose(), textiles.dispose()]);
      }
    });
  });
});

/** Newest first by a date, ties by ID descending. */
function newestFirst<T extends { _id: string }>(dateOf: (record: T) => Date) {
  return (a: T, b: T) => dateOf(b).getTime() - dateOf(a).getTime() || (a._id < b._id ? 1 : a._id > b._id ? -1 : 0);
}

const seededGis = () => ALL_REGION_CODES.flatMap((region) => seed[region].geographicalIndications);
const seededInspections = () => ALL_REGION_CODES.flatMap((region) => seed[region].inspections);

describe('GeographicalIndication (地理标志保护产品) and Inspection', () => {
  const giIds = (data: any) => data.geographicalIndications.edges.map((edge: any) => edge.node.id);

  test('merged lists and statistics equal the seed data; the district query finds products whose area includes a district of any region', async () => {
    const all: any = ok(await query('TJ', '{ geographicalIndications(first: 100) { totalCount edges { node { id productName protectionArea { code name region } } } } }'));
    expect(all.geographicalIndications.totalCount).toBe(seededGis().length);
    expect(giIds(all)).toEqual(seededGis().sort(newestFirst<GeographicalIndicationDocument>((gi) => gi.approvedAt)).map((gi) => gi._id));

    const inspections: any = ok(await query('BJ', '{ inspections(first: 100) { totalCount edges { node { id } } } }'));
    const expectedInspections = seededInspections().sort(newestFirst<InspectionDocument>((inspection) => inspection.inspectedAt));
    expect(inspections.inspections.totalCount).toBe(expectedInspections.length);
    expect(inspections.inspections.edges.map((edge: any) => edge.node.id)).toEqual(expectedInspections.slice(0, 100).map((inspection) => inspection._id));

    const statistics: any = ok(await query('HE', '{ geographicalIndicationStatistics(groupBy: [REGION, CATEGORY]) { key { region category } count } inspectionStatistics(groupBy: [REGION, STATUS]) { key { region status } count } }'));
    const count = <T>(records: T[], key: (record: T) => string) => records.reduce((map, record) => map.set(key(record), (map.get(key(record)) ?? 0) + 1), new Map<string, number>());
    expect(new Map(statistics.geographicalIndicationStatistics.map((group: any) => [`${group.key.region}|${group.key.category}`, group.count]))).toEqual(
      count(seededGis(), (gi) => `${regionNameOf(gi.region)}|${gi.productClass}`),
    );
    expect(new Map(statistics.inspectionStatistics.map((group: any) => [`${group.key.region}|${group.key.status}`, group.count]))).toEqual(
      count(seededInspections(), (inspection) => `${regionNameOf(inspection.region)}|${inspection.result}`),
    );

    const byDistrict = async (district: string) => {
      const data: any = ok(await query('HE', `query($district: String!) { geographicalIndications(first: 100, filter: { district: $district }) { edges { node { id region productName } } } }`, { district }));
      return data.geographicalIndications.edges.map((edge: any) => edge.node.productName).sort();
    };
    const seededIn = (code: string) => seededGis().filter((gi) => gi.protectionAreaCodes.includes(code)).map((gi) => gi.productName).sort();
    expect(await byDistrict('蓟州区')).toEqual(seededIn('120119'));
    expect(await byDistrict('蓟州区')).toEqual(expect.arrayContaining(['盘山磨盘柿', '燕山板栗']));
    expect(await byDistrict('河北省廊坊市三河市')).toEqual(seededIn('131082'));
    expect(await byDistrict('131082')).toContain('燕山板栗');
    const former = await query('HE', '{ geographicalIndications(filter: { district: "蓟县" }) { totalCount } }');
    expect(former.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FORMER_DIVISION', field: 'filter.district' });
    expect(former.errors?.[0]?.message).toMatch(/蓟州区 \(120119\)/);
  });

  describe('a product registered by Beijing with a protection area in all three regions', () => {
    const tianjinProducer = seed.TJ.enterprises[3]!._id;
    const beijingProducer = seed.BJ.enterprises[3]!._id;
    let giId = '';

    test('is registered with checked producers, and found from a Hebei district', async () => {
      const register = `mutation($input: RegisterGeographicalIndicationInput!) { registerGeographicalIndication(input: $input) { id region status protectionAreaRegions protectionArea { code name region } authorisedProducerCreditCodes } }`;
      const input = {
        productName: '测试用平谷蓟州三河大桃',
        productClass: 'FRUIT',
        approvalAnnouncement: '测试公告2020年第1号',
        approvedAt: '2020-06-01T10:00:00+08:00',
        standard: '地理标志产品 测试大桃',
        protectionArea: ['平谷区', '120119', '河北省廊坊市三河市'],
        authorisedProducerCreditCodes: [tianjinProducer, beijingProducer],
      };
      const unregistered = testCreditCode('TJ', 'GEQ');
      const refused = await query('BJ', register, { input: { ...input, authorisedProducerCreditCodes: [tianjinProducer, unregistered] } });
      if (refused.errors?.[0]?.extensions?.code !== 'BAD_USER_INPUT') throw new Error(JSON.stringify(refused));
      expect(refused.errors[0].extensions!.missing).toEqual([expect.objectContaining({ entity: 'Enterprise', key: unregistered })]);
      expectRefusal(await query('BJ', register, { input: { ...input, protectionArea: ['蓟县'] } }), { code: 'BAD_USER_INPUT', reason: 'FORMER_DIVISION', message: /蓟州区/ });

      const data: any = ok(await query('BJ', register, { input }), 'registerGeographicalIndication');
      giId = data.registerGeographicalIndication.id;
      expect(giId).toMatch(/^BJ-GEO-2020-\d{6}$/);
      expect(data.registerGeographicalIndication).toMatchObject({
        region: 'BEIJING',
        status: 'PROTECTED',
        protectionAreaRegions: ['BEIJING', 'TIANJIN', 'HEBEI'],
        protectionArea: [
          { code: '110117', name: '北京市平谷区', region: 'BEIJING' },
          { code: '120119', name: '天津市蓟州区', region: 'TIANJIN' },
          { code: '131082', name: '河北省廊坊市三河市', region: 'HEBEI' },
        ],
      });
      const found: any = ok(await query('HE', `{ geographicalIndications(first: 100, filter: { district: "三河市" }) { edges { node { id region } } } }`));
      expect(found.geographicalIndications.edges.map((edge: any) => edge.node)).toContainEqual({ id: giId, region: 'BEIJING' });
    });

    test('its Tianjin producer is inspected by Tianjin only, and Beijing sees the inspection through the links subgraph', async () => {
      const record = `mutation($input: RecordInspectionInput!) { recordInspection(input: $input) { id region geographicalIndicationId producerCreditCode result } }`;
      const input = { geographicalIndicationId: giId, producerCreditCode: tianjinProducer, result: 'RECTIFICATION_REQUIRED', findings: '专用标志使用台账记录不完整，责令30日内整改。' };
      expectRefusal(await query('BJ', record, { input }), { code: 'FORBIDDEN', message: /inspected by the region where it is registered/, field: 'recordInspection' });
      expectRefusal(await query('HE', record, { input }), { code: 'FORBIDDEN', message: /inspected by the region where it is registered/, field: 'recordInspection' });
      const missing = await query('TJ', record, { input: { ...input, geographicalIndicationId: 'BJ-GEO-2020-999999' } });
      expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', missing: [expect.objectContaining({ entity: 'GeographicalIndication', key: 'BJ-GEO-2020-999999' })] });

      const data: any = ok(await query('TJ', record, { input }), 'recordInspection');
      const inspectionId = data.recordInspection.id;
      expect(data.recordInspection).toMatchObject({ region: 'TIANJIN', geographicalIndicationId: giId, producerCreditCode: tianjinProducer });
      expect(inspectionId).toMatch(/^TJ-INS-/);

      const seen: any = ok(
        await query('BJ', `query($id: ID!) { geographicalIndication(id: $id) { id inspections { id region result producer { creditCode registrationRegion } geographicalIndication { id productName } } authorisedProducers { creditCode } } }`, { id: giId }),
      );
      expect(seen.geographicalIndication.inspections).toEqual([
        { id: inspectionId, region: 'TIANJIN', result: 'RECTIFICATION_REQUIRED', producer: { creditCode: tianjinProducer, registrationRegion: 'TIANJIN' }, geographicalIndication: { id: giId, productName: '测试用平谷蓟州三河大桃' } },
      ]);
      expect(seen.geographicalIndication.authorisedProducers.map((producer: any) => producer.creditCode).sort()).toEqual([tianjinProducer, beijingProducer].sort());
      const byFilter: any = ok(await query('HE', `query($id: ID!) { inspections(filter: { geographicalIndicationId: $id }) { totalCount edges { node { id } } } }`, { id: giId }));
      expect(byFilter.inspections).toEqual({ totalCount: 1, edges: [{ node: { id: inspectionId } }] });
    });

    test('its status changes only by Beijing and only along the allowed transitions', async () => {
      const change = `mutation($input: ChangeGiStatusInput!) { changeGeographicalIndicationStatus(input: $input) { id status statusHistory { status reason agency } } }`;
      expectRefusal(await query('TJ', change, { input: { id: giId, status: 'SUSPENDED', reason: '核查' } }), { code: 'FORBIDDEN', message: /written only by its own agencies/ });
      const suspended: any = ok(await query('BJ', change, { input: { id: giId, status: 'SUSPENDED', reason: '核查发现专用标志使用不规范' } }));
      expect(suspended.changeGeographicalIndicationStatus.status).toBe('SUSPENDED');
      ok(await query('BJ', change, { input: { id: giId, status: 'REVOKED', reason: '整改期满仍不符合要求' } }));
      expectRefusal(await query('BJ', change, { input: { id: giId, status: 'PROTECTED', reason: '恢复' } }), { code: 'BAD_USER_INPUT', reason: 'ILLEGAL_TRANSITION', message: /REVOKED/ });
    });
  });
});

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

describe('LicenceReview (生产许可联合审查)', () => {
  const seededReviews = () => ALL_REGION_CODES.flatMap((region) => seed[region].licenceReviews);

  test('the merged list and statistics equal the seed data', async () => {
    const expected = seededReviews().sort(newestFirst<LicenceReviewDocument>((review) => review.appliedAt)).map((review) => review._id);
    const data: any = ok(await query('HE', '{ licenceReviews(first: 100) { totalCount edges { node { id } } } licenceReviewStatistics(groupBy: [REGION, STATUS]) { key { region status } count } }'));
    expect(data.licenceReviews.totalCount).toBe(expected.length);
    expect(data.licenceReviews.edges.map((edge: any) => edge.node.id)).toEqual(expected.slice(0, 100));
    const counts = new Map<string, number>();
    for (const review of seededReviews()) counts.set(`${regionNameOf(review.region)}|${review.status}`, (counts.get(`${regionNameOf(review.region)}|${review.status}`) ?? 0) + 1);
    expect(new Map(data.licenceReviewStatistics.map((group: any) => [`${group.key.region}|${group.key.status}`, group.count]))).toEqual(counts);
    const withNotices: any = ok(await query('BJ', '{ licenceReviews(first: 100, filter: { hasNotices: true, panelRegions: [HEBEI] }) { totalCount } }'));
    expect(withNotices.licenceReviews.totalCount).toBe(seededReviews().filter((review) => review.notices.length > 0 && review.panelRegions.includes('HE')).length);
  });

  // The notices' own tests come after the seeded reviews were counted (one of them issues a notice on a seeded review)
  // and before the application below issues another: each compares with the seed data as it asserts.
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

  test('a Tianjin application reviewed by examiners of Tianjin and Hebei runs to a licence, each step only by the allowed region', async () => {
    const applicantCode = seed.TJ.enterprises[5]!._id;
    const VIEW = 'id status panelRegions examiners { code name nameMasked region certificateNumber role findings { recommendation } } conclusion { result } licence { issued number } notices { examinerCode examinerName kind issuedByRegion }';
    const step = (token: Token, mutation: string, inputType: string, input: Record<string, unknown>) => query(token, `mutation($input: ${inputType}!) { ${mutation}(input: $input) { ${VIEW} } }`, { input });
    const application = { applicantCreditCode: applicantCode, applicantName: '天津测试电缆有限公司', product: '额定电压450/750V及以下聚氯乙烯绝缘电缆电线', productCategory: 'WIRE_AND_CABLE' };
    expectRefusal(await step('BJ', 'applyForLicence', 'ApplyForLicenceInput', application), { code: 'FORBIDDEN', message: /region where the enterprise is registered/ });
    const applied: any = ok(await step('TJ', 'applyForLicence', 'ApplyForLicenceInput', application), 'applyForLicence');
    const id = applied.applyForLicence.id;
    expect(id).toMatch(/^TJ-LIC-/);
    expect(applied.applyForLicence.status).toBe('APPLIED');

    const subscription = `subscription($filter: LicenceReviewSubscriptionFilter) { licenceReviewConcluded(filter: $filter) { type status region recordId licenceReview { id status examiners { code name nameMasked } } } }`;
    const [hebeiPanels, beijingOnly] = await subscribeAll(stack.gateway.hub, () => [
      new TestSubscription(stack.gatewayUrl, stack.tokens.BJ, subscription, { filter: { regions: ['HEBEI'], categories: ['WIRE_AND_CABLE'] } }),
      new TestSubscription(stack.gatewayUrl, stack.tokens.BJ, subscription, { filter: { regions: ['BEIJING'] } }),
    ]);
    try {
      const panel = {
        id,
        examiners: [
          { name: '张建华', region: 'TIANJIN', certificateNumber: '津审000101', role: 'LEADER' },
          { name: '李晓东', region: 'HEBEI', certificateNumber: '冀审000202', role: 'MEMBER' },
        ],
      };
      expectRefusal(await step('TJ', 'startOnSiteReview', 'LicenceReviewStepInput', { id }), { code: 'BAD_USER_INPUT', reason: 'ILLEGAL_TRANSITION', message: /APPLIED/ });
      expectRefusal(await step('HE', 'formReviewPanel', 'FormReviewPanelInput', panel), { code: 'FORBIDDEN', message: /only the licensing region/ });
      expectRefusal(await step('TJ', 'formReviewPanel', 'FormReviewPanelInput', { id, examiners: [panel.examiners[0], { ...panel.examiners[1], region: 'TIANJIN' }] }), { code: 'BAD_USER_INPUT', message: /at least two regions/ });
      expect((ok(await step('TJ', 'formReviewPanel', 'FormReviewPanelInput', panel)) as any).formReviewPanel).toMatchObject({ status: 'PANEL_FORMED', panelRegions: ['TIANJIN', 'HEBEI'] });

      expectRefusal(await step('TJ', 'concludeLicenceReview', 'ConcludeLicenceReviewInput', { id, result: 'PASS', summary: '符合' }), { code: 'BAD_USER_INPUT', reason: 'ILLEGAL_TRANSITION', message: /PANEL_FORMED/ });
      expectRefusal(await step('BJ', 'startOnSiteReview', 'LicenceReviewStepInput', { id }), { code: 'FORBIDDEN', message: /only the licensing region/ });
      ok(await step('TJ', 'startOnSiteReview', 'LicenceReviewStepInput', { id }));

      const findings = (code: string) => ({ id, examinerCode: code, findings: '生产及检验条件符合实施细则要求。', recommendation: 'PASS' });
      expectRefusal(await step('TJ', 'submitExaminerFindings', 'SubmitExaminerFindingsInput', findings('审查员2')), { code: 'FORBIDDEN', message: /examiner’s own region/ });
      ok(await step('HE', 'submitExaminerFindings', 'SubmitExaminerFindingsInput', findings('审查员2')));
      expectRefusal(await step('TJ', 'concludeLicenceReview', 'ConcludeLicenceReviewInput', { id, result: 'PASS', summary: '符合' }), { code: 'BAD_USER_INPUT', reason: 'FINDINGS_MISSING', message: /审查员1/ });
      ok(await step('TJ', 'submitExaminerFindings', 'SubmitExaminerFindingsInput', findings('审查员1')));
      expectRefusal(await step('HE', 'concludeLicenceReview', 'ConcludeLicenceReviewInput', { id, result: 'PASS', summary: '符合' }), { code: 'FORBIDDEN', message: /only the licensing region/ });
      expect((ok(await step('TJ', 'concludeLicenceReview', 'ConcludeLicenceReviewInput', { id, result: 'PASS', summary: '审查组一致认为符合发证条件。' })) as any).concludeLicenceReview.status).toBe('CONCLUDED');

      expectRefusal(await step('HE', 'decideLicence', 'DecideLicenceInput', { id, issue: true }), { code: 'FORBIDDEN', message: /only the licensing region/ });
      const issued: any = ok(await step('TJ', 'decideLicence', 'DecideLicenceInput', { id, issue: true }));
      expect(issued.decideLicence).toMatchObject({ status: 'LICENCE_ISSUED', licence: { issued: true, number: expect.stringMatching(/^\(津\)XK\d{2}-\d{6}$/) } });
      expectRefusal(await step('TJ', 'decideLicence', 'DecideLicenceInput', { id, issue: false, reason: '重复' }), { code: 'BAD_USER_INPUT', reason: 'ILLEGAL_TRANSITION', message: /LICENCE_ISSUED/ });

      // Examiners are people: names for the licensing region and each examiner's own region only.
      const examinersSeenBy = async (token: Token) => ((ok(await query(token, `query($id: ID!) { licenceReview(id: $id) { examiners { code name nameMasked certificateNumber } } }`, { id })) as any).licenceReview.examiners);
      expect(await examinersSeenBy('TJ')).toEqual([
        { code: '审查员1', name: '张建华', nameMasked: false, certificateNumber: '津审000101' },
        { code: '审查员2', name: '李晓东', nameMasked: false, certificateNumber: '冀审000202' },
      ]);
      expect(await examinersSeenBy('HE')).toEqual([
        { code: '审查员1', name: '张**', nameMasked: true, certificateNumber: null },
        { code: '审查员2', name: '李晓东', nameMasked: false, certificateNumber: '冀审000202' },
      ]);
      expect(await examinersSeenBy('BJ')).toEqual([
        { code: '审查员1', name: '张**', nameMasked: true, certificateNumber: null },
        { code: '审查员2', name: '李**', nameMasked: true, certificateNumber: null },
      ]);

      // 审查员通报: by the licensing region or the examiner's own region; visible to all three regions.
      const notice = { id, examinerCode: '审查员2', kind: 'COMMENDATION', content: '该审查员在联合审查中认真履职，予以通报表扬。' };
      expectRefusal(await step('BJ', 'issueExaminerNotice', 'IssueExaminerNoticeInput', notice), { code: 'FORBIDDEN', message: /licensing region or the examiner’s own region/ });
      ok(await step('HE', 'issueExaminerNotice', 'IssueExaminerNoticeInput', notice));
      for (const token of ['BJ', 'TJ', 'HE'] as const) {
        const seen: any = ok(await query(token, `query($id: ID!) { licenceReview(id: $id) { notices { examinerCode examinerName examinerRegion kind issuedByRegion } } }`, { id }));
        expect(seen.licenceReview.notices).toEqual([{ examinerCode: '审查员2', examinerName: '李晓东', examinerRegion: 'HEBEI', kind: 'COMMENDATION', issuedByRegion: 'HEBEI' }]);
      }

      const events = await hebeiPanels.waitForEvents(2);
      expect(events.map((event) => [event.type, event.status, event.recordId])).toEqual([
        ['CONCLUDED', 'CONCLUDED', id],
        ['LICENCE_ISSUED', 'LICENCE_ISSUED', id],
      ]);
      expect(events[0].licenceReview.examiners.map((examiner: any) => examiner.nameMasked)).toEqual([true, true]);
      expect(beijingOnly.events.filter((event) => event.recordId === id)).toEqual([]);
    } finally {
      await Promise.all([hebeiPanels.dispose(), beijingOnly.dispose()]);
    }
  });
});
