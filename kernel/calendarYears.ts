import { z } from 'zod';
import { KernelValidationError } from './errors';
import { dayOfWeek, isDayKey, shiftDayKey } from './time';
import calendar2022 from './calendar/2022.json';
import calendar2023 from './calendar/2023.json';
import calendar2024 from './calendar/2024.json';
import calendar2025 from './calendar/2025.json';
import calendar2026 from './calendar/2026.json';

/**
 * The holiday calendar as data: one file per year (`kernel/calendar/<year>.json`, plus the files of CALENDAR_DIR),
 * each the State Council General Office's yearly notice (国务院办公厅关于XXXX年部分节假日安排的通知) written down:
 * the periods off and the weekend days worked in exchange (调休上班).
 *
 * ```json
 * { "year": 2027, "notice": "国务院办公厅关于2027年部分节假日安排的通知",
 *   "periods": [{ "name": "元旦", "from": "2027-01-01", "to": "2027-01-01", "makeUpWorkdays": [] }] }
 * ```
 *
 * A year with no file is counted by weekday alone, and deadlines reaching into it are provisional.
 */
export interface HolidayPeriod {
  /** 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节, or two of them joined by 、 (中秋节、国庆节). */
  name: string;
  /** First and last day off, inclusive, 'YYYY-MM-DD'. */
  from: string;
  to: string;
  /** Weekend days worked in exchange for this period. */
  makeUpWorkdays: readonly string[];
}

/** Where a year's arrangement was read from. */
export type CalendarYearSource = 'BUILT_IN' | 'CALENDAR_DIR';

export interface CalendarYear {
  year: number;
  /** The notice it writes down. */
  notice: string;
  periods: readonly HolidayPeriod[];
  source: CalendarYearSource;
  /** The file it was read from (for built-in years, `kernel/calendar/<year>.json`). */
  file: string;
}

export const PUBLIC_HOLIDAY_NAMES = ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节'] as const;

/** The longest period off the notices have had (春节 2026: 9 days) with room to spare. */
const MAX_PERIOD_DAYS = 14;

const dayKey = z.string().refine(isDayKey, { message: "must be a calendar day 'YYYY-MM-DD'" });
const YEAR_FILE = z
  .object({
    year: z.number().int().min(2000).max(2100),
    notice: z.string().min(1).max(200),
    periods: z.array(
      z
        .object({
          name: z.string().min(1).max(40),
          from: dayKey,
          to: dayKey,
          makeUpWorkdays: z.array(dayKey).max(4),
        })
        .strict(),
    ),
  })
  .strict();

/** A calendar file that is not a valid year: every problem, each naming the file and the day. */
export class CalendarFileError extends KernelValidationError {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super('calendar', `${file} is not a valid calendar year:\n  - ${problems.join('\n  - ')}`);
    this.name = 'CalendarFileError';
  }
}

function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = shiftDayKey(day, 1)) days.push(day);
  return days;
}

/** The days off of a period, in order. */
export function holidayDaysOf(period: Pick<HolidayPeriod, 'from' | 'to'>): string[] {
  return daysOf(period.from, period.to);
}

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * Checks one year file's content: its shape; every day inside its year (and, when the file name is `<year>.json`,
 * that year); known holiday names; periods in order, not overlapping, from ≤ to, at most two weeks; make-up
 * workdays on a Saturday or Sunday (a weekday is worked anyway), never a day off, never listed twice. Throws CalendarFileError listing every problem.
 */
export function parseCalendarYear(content: unknown, file: string, source: CalendarYearSource): CalendarYear {
  const parsed = YEAR_FILE.safeParse(content);
  if (!parsed.success) {
    throw new CalendarFileError(
      file,
      parsed.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'the file'}: ${issue.message}`),
    );
  }
  const { year, notice, periods } = parsed.data;
  const problems: string[] = [];
  const named = /(?:^|[\\/])(\d{4})\.json$/.exec(file);
  if (named && Number(named[1]) !== year) problems.push(`the file is named for ${named[1]} but says "year": ${year}`);
  const inYear = (day: string) => day.startsWith(`${year}-`);
  const off = new Map<string, string>();
  let previousTo = '';
  for (const [index, period] of periods.entries()) {
    const where = `periods[${index}] ${period.name}`;
    const parts = period.name.split('、');
    for (const part of parts) {
      if (!(PUBLIC_HOLIDAY_NAMES as readonly string[]).includes(part)) problems.push(`${where}: "${part}" is not a public holiday (${PUBLIC_HOLIDAY_NAMES.join(', ')})`);
    }
    for (const day of [period.from, period.to, ...period.makeUpWorkdays]) {
      if (!inYear(day)) problems.push(`${where}: ${day} is not in ${year}`);
    }
    if (period.from > period.to) {
      problems.push(`${where}: from ${period.from} is after to ${period.to}`);
      continue;
    }
    const days = daysOf(period.from, period.to);
    if (days.length > MAX_PERIOD_DAYS) problems.push(`${where}: ${period.from} to ${period.to} is ${days.length} days off, more than ${MAX_PERIOD_DAYS}`);
    if (period.from <= previousTo) problems.push(`${where}: starts on ${period.from}, before the previous period ends (${previousTo})`);
    previousTo = period.to > previousTo ? period.to : previousTo;
    for (const day of days) {
      if (off.has(day)) problems.push(`${where}: ${day} is already off for ${off.get(day)}`);
      off.set(day, period.name);
    }
  }
  const worked = new Set<string>();
  for (const [index, period] of periods.entries()) {
    for (const day of period.makeUpWorkdays) {
      const where = `periods[${index}] ${period.name}: make-up workday ${day}`;
      const weekday = dayOfWeek(day);
      if (weekday !== 0 && weekday !== 6) problems.push(`${where} is a ${WEEKDAY_NAMES[weekday]}, a working day anyway (make-up workdays are Saturdays or Sundays)`);
      if (off.has(day)) problems.push(`${where} is also a day off (${off.get(day)})`);
      if (worked.has(day)) problems.push(`${where} is listed twice`);
      worked.add(day);
    }
  }
  if (problems.length > 0) throw new CalendarFileError(file, problems);
  return { year, notice, periods, source, file };
}

/** The years written down in this repository (kernel/calendar/), 2022–2026. */
export const BUILT_IN_CALENDAR_YEARS: readonly CalendarYear[] = [calendar2022, calendar2023, calendar2024, calendar2025, calendar2026].map((content) =>
  parseCalendarYear(content, `kernel/calendar/${(content as { year: number }).year}.json`, 'BUILT_IN'),
);

/** Years by number, later lists replacing earlier ones' years (CALENDAR_DIR over the built-in ones), sorted. */
export function mergeCalendarYears(...lists: ReadonlyArray<readonly CalendarYear[]>): CalendarYear[] {
  const byYear = new Map<number, CalendarYear>();
  for (const list of lists) for (const entry of list) byYear.set(entry.year, entry);
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

/** Every day off and every make-up workday of the years. */
export function daysOfYears(years: readonly CalendarYear[]): { holidays: string[]; makeUpWorkdays: string[] } {
  const periods = years.flatMap((entry) => entry.periods);
  return { holidays: periods.flatMap(holidayDaysOf).sort(), makeUpWorkdays: periods.flatMap((period) => [...period.makeUpWorkdays]).sort() };
}
