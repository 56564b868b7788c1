/**
 * Deadlines past the calendar and a year added later (issue 17), over the real regional service and the embedded
 * engine with the region's clock pinned: a complaint accepted on 2026-12-02 gets the mediation deadline 2027-02-03,
 * flagged provisional (no 2027 calendar: weekends only); a 2027.json with only New Year's Day off is dropped into
 * CALENDAR_DIR, the service reloads its calendar (what SIGHUP does) and the stored deadline becomes 2027-02-04, not
 * provisional, with exactly one complaintChanged event and one audit entry by the region's system identity. A bad
 * file is refused and the calendar in force kept; a restart with the same calendar changes nothing; a restart with
 * EXTRA_HOLIDAYS set since recomputes at start.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import pino from 'pino';
import { buildCreditCode } from '../../kernel';
import { DEVELOPMENT_AGENCIES } from '../../platform/agencies';
import { IDENTITY_HEADER, signInternalIdentity, type Identity } from '../../platform/identity';
import { startEngine, type RunningEngine } from '../../services/engine';
import { loadCalendar, type CalendarSettings } from '../../services/regional/calendar/loadCalendar';
import { startRegionalService, type RunningRegionalService } from '../../services/regional/server';

const SECRET = 'calendar-deadlines-test-secret-0123456789';
const DATABASE = 'calendar_deadlines_tj';
const NOW = new Date('2026-12-06T02:00:00.000Z');
const TJ = DEVELOPMENT_AGENCIES.TJ;
const TJ_BUSINESS = buildCreditCode({ registrationAuthority: '9', organizationType: '1', divisionCode: '120116', organizationCode: 'CAL000001' });
const END_OF_FEB_3 = '2027-02-03T15:59:59.999Z';
const END_OF_FEB_4 = '2027-02-04T15:59:59.999Z';

let engine: RunningEngine;
let client: MongoClient;
let db: Db;
let dir: string;
let service: RunningRegionalService;
let complaintId: string;
const savedPin = process.env.JJJ_NOW;

async function start(settings: CalendarSettings): Promise<RunningRegionalService> {
  return startRegionalService(
    {
      region: 'TJ',
      host: '127.0.0.1',
      port: 0,
      mongodbUri: engine.uri,
      databaseName: DATABASE,
      internalIdentitySecret: SECRET,
      calendar: loadCalendar(settings),
      calendarSettings: settings,
      clock: () => new Date(NOW),
    },
    pino({ level: 'silent' }),
  );
}

async function ok(identity: Identity, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const response = await fetch(service.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: signInternalIdentity(identity, SECRET, { region: 'TJ', endpoint: 'regional' }) },
    body: JSON.stringify({ query, variables }),
  });
  const result = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
  if (result.errors?.length || !result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

const READ = `query($id: ID!) { complaint(id: $id) { status acceptDeadline acceptDeadlineProvisional mediationDeadline mediationDeadlineProvisional } }`;
const YEARS = `{ calendarYears { year source notice holidays { name from to days } makeUpWorkdays { date name } } }`;
const readComplaint = async () => (await ok(TJ, READ, { id: complaintId })).complaint;

/** COMPLAINT_CHANGED events of the complaint, in the region's event log. */
async function changeEvents(): Promise<number> {
  await service.relay.drain();
  return db.collection('eventLog').countDocuments({ recordId: complaintId, type: 'COMPLAINT_CHANGED' });
}

const settings = (): CalendarSettings => ({ calendarDir: dir, extraHolidays: [], extraMakeUpWorkdays: [] });
const fixture2027 = { year: 2027, notice: 'fixture: 元旦 only', periods: [{ name: '元旦', from: '2027-01-01', to: '2027-01-01', makeUpWorkdays: [] }] };

beforeAll(async () => {
  // The one clock (what registerComplaint and the steps check dates against) and the region's clock, pinned alike.
  process.env.JJJ_NOW = NOW.toISOString();
  dir = mkdtempSync(join(tmpdir(), 'jjj-calendar-dir-'));
  engine = await startEngine({ port: 0 });
  client = await MongoClient.connect(engine.uri);
  db = client.db(DATABASE);
  service = await start(settings());
  const input = {
    channel: 'HOTLINE_12315',
    category: 'PRODUCT_QUALITY',
    consumer: { name: '测试者', phone: '13912340001', address: '天津市河西区友谊路1号' },
    business: { creditCode: TJ_BUSINESS, name: '天津某电器有限公司' },
    subject: '充电器发热',
    description: '充电器使用时发热严重。',
    amountInDispute: 199,
    receivedAt: '2026-12-02T01:00:00Z',
  };
  complaintId = (await ok(TJ, `mutation($input: RegisterComplaintInput!) { registerComplaint(input: $input) { id } }`, { input })).registerComplaint.id;
  await ok(TJ, `mutation($input: ComplaintStepInput!) { acceptComplaint(input: $input) { id } }`, { input: { id: complaintId, at: '2026-12-02T02:00:00Z' } });
}, 60_000);

afterAll(async () => {
  await service?.stop();
  await client?.close();
  await engine?.close();
  rmSync(dir, { recursive: true, force: true });
  if (savedPin === undefined) delete process.env.JJJ_NOW;
  else process.env.JJJ_NOW = savedPin;
});

describe('a calendar year added while the service runs', () => {
  it('before: the deadline counted into 2027 is provisional, and calendarYears ends with 2026', async () => {
    expect(await readComplaint()).toEqual({
      status: 'ACCEPTED',
      acceptDeadline: '2026-12-11T15:59:59.999Z',
      acceptDeadlineProvisional: false,
      mediationDeadline: END_OF_FEB_3,
      mediationDeadlineProvisional: true,
    });
    const { calendarYears } = await ok(TJ, YEARS);
    expect(calendarYears.map((entry: any) => `${entry.year} ${entry.source}`)).toEqual(['2022 BUILT_IN', '2023 BUILT_IN', '2024 BUILT_IN', '2025 BUILT_IN', '2026 BUILT_IN']);
    const spring2026 = calendarYears[4].holidays.find((holiday: any) => holiday.name === '春节');
    expect(spring2026).toEqual({ name: '春节', from: '2026-02-15', to: '2026-02-23', days: expect.arrayContaining(['2026-02-15', '2026-02-23']) });
    expect(calendarYears[4].makeUpWorkdays).toContainEqual({ date: '2026-02-14', name: '春节' });
    expect(await changeEvents()).toBe(1); // the acceptance
  });

  it('after the reload: 2027-02-04, not provisional, with exactly one complaintChanged event and one audit entry', async () => {
    writeFileSync(join(dir, '2027.json'), JSON.stringify(fixture2027));
    const reload = await service.reloadCalendar();
    expect(reload).toMatchObject({ ok: true, change: { added: [2027], changed: [], removed: [], differs: true }, recompute: { upToDate: false, updated: 1, conflicts: 0 } });
    expect(await readComplaint()).toMatchObject({ mediationDeadline: END_OF_FEB_4, mediationDeadlineProvisional: false, acceptDeadlineProvisional: false });
    expect(await changeEvents()).toBe(2);
    const audit = await db.collection('auditLog').find({ recordId: complaintId, agency: 'jjj-hub-tj' }).toArray();
    expect(audit).toEqual([expect.objectContaining({ action: 'UPDATE', at: NOW, detail: expect.stringContaining(`mediationDeadline recomputed with the holiday calendar of years 2022–2027: 2027-02-03T15:59:59.999Z → ${END_OF_FEB_4}`) })]);
    expect(JSON.stringify(await db.collection('complaints').findOne({ _id: complaintId as never }))).not.toContain('deadlineAuditPending');
    const { calendarYears } = await ok(TJ, YEARS);
    expect(calendarYears[5]).toEqual({ year: 2027, source: 'CALENDAR_DIR', notice: 'fixture: 元旦 only', holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-01', days: ['2027-01-01'] }], makeUpWorkdays: [] });
  });

  it('a second reload of the same files changes nothing', async () => {
    expect(await service.reloadCalendar()).toMatchObject({ ok: true, change: { added: [], changed: [], differs: false }, recompute: null });
    expect(await service.deadlines.run()).toMatchObject({ upToDate: true, updated: 0 });
    expect(await changeEvents()).toBe(2);
  });

  it('a bad file is refused with its reason and the calendar in force is kept', async () => {
    writeFileSync(join(dir, '2028.json'), JSON.stringify({ ...fixture2027, year: 2028 }));
    const reload = await service.reloadCalendar();
    expect(reload.ok).toBe(false);
    expect(!reload.ok && reload.error.message).toContain(`${join(dir, '2028.json')}: periods[0] 元旦: 2027-01-01 is not in 2028`);
    expect(service.calendar().isKnownYear(2027)).toBe(true);
    expect(await readComplaint()).toMatchObject({ mediationDeadline: END_OF_FEB_4, mediationDeadlineProvisional: false });
    rmSync(join(dir, '2028.json'));
  });

  it('a restart with the same calendar recomputes nothing; one with EXTRA_HOLIDAYS set since recomputes at start', async () => {
    await service.stop();
    service = await start(settings());
    expect(await service.deadlines.run()).toMatchObject({ upToDate: true, updated: 0 });
    await service.stop();
    service = await start({ ...settings(), extraHolidays: ['2027-02-01'] });
    // The run started with the service is serialised before this one: by now it has corrected the record.
    expect(await service.deadlines.run()).toMatchObject({ upToDate: true, updated: 0 });
    expect(await readComplaint()).toMatchObject({ mediationDeadline: '2027-02-05T15:59:59.999Z', mediationDeadlineProvisional: false });
    expect(await changeEvents()).toBe(3);
  });
});
