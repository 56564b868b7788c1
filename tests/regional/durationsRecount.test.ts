/**
 * Complaint durations stored when a stage ends and recounted by the deadline job when the calendar changes (issue
 * 18), over the real regional service and the embedded engine with the clock pinned to 2027-03-01: a complaint
 * received on Thu 2026-12-31 and accepted on Mon 2027-01-04 took 2 working days while 2027's arrangement is unknown
 * (2027-01-01 counted as a Friday at work); once a 2027.json with 元旦 off is loaded it took 1, and statistics say so.
 * A record without durations (written before they existed) gets them at the next run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import pino from 'pino';
import { buildCreditCode } from '../../kernel';
import { DEVELOPMENT_AGENCIES } from '../../platform/agencies';
import { IDENTITY_HEADER, signInternalIdentity } from '../../platform/identity';
import { startEngine, type RunningEngine } from '../../services/engine';
import { loadCalendar, type CalendarSettings } from '../../services/regional/calendar/loadCalendar';
import { startRegionalService, type RunningRegionalService } from '../../services/regional/server';

const SECRET = 'durations-recount-test-secret-0123456789';
const DATABASE = 'durations_recount_tj';
const NOW = new Date('2027-03-01T02:00:00.000Z');
const BUSINESS = buildCreditCode({ registrationAuthority: '9', organizationType: '1', divisionCode: '120116', organizationCode: 'DUR000001' });
const savedPin = process.env.JJJ_NOW;

let engine: RunningEngine;
let client: MongoClient;
let db: Db;
let dir: string;
let service: RunningRegionalService;
let complaintId: string;

async function ok(query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const response = await fetch(service.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: signInternalIdentity(DEVELOPMENT_AGENCIES.TJ, SECRET, { region: 'TJ', endpoint: 'regional' }) },
    body: JSON.stringify({ query, variables }),
  });
  const result = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
  if (result.errors?.length || !result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

const stored = async () => (await db.collection('complaints').findOne({ _id: complaintId as never }))?.durations;
const STATISTICS = `{ complaintStatistics(groupBy: [YEAR]) { key { year } durations {
  receiptToAcceptance { calendarDays { sum } workingDays { sum histogram { days count } } }
  receiptToFeedback { workingDays { sum median } } } } }`;

beforeAll(async () => {
  process.env.JJJ_NOW = NOW.toISOString();
  dir = mkdtempSync(join(tmpdir(), 'jjj-durations-'));
  engine = await startEngine({ port: 0 });
  client = await MongoClient.connect(engine.uri);
  db = client.db(DATABASE);
  const settings: CalendarSettings = { calendarDir: dir, extraHolidays: [], extraMakeUpWorkdays: [] };
  service = await startRegionalService(
    { region: 'TJ', host: '127.0.0.1', port: 0, mongodbUri: engine.uri, databaseName: DATABASE, internalIdentitySecret: SECRET, calendar: loadCalendar(settings), calendarSettings: settings, clock: () => new Date(NOW) },
    pino({ level: 'silent' }),
  );
  const input = {
    channel: 'HOTLINE_12315', category: 'PRODUCT_QUALITY', consumer: { name: '测试者', phone: '13912340002', address: '天津市河西区友谊路2号' },
    business: { creditCode: BUSINESS, name: '天津某电器有限公司' }, subject: '电水壶漏水', description: '使用一周后漏水。', amountInDispute: '89.90', receivedAt: '2026-12-31T02:00:00Z',
  };
  complaintId = (await ok(`mutation($input: RegisterComplaintInput!) { registerComplaint(input: $input) { id } }`, { input })).registerComplaint.id;
  const step = (name: string, at: string, note?: string) => ok(`mutation($input: ComplaintStepInput!) { ${name}(input: $input) { id } }`, { input: { id: complaintId, at, note } });
  await step('acceptComplaint', '2027-01-04T02:00:00Z');
  await step('startComplaintMediation', '2027-01-05T02:00:00Z');
  await step('resolveComplaint', '2027-01-08T02:00:00Z', '达成退货协议。');
  await step('giveComplaintFeedback', '2027-01-11T02:00:00Z', '已反馈。');
}, 60_000);

afterAll(async () => {
  await service?.stop();
  await client?.close();
  await engine?.close();
  rmSync(dir, { recursive: true, force: true });
  if (savedPin === undefined) delete process.env.JJJ_NOW;
  else process.env.JJJ_NOW = savedPin;
});

it('each step that ends a stage stores its duration (2027 unknown: 2027-01-01 counted as a working Friday)', async () => {
  expect(await stored()).toEqual({
    receiptToAcceptance: { calendarDays: 4, workingDays: 2 },
    acceptanceToClosure: { calendarDays: 4, workingDays: 4 },
    receiptToFeedback: { calendarDays: 11, workingDays: 7 },
  });
});

it('loading 2027 (元旦 off) recounts the stored durations, and statistics read the new ones', async () => {
  writeFileSync(join(dir, '2027.json'), JSON.stringify({ year: 2027, notice: 'fixture: 元旦 only', periods: [{ name: '元旦', from: '2027-01-01', to: '2027-01-01', makeUpWorkdays: [] }] }));
  const reload = await service.reloadCalendar();
  expect(reload).toMatchObject({ ok: true, recompute: { durationsUpdated: 1 } });
  expect(await stored()).toEqual({
    receiptToAcceptance: { calendarDays: 4, workingDays: 1 },
    acceptanceToClosure: { calendarDays: 4, workingDays: 4 },
    receiptToFeedback: { calendarDays: 11, workingDays: 6 },
  });
  const groups = (await ok(STATISTICS)).complaintStatistics;
  expect(groups).toEqual([
    {
      key: { year: '2026' },
      durations: {
        receiptToAcceptance: { calendarDays: { sum: 4 }, workingDays: { sum: 1, histogram: [{ days: 1, count: 1 }] } },
        receiptToFeedback: { workingDays: { sum: 6, median: 6 } },
      },
    },
  ]);
  expect(await service.deadlines.run()).toMatchObject({ upToDate: true, durationsUpdated: 0 });
});

it('a record without durations gets them at the next run', async () => {
  await db.collection('complaints').updateOne({ _id: complaintId as never }, { $unset: { durations: '' } });
  expect(await service.deadlines.run()).toMatchObject({ upToDate: true, durationsUpdated: 1 });
  expect((await stored())?.receiptToFeedback).toEqual({ calendarDays: 11, workingDays: 6 });
});

it('idle() resolves only when the run in progress has ended (the statistics bench waits for the start-up run)', async () => {
  await db.collection('complaints').updateOne({ _id: complaintId as never }, { $unset: { durations: '' } });
  let runEnded = false;
  const run = service.deadlines.run().then(() => (runEnded = true));
  await service.deadlines.idle();
  expect(runEnded).toBe(true);
  expect((await stored())?.receiptToFeedback).toEqual({ calendarDays: 11, workingDays: 6 });
  await run;
});
