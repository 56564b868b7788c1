/** Months as the statistics key them (YYYY-MM, Beijing time). */

function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

function monthOf(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * Every month from the first to the last, so months without records show as 0: from the chosen days where given,
 * else from the months the data has.
 */
export function monthsBetween(fromDay: string | null, toDay: string | null, dataMonths: readonly string[]): string[] {
  const sorted = [...dataMonths].sort();
  const first = fromDay?.slice(0, 7) ?? sorted[0];
  const last = toDay?.slice(0, 7) ?? sorted[sorted.length - 1];
  if (!first || !last) return [];
  const months: string[] = [];
  for (let index = monthIndex(first); index <= monthIndex(last); index += 1) months.push(monthOf(index));
  return months;
}

/** 2026-03 → 2026年3月 */
export function monthLabel(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}
