import { BUILT_IN_CALENDAR_YEARS, daysOfYears, type HolidayPeriod } from './calendarYears';
import { WorkingDayCalendar } from './time';

export type { HolidayPeriod } from './calendarYears';

/**
 * Public holidays and make-up working days (调休上班) of mainland China as published in the State Council General
 * Office's yearly notice (国务院办公厅关于XXXX年部分节假日安排的通知), read from the year files in
 * `kernel/calendar/` (2022–2026; see calendarYears.ts). Verify each year against the official notice before relying
 * on deadlines. A year with no file counts working days by weekday alone, and deadlines reaching into it are
 * provisional. A regional service also reads CALENDAR_DIR (services/regional/calendar/).
 */
export const CHINA_PUBLIC_HOLIDAY_PERIODS: Readonly<Record<number, readonly HolidayPeriod[]>> = Object.fromEntries(
  BUILT_IN_CALENDAR_YEARS.map((entry) => [entry.year, entry.periods]),
);

const BUILT_IN_DAYS = daysOfYears(BUILT_IN_CALENDAR_YEARS);

/** Every day off of the built-in years, sorted. */
export const DEFAULT_HOLIDAYS: readonly string[] = BUILT_IN_DAYS.holidays;
export const DEFAULT_MAKE_UP_WORKDAYS: readonly string[] = BUILT_IN_DAYS.makeUpWorkdays;

/** The built-in years only (what the seeds and pure code use; a regional service adds CALENDAR_DIR). */
export function createDefaultWorkingDayCalendar(): WorkingDayCalendar {
  return new WorkingDayCalendar({ holidays: DEFAULT_HOLIDAYS, makeUpWorkdays: DEFAULT_MAKE_UP_WORKDAYS, years: BUILT_IN_CALENDAR_YEARS });
}

export const DEFAULT_WORKING_DAY_CALENDAR: WorkingDayCalendar = createDefaultWorkingDayCalendar();
