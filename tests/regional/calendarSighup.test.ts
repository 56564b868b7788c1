/**
 * SIGHUP reloads a regional process's holiday calendar (issue 17): a real regional service process (services/regional/
 * main.ts) over an in-process engine, with CALENDAR_DIR a temporary folder. A 2027.json dropped there and a SIGHUP:
 * the process logs the year added and `calendarYears` lists 2027 from CALENDAR_DIR. A bad file and a SIGHUP: the
 * error is logged naming the file and the day, the process keeps serving with the calendar it had.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEVELOPMENT_AGENCIES } from '../../platform/agencies';
import { startTsProcess, type ManagedProcess } from '../../platform/childProcess';
import { IDENTITY_HEADER, signInternalIdentity } from '../../platform/identity';
import { startEngine, type RunningEngine } from '../../services/engine';

const SECRET = 'calendar-sighup-test-secret-0123456789';

let engine: RunningEngine;
let dir: string;
let regional: ManagedProcess;
let url: string;
const lines: Array<Record<string, any>> = [];

function logLine(message: string, after: number): Promise<Record<string, any>> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const look = () => {
      const found = lines.slice(after).find((line) => line.msg === message);
      if (found) resolve(found);
      else if (Date.now() - started > 15_000) reject(new Error(`no "${message}" logged`));
      else setTimeout(look, 50);
    };
    look();
  });
}

async function calendarYears(): Promise<Array<{ year: number; source: string }>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: signInternalIdentity(DEVELOPMENT_AGENCIES.TJ, SECRET, { region: 'TJ', endpoint: 'regional' }) },
    body: JSON.stringify({ query: '{ calendarYears { year source } }' }),
  });
  const body = (await response.json()) as { data: { calendarYears: Array<{ year: number; source: string }> } };
  return body.data.calendarYears;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jjj-calendar-sighup-'));
  engine = await startEngine({ port: 0 });
  regional = startTsProcess(
    'regional-TJ',
    'services/regional/main.ts',
    {
      REGION: 'TJ',
      HOST: '127.0.0.1',
      PORT: '0',
      METRICS_PORT: '0',
      MONGODB_URI: engine.uri,
      MONGODB_DB: 'calendar_sighup_tj',
      INTERNAL_IDENTITY_SECRET: SECRET,
      CALENDAR_DIR: dir,
      LOG_LEVEL: 'info',
    },
    {
      readyMessage: 'regional subgraph listening',
      forwardOutput: (line) => {
        try {
          lines.push(JSON.parse(line) as Record<string, any>);
        } catch {
          // not a log line
        }
      },
    },
  );
  url = String((await regional.ready).url);
}, 60_000);

afterAll(async () => {
  await regional?.stop(5000);
  await engine?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('SIGHUP reads CALENDAR_DIR again: a year added is logged and served; a bad file is logged and the calendar kept', async () => {
  expect((await calendarYears()).map((entry) => entry.year)).toEqual([2022, 2023, 2024, 2025, 2026]);

  writeFileSync(join(dir, '2027.json'), JSON.stringify({ year: 2027, notice: 'fixture', periods: [{ name: '元旦', from: '2027-01-01', to: '2027-01-01', makeUpWorkdays: [] }] }));
  let mark = lines.length;
  regional.kill('SIGHUP');
  expect(await logLine('holiday calendar reloaded', mark)).toMatchObject({ added: [2027], changed: [], removed: [], differs: true });
  expect((await calendarYears()).slice(-1)).toEqual([{ year: 2027, source: 'CALENDAR_DIR' }]);

  writeFileSync(join(dir, '2028.json'), JSON.stringify({ year: 2028, notice: 'bad', periods: [{ name: '元旦', from: '2028-01-01', to: '2028-01-01', makeUpWorkdays: ['2028-01-03'] }] }));
  mark = lines.length;
  regional.kill('SIGHUP');
  const failed = await logLine('holiday calendar reload failed: the calendar in force is kept', mark);
  expect(JSON.stringify(failed)).toContain(`${join(dir, '2028.json')}: periods[0] 元旦: make-up workday 2028-01-03 is a Monday`);
  expect((await calendarYears()).map((entry) => entry.year)).toEqual([2022, 2023, 2024, 2025, 2026, 2027]);
}, 60_000);
