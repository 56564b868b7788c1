import type { CalendarYear } from './calendarYears';
import { KernelValidationError } from './errors';

/** Asia/Shanghai is UTC+8 all year (no daylight saving since 1991). */
export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const DAY_KEY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_KEY_PATTERN = /^(\d{4})-(\d{2})$/;

function shanghaiWallClock(date: Date): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new KernelValidationError('date', 'Expected a valid date.');
  }
  return new Date(date.getTime() + SHANGHAI_OFFSET_MS).toISOString();
}

/** 'YYYY-MM' of the instant in Shanghai. */
export function shanghaiMonthKey(date: Date): string {
  return shanghaiWallClock(date).slice(0, 7);
}

/** 'YYYY-MM-DD' of the instant in Shanghai. */
export function shanghaiDayKey(date: Date): string {
  return shanghaiWallClock(date).slice(0, 10);
}

export function shanghaiYear(date: Date): number {
  return Number(shanghaiWallClock(date).slice(0, 4));
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

export function isDayKey(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DAY_KEY_PATTERN.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function isMonthKey(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = MONTH_KEY_PATTERN.exec(value);
  return match !== null && Number(match[2]) >= 1 && Number(match[2]) <= 12;
}

/** Midnight UTC of the calendar day, as a day number for arithmetic; throws on a bad key. */
function dayKeyToUtcMs(dayKey: string, field = 'dayKey'): number {
  if (!isDayKey(dayKey)) throw new KernelValidationError(field, `Expected a calendar day 'YYYY-MM-DD', got "${dayKey}".`);
  return Date.parse(`${dayKey}T00:00:00.000Z`);
}

/** The instant at which the Shanghai day begins (16:00 UTC of the day before). */
export function startOfShanghaiDay(dayKey: string): Date {
  return new Date(dayKeyToUtcMs(dayKey) - SHANGHAI_OFFSET_MS);
}

/** The last millisecond of the Shanghai day (15:59:59.999 UTC). */
export function endOfShanghaiDay(dayKey: string): Date {
  return new Date(dayKeyToUtcMs(dayKey) + DAY_MS - SHANGHAI_OFFSET_MS - 1);
}

/** The instant at which the Shanghai month 'YYYY-MM' begins. */
export function startOfShanghaiMonth(monthKey: string): Date {
  if (!isMonthKey(monthKey)) throw new KernelValidationError('monthKey', `Expected a month 'YYYY-MM', got "${monthKey}".`);
  return startOfShanghaiDay(`${monthKey}-01`);
}

/** The calendar day `days` after (or before, if negative) `dayKey`. */
export function shiftDayKey(dayKey: string, days: number): string {
  return new Date(dayKeyToUtcMs(dayKey) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(dayKey: string): number {
  return new Date(dayKeyToUtcMs(dayKey)).getUTCDay();
}

export interface WorkingDayCalendarConfig {
  /** Days off, including weekdays of a holiday and the weekend days inside it. */
  holidays: Iterable<string>;
  /** Weekend days that are worked (调休上班). */
  makeUpWorkdays: Iterable<string>;
  /**
   * The years whose arrangement is known (the calendar files read). A deadline counted through a day of another
   * year is provisional (weekends only there). Unset: every year counts as known (nothing is provisional).
   */
  years?: readonly CalendarYear[];
}

/** A deadline and whether it was counted through a year the calendar does not know (weekends only there). */
export interface WorkingDayDeadline {
  at: Date;
  provisional: boolean;
}

/**
 * Working days in Shanghai time: Monday to Friday, less public holidays, plus make-up
 * working days. Days outside the configured years count by weekday alone.
 */
export class WorkingDayCalendar {
  private readonly holidays: ReadonlySet<string>;
  private readonly makeUpWorkdays: ReadonlySet<string>;
  private readonly knownYears: ReadonlySet<number> | null;
  /** The year files it was made of, sorted (empty when made of bare day lists). */
  readonly years: readonly CalendarYear[];

  constructor(config: WorkingDayCalendarConfig) {
    this.holidays = WorkingDayCalendar.dayKeySet(config.holidays, 'holidays');
    this.makeUpWorkdays = WorkingDayCalendar.dayKeySet(config.makeUpWorkdays, 'makeUpWorkdays');
    for (const day of this.makeUpWorkdays) {
      if (this.holidays.has(day)) throw new KernelValidationError('makeUpWorkdays', `${day} is listed both as a holiday and as a make-up working day.`);
    }
    this.years = [...(config.years ?? [])].sort((a, b) => a.year - b.year);
    this.knownYears = config.years ? new Set(config.years.map((entry) => entry.year)) : null;
  }

  /** Whether the arrangement of the year is known (always, for a calendar made without years). */
  isKnownYear(year: number): boolean {
    return this.knownYears === null || this.knownYears.has(year);
  }

  /**
   * Everything the calendar decides by, as one canonical text (known years, days off, make-up workdays): two
   * calendars with the same text count every deadline alike.
   */
  canonicalText(): string {
    const years = this.knownYears === null ? 'all' : [...this.knownYears].sort().join(',');
    return `years:${years};off:${[...this.holidays].sort().join(',')};worked:${[...this.makeUpWorkdays].sort().join(',')}`;
  }

  /**
   * "Within n working days of `from`" with whether it is provisional: counted through a day of a year whose
   * arrangement is unknown (by weekday alone there, so it may move when that year's file arrives).
   */
  deadline(from: Date, n: number): WorkingDayDeadline {
    const day = this.nthWorkingDayAfter(from, n);
    // The days counted: after the day of `from`, up to and including the deadline's day.
    const firstYear = Number(shiftDayKey(shanghaiDayKey(from), 1).slice(0, 4));
    const lastYear = n === 0 ? firstYear - 1 : Number(day.slice(0, 4));
    let provisional = false;
    for (let year = firstYear; year <= lastYear; year++) if (!this.isKnownYear(year)) provisional = true;
    return { at: endOfShanghaiDay(day), provisional };
  }

  private static dayKeySet(days: Iterable<string>, field: string): ReadonlySet<string> {
    const set = new Set<string>();
    for (const day of days) {
      if (!isDayKey(day)) throw new KernelValidationError(field, `Expected calendar days 'YYYY-MM-DD', got "${day}".`);
      set.add(day);
    }
    return set;
  }

  isWorkingDay(dayKey: string): boolean {
    let working = this.workingByDay.get(dayKey);
    if (working === undefined) {
      working = this.decideWorkingDay(dayKey);
      if (this.workingByDay.size >= 100_000) this.workingByDay.clear();
      this.workingByDay.set(dayKey, working);
    }
    return working;
  }

  private readonly workingByDay = new Map<string, boolean>();
  private readonly nextDayKeys = new Map<string, string>();

  /** The day after (shiftDayKey(day, 1)), remembered: the day-by-day counts below walk the same days again and again. */
  private nextDay(dayKey: string): string {
    let next = this.nextDayKeys.get(dayKey);
    if (next === undefined) {
      next = shiftDayKey(dayKey, 1);
      if (this.nextDayKeys.size >= 100_000) this.nextDayKeys.clear();
      this.nextDayKeys.set(dayKey, next);
    }
    return next;
  }

  private decideWorkingDay(dayKey: string): boolean {
    if (this.holidays.has(dayKey)) return false;
    if (this.makeUpWorkdays.has(dayKey)) return true;
    const weekday = dayOfWeek(dayKey);
    return weekday !== 0 && weekday !== 6;
  }

  /** Day key of the n-th working day after the Shanghai day of `from` (the day itself not counted); n = 0 gives that day. */
  nthWorkingDayAfter(from: Date, n: number): string {
    if (!Number.isInteger(n) || n < 0) throw new KernelValidationError('n', `Working days must be a non-negative integer, got ${n}.`);
    const start = shanghaiDayKey(from);
    const memo = `${start}+${n}`;
    const known = this.counted.get(memo);
    if (known !== undefined) return known;
    let day = start;
    let remaining = n;
    while (remaining > 0) {
      day = this.nextDay(day);
      if (this.isWorkingDay(day)) remaining--;
    }
    this.remember(memo, day);
    return day;
  }

  /**
   * Results of the day-by-day counts, by their days (the calendar never changes, so they hold): loading a region's
   * seed data counts the same few hundred days' deadlines and durations for every record.
   */
  private readonly counted = new Map<string, string>();

  private remember(memo: string, result: string): void {
    if (this.counted.size >= 100_000) this.counted.clear();
    this.counted.set(memo, result);
  }

  /**
   * Deadline of "within n working days of `from`": the end (23:59:59.999 Shanghai) of the
   * n-th working day after the day of `from`; that day itself is not counted.
   */
  addWorkingDays(from: Date, n: number): Date {
    return endOfShanghaiDay(this.nthWorkingDayAfter(from, n));
  }

  /**
   * Working days d with day(from) < d ≤ day(to), in Shanghai time; negative when `to` is
   * on an earlier day. `workingDaysBetween(x, addWorkingDays(x, n)) === n`.
   */
  workingDaysBetween(from: Date, to: Date): number {
    const fromDay = shanghaiDayKey(from);
    const toDay = shanghaiDayKey(to);
    if (toDay < fromDay) return -this.workingDaysBetween(to, from);
    const memo = `${fromDay}..${toDay}`;
    const known = this.counted.get(memo);
    if (known !== undefined) return Number(known);
    let count = 0;
    for (let day = this.nextDay(fromDay); day <= toDay; day = this.nextDay(day)) {
      if (this.isWorkingDay(day)) count++;
    }
    this.remember(memo, String(count));
    return count;
  }
}
