/**
 * Assistance reply deadlines and a calendar year added later (issue 20 on issue 17's calendar), over the real
 * regional service and the embedded engine with the clock pinned at Monday 21 December 2026: a request sent then is
 * due 15 working days later, counted into 2027 by weekdays alone (Monday 11 January, provisional); a 2027.json with
 * New Year's Day off is dropped into CALENDAR_DIR, the service reloads its calendar (what SIGHUP does) and the stored
 * deadline becomes Tuesday 12 January, not provisional, with one ASSISTANCE_REQUEST_CHANGED event and one audit entry
 * by the region's system identity; a granted extension is counted on from the recomputed deadline; a replied request
 * keeps its deadline as history.
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

const SECRET = 'assistance-deadlines-test-secret-0123456789';
const DATABASE = 'assistance_deadlines_tj';
const NOW = new Date('2026-12-21T02:00:00.000Z');
const { TJ, BJ } = DEVELOPMENT_AGENCIES;
const BJ_PARTY = buildCreditCode({ registrationAuthority: '9', organizationType: '1', divisionCode: '110105', organizationCode: 'ANT000001' });

let engine: RunningEngine;
let client: MongoClient;
let db: Db;
let dir: string;
let service: RunningRegionalService;
const savedPin = process.env.JJJ_NOW;

async function post(identity: Identity, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const response = await fetch(service.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: signInternalIdentity(identity, SECRET, { region: 'TJ', endpoint: 'regional' }) },
    body: JSON.stringify({ query, variables }),
  });
  const result = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
  if (result.errors?.length || !result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

const REQUEST = `mutation($input: RequestAssistanceInput!) { requestAssistance(input: $input) { id replyDeadline replyDeadlineProvisional } }`;
const READ = `query($id: ID!) { assistanceRequest(id: $id) { status replyDeadline replyDeadlineProvisional } }`;
const settings = (): CalendarSettings => ({ calendarDir: dir, extraHolidays: [], extraMakeUpWorkdays: [] });

let caseId = '';
const send = async (): Promise<Record<string, any>> =>
  (await post(TJ, REQUEST, { input: { caseId, targetRegion: 'BEIJING', type: 'COLLECT_EVIDENCE', party: { kind: 'ENTERPRISE', name: '北京某商贸有限公司', creditCode: BJ_PARTY }, request: '请协助调取销售记录。' } })).requestAssistance;

beforeAll(async () => {
  process.env.JJJ_NOW = NOW.toISOString();
  dir = mkdtempSync(join(tmpdir(), 'jjj-assistance-calendar-'));
  engine = await startEngine({ port: 0 });
  client = await MongoClient.connect(engine.uri);
  db = client.db(DATABASE);
  service = await startRegionalService(
    { region: 'TJ', host: '127.0.0.1', port: 0, mongodbUri: engine.uri, databaseName: DATABASE, internalIdentitySecret: SECRET, calendar: loadCalendar(settings()), calendarSettings: settings(), clock: () => new Date(NOW) },
    pino({ level: 'silent' }),
  );
  const filed = await post(TJ, `mutation($input: FileEnforcementCaseInput!) { fileEnforcementCase(input: $input) { id } }`, {
    input: { domain: 'TRADEMARK', title: '销售侵犯注册商标专用权商品案', facts: '经查……', parties: [{ kind: 'ENTERPRISE', name: '北京某商贸有限公司', creditCode: BJ_PARTY }] },
  });
  caseId = filed.fileEnforcementCase.id;
}, 60_000);

afterAll(async () => {
  await service?.stop();
  await client?.close();
  await engine?.close();
  rmSync(dir, { recursive: true, force: true });
  if (savedPin === undefined) delete process.env.JJJ_NOW;
  else process.env.JJJ_NOW = savedPin;
});

test('a 2027 calendar added while requests are open moves their reply deadlines (extensions counted on), not a replied one’s', async () => {
  // 22, 23, 24, 25, 28, 29, 30, 31 December, then 1 (a weekday: no 2027 file yet), 4–8, 11 January.
  const open = await send();
  expect(open).toMatchObject({ replyDeadline: '2027-01-11T15:59:59.999Z', replyDeadlineProvisional: true });
  const extended = await send();
  // Accepted by Beijing; 3 more working days asked and granted: 12, 13, 14 January.
  await post(BJ, `mutation($input: AssistanceStepInput!) { acceptAssistanceRequest(input: $input) { id } }`, { input: { id: extended.id } });
  await post(BJ, `mutation($input: AssistanceExtensionInput!) { requestAssistanceExtension(input: $input) { id } }`, { input: { id: extended.id, workingDays: 3, reason: '需调取平台数据' } });
  const granted = (await post(TJ, `mutation($input: AssistanceExtensionDecisionInput!) { decideAssistanceExtension(input: $input) { replyDeadline replyDeadlineProvisional } }`, { input: { id: extended.id, grant: true } })).decideAssistanceExtension;
  expect(granted).toEqual({ replyDeadline: '2027-01-14T15:59:59.999Z', replyDeadlineProvisional: true });
  const replied = await send();
  await post(BJ, `mutation($input: AssistanceStepInput!) { acceptAssistanceRequest(input: $input) { id } }`, { input: { id: replied.id } });
  await post(BJ, `mutation($input: ReplyToAssistanceInput!) { replyToAssistanceRequest(input: $input) { id } }`, { input: { id: replied.id, findings: '已调取。' } });

  writeFileSync(join(dir, '2027.json'), JSON.stringify({ year: 2027, notice: 'fixture: 元旦 only', periods: [{ name: '元旦', from: '2027-01-01', to: '2027-01-01', makeUpWorkdays: [] }] }));
  const reload = await service.reloadCalendar();
  expect(reload).toMatchObject({ ok: true, change: { added: [2027] }, recompute: { upToDate: false, assistanceUpdated: 2, conflicts: 0 } });

  expect((await post(TJ, READ, { id: open.id })).assistanceRequest).toEqual({ status: 'SENT', replyDeadline: '2027-01-12T15:59:59.999Z', replyDeadlineProvisional: false });
  expect((await post(TJ, READ, { id: extended.id })).assistanceRequest).toEqual({ status: 'ACCEPTED', replyDeadline: '2027-01-15T15:59:59.999Z', replyDeadlineProvisional: false });
  expect((await post(TJ, READ, { id: replied.id })).assistanceRequest).toEqual({ status: 'REPLIED', replyDeadline: '2027-01-11T15:59:59.999Z', replyDeadlineProvisional: true });

  await service.relay.drain();
  expect(await db.collection('eventLog').countDocuments({ recordId: open.id, type: 'ASSISTANCE_REQUEST_CHANGED' })).toBe(1);
  const audit = await db.collection('auditLog').find({ recordId: open.id, agency: 'jjj-hub-tj' }).toArray();
  expect(audit).toEqual([expect.objectContaining({ action: 'UPDATE', detail: expect.stringContaining('replyDeadline recomputed with the holiday calendar of years 2022–2027: 2027-01-11T15:59:59.999Z → 2027-01-12T15:59:59.999Z') })]);

  // Nothing more to do with the same calendar.
  expect(await service.deadlines.run()).toMatchObject({ upToDate: true, assistanceUpdated: 0 });
}, 60_000);
