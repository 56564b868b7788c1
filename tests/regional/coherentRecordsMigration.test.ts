/**
 * The coherent-records migration (2026-12-06-05) on a Tianjin database holding records as older seed generators
 * wrote them: fixed through the normal write path (same IDs, one event in the region's event log and one audit entry
 * each, nothing lost), idempotent, and changing nothing in data of the current generator.
 */
import { MongoClient, type Db } from 'mongodb';
import pino from 'pino';
import { DEFAULT_WORKING_DAY_CALENDAR, regionOfCreditCode } from '../../kernel';
import { alertWordsProblems, parseAlertDescription } from '../../seeds/alertText';
import { generateSeedData, type RegionSeedData } from '../../seeds/generate';
import { seedRegion } from '../../seeds/seedRegion';
import { PRODUCT_CATALOG } from '../../seeds/vocabulary/products';
import { startEngine, type RunningEngine } from '../../services/engine';
import { calendarFromEnv } from '../../services/regional/config';
import { auditCollection } from '../../services/regional/data/audit';
import { complaintTimelineProblems } from '../../services/regional/entities/complaint/complaint.workflow';
import { templateReviewProblems } from '../../services/regional/entities/contractTemplate/contractTemplate.workflow';
import { eventLogCollection } from '../../services/regional/events/eventLog';
import { coherentRecords } from '../../services/regional/migrations/2026-12-06-05-coherent-records';
import { runMigrations } from '../../services/regional/migrations/runner';
import { COLLECTIONS, type ConsumerComplaintDocument, type ContractTemplateDocument, type EnterpriseDocument, type RiskAlertDocument } from '../../services/regional/model';
import { startRegionalService } from '../../services/regional/server';
import { KEEP_SEED_PERSONAL_DATA_DAYS } from '../helpers/regionalSubgraph';
import { deepCopy } from '../helpers/deepCopy';

let engine: RunningEngine;
let client: MongoClient;
const silent = pino({ level: 'silent' });

beforeAll(async () => {
  engine = await startEngine({ port: 0 });
  client = await MongoClient.connect(engine.uri);
});

afterAll(async () => {
  await client?.close();
  await engine?.close();
});

/** Tianjin's current seed data with one record of each defect the older generators made. */
function oldStyleTianjin(): { data: RegionSeedData; ids: { complaint: string; template: string; alert: string; enterprise: string; consumer: string }; naming: string[] } {
  const all = generateSeedData();
  const data = deepCopy(all.TJ);
  const hebeiMaker = (industry: string): EnterpriseDocument => all.HE.enterprises.find((e) => e.industry === industry)!;

  // Feedback given by the handling region of a transferred complaint.
  const complaint = data.complaints.find((c) => c.handlingRegion !== 'TJ' && c.status === 'FEEDBACK_GIVEN')!;
  const handling = complaint.timeline[complaint.timeline.length - 2]!;
  Object.assign(complaint.timeline[complaint.timeline.length - 1]!, { region: handling.region, agency: handling.agency });

  // A return and an endorsement by one region in one round: decisions without rounds, effectiveFrom a later day.
  const template = data.contractTemplates.find((t) => t.status === 'PUBLISHED' && t.endorsements.some((e) => e.decision === 'RETURNED'))!;
  const first = template.endorsements.find((e) => e.round === 1 && e.decision === 'ENDORSED')!;
  const returned = template.endorsements.find((e) => e.decision === 'RETURNED')!;
  template.endorsements = [first, returned, ...template.endorsements.filter((e) => e.round === template.reviewRound && e.region !== first.region)].map((e) => {
    const { round: _round, ...withoutRound } = e;
    return withoutRound;
  });
  delete template.reviewRound;
  template.effectiveFrom = new Date(template.effectiveFrom!.getTime() + 20 * 86_400_000);

  // An alert about one maker's children's bookcases that also lists another Tianjin maker and a Hebei one (followers'
  // manufacturers) and gives office-chair advice.
  const [bookcase, chair] = ['儿童书柜', '办公转椅'].map((name) => PRODUCT_CATALOG.FURNITURE.products.find((p) => p.name === name)!);
  const alert = data.riskAlerts.find((a) => a.productCategory === 'FURNITURE' && a.enterpriseCreditCodes.length === 1 && regionOfCreditCode(a.enterpriseCreditCodes[0]!) === 'TJ')!;
  const maker = data.enterprises.find((e) => e._id === alert.enterpriseCreditCodes[0])!;
  const words = parseAlertDescription('FURNITURE', alert.description)!;
  const otherMaker = data.enterprises.find((e) => e.industry === maker.industry && e._id !== maker._id)!;
  alert.description = alert.description.replace(`${words.product.name}${words.defect.defect}`, `${bookcase!.name}${bookcase!.defects[0]!.defect}`).replace(words.defect.consequence, bookcase!.defects[0]!.consequence).replace(words.product.advice, chair!.advice);
  alert.hazardType = bookcase!.defects[0]!.hazardType;
  alert.title = `关于${words.brands[0]}牌儿童书柜存在机械伤害风险的消费提示`;
  alert.enterpriseCreditCodes.push(otherMaker._id, hebeiMaker(maker.industry)._id);

  // The county's former name in an enterprise's address and name and in a consumer's address.
  // (An enterprise named after the county: every record naming it names it so.)
  const enterprise = data.enterprises.find((e) => e.address.startsWith('天津市蓟州区') && e.name.startsWith('天津市蓟州区'))!;
  const naming: string[] = [];
  const renamed = (text: string): string => text.split(enterprise.name).join(enterprise.name.replace('蓟州区', '蓟县'));
  for (const list of [data.riskAlerts, data.recalls, data.complaints] as { _id: string }[][]) {
    for (const record of list) {
      const before = JSON.stringify(record);
      Object.assign(record, JSON.parse(renamed(before), (_key, value: unknown) => (typeof value === 'string' && /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(value) ? new Date(value) : value)));
      if (JSON.stringify(record) !== before) naming.push(record._id);
    }
  }
  enterprise.address = enterprise.address.replace('蓟州区', '蓟县');
  enterprise.name = enterprise.name.replace('蓟州区', '蓟县');
  const consumer = data.complaints.find((c) => c._id !== complaint._id && !naming.includes(c._id) && c.consumer.address.startsWith('天津市'))!;
  consumer.consumer.address = consumer.consumer.address.replace(/^天津市[^区]+区/, '天津市蓟县');
  return { data, ids: { complaint: complaint._id, template: template._id, alert: alert._id, enterprise: enterprise._id, consumer: consumer._id }, naming };
}

async function snapshot(db: Db): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const name of [COLLECTIONS.enterprises, COLLECTIONS.riskAlerts, COLLECTIONS.recalls, COLLECTIONS.complaints, COLLECTIONS.contractTemplates]) {
    result[name] = await db.collection(name).find({}, { sort: { _id: 1 } }).toArray();
  }
  return result;
}

describe('2026-12-06-05-coherent-records', () => {
  it('repairs old-style records in place with an event and an audit entry each, loses none, and is idempotent', async () => {
    const db = client.db('coherent_old');
    const { data, ids, naming } = oldStyleTianjin();
    expect(naming.length).toBeGreaterThan(0);
    expect(naming).not.toContain(ids.alert);
    await seedRegion(db, 'TJ', { data, progress: () => undefined });
    const countsBefore = Object.fromEntries(Object.entries(await snapshot(db)).map(([name, docs]) => [name, docs.length]));

    // Through the regional service's start: migrations, then the outbox relay appends their events to the log.
    const service = await startRegionalService(
      { region: 'TJ', host: '127.0.0.1', port: 0, mongodbUri: engine.uri, databaseName: db.databaseName, internalIdentitySecret: 'coherent-records-test-secret-0123', calendar: calendarFromEnv({}), personalDataRetentionDays: KEEP_SEED_PERSONAL_DATA_DAYS },
      silent,
    );
    try {
      const record = await db.collection('migrations').findOne({ _id: coherentRecords.id as never });
      const changedIds = [...new Set([ids.complaint, ids.template, ids.alert, ids.consumer, ...naming])];
      expect(record).toMatchObject({ documentsChanged: changedIds.length + 1 });

      const complaint = (await db.collection<ConsumerComplaintDocument>(COLLECTIONS.complaints).findOne({ _id: ids.complaint }))!;
      expect(complaint.timeline[complaint.timeline.length - 1]).toMatchObject({ status: 'FEEDBACK_GIVEN', region: 'TJ', agency: complaint.timeline[0]!.agency });
      expect(complaintTimelineProblems(complaint, DEFAULT_WORKING_DAY_CALENDAR)).toEqual([]);

      const template = (await db.collection<ContractTemplateDocument>(COLLECTIONS.contractTemplates).findOne({ _id: ids.template }))!;
      expect(templateReviewProblems(template)).toEqual([]);
      expect(template.status).toBe('PUBLISHED');
      expect(template.reviewRound).toBe(2);
      const returned = template.endorsements.find((e) => e.decision === 'RETURNED')!;
      expect(returned.round).toBe(1);
      expect(template.endorsements.filter((e) => e.round === 2 && e.decision === 'ENDORSED').map((e) => e.region).sort()).toEqual(['BJ', 'HE', 'TJ']);
      expect(template.effectiveFrom).toEqual(template.endorsements[template.endorsements.length - 1]!.at);

      const alert = (await db.collection<RiskAlertDocument>(COLLECTIONS.riskAlerts).findOne({ _id: ids.alert }))!;
      const names = new Map((await db.collection<EnterpriseDocument>(COLLECTIONS.enterprises).find({}).toArray()).map((e) => [e._id, e.name]));
      expect(alertWordsProblems(alert, (code) => names.get(code))).toEqual([]);
      expect(alert.enterpriseCreditCodes).toHaveLength(3);
      const words = parseAlertDescription('FURNITURE', alert.description)!;
      expect(words).toMatchObject({ brands: [], involved: { kind: 'COUNTED', count: 3 } });
      expect(words.product.name).toBe('儿童书柜');
      expect(words.advice).toBe(words.product.advice);
      expect(alert.title).not.toContain('牌');

      const enterprise = (await db.collection<EnterpriseDocument>(COLLECTIONS.enterprises).findOne({ _id: ids.enterprise }))!;
      expect(enterprise.address).toMatch(/^天津市蓟州区/);
      expect(enterprise.name).toMatch(/^天津市蓟州区/);
      for (const id of naming) {
        const collection = id.includes('-RSK-') ? COLLECTIONS.riskAlerts : id.includes('-RCL-') ? COLLECTIONS.recalls : COLLECTIONS.complaints;
        const text = JSON.stringify(await db.collection(collection).findOne({ _id: id as never }));
        expect(text).toContain(enterprise.name);
        expect(text).not.toContain('蓟县');
      }
      const consumer = (await db.collection<ConsumerComplaintDocument>(COLLECTIONS.complaints).findOne({ _id: ids.consumer }))!;
      expect(consumer.consumer.address).toMatch(/^天津市蓟州区/);

      // One event per evented record changed, in the region's event log; one audit entry per record by the system.
      const deadline = Date.now() + 15_000;
      let logged: string[] = [];
      while (Date.now() < deadline) {
        logged = (await eventLogCollection(db).find({ recordId: { $in: changedIds } }).toArray()).map((e) => `${e.recordId}:${e.type}`);
        if (logged.length >= changedIds.length) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const eventType = (id: string): string => (id.includes('-RSK-') ? 'RISK_ALERT_UPDATED' : id.includes('-RCL-') ? 'RECALL_UPDATED' : id.includes('-CTP-') ? 'CONTRACT_TEMPLATE_CHANGED' : 'COMPLAINT_CHANGED');
      expect(logged.sort()).toEqual(changedIds.map((id) => `${id}:${eventType(id)}`).sort());
      const audits = await auditCollection(db).find({ detail: { $regex: '^2026-12-06-05-coherent-records' } }).toArray();
      expect(audits.map((a) => a.recordId).sort()).toEqual([...changedIds, ids.enterprise].sort());
      expect(new Set(audits.map((a) => a.agency))).toEqual(new Set(['jjj-hub-tj']));
    } finally {
      await service.stop();
    }

    const after = await snapshot(db);
    expect(Object.fromEntries(Object.entries(after).map(([name, docs]) => [name, docs.length]))).toEqual(countsBefore);
    // A second run finds nothing to do and leaves every record as it was.
    const again = await coherentRecords.up({ db, region: 'TJ', logger: silent, now: new Date('2026-12-06T12:00:00Z') });
    expect(again).toEqual({ documentsChanged: 0 });
    expect(await snapshot(db)).toEqual(after);
  });

  it('changes nothing in a database seeded by the current generator', async () => {
    const db = client.db('coherent_fresh');
    await seedRegion(db, 'HE', { generator: { counts: { riskAlerts: 150, recalls: 150, contractTemplates: 30, complaints: 150 } }, progress: () => undefined });
    const before = await snapshot(db);
    const { ran } = await runMigrations(db, 'HE', { logger: silent, migrations: [coherentRecords] });
    expect(ran.map((r) => [r._id, r.documentsChanged])).toEqual([[coherentRecords.id, 0]]);
    expect(await snapshot(db)).toEqual(before);
  });
});
