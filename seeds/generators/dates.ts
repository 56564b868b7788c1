import { SHANGHAI_OFFSET_MS, shanghaiDayKey, startOfShanghaiDay, type WorkingDayCalendar } from '../../kernel';
import type { SeededRandom } from '../random';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** The instant of a Shanghai wall-clock time on a Shanghai day. */
export function atShanghaiTime(dayKey: string, hour: number, minute: number, second = 0): Date {
  return new Date(startOfShanghaiDay(dayKey).getTime() + ((hour * 60 + minute) * 60 + second) * 1000);
}

/** A random instant in [from, to), moved to office hours (08:30–17:59 Shanghai) of its day. */
export function randomOfficeInstant(random: SeededRandom, from: Date, to: Date): Date {
  const instant = new Date(from.getTime() + Math.floor(random.next() * (to.getTime() - from.getTime())));
  const officeTime = atShanghaiTime(shanghaiDayKey(instant), random.int(8, 17), random.int(0, 59), random.int(0, 59));
  if (officeTime.getTime() < from.getTime()) return new Date(from.getTime());
  if (officeTime.getTime() >= to.getTime()) return new Date(to.getTime() - 1000);
  return officeTime;
}

/** A random instant in [from, to), any time of day. */
export function randomInstant(random: SeededRandom, from: Date, to: Date): Date {
  const ms = from.getTime() + Math.floor(random.next() * (to.getTime() - from.getTime()));
  return new Date(Math.floor(ms / 1000) * 1000);
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

export function minDate(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b;
}

export function maxDate(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}

/** Office-hours instant on the n-th working day after `from` (n ≥ 1), never before `from`. */
export function onWorkingDayAfter(random: SeededRandom, calendar: WorkingDayCalendar, from: Date, n: number): Date {
  const day = calendar.nthWorkingDayAfter(from, n);
  return maxDate(atShanghaiTime(day, random.int(9, 16), random.int(0, 59), random.int(0, 59)), new Date(from.getTime() + 60_000));
}

/** Local time in Shanghai as 'YYYY年M月D日'. */
export function chineseDate(date: Date): string {
  const wall = new Date(date.getTime() + SHANGHAI_OFFSET_MS);
  return `${wall.getUTCFullYear()}年${wall.getUTCMonth() + 1}月${wall.getUTCDate()}日`;
}
