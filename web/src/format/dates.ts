import { endOfShanghaiDay, isDayKey, shanghaiDayKey, startOfShanghaiDay } from '../../../kernel/time';

/** Every date on the page is a Beijing-time date, whatever zone the reader's device is set to. */
const TIME_ZONE = 'Asia/Shanghai';

const dayFormat = new Intl.DateTimeFormat('zh-CN', { timeZone: TIME_ZONE, year: 'numeric', month: 'long', day: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** e.g. 2026年7月2日 */
export function formatDay(iso: string): string {
  return dayFormat.format(new Date(iso));
}

/** e.g. 2026年7月2日 08:30 */
export function formatDateTime(iso: string): string {
  return dateTimeFormat.format(new Date(iso));
}

/** A form's YYYY-MM-DD, shown as 2026年7月2日. */
export function formatDayKey(dayKey: string): string {
  return formatDay(startOfShanghaiDay(dayKey).toISOString());
}

/** Today in Beijing time, as YYYY-MM-DD (the `max` of the date inputs). */
export function todayDayKey(): string {
  return shanghaiDayKey(new Date());
}

/** The instants that bound a range of Beijing days; either end may be open. */
export function dayRangeInstants(from: string | null, to: string | null): { from?: string; to?: string } {
  return {
    ...(from && isDayKey(from) ? { from: startOfShanghaiDay(from).toISOString() } : {}),
    ...(to && isDayKey(to) ? { to: endOfShanghaiDay(to).toISOString() } : {}),
  };
}

export function isWithinRange(iso: string, range: { from?: string; to?: string }): boolean {
  const at = Date.parse(iso);
  return (range.from === undefined || at >= Date.parse(range.from)) && (range.to === undefined || at <= Date.parse(range.to));
}
