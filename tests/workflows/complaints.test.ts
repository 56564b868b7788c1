import { DEVELOPMENT_AGENCIES } from '../../platform/agencies';
import { calendarFromEnv } from '../../services/regional/config';
import { defaultDatabaseName } from '../../services/regional/model';
import { startStack, type Stack } from '../helpers/stack';
import { expectRefusal, ok, STACK_TIMEOUT_MS, testCreditCode } from './workflowHelpers';

/*
 * The cross-region complaint line (issue 6), through the gateway with the tokens of the three regions' agencies and
 * straight to the Beijing subgraph: Beijing receives a complaint about a Tianjin business, transfers it, Tianjin
 * handles it, Beijing gives feedback. One record (kept by Beijing), one timeline, seen alike from both regions.
 *
 * The subgraphs run with a calendar configured for the deadline tests (dates in 2021, a year with no built-in
 * holidays, so only these days and weekends count):
 *   2021-03-04 (Thu) and 2021-03-05 (Fri) are holidays, 2021-03-06 (Sat) is a make-up working day,
 *   2021-04-05 (Mon) is a holiday.
 */
const REGION_ENV = { EXTRA_HOLIDAYS: '2021-03-04,2021-03-05,2021-04-05', EXTRA_MAKEUP_WORKDAYS: '2021-03-06' };
const CALENDAR = calendarFromEnv(REGION_ENV);

const BJ_AGENCY_NAME = DEVELOPMENT_AGENCIES.BJ.agencyName;
const TJ_AGENCY_NAME = DEVELOPMENT_AGENCIES.TJ.agencyName;

const COMPLAINT_FIELDS = /* GraphQL */ `
  fragment ComplaintView on ConsumerComplaint {
    id
    receivingRegion
    handlingRegion
    businessCreditCode
    business { creditCode name }
    consumer { name phone address masked }
    category
    subject
    amountInDispute
    status
    timeline { at status region agency note }
    receivedAt
    acceptDeadline
    mediationDeadline
    closedAt
    overdue
    updatedAt
  }
`;

const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterComplaintInput!) { registerComplaint(input: $input) { ...ComplaintView } }
  ${COMPLAINT_FIELDS}
`;

const REGISTER_ID = /* GraphQL */ `mutation Register($input: RegisterComplaintInput!) { registerComplaint(input: $input) { id } }`;

type StepMutation =
  | 'transferComplaint'
  | 'acceptComplaint'
  | 'rejectComplaint'
  | 'startComplaintMediation'
  | 'resolveComplaint'
  | 'terminateComplaint'
  | 'giveComplaintFeedback';

/** A step mutation returning the full view, or only `id status` (which reads no personal data). */
function stepMutation(name: StepMutation, brief = false): string {
  if (brief) return `mutation Step($input: ComplaintStepInput!) { ${name}(input: $input) { id status } }`;
  return `mutation Step($input: ComplaintStepInput!) { ${name}(input: $input) { ...ComplaintView } }\n${COMPLAINT_FIELDS}`;
}

const COMPLAINT_BY_ID_AND_LIST = /* GraphQL */ `
  query Seen($id: ID!, $creditCode: String!) {
    complaint(id: $id) { ...ComplaintView }
    complaints(filter: { handlingRegions: [TIANJIN], enterpriseCreditCode: $creditCode }, first: 5) {
      totalCount
      edges { node { ...ComplaintView } }
    }
  }
  ${COMPLAINT_FIELDS}
`;

const CONSUMER = { name: '张小明', phone: '13812345678', address: '北京市朝阳区建国路88号院3号楼' };

function registerInput(creditCode: string, overrides: Record<string, unknown> = {}) {
  return {
    channel: 'HOTLINE_12315',
    consumer: CONSUMER,
    business: { creditCode, name: '天津市滨海新区某某电器销售有限公司' },
    category: 'AFTER_SALES',
    subject: '空调安装后不制冷，商家拒绝上门维修',
    description: '消费者在该商家网店购买空调一台，安装后不制冷，多次联系商家均被推诿。',
    amountInDispute: 3299,
    ...overrides,
  };
}

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ regionEnv: REGION_ENV });
}, STACK_TIMEOUT_MS);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

/** The complaint as BJ and as TJ see it, by ID and in the TIANJIN-handled list; both views must be one and the same. */
async function seenFromBothSides(id: string, creditCode: string): Promise<Record<string, any>> {
  const views = await Promise.all(
    (['BJ', 'TJ'] as const).map(async (token) => {
      const data = ok(await stack.query(stack.tokens[token], COMPLAINT_BY_ID_AND_LIST, { id, creditCode }), `complaint read by ${token}`);
      expect(data.complaints.totalCount).toBe(1);
      expect(data.complaints.edges).toHaveLength(1);
      expect(data.complaints.edges[0].node).toEqual(data.complaint);
      return data.complaint as Record<string, any>;
    }),
  );
  expect(views[0]).not.toBeNull();
  expect(views[1]).toEqual(views[0]);
  expect(views[0]!.consumer).toEqual({ ...CONSUMER, masked: false });
  return views[0]!;
}

async function step(token: 'BJ' | 'TJ' | 'HE' | 'PUBLIC', mutation: StepMutation, input: Record<string, unknown>) {
  return stack.query(stack.tokens[token], stepMutation(mutation), { input });
}

async function stepOk(token: 'BJ' | 'TJ', mutation: StepMutation, input: Record<string, unknown>): Promise<Record<string, any>> {
  return ok(await step(token, mutation, input), `${token} ${mutation}`)[mutation];
}

describe('the complaint path Beijing → Tianjin, through the gateway', () => {
  const creditCode = testCreditCode('TJ', 'PATH1');
  let id = '';
  let last: Record<string, any>;

  /** After a refusal nothing has changed: same status, same timeline, same update time. */
  async function expectUnchanged(): Promise<void> {
    const now = await seenFromBothSides(id, creditCode);
    expect(now.status).toBe(last.status);
    expect(now.timeline).toEqual(last.timeline);
    expect(now.updatedAt).toBe(last.updatedAt);
  }

  it('uses a Tianjin business (division code 12…)', () => {
    expect(creditCode).toMatch(/^9112\d{4}/);
    expect(creditCode).toHaveLength(18);
  });

  it('BJ registers the complaint; the handling region is Tianjin, from the credit code; both regions see it', async () => {
    const created = ok(await stack.query(stack.tokens.BJ, REGISTER, { input: registerInput(creditCode) }), 'register').registerComplaint;
    id = created.id;
    expect(id).toMatch(/^BJ-CMP-\d{4}-\d{6}$/);
    expect(created).toMatchObject({ receivingRegion: 'BEIJING', handlingRegion: 'TIANJIN', businessCreditCode: creditCode, status: 'REGISTERED' });
    expect(created.timeline).toEqual([expect.objectContaining({ status: 'REGISTERED', region: 'BEIJING', agency: BJ_AGENCY_NAME })]);
    expect(created.acceptDeadline).toBe(CALENDAR.addWorkingDays(new Date(created.receivedAt), 7).toISOString());
    expect(created.mediationDeadline).toBeNull();
    last = await seenFromBothSides(id, creditCode);
    expect(last).toEqual({ ...created, consumer: { ...CONSUMER, masked: false } });
  });

  it('keeps one source of truth: the record lives in Beijing’s database only', async () => {
    const inRegion = async (region: 'BJ' | 'TJ' | 'HE') => stack.mongo.db(defaultDatabaseName(region)).collection('complaints').countDocuments({ _id: id as never });
    expect(await inRegion('BJ')).toBe(1);
    expect(await inRegion('TJ')).toBe(0);
    expect(await inRegion('HE')).toBe(0);
  });

  it('refuses steps out of order or by the wrong region while REGISTERED', async () => {
    expectRefusal(await step('TJ', 'acceptComplaint', { id }), {
      code: 'BAD_USER_INPUT',
      reason: 'ILLEGAL_TRANSITION',
      message: [/cannot accept/, /must be transferred before it is accepted/],
      field: 'acceptComplaint',
    });
    expectRefusal(await step('TJ', 'rejectComplaint', { id, note: '不属于本局管辖' }), {
      code: 'BAD_USER_INPUT',
      reason: 'ILLEGAL_TRANSITION',
      message: /must be transferred before it is decided/,
    });
    expectRefusal(await step('TJ', 'transferComplaint', { id }), {
      code: 'FORBIDDEN',
      message: [new RegExp(TJ_AGENCY_NAME), /only the receiving region/, /北京, BJ/],
      field: 'transferComplaint',
    });
    expectRefusal(await step('BJ', 'startComplaintMediation', { id }), { code: 'FORBIDDEN', message: /only the handling region .*天津, TJ/ });
    expectRefusal(await step('BJ', 'giveComplaintFeedback', { id, note: '已告知消费者' }), {
      code: 'BAD_USER_INPUT',
      reason: 'ILLEGAL_TRANSITION',
      message: /complaint .* is REGISTERED, and this step applies only to REJECTED or RESOLVED or TERMINATED/,
    });
    await expectUnchanged();
  });

  it('BJ transfers it to Tianjin; both sides see TRANSFERRED with the same timeline', async () => {
    const transferred = await stepOk('BJ', 'transferComplaint', { id, note: '经营者注册地在天津，转天津市处理' });
    expect(transferred.status).toBe('TRANSFERRED');
    last = await seenFromBothSides(id, creditCode);
    expect(last.status).toBe('TRANSFERRED');
    expect(last.timeline).toHaveLength(2);
    expect(last.timeline[1]).toMatchObject({ status: 'TRANSFERRED', region: 'BEIJING', agency: BJ_AGENCY_NAME, note: '经营者注册地在天津，转天津市处理' });
    expectRefusal(await step('BJ', 'transferComplaint', { id }), {
      code: 'BAD_USER_INPUT',
      reason: 'ILLEGAL_TRANSITION',
      message: /is TRANSFERRED, and this step applies only to REGISTERED/,
    });
  });

  it('refuses BJ (the receiving region) accepting, and mediation before acceptance', async () => {
    expectRefusal(await step('BJ', 'acceptComplaint', { id }), {
      code: 'FORBIDDEN',
      message: [new RegExp(BJ_AGENCY_NAME), /may not accept the complaint/, /only the handling region .*\(天津, TJ\)/],
      field: 'acceptComplaint',
    });
    expectRefusal(await step('TJ', 'startComplaintMediation', { id }), {
      code: 'BAD_USER_INPUT',
      reason: 'ILLEGAL_TRANSITION',
      message: /cannot start mediation .* is TRANSFERRED, and this step applies only to ACCEPTED/,
    });
    await expectUnchanged();
  });

  it('TJ accepts; the mediation deadline is 45 working days after acceptance', async () => {
    const accepted = await stepOk('TJ', 'acceptComplaint', { id, note: '予以受理' });
    expect(accepted.status).toBe('ACCEPTED');
    last = await seenFromBothSides(id, creditCode);
    const acceptedAt = new Date(last.timeline[2].at);
    expect(last.timeline[2]).toMatchObject({ status: 'ACCEPTED', region: 'TIANJIN', agency: TJ_AGENCY_NAME, note: '予以受理' });
    expect(last.mediationDeadline).toBe(CALENDAR.addWorkingDays(acceptedAt, 45).toISOString());
    expect(last.overdue).toBe(false);
  });

  it('refuses resolving before mediation has started', async () => {
    expectRefusal(await step('TJ', 'resolveComplaint', { id, note: '双方达成一致' }), {
      code: 'BAD_USER_INPUT',
      reason: 'ILLEGAL_TRANSITION',
      message: /cannot close the complaint with an agreement .* is ACCEPTED, and this step applies only to MEDIATING/,
      field: 'resolveComplaint',
    });
    expectRefusal(await step('TJ', 'acceptComplaint', { id }), { code: 'BAD_USER_INPUT', reason: 'ILLEGAL_TRANSITION', message: /is ACCEPTED/ });
    await expectUnchanged();
  });

  it('TJ starts mediation; both sides see MEDIATING', async () => {
    expect((await stepOk('TJ', 'startComplaintMediation', { id })).status).toBe('MEDIATING');
    last = await seenFromBothSides(id, creditCode);
    expect(last.status).toBe('MEDIATING');
    expect(last.timeline.map((entry: { status: string }) => entry.status)).toEqual(['REGISTERED', 'TRANSFERRED', 'ACCEPTED', 'MEDIATING']);
  });

  it('refuses closing by BJ, and closing without a note', async () => {
    expectRefusal(await step('BJ', 'resolveComplaint', { id, note: '调解成功' }), { code: 'FORBIDDEN', message: /only the handling region/ });
    const noNote = await step('TJ', 'resolveComplaint', { id });
    expect(noNote.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
    expect(noNote.errors?.[0]?.message).toMatch(/note must not be empty/);
    await expectUnchanged();
  });

  it('TJ resolves with the agreement; closedAt is set; both sides see RESOLVED', async () => {
    const resolved = await stepOk('TJ', 'resolveComplaint', { id, note: '经调解，经营者同意退货退款3299元' });
    expect(resolved.status).toBe('RESOLVED');
    last = await seenFromBothSides(id, creditCode);
    expect(last.status).toBe('RESOLVED');
    expect(last.closedAt).toBe(last.timeline[4].at);
    expect(last.overdue).toBe(false);
    expectRefusal(await step('TJ', 'terminateComplaint', { id, note: '终止调解' }), {
      code: 'BAD_USER_INPUT',
      reason: 'ILLEGAL_TRANSITION',
      message: /is RESOLVED, and this step applies only to MEDIATING/,
    });
  });

  it('only BJ (the receiving region) gives feedback, once', async () => {
    expectRefusal(await step('TJ', 'giveComplaintFeedback', { id, note: '已反馈' }), {
      code: 'FORBIDDEN',
      message: [/may not give feedback to the consumer/, /only the receiving region .*\(北京, BJ\)/],
      field: 'giveComplaintFeedback',
    });
    const done = await stepOk('BJ', 'giveComplaintFeedback', { id, note: '已电话告知消费者处理结果' });
    expect(done.status).toBe('FEEDBACK_GIVEN');
    last = await seenFromBothSides(id, creditCode);
    expect(last.timeline.map((entry: { status: string; region: string }) => [entry.status, entry.region])).toEqual([
      ['REGISTERED', 'BEIJING'],
      ['TRANSFERRED', 'BEIJING'],
      ['ACCEPTED', 'TIANJIN'],
      ['MEDIATING', 'TIANJIN'],
      ['RESOLVED', 'TIANJIN'],
      ['FEEDBACK_GIVEN', 'BEIJING'],
    ]);
    const times = last.timeline.map((entry: { at: string }) => Date.parse(entry.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expectRefusal(await step('BJ', 'giveComplaintFeedback', { id, note: '再次反馈' }), {
      code: 'BAD_USER_INPUT',
      reason: 'ILLEGAL_TRANSITION',
      message: /cannot give feedback to the consumer.*: complaint .* is FEEDBACK_GIVEN/,
      field: 'giveComplaintFeedback',
    });
    await expectUnchanged();
  });

  it('audits every write in Beijing’s log, naming the agency of each region that acted', async () => {
    const entries = ok(
      await stack.query(stack.tokens.BJ, `query($id: ID!) { auditLog(recordId: $id, limit: 500) { action agency agencyRegion entity recordId detail } }`, { id }),
    ).auditLog as Array<Record<string, string>>;
    const writes = entries.filter((entry) => entry.action !== 'READ_PERSONAL_DATA').reverse();
    expect(writes.map((entry) => [entry.action, entry.agency, entry.detail])).toEqual([
      ['CREATE', 'bj-samr', 'registered complaint'],
      ['TRANSITION', 'bj-samr', 'REGISTERED → TRANSFERRED'],
      ['TRANSITION', 'tj-samr', 'TRANSFERRED → ACCEPTED'],
      ['TRANSITION', 'tj-samr', 'ACCEPTED → MEDIATING'],
      ['TRANSITION', 'tj-samr', 'MEDIATING → RESOLVED'],
      ['TRANSITION', 'bj-samr', 'RESOLVED → FEEDBACK_GIVEN'],
    ]);
    expect(entries.every((entry) => entry.entity === 'ConsumerComplaint' && entry.recordId === id)).toBe(true);
  });
});

describe('a complaint about a business of the receiving region itself', () => {
  it('cannot be transferred; the receiving region accepts it and no other region may', async () => {
    const creditCode = testCreditCode('BJ', 'L0CAL');
    expect(creditCode).toMatch(/^9111/);
    const { id, handlingRegion } = ok(await stack.query(stack.tokens.BJ, REGISTER, { input: registerInput(creditCode, { business: { creditCode, name: '北京某某商贸有限公司' } }) }))
      .registerComplaint;
    expect(handlingRegion).toBe('BEIJING');
    expectRefusal(await step('BJ', 'transferComplaint', { id }), {
      code: 'BAD_USER_INPUT',
      reason: 'ILLEGAL_TRANSITION',
      message: /registered in the receiving region, so there is nowhere to transfer it/,
    });
    expectRefusal(await step('TJ', 'acceptComplaint', { id }), { code: 'FORBIDDEN', message: /only the handling region .*\(北京, BJ\)/ });
    expect((await stepOk('BJ', 'acceptComplaint', { id })).status).toBe('ACCEPTED');
  });
});

describe('statutory deadlines in working days (Asia/Shanghai), with the configured calendar', () => {
  const creditCode = testCreditCode('TJ', 'DEADL');
  /**
   * Received 2021-03-02T17:30Z = Wednesday 2021-03-03 01:30 in Shanghai (the UTC day is still Tuesday).
   * The receipt day is not counted; working days after it:
   *   Thu 03-04 holiday (configured) ·  Fri 03-05 holiday (configured) · Sat 03-06 make-up working day → 1
   *   Sun 03-07 weekend · Mon 03-08 → 2 · Tue 03-09 → 3 · Wed 03-10 → 4 · Thu 03-11 → 5 · Fri 03-12 → 6
   *   Sat 03-13, Sun 03-14 weekend · Mon 03-15 → 7
   * acceptDeadline = end of Monday 2021-03-15 in Shanghai = 2021-03-15T15:59:59.999Z.
   * (By weekdays alone it would be 03-12; with the holidays but without the make-up day 03-16; counting from the UTC
   * day 03-02, 03-12.)
   */
  const RECEIVED_AT = '2021-03-02T17:30:00.000Z';
  const EXPECTED_ACCEPT_DEADLINE = '2021-03-15T15:59:59.999Z';
  /**
   * Accepted 2021-03-10T02:00Z = Wednesday 2021-03-10 10:00 in Shanghai. 45 working days after it:
   *   Thu 03-11, Fri 03-12 → 2; weeks of 03-15, 03-22, 03-29 → 17;
   *   week of 04-05 has Mon 04-05 as a configured holiday → 21; weeks of 04-12, 04-19, 04-26, 05-03 → 41;
   *   Mon 05-10 → 42, Tue 05-11 → 43, Wed 05-12 → 44, Thu 05-13 → 45.
   * mediationDeadline = end of Thursday 2021-05-13 in Shanghai = 2021-05-13T15:59:59.999Z.
   */
  const ACCEPTED_AT = '2021-03-10T02:00:00.000Z';
  const EXPECTED_MEDIATION_DEADLINE = '2021-05-13T15:59:59.999Z';

  const ids = { mediationOverdue: '', undecidedOverdue: '', rejectedInTime: '', fresh: '' };

  async function register(receivedAt?: string): Promise<Record<string, any>> {
    const input = registerInput(creditCode, receivedAt ? { receivedAt } : {});
    return ok(await stack.query(stack.tokens.BJ, REGISTER, { input }), 'register').registerComplaint;
  }

  it('computes acceptDeadline across a weekend, configured holidays and a make-up working day', async () => {
    const complaint = await register(RECEIVED_AT);
    ids.mediationOverdue = complaint.id;
    expect(complaint.id).toMatch(/^BJ-CMP-2021-\d{6}$/);
    expect(complaint.receivedAt).toBe(RECEIVED_AT);
    expect(complaint.acceptDeadline).toBe(EXPECTED_ACCEPT_DEADLINE);
    // Several complaints share this credit code later on; here there is one, so the list check applies too.
    const seen = await seenFromBothSides(complaint.id, creditCode);
    expect(seen.acceptDeadline).toBe(EXPECTED_ACCEPT_DEADLINE);
    // Undecided after its deadline: overdue.
    expect(seen.overdue).toBe(true);
  });

  it('computes mediationDeadline 45 working days after the acceptance', async () => {
    const id = ids.mediationOverdue;
    await stepOk('BJ', 'transferComplaint', { id, at: '2021-03-03T03:00:00.000Z' });
    const accepted = await stepOk('TJ', 'acceptComplaint', { id, at: ACCEPTED_AT, note: '予以受理' });
    expect(accepted.status).toBe('ACCEPTED');
    expect(accepted.timeline[2].at).toBe(ACCEPTED_AT);
    expect(accepted.mediationDeadline).toBe(EXPECTED_MEDIATION_DEADLINE);
    expect(accepted.acceptDeadline).toBe(EXPECTED_ACCEPT_DEADLINE);
    // Accepted in time, but mediation has outlived its 45 working days: overdue.
    expect(accepted.overdue).toBe(true);
  });

  it('refuses a step dated before the previous one', async () => {
    const result = await step('TJ', 'startComplaintMediation', { id: ids.mediationOverdue, at: '2021-03-09T02:00:00.000Z' });
    expectRefusal(result, { code: 'BAD_USER_INPUT', message: /cannot be dated before the previous one \(2021-03-10T02:00:00.000Z\)/ });
  });

  it('lists overdue complaints (filter overdue) and counts them in complaintStatistics', async () => {
    ids.undecidedOverdue = (await register(RECEIVED_AT)).id;
    ids.rejectedInTime = (await register(RECEIVED_AT)).id;
    await stepOk('BJ', 'transferComplaint', { id: ids.rejectedInTime, at: '2021-03-03T03:00:00.000Z' });
    const rejected = await stepOk('TJ', 'rejectComplaint', { id: ids.rejectedInTime, at: '2021-03-08T02:00:00.000Z', note: '不属于消费纠纷，不予受理' });
    expect(rejected).toMatchObject({ status: 'REJECTED', closedAt: '2021-03-08T02:00:00.000Z', overdue: false });
    const fresh = await register();
    ids.fresh = fresh.id;
    expect(fresh.overdue).toBe(false);

    const listQuery = /* GraphQL */ `
      query($creditCode: String!, $overdue: Boolean!) {
        complaints(filter: { enterpriseCreditCode: $creditCode, overdue: $overdue }, first: 50) { totalCount edges { node { id overdue status } } }
      }
    `;
    for (const token of ['BJ', 'TJ', 'HE'] as const) {
      const overdue = ok(await stack.query(stack.tokens[token], listQuery, { creditCode, overdue: true })).complaints;
      expect(overdue.edges.map((edge: { node: { id: string } }) => edge.node.id).sort()).toEqual([ids.mediationOverdue, ids.undecidedOverdue].sort());
      expect(overdue.totalCount).toBe(2);
      expect(overdue.edges.every((edge: { node: { overdue: boolean } }) => edge.node.overdue)).toBe(true);
      const inTime = ok(await stack.query(stack.tokens[token], listQuery, { creditCode, overdue: false })).complaints;
      expect(inTime.edges.map((edge: { node: { id: string } }) => edge.node.id).sort()).toEqual([ids.rejectedInTime, ids.fresh].sort());
    }

    const statistics = ok(
      await stack.query(
        stack.tokens.TJ,
        `query($creditCode: String!) {
          byRegion: complaintStatistics(groupBy: [REGION], filter: { enterpriseCreditCode: $creditCode }) { key { region } count overdue }
          byStatus: complaintStatistics(groupBy: [STATUS], filter: { enterpriseCreditCode: $creditCode }) { key { status } count overdue }
        }`,
        { creditCode },
      ),
    );
    expect(statistics.byRegion).toEqual([{ key: { region: 'BEIJING' }, count: 4, overdue: 2 }]);
    const byStatus = Object.fromEntries(statistics.byStatus.map((group: { key: { status: string }; count: number; overdue: number }) => [group.key.status, [group.count, group.overdue]]));
    expect(byStatus).toEqual({ ACCEPTED: [1, 1], REGISTERED: [2, 1], REJECTED: [1, 0] });
  });

  it('counts the same overdue complaints in statistics as the overdue filter lists, across all regions', async () => {
    const data = ok(
      await stack.query(
        stack.tokens.HE,
        `{
          complaintStatistics(groupBy: [REGION]) { key { region } count overdue }
          bj: complaints(filter: { regions: [BEIJING], overdue: true }, first: 1) { totalCount }
          tj: complaints(filter: { regions: [TIANJIN], overdue: true }, first: 1) { totalCount }
          he: complaints(filter: { regions: [HEBEI], overdue: true }, first: 1) { totalCount }
        }`,
      ),
    );
    const overdueByRegion = Object.fromEntries(data.complaintStatistics.map((group: { key: { region: string }; overdue: number }) => [group.key.region, group.overdue]));
    expect(overdueByRegion).toEqual({ BEIJING: data.bj.totalCount, TIANJIN: data.tj.totalCount, HEBEI: data.he.totalCount });
    expect(overdueByRegion.BEIJING).toBeGreaterThanOrEqual(2);
  });
});

describe('personal data: masked outside the receiving and handling regions, every unmasked read audited', () => {
  const creditCode = testCreditCode('TJ', 'PDATA');
  let id = '';
  const READ = /* GraphQL */ `query($id: ID!) { complaint(id: $id) { id status consumer { name phone address masked } } }`;
  const AUDIT = /* GraphQL */ `query($id: ID!) { auditLog(recordId: $id, limit: 500) { at action agency agencyName agencyRegion entity recordId detail } }`;

  async function personalDataReads(): Promise<Array<Record<string, any>>> {
    const entries = ok(await stack.query(stack.tokens.BJ, AUDIT, { id }), 'BJ audit log').auditLog as Array<Record<string, any>>;
    return entries.filter((entry) => entry.action === 'READ_PERSONAL_DATA');
  }

  beforeAll(async () => {
    id = ok(await stack.query(stack.tokens.BJ, REGISTER_ID, { input: registerInput(creditCode) }), 'register').registerComplaint.id;
    const transferred = ok(await stack.query(stack.tokens.BJ, stepMutation('transferComplaint', true), { input: { id, note: '转天津' } })).transferComplaint;
    expect(transferred).toEqual({ id, status: 'TRANSFERRED' });
  });

  it('registering and transferring (without asking for the consumer) read no personal data', async () => {
    expect(await personalDataReads()).toEqual([]);
  });

  it('HE (a third region) sees the consumer masked, by ID and in lists; no audit entry', async () => {
    const masked = { name: '张**', phone: '138****5678', address: '北京市朝阳区****', masked: true };
    expect(ok(await stack.query(stack.tokens.HE, READ, { id })).complaint.consumer).toEqual(masked);
    const list = ok(
      await stack.query(
        stack.tokens.HE,
        `query($c: String!) { complaints(filter: { handlingRegions: [TIANJIN], enterpriseCreditCode: $c }) { edges { node { id consumer { name phone address masked } } } } }`,
        { c: creditCode },
      ),
    ).complaints;
    expect(list.edges).toEqual([{ node: { id, consumer: masked } }]);
    expect(JSON.stringify(list)).not.toContain('张小明');
    expect(JSON.stringify(list)).not.toContain('13812345678');
    expect(await personalDataReads()).toEqual([]);
  });

  it('the public token gets FORBIDDEN for complaints entirely', async () => {
    const message = /public token reads recalls, risk alerts and published penalty decisions only/;
    expectRefusal(await stack.query(stack.tokens.PUBLIC, READ, { id }), { code: 'FORBIDDEN', message, field: 'complaint' });
    expectRefusal(await stack.query(stack.tokens.PUBLIC, `{ complaints(first: 5) { edges { node { id consumer { name } } } } }`), { code: 'FORBIDDEN', message, field: 'complaints' });
    expectRefusal(await stack.query(stack.tokens.PUBLIC, `{ complaintStatistics(groupBy: [REGION]) { count } }`), { code: 'FORBIDDEN', message });
    expect(await personalDataReads()).toEqual([]);
  });

  it('BJ (receiving) and TJ (handling) see it unmasked; each read is audited in Beijing’s log, naming the agency', async () => {
    const start = Date.now();
    expect(ok(await stack.query(stack.tokens.BJ, READ, { id })).complaint.consumer).toEqual({ ...CONSUMER, masked: false });
    expect(ok(await stack.query(stack.tokens.TJ, READ, { id })).complaint.consumer).toEqual({ ...CONSUMER, masked: false });
    const reads = await personalDataReads();
    expect(reads).toHaveLength(2);
    expect(reads.map((entry) => [entry.agency, entry.agencyName, entry.agencyRegion]).sort()).toEqual(
      [
        ['bj-samr', BJ_AGENCY_NAME, 'BEIJING'],
        ['tj-samr', TJ_AGENCY_NAME, 'TIANJIN'],
      ].sort(),
    );
    for (const entry of reads) {
      expect(entry).toMatchObject({ entity: 'ConsumerComplaint', recordId: id, detail: expect.stringMatching(/consumer name, phone and address/) });
      expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(start - 1000);
    }
  });

  it('audits a list read of personal data too (one entry per complaint shown unmasked)', async () => {
    const before = (await personalDataReads()).length;
    const list = ok(
      await stack.query(stack.tokens.TJ, `query($c: String!) { complaints(filter: { enterpriseCreditCode: $c }) { edges { node { id consumer { name masked } } } } }`, { c: creditCode }),
    ).complaints;
    expect(list.edges).toEqual([{ node: { id, consumer: { name: CONSUMER.name, masked: false } } }]);
    const reads = await personalDataReads();
    expect(reads).toHaveLength(before + 1);
    expect(reads[0]).toMatchObject({ agency: 'tj-samr', agencyRegion: 'TIANJIN' });
  });

  it('audits a mutation whose answer includes the consumer like any other read', async () => {
    const before = (await personalDataReads()).length;
    const accepted = await stepOk('TJ', 'acceptComplaint', { id });
    expect(accepted.consumer).toEqual({ ...CONSUMER, masked: false });
    const reads = await personalDataReads();
    expect(reads).toHaveLength(before + 1);
    expect(reads[0]).toMatchObject({ agency: 'tj-samr', agencyRegion: 'TIANJIN' });
  });

  it('does not audit a read that does not ask for the consumer', async () => {
    const before = (await personalDataReads()).length;
    ok(await stack.query(stack.tokens.TJ, `query($id: ID!) { complaint(id: $id) { id status timeline { status } } }`, { id }));
    expect(await personalDataReads()).toHaveLength(before);
  });

  it('TJ, HE and the public token cannot read Beijing’s audit log', async () => {
    for (const token of ['TJ', 'HE', 'PUBLIC'] as const) {
      expectRefusal(await stack.query(stack.tokens[token], AUDIT, { id }), {
        code: 'FORBIDDEN',
        message: /audit log of 北京 is readable by its own agencies only/,
        field: 'auditLog',
      });
    }
  });

  it('applies the same rules straight at the Beijing subgraph', async () => {
    const before = (await personalDataReads()).length;
    const asHebei = await stack.querySubgraph('BJ', DEVELOPMENT_AGENCIES.HE, READ, { id });
    expect(ok(asHebei).complaint.consumer).toMatchObject({ masked: true, name: '张**' });
    expectRefusal(await stack.querySubgraph('BJ', DEVELOPMENT_AGENCIES.PUBLIC, READ, { id }), {
      code: 'FORBIDDEN',
      message: /public token reads recalls, risk alerts and published penalty decisions only/,
    });
    expect(ok(await stack.querySubgraph('BJ', DEVELOPMENT_AGENCIES.TJ, READ, { id })).complaint.consumer).toEqual({ ...CONSUMER, masked: false });
    const reads = await personalDataReads();
    expect(reads).toHaveLength(before + 1);
    expect(reads[0]).toMatchObject({ agency: 'tj-samr' });
    for (const identity of [DEVELOPMENT_AGENCIES.TJ, DEVELOPMENT_AGENCIES.HE]) {
      expectRefusal(await stack.querySubgraph('BJ', identity, AUDIT, { id }), { code: 'FORBIDDEN', message: /readable by its own agencies only/ });
    }
    const bare = await stack.querySubgraph('BJ', null, READ, { id });
    expect(bare.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(bare)).not.toContain('张小明');
  });
});

describe('a Hebei agency cannot write Beijing’s complaint', () => {
  const creditCode = testCreditCode('TJ', 'HEW01');
  let id = '';
  const STATUS = /* GraphQL */ `query($id: ID!) { complaint(id: $id) { status timeline { status } updatedAt } }`;

  beforeAll(async () => {
    id = ok(await stack.query(stack.tokens.BJ, REGISTER_ID, { input: registerInput(creditCode) }), 'register').registerComplaint.id;
  });

  const heRefusal = (action: RegExp, rule: RegExp) => ({
    code: 'FORBIDDEN' as const,
    message: [new RegExp(`${DEVELOPMENT_AGENCIES.HE.agencyName} \\(he-samr, 河北\\)`), action, rule],
  });

  it('refuses HE transferring, accepting or giving feedback, through the gateway', async () => {
    const before = ok(await stack.query(stack.tokens.BJ, STATUS, { id })).complaint;
    expectRefusal(await step('HE', 'transferComplaint', { id }), {
      ...heRefusal(/may not transfer the complaint/, /only the receiving region of complaint .* \(北京, BJ\)/),
      field: 'transferComplaint',
    });
    expectRefusal(await step('HE', 'acceptComplaint', { id }), heRefusal(/may not accept/, /only the handling region .*\(天津, TJ\)/));
    expectRefusal(await step('HE', 'giveComplaintFeedback', { id, note: 'x' }), heRefusal(/may not give feedback/, /only the receiving region/));
    expect(ok(await stack.query(stack.tokens.BJ, STATUS, { id })).complaint).toEqual(before);
  });

  it('refuses the same straight at the Beijing subgraph with a Hebei identity, and a public one', async () => {
    const before = ok(await stack.query(stack.tokens.BJ, STATUS, { id })).complaint;
    const direct = await stack.querySubgraph('BJ', DEVELOPMENT_AGENCIES.HE, stepMutation('transferComplaint'), { input: { id } });
    expectRefusal(direct, { ...heRefusal(/may not transfer/, /only the receiving region .*\(北京, BJ\)/), field: 'transferComplaint' });
    const registerDirect = await stack.querySubgraph('BJ', DEVELOPMENT_AGENCIES.HE, REGISTER, { input: registerInput(creditCode) });
    expectRefusal(registerDirect, heRefusal(/may not register a complaint/, /records of 北京 \(BJ\) are written only by its own agencies/));
    const publicDirect = await stack.querySubgraph('BJ', DEVELOPMENT_AGENCIES.PUBLIC, stepMutation('transferComplaint'), { input: { id } });
    expectRefusal(publicDirect, { code: 'FORBIDDEN', message: /only agencies with the write scope change records/ });
    // The same illegal transition straight at the subgraph as through the gateway.
    expectRefusal(await stack.querySubgraph('BJ', DEVELOPMENT_AGENCIES.TJ, stepMutation('acceptComplaint'), { input: { id } }), {
      code: 'BAD_USER_INPUT',
      reason: 'ILLEGAL_TRANSITION',
      message: /must be transferred before it is accepted/,
    });
    expect(ok(await stack.query(stack.tokens.BJ, STATUS, { id })).complaint).toEqual(before);
    expect(before.status).toBe('REGISTERED');
  });
});
