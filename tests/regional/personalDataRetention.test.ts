/**
 * Personal data kept only as long as allowed (issue 15): the regional service's personal-data job over the real
 * service and the embedded engine (in process, in memory), with the region's clock pinned. Complaints are made
 * through the service's API in every state, closed before and after the cutoff; one sweep anonymises exactly the
 * old closed ones (placeholders and `anonymisedAt` through the API, for the handling region too), audits each, is
 * idempotent and resumes a crashed anonymisation; old audit entries are deleted and the deletion is audited; a
 * data-protection officer (audit:read) reads the region's audit log with filters, other callers are refused.
 */
import { MongoClient, type Db, type Document } from 'mongodb';
import pino from 'pino';
import { buildCreditCode } from '../../kernel';
import { DATA_PROTECTION_OFFICERS, DEVELOPMENT_AGENCIES } from '../../platform/agencies';
import { IDENTITY_HEADER, signInternalIdentity, type Identity } from '../../platform/identity';
import { startEngine, type RunningEngine } from '../../services/engine';
import { calendarFromEnv } from '../../services/regional/config';
import { startRegionalService, type RunningRegionalService } from '../../services/regional/server';

const SECRET = 'personal-data-test-secret-0123456789';
const DATABASE = 'personal_data_tj';
const DAY_MS = 24 * 3600 * 1000;
/** "Now" for the region's clock: every cutoff is computed from it. */
const NOW = new Date('2028-12-01T02:00:00.000Z');
const RETENTION_DAYS = 1095;
const AUDIT_RETENTION_DAYS = 1825;
const CUTOFF = new Date(NOW.getTime() - RETENTION_DAYS * DAY_MS); // 2025-12-02T02:00Z
const AUDIT_CUTOFF = new Date(NOW.getTime() - AUDIT_RETENTION_DAYS * DAY_MS); // 2023-12-03T02:00Z
const PLACEHOLDER = '[已匿名]';

const TJ = DEVELOPMENT_AGENCIES.TJ;
const BJ = DEVELOPMENT_AGENCIES.BJ;
const HE = DEVELOPMENT_AGENCIES.HE;
const DPO = DATA_PROTECTION_OFFICERS.TJ;

/** A resident ID number with its GB 11643 check character, computed here independently of the service. */
function residentId(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((total, weight, index) => total + weight * Number(first17[index]), 0);
  return first17 + '10X98765432'[sum % 11];
}

const TJ_BUSINESS = buildCreditCode({ registrationAuthority: '9', organizationType: '1', divisionCode: '120116', organizationCode: 'PDR000001' });
const BJ_BUSINESS = buildCreditCode({ registrationAuthority: '9', organizationType: '1', divisionCode: '110105', organizationCode: 'PDR000002' });

interface Consumer {
  name: string;
  phone: string;
  address: string;
}

/** Each complaint's consumer is its own, so a leak of any of them can be searched for. */
function consumerOf(n: number): Consumer {
  return { name: `测试者${'甲乙丙丁戊己庚'[n]}`, phone: `1391234${String(1000 + n)}`, address: `天津市河西区友谊路${n + 1}号${n + 2}室` };
}

type Step = [mutation: string, identity: Identity, at: string, note?: string];

interface Case {
  key: string;
  business: string;
  receivedAt: string;
  steps: Step[];
  /** Anonymised by the sweep at NOW. */
  due: boolean;
  description?: (consumer: Consumer) => string;
}

const CASES: Case[] = [
  {
    key: 'old rejected',
    business: TJ_BUSINESS,
    receivedAt: '2025-03-03T02:00:00Z',
    steps: [['rejectComplaint', TJ, '2025-03-05T02:00:00Z', '不属于受理范围。']],
    due: true,
  },
  {
    key: 'old, handled by Beijing, fed back',
    business: BJ_BUSINESS,
    receivedAt: '2025-04-01T02:00:00Z',
    steps: [
      ['transferComplaint', TJ, '2025-04-01T03:00:00Z'],
      ['acceptComplaint', BJ, '2025-04-02T02:00:00Z'],
      ['startComplaintMediation', BJ, '2025-04-03T02:00:00Z'],
      ['resolveComplaint', BJ, '2025-05-06T02:00:00Z', '商家同意退款。'],
      ['giveComplaintFeedback', TJ, '2025-05-08T02:00:00Z', 'FEEDBACK_NOTE'],
    ],
    due: true,
    description: (consumer) => `本人${consumer.name}，电话${consumer.phone.slice(0, 3)} ${consumer.phone.slice(3, 7)} ${consumer.phone.slice(7)}，身份证号${residentId('11010519900307123')}。另一联系人手机+86 138-0013-8000。订单号912101160000000001。`,
  },
  {
    key: 'old terminated, fed back',
    business: TJ_BUSINESS,
    receivedAt: '2025-06-02T02:00:00Z',
    steps: [
      ['acceptComplaint', TJ, '2025-06-03T02:00:00Z'],
      ['startComplaintMediation', TJ, '2025-06-04T02:00:00Z'],
      ['terminateComplaint', TJ, '2025-08-20T02:00:00Z', '双方未达成一致。'],
      ['giveComplaintFeedback', TJ, '2025-08-22T02:00:00Z', '已告知消费者。'],
    ],
    due: true,
  },
  {
    key: 'old resolved, no feedback yet',
    business: TJ_BUSINESS,
    receivedAt: '2025-02-03T02:00:00Z',
    steps: [
      ['acceptComplaint', TJ, '2025-02-04T02:00:00Z'],
      ['startComplaintMediation', TJ, '2025-02-05T02:00:00Z'],
      ['resolveComplaint', TJ, '2025-03-10T02:00:00Z', '商家更换商品。'],
    ],
    due: false,
  },
  {
    key: 'resolved before the cutoff, fed back after it',
    business: TJ_BUSINESS,
    receivedAt: '2025-09-01T02:00:00Z',
    steps: [
      ['acceptComplaint', TJ, '2025-09-02T02:00:00Z'],
      ['startComplaintMediation', TJ, '2025-09-03T02:00:00Z'],
      ['resolveComplaint', TJ, '2025-11-20T02:00:00Z', '商家退款。'],
      ['giveComplaintFeedback', TJ, '2026-01-05T02:00:00Z', '已告知消费者。'],
    ],
    due: false,
  },
  { key: 'recently rejected', business: TJ_BUSINESS, receivedAt: '2026-02-02T02:00:00Z', steps: [['rejectComplaint', TJ, '2026-02-04T02:00:00Z', '重复投诉。']], due: false },
  { key: 'old and still open', business: TJ_BUSINESS, receivedAt: '2025-01-06T02:00:00Z', steps: [], due: false },
];

let engine: RunningEngine;
let client: MongoClient;
let db: Db;
let service: RunningRegionalService;
const ids = new Map<string, string>();
const consumers = new Map<string, Consumer>();

interface Result {
  data?: Record<string, any> | null;
  errors?: Array<{ message: string; extensions?: Record<string, any> }>;
}

async function post(identity: Identity, query: string, variables: Record<string, unknown> = {}): Promise<Result> {
  const response = await fetch(service.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: signInternalIdentity(identity, SECRET, { region: 'TJ', endpoint: 'regional' }) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Result;
}

async function ok(identity: Identity, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const result = await post(identity, query, variables);
  if (result.errors?.length || !result.data) throw new Error(`${identity.agency}: ${JSON.stringify(result.errors)}\n${query}`);
  return result.data;
}

const READ = `query($id: ID!) { complaint(id: $id) { id status subject description anonymisedAt updatedAt consumer { name phone address masked } timeline { status note } } }`;
const AUDIT = `query($recordId: ID, $action: String, $agency: String, $from: DateTime, $to: DateTime) {
  auditLog(recordId: $recordId, action: $action, agency: $agency, from: $from, to: $to, limit: 500) { at agency agencyName agencyRegion action entity recordId detail } }`;

const complaintDocument = (key: string) => db.collection<Document>('complaints').findOne({ _id: ids.get(key) as never });

beforeAll(async () => {
  engine = await startEngine({ port: 0 });
  client = await MongoClient.connect(engine.uri);
  db = client.db(DATABASE);
  service = await startRegionalService(
    {
      region: 'TJ',
      host: '127.0.0.1',
      port: 0,
      mongodbUri: engine.uri,
      databaseName: DATABASE,
      internalIdentitySecret: SECRET,
      calendar: calendarFromEnv({}),
      clock: () => new Date(NOW),
      personalDataRetentionDays: RETENTION_DAYS,
      auditLogRetentionDays: AUDIT_RETENTION_DAYS,
    },
    pino({ level: 'silent' }),
  );
  // The sweep the service ran as it started (an empty database: nothing to do).
  expect(await service.personalData.sweep()).toMatchObject({ anonymised: {}, auditEntriesDeleted: 0 });

  for (const [n, item] of CASES.entries()) {
    const consumer = consumerOf(n);
    consumers.set(item.key, consumer);
    const input = {
      channel: 'HOTLINE_12315',
      category: 'PRODUCT_QUALITY',
      consumer,
      business: { creditCode: item.business, name: '天津某电器有限公司' },
      subject: `${consumer.name}投诉充电器发热`,
      description: item.description?.(consumer) ?? '充电器使用时发热严重。',
      amountInDispute: 199,
      receivedAt: item.receivedAt,
    };
    const { registerComplaint } = await ok(TJ, `mutation($input: RegisterComplaintInput!) { registerComplaint(input: $input) { id } }`, { input });
    ids.set(item.key, registerComplaint.id);
    for (const [mutation, identity, at, note] of item.steps) {
      const text = note === 'FEEDBACK_NOTE' ? `已电话告知${consumer.name}（${consumer.phone}），地址${consumer.address}。` : note;
      await ok(identity, `mutation($input: ComplaintStepInput!) { ${mutation}(input: $input) { id } }`, { input: { id: registerComplaint.id, at, ...(text ? { note: text } : {}) } });
    }
  }

  // Audit entries written years ago: three past the audit log's retention, one within it.
  const old = { agency: 'tj-samr', agencyName: TJ.agencyName, agencyRegion: 'TJ', action: 'READ_PERSONAL_DATA', entity: 'ConsumerComplaint', recordId: 'TJ-CMP-2022-000001', detail: 'read consumer name, phone and address' };
  await db.collection('auditLog').insertMany([
    { ...old, at: new Date('2022-03-01T00:00:00Z') },
    { ...old, at: new Date('2023-06-01T00:00:00Z') },
    { ...old, at: new Date('2023-12-03T01:59:59Z') },
    { ...old, at: new Date('2024-01-10T00:00:00Z'), recordId: 'TJ-CMP-2023-000009' },
  ]);
}, 60_000);

afterAll(async () => {
  await service?.stop();
  await client?.close();
  await engine?.close();
});

describe('one sweep at the pinned time', () => {
  let before: Map<string, Record<string, any>>;
  let firstSweep: Awaited<ReturnType<RunningRegionalService['personalData']['sweep']>>;

  beforeAll(async () => {
    before = new Map();
    for (const item of CASES) before.set(item.key, (await ok(TJ, READ, { id: ids.get(item.key) })).complaint);
    firstSweep = await service.personalData.sweep();
  });

  it('anonymises only the complaints closed (rejected, or fed back) before the cutoff, and deletes the expired audit entries', () => {
    expect(firstSweep).toEqual({
      at: NOW,
      personalDataCutoff: CUTOFF,
      auditLogCutoff: AUDIT_CUTOFF,
      anonymised: { ConsumerComplaint: CASES.filter((item) => item.due).length },
      auditsRepaired: 0,
      conflicts: 0,
      auditEntriesDeleted: 3,
    });
  });

  it('shows placeholders and anonymisedAt through the API, to the receiving and the handling region alike', async () => {
    const anonymisedConsumer = { name: PLACEHOLDER, phone: PLACEHOLDER, address: PLACEHOLDER, masked: true };
    for (const item of CASES.filter((entry) => entry.due)) {
      const { complaint } = await ok(TJ, READ, { id: ids.get(item.key) });
      const consumer = consumers.get(item.key)!;
      expect({ key: item.key, consumer: complaint.consumer, anonymisedAt: complaint.anonymisedAt }).toEqual({ key: item.key, consumer: anonymisedConsumer, anonymisedAt: NOW.toISOString() });
      expect(complaint.subject).toBe(`${PLACEHOLDER}投诉充电器发热`);
      expect(complaint.status).toBe(before.get(item.key)!.status);
      expect(complaint.timeline.map((entry: { status: string }) => entry.status)).toEqual(before.get(item.key)!.timeline.map((entry: { status: string }) => entry.status));
      // Nothing of the consumer's is left anywhere in the stored record (fields, texts, events waiting in its outbox).
      const stored = JSON.stringify(await complaintDocument(item.key));
      for (const value of Object.values(consumer)) expect(stored).not.toContain(value);
      expect(stored).not.toContain('anonymisationAuditPending');
    }

    const handled = ids.get('old, handled by Beijing, fed back');
    const asBeijing = (await ok(BJ, READ, { id: handled })).complaint;
    expect(asBeijing.consumer).toEqual(anonymisedConsumer);
    expect(asBeijing.anonymisedAt).toBe(NOW.toISOString());
    expect(asBeijing.description).toBe(`本人${PLACEHOLDER}，电话${PLACEHOLDER}，身份证号${PLACEHOLDER}。另一联系人手机${PLACEHOLDER}。订单号912101160000000001。`);
    expect(asBeijing.timeline.at(-1).note).toBe(`已电话告知${PLACEHOLDER}（${PLACEHOLDER}），地址${PLACEHOLDER}。`);
    expect((await ok(HE, READ, { id: handled })).complaint.consumer).toEqual(anonymisedConsumer);
  });

  it('leaves open, unfed-back and recently closed complaints as they were', async () => {
    for (const item of CASES.filter((entry) => !entry.due)) {
      const { complaint } = await ok(TJ, READ, { id: ids.get(item.key) });
      expect({ key: item.key, ...complaint }).toEqual({ key: item.key, ...before.get(item.key)! });
      expect(complaint.consumer).toEqual({ ...consumers.get(item.key)!, masked: false });
      expect(complaint.anonymisedAt).toBeNull();
    }
  });

  it('publishes each anonymisation as a change of the complaint, without personal data', async () => {
    for (const item of CASES.filter((entry) => entry.due)) {
      const id = ids.get(item.key)!;
      const record = await complaintDocument(item.key);
      // Wherever each event is now (the relay moves them from the outbox into the log), once each.
      const pending = ((record?.outbox as Document[] | undefined) ?? []).map((event) => ({ ...event, _id: event.eventId as string }));
      const byId = new Map<string, Document>();
      for (const event of [...(await db.collection('eventLog').find({ recordId: id }).toArray()), ...pending]) byId.set(String(event._id), event);
      const events = [...byId.values()];
      const anonymisation = events.filter((event) => new Date(event.at as Date).getTime() === NOW.getTime());
      expect(anonymisation.map((event) => event.type)).toEqual(['COMPLAINT_CHANGED']);
      const published = JSON.stringify(events);
      for (const value of Object.values(consumers.get(item.key)!)) expect(published).not.toContain(value);
    }
  });

  it('audits each anonymisation once, as the region’s own job, and the deletion of expired audit entries', async () => {
    const entries = (await ok(DPO, AUDIT, { action: 'PERSONAL_DATA_ANONYMISED' })).auditLog as Array<Record<string, string>>;
    expect(entries.map((entry) => entry.recordId).sort()).toEqual(CASES.filter((item) => item.due).map((item) => ids.get(item.key)).sort());
    for (const entry of entries) {
      expect(entry).toMatchObject({ at: NOW.toISOString(), agency: 'jjj-hub-tj', agencyRegion: 'TIANJIN', entity: 'ConsumerComplaint' });
      expect(entry.detail).toContain(`before the cutoff ${CUTOFF.toISOString()} (PERSONAL_DATA_RETENTION_DAYS ${RETENTION_DAYS})`);
    }
    const [deletion, ...more] = (await ok(DPO, AUDIT, { action: 'AUDIT_ENTRIES_DELETED' })).auditLog as Array<Record<string, string>>;
    expect(more).toEqual([]);
    expect(deletion).toMatchObject({ at: NOW.toISOString(), agency: 'jjj-hub-tj', entity: 'AuditLog', recordId: 'auditLog' });
    expect(deletion!.detail).toBe(`deleted 3 audit entries dated before ${AUDIT_CUTOFF.toISOString()} (AUDIT_LOG_RETENTION_DAYS ${AUDIT_RETENTION_DAYS})`);
    expect(await db.collection('auditLog').countDocuments({ at: { $lt: AUDIT_CUTOFF } })).toBe(0);
    expect(await db.collection('auditLog').countDocuments({ recordId: 'TJ-CMP-2023-000009' })).toBe(1);
  });
});

describe('sweeping again', () => {
  it('changes nothing (idempotent)', async () => {
    const snapshot = async () => ({
      complaints: await db.collection('complaints').find({}, { projection: { outbox: 0, outboxPending: 0 }, sort: { _id: 1 } }).toArray(),
      audit: await db.collection('auditLog').countDocuments(),
    });
    const before = await snapshot();
    expect(await service.personalData.sweep()).toMatchObject({ anonymised: {}, auditsRepaired: 0, conflicts: 0, auditEntriesDeleted: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it('writes the audit entry of an anonymisation a crash left unaudited, once', async () => {
    const id = ids.get('old rejected')!;
    // As if the service had died between the anonymising write and its audit entry.
    await db.collection('complaints').updateOne({ _id: id as never }, { $set: { anonymisationAuditPending: true } });
    await db.collection('auditLog').deleteOne({ recordId: id, action: 'PERSONAL_DATA_ANONYMISED' });
    const updatedAt = (await complaintDocument('old rejected'))!.updatedAt;

    expect(await service.personalData.sweep()).toMatchObject({ anonymised: {}, auditsRepaired: 1 });
    expect(await service.personalData.sweep()).toMatchObject({ anonymised: {}, auditsRepaired: 0 });
    const entries = await db.collection('auditLog').find({ recordId: id, action: 'PERSONAL_DATA_ANONYMISED' }).toArray();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ at: NOW, agency: 'jjj-hub-tj' });
    const record = await complaintDocument('old rejected');
    expect(record).not.toHaveProperty('anonymisationAuditPending');
    expect(record!.updatedAt).toEqual(updatedAt);
  });
});

describe('the audit log for a data-protection officer (audit:read)', () => {
  const recordIds = (result: Record<string, any>) => (result.auditLog as Array<{ recordId: string }>).map((entry) => entry.recordId);

  it('filters by record, action, acting agency and time', async () => {
    const rejected = ids.get('old rejected')!;
    const ofRecord = (await ok(DPO, AUDIT, { recordId: rejected })).auditLog as Array<{ action: string; agency: string }>;
    // Newest first: the job's entry (at the pinned time), the agency's read before the sweep, its rejection, its registration.
    expect(ofRecord.map((entry) => entry.action)).toEqual(['PERSONAL_DATA_ANONYMISED', 'READ_PERSONAL_DATA', 'TRANSITION', 'CREATE']);

    const byJob = (await ok(DPO, AUDIT, { agency: 'jjj-hub-tj' })).auditLog as Array<{ action: string }>;
    expect(byJob.map((entry) => entry.action).sort()).toEqual(['AUDIT_ENTRIES_DELETED', 'PERSONAL_DATA_ANONYMISED', 'PERSONAL_DATA_ANONYMISED', 'PERSONAL_DATA_ANONYMISED']);

    expect(recordIds(await ok(DPO, AUDIT, { from: '2024-01-01T00:00:00Z', to: '2024-12-31T23:59:59Z' }))).toEqual(['TJ-CMP-2023-000009']);
    expect(recordIds(await ok(DPO, AUDIT, { from: '2028-12-01T00:00:00Z', action: 'PERSONAL_DATA_ANONYMISED', agency: 'jjj-hub-tj', recordId: rejected }))).toEqual([rejected]);
    expect(recordIds(await ok(DPO, AUDIT, { agency: 'bj-samr', action: 'TRANSITION' }))).toEqual(Array(3).fill(ids.get('old, handled by Beijing, fed back')));
  });

  it('is refused to everyone else: FORBIDDEN', async () => {
    const refusals: Array<[Identity, Record<string, unknown>]> = [
      [TJ, {}],
      [TJ, { action: 'PERSONAL_DATA_ANONYMISED' }],
      [TJ, { recordId: ids.get('old rejected'), agency: 'jjj-hub-tj' }],
      [DATA_PROTECTION_OFFICERS.BJ, { action: 'PERSONAL_DATA_ANONYMISED' }],
      [BJ, { recordId: ids.get('old, handled by Beijing, fed back') }],
      [DEVELOPMENT_AGENCIES.PUBLIC, {}],
    ];
    for (const [identity, variables] of refusals) {
      const result = await post(identity, AUDIT, variables);
      expect({ agency: identity.agency, variables, data: result.data?.auditLog ?? null, code: result.errors?.[0]?.extensions?.code }).toEqual({ agency: identity.agency, variables, data: null, code: 'FORBIDDEN' });
    }
    expect((await post(TJ, AUDIT, { action: 'PERSONAL_DATA_ANONYMISED' })).errors![0]!.message).toMatch(/data-protection officers \(scope audit:read\)/);
  });

  it('still gives the region’s agencies the entries of one record', async () => {
    const rejected = ids.get('old rejected')!;
    expect(recordIds(await ok(TJ, AUDIT, { recordId: rejected }))).toEqual(Array(4).fill(rejected));
  });

  it('refuses an unknown action as bad input', async () => {
    const result = await post(DPO, AUDIT, { action: 'DELETE_EVERYTHING' });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'action' });
  });
});
