import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BUILT_IN_CALENDAR_YEARS,
  CalendarFileError,
  daysOfYears,
  mergeCalendarYears,
  parseCalendarYear,
  WorkingDayCalendar,
  type CalendarYear,
} from '../../../kernel';

/** Where a regional service reads its calendar from (CALENDAR_DIR, EXTRA_HOLIDAYS, EXTRA_MAKEUP_WORKDAYS). */
export interface CalendarSettings {
  /** A folder of `<year>.json` files adding years or replacing built-in ones; null: the built-in years only. */
  calendarDir: string | null;
  /** Days off added on top of the years (EXTRA_HOLIDAYS; they make no year known). */
  extraHolidays: readonly string[];
  extraMakeUpWorkdays: readonly string[];
}

export const BUILT_IN_CALENDAR: CalendarSettings = { calendarDir: null, extraHolidays: [], extraMakeUpWorkdays: [] };

/** A calendar that could not be read: every problem, each naming its file (or variable) and day. */
export class CalendarLoadError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The holiday calendar could not be read:\n  - ${problems.join('\n  - ')}`);
    this.name = 'CalendarLoadError';
  }
}

const YEAR_FILE_NAME = /^\d{4}\.json$/;

/** The year files of a folder (`<year>.json`; other files are an error, so a misnamed file is not silently ignored). */
export function readCalendarDir(dir: string): CalendarYear[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (error) {
    throw new CalendarLoadError([`CALENDAR_DIR ${dir} cannot be read: ${(error as Error).message}`]);
  }
  const years: CalendarYear[] = [];
  const problems: string[] = [];
  for (const name of names) {
    const file = join(dir, name);
    if (name.startsWith('.')) continue;
    if (!YEAR_FILE_NAME.test(name)) {
      problems.push(`${file}: not a year file (name one <year>.json, e.g. 2027.json)`);
      continue;
    }
    let content: unknown;
    try {
      content = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      problems.push(`${file}: not readable JSON (${(error as Error).message})`);
      continue;
    }
    try {
      years.push(parseCalendarYear(content, file, 'CALENDAR_DIR'));
    } catch (error) {
      if (!(error instanceof CalendarFileError)) throw error;
      problems.push(...error.problems.map((problem) => `${file}: ${problem}`));
    }
  }
  if (problems.length > 0) throw new CalendarLoadError(problems);
  return years;
}

/**
 * The calendar of a regional service: the built-in years (kernel/calendar/), the years of CALENDAR_DIR over them,
 * then EXTRA_HOLIDAYS / EXTRA_MAKEUP_WORKDAYS on top (an extra day that one of the years lists the other way
 * round is refused). Throws CalendarLoadError naming every bad file and day.
 */
export function loadCalendar(settings: CalendarSettings): WorkingDayCalendar {
  const years = mergeCalendarYears(BUILT_IN_CALENDAR_YEARS, settings.calendarDir ? readCalendarDir(settings.calendarDir) : []);
  const days = daysOfYears(years);
  const holidays = new Set([...days.holidays, ...settings.extraHolidays]);
  const worked = new Set([...days.makeUpWorkdays, ...settings.extraMakeUpWorkdays]);
  const problems: string[] = [];
  for (const day of settings.extraHolidays) if (worked.has(day)) problems.push(`EXTRA_HOLIDAYS: ${day} is a make-up workday (${yearFileOf(years, day) ?? 'EXTRA_MAKEUP_WORKDAYS'})`);
  for (const day of settings.extraMakeUpWorkdays) if (holidays.has(day)) problems.push(`EXTRA_MAKEUP_WORKDAYS: ${day} is a day off (${yearFileOf(years, day) ?? 'EXTRA_HOLIDAYS'})`);
  if (problems.length > 0) throw new CalendarLoadError(problems);
  return new WorkingDayCalendar({ holidays, makeUpWorkdays: worked, years });
}

function yearFileOf(years: readonly CalendarYear[], day: string): string | undefined {
  return years.find((entry) => entry.year === Number(day.slice(0, 4)))?.file;
}

/** A short fingerprint of everything the calendar counts by: stored deadlines remember the one they were computed with. */
export function calendarFingerprint(calendar: WorkingDayCalendar): string {
  return createHash('sha256').update(calendar.canonicalText()).digest('hex').slice(0, 16);
}

/** What a reload changed, by year: added (newly known), changed (other days or notice), removed (now unknown). */
export interface CalendarChange {
  added: number[];
  changed: number[];
  removed: number[];
  /** Whether any deadline may count differently (also true when only the extra days changed). */
  differs: boolean;
}

export function compareCalendars(before: WorkingDayCalendar, after: WorkingDayCalendar): CalendarChange {
  const key = (entry: CalendarYear) => JSON.stringify([entry.notice, entry.periods]);
  const old = new Map(before.years.map((entry) => [entry.year, key(entry)]));
  const now = new Map(after.years.map((entry) => [entry.year, key(entry)]));
  return {
    added: [...now.keys()].filter((year) => !old.has(year)),
    changed: [...now.keys()].filter((year) => old.has(year) && old.get(year) !== now.get(year)),
    removed: [...old.keys()].filter((year) => !now.has(year)),
    differs: before.canonicalText() !== after.canonicalText(),
  };
}
