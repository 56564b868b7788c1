/**
 * The holiday calendar as data (issue 17): the year files are validated, bad ones refused with reasons naming the
 * file and the day; CALENDAR_DIR adds and replaces years; EXTRA_HOLIDAYS still works on top; the built-in files keep
 * the days the code had.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_IN_CALENDAR_YEARS, CalendarFileError, DEFAULT_HOLIDAYS, DEFAULT_MAKE_UP_WORKDAYS, parseCalendarYear } from '../../kernel';
import { ConfigError } from '../../platform/config';
import { calendarFromEnv, regionalConfigFromEnv } from '../../services/regional/config';
import { CalendarLoadError, calendarFingerprint, compareCalendars, loadCalendar } from '../../services/regional/calendar/loadCalendar';

const year2027 = (periods: unknown[], extra: Record<string, unknown> = {}) => ({ year: 2027, notice: '国务院办公厅关于2027年部分节假日安排的通知', periods, ...extra });
const newYear = { name: '元旦', from: '2027-01-01', to: '2027-01-01', makeUpWorkdays: [] };

function problemsOf(content: unknown, file = 'calendar/2027.json'): string[] {
  try {
    parseCalendarYear(content, file, 'CALENDAR_DIR');
  } catch (error) {
    expect(error).toBeInstanceOf(CalendarFileError);
    expect((error as Error).message).toContain(file);
    return [...(error as CalendarFileError).problems];
  }
  throw new Error('accepted');
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jjj-calendar-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a calendar year file', () => {
  it('is accepted when it is right', () => {
    const parsed = parseCalendarYear(year2027([newYear, { name: '春节', from: '2027-02-05', to: '2027-02-11', makeUpWorkdays: ['2027-02-13'] }]), '2027.json', 'CALENDAR_DIR');
    expect(parsed).toMatchObject({ year: 2027, source: 'CALENDAR_DIR', file: '2027.json' });
  });

  it.each<[string, unknown, RegExp]>([
    ['a day outside its year', year2027([{ ...newYear, from: '2026-12-31' }]), /periods\[0\] 元旦: 2026-12-31 is not in 2027/],
    ['a make-up workday outside its year', year2027([{ ...newYear, makeUpWorkdays: ['2026-12-27'] }]), /2026-12-27 is not in 2027/],
    ['a day both off and worked', year2027([{ name: '春节', from: '2027-02-05', to: '2027-02-13', makeUpWorkdays: ['2027-02-13'] }]), /make-up workday 2027-02-13 is also a day off \(春节\)/],
    ['a make-up workday on a weekday', year2027([{ ...newYear, makeUpWorkdays: ['2027-01-04'] }]), /make-up workday 2027-01-04 is a Monday, a working day anyway/],
    ['a name that is no public holiday', year2027([{ ...newYear, name: '圣诞节' }]), /"圣诞节" is not a public holiday/],
    ['a period that ends before it starts', year2027([{ ...newYear, from: '2027-01-03', to: '2027-01-01' }]), /from 2027-01-03 is after to 2027-01-01/],
    ['overlapping periods', year2027([newYear, { ...newYear, name: '春节' }]), /starts on 2027-01-01, before the previous period ends/],
    ['a period of a month', year2027([{ ...newYear, to: '2027-01-31' }]), /31 days off, more than 14/],
    ['a day that does not exist', year2027([{ ...newYear, to: '2027-02-30' }]), /periods\.0\.to: must be a calendar day/],
    ['an unknown field', year2027([newYear], { holidays: [] }), /holidays|Unrecognized key/i],
    ['no periods list', { year: 2027, notice: 'x' }, /periods/],
  ])('is refused for %s', (_case, content, reason) => {
    expect(problemsOf(content).join('\n')).toMatch(reason);
  });

  it('is refused when its name and its year disagree, listing every problem at once', () => {
    const problems = problemsOf(year2027([{ ...newYear, name: '圣诞节', makeUpWorkdays: ['2027-01-04'] }]), '/srv/calendar/2028.json');
    expect(problems).toEqual([
      'the file is named for 2028 but says "year": 2027',
      'periods[0] 圣诞节: "圣诞节" is not a public holiday (元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节)',
      'periods[0] 圣诞节: make-up workday 2027-01-04 is a Monday, a working day anyway (make-up workdays are Saturdays or Sundays)',
    ]);
  });
});

describe('the built-in years', () => {
  it('are 2022–2026 and keep the days the code had', () => {
    expect(BUILT_IN_CALENDAR_YEARS.map((entry) => [entry.year, entry.source, entry.file])).toEqual(
      [2022, 2023, 2024, 2025, 2026].map((year) => [year, 'BUILT_IN', `kernel/calendar/${year}.json`]),
    );
    // Written down by hand from the constants that were in kernel/holidays.ts.
    expect(DEFAULT_HOLIDAYS.length).toBe(149);
    expect(DEFAULT_MAKE_UP_WORKDAYS).toEqual([
      '2022-01-29', '2022-01-30', '2022-04-02', '2022-04-24', '2022-05-07', '2022-10-08', '2022-10-09',
      '2023-01-28', '2023-01-29', '2023-04-23', '2023-05-06', '2023-06-25', '2023-10-07', '2023-10-08',
      '2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12',
      '2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11',
      '2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10',
    ]);
    expect(DEFAULT_HOLIDAYS).toContain('2022-12-31');
    expect(DEFAULT_HOLIDAYS.filter((day) => day.startsWith('2026-02'))).toEqual(['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23']);
  });
});

describe('CALENDAR_DIR', () => {
  it('adds a year and replaces a built-in one', () => {
    writeFileSync(join(dir, '2027.json'), JSON.stringify(year2027([newYear])));
    // A corrected 2026: 元旦 on Jan 1 only.
    writeFileSync(join(dir, '2026.json'), JSON.stringify({ year: 2026, notice: 'corrected', periods: [{ name: '元旦', from: '2026-01-01', to: '2026-01-01', makeUpWorkdays: [] }] }));
    const calendar = calendarFromEnv({ CALENDAR_DIR: dir });
    expect(calendar.years.map((entry) => `${entry.year} ${entry.source}`)).toEqual(['2022 BUILT_IN', '2023 BUILT_IN', '2024 BUILT_IN', '2025 BUILT_IN', '2026 CALENDAR_DIR', '2027 CALENDAR_DIR']);
    expect(calendar.isWorkingDay('2027-01-01')).toBe(false);
    expect(calendar.isWorkingDay('2026-01-02')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-16')).toBe(true);
    expect(calendar.isKnownYear(2027)).toBe(true);
    expect(compareCalendars(calendarFromEnv({}), calendar)).toEqual({ added: [2027], changed: [2026], removed: [], differs: true });
    expect(calendarFingerprint(calendar)).not.toBe(calendarFingerprint(calendarFromEnv({})));
    expect(calendarFingerprint(calendarFromEnv({}))).toBe(calendarFingerprint(calendarFromEnv({})));
  });

  it('refuses bad files at start with every problem, naming the file and the day', () => {
    writeFileSync(join(dir, '2027.json'), JSON.stringify(year2027([{ ...newYear, makeUpWorkdays: ['2027-01-01'] }])));
    writeFileSync(join(dir, '2028.json'), '{ "year": 2028, ');
    writeFileSync(join(dir, 'holidays.txt'), '');
    let message = '';
    try {
      regionalConfigFromEnv({ REGION: 'TJ', MONGODB_URI: 'mongodb://127.0.0.1:27018', INTERNAL_IDENTITY_SECRET: 'calendar-test-secret-0123', CALENDAR_DIR: dir });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toContain(`${join(dir, '2027.json')}: periods[0] 元旦: make-up workday 2027-01-01 is a Friday`);
    expect(message).toContain(`${join(dir, '2027.json')}: periods[0] 元旦: make-up workday 2027-01-01 is also a day off (元旦)`);
    expect(message).toContain(`${join(dir, '2028.json')}: not readable JSON`);
    expect(message).toContain(`${join(dir, 'holidays.txt')}: not a year file`);
    expect(() => loadCalendar({ calendarDir: join(dir, 'missing'), extraHolidays: [], extraMakeUpWorkdays: [] })).toThrow(CalendarLoadError);
  });

  it('leaves EXTRA_HOLIDAYS working on top (an extra day makes no year known)', () => {
    const calendar = calendarFromEnv({ EXTRA_HOLIDAYS: '2027-01-01', EXTRA_MAKEUP_WORKDAYS: '2027-01-09' });
    expect(calendar.isWorkingDay('2027-01-01')).toBe(false);
    expect(calendar.isWorkingDay('2027-01-09')).toBe(true);
    expect(calendar.isKnownYear(2027)).toBe(false);
    // 45 working days from 2026-12-02: New Year's Day off moves it a day later, Saturday Jan 9 worked a day earlier.
    expect(calendar.deadline(new Date('2026-12-02T02:00:00Z'), 45)).toEqual({ at: new Date('2027-02-03T15:59:59.999Z'), provisional: true });
    expect(calendarFromEnv({ EXTRA_HOLIDAYS: '2027-01-01' }).deadline(new Date('2026-12-02T02:00:00Z'), 45).at).toEqual(new Date('2027-02-04T15:59:59.999Z'));
    expect(() => calendarFromEnv({ EXTRA_MAKEUP_WORKDAYS: '2026-02-16' })).toThrow(/EXTRA_MAKEUP_WORKDAYS: 2026-02-16 is a day off \(kernel\/calendar\/2026.json\)/);
  });
});
