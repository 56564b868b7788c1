import { shiftDayKey, WorkingDayCalendar } from './time';

/**
 * CONFIGURATION TO BE CHECKED: public holidays and make-up working days (调休上班) of
 * mainland China as published in the State Council General Office's yearly notice
 * (国务院办公厅关于XXXX年部分节假日安排的通知), written down from memory of those notices.
 * Verify each year against the official notice before relying on deadlines; a year that
 * is missing here counts working days by weekday alone. 2025 and 2026 are the required
 * years; 2022–2024 are included so that seeded complaints get realistic deadlines.
 */
export interface HolidayPeriod {
  name: string;
  /** First and last day off, inclusive, 'YYYY-MM-DD'. */
  from: string;
  to: string;
  /** Weekend days worked in exchange for this period. */
  makeUpWorkdays: readonly string[];
}

export const CHINA_PUBLIC_HOLIDAY_PERIODS: Readonly<Record<number, readonly HolidayPeriod[]>> = {
  2022: [
    { name: '元旦', from: '2022-01-01', to: '2022-01-03', makeUpWorkdays: [] },
    { name: '春节', from: '2022-01-31', to: '2022-02-06', makeUpWorkdays: ['2022-01-29', '2022-01-30'] },
    { name: '清明节', from: '2022-04-03', to: '2022-04-05', makeUpWorkdays: ['2022-04-02'] },
    { name: '劳动节', from: '2022-04-30', to: '2022-05-04', makeUpWorkdays: ['2022-04-24', '2022-05-07'] },
    { name: '端午节', from: '2022-06-03', to: '2022-06-05', makeUpWorkdays: [] },
    { name: '中秋节', from: '2022-09-10', to: '2022-09-12', makeUpWorkdays: [] },
    { name: '国庆节', from: '2022-10-01', to: '2022-10-07', makeUpWorkdays: ['2022-10-08', '2022-10-09'] },
  ],
  2023: [
    { name: '元旦', from: '2022-12-31', to: '2023-01-02', makeUpWorkdays: [] },
    { name: '春节', from: '2023-01-21', to: '2023-01-27', makeUpWorkdays: ['2023-01-28', '2023-01-29'] },
    { name: '清明节', from: '2023-04-05', to: '2023-04-05', makeUpWorkdays: [] },
    { name: '劳动节', from: '2023-04-29', to: '2023-05-03', makeUpWorkdays: ['2023-04-23', '2023-05-06'] },
    { name: '端午节', from: '2023-06-22', to: '2023-06-24', makeUpWorkdays: ['2023-06-25'] },
    { name: '中秋节、国庆节', from: '2023-09-29', to: '2023-10-06', makeUpWorkdays: ['2023-10-07', '2023-10-08'] },
  ],
  2024: [
    { name: '元旦', from: '2024-01-01', to: '2024-01-01', makeUpWorkdays: [] },
    { name: '春节', from: '2024-02-10', to: '2024-02-17', makeUpWorkdays: ['2024-02-04', '2024-02-18'] },
    { name: '清明节', from: '2024-04-04', to: '2024-04-06', makeUpWorkdays: ['2024-04-07'] },
    { name: '劳动节', from: '2024-05-01', to: '2024-05-05', makeUpWorkdays: ['2024-04-28', '2024-05-11'] },
    { name: '端午节', from: '2024-06-08', to: '2024-06-10', makeUpWorkdays: [] },
    { name: '中秋节', from: '2024-09-15', to: '2024-09-17', makeUpWorkdays: ['2024-09-14'] },
    { name: '国庆节', from: '2024-10-01', to: '2024-10-07', makeUpWorkdays: ['2024-09-29', '2024-10-12'] },
  ],
  2025: [
    { name: '元旦', from: '2025-01-01', to: '2025-01-01', makeUpWorkdays: [] },
    { name: '春节', from: '2025-01-28', to: '2025-02-04', makeUpWorkdays: ['2025-01-26', '2025-02-08'] },
    { name: '清明节', from: '2025-04-04', to: '2025-04-06', makeUpWorkdays: [] },
    { name: '劳动节', from: '2025-05-01', to: '2025-05-05', makeUpWorkdays: ['2025-04-27'] },
    { name: '端午节', from: '2025-05-31', to: '2025-06-02', makeUpWorkdays: [] },
    { name: '国庆节、中秋节', from: '2025-10-01', to: '2025-10-08', makeUpWorkdays: ['2025-09-28', '2025-10-11'] },
  ],
  2026: [
    { name: '元旦', from: '2026-01-01', to: '2026-01-03', makeUpWorkdays: ['2026-01-04'] },
    { name: '春节', from: '2026-02-15', to: '2026-02-23', makeUpWorkdays: ['2026-02-14', '2026-02-28'] },
    { name: '清明节', from: '2026-04-04', to: '2026-04-06', makeUpWorkdays: [] },
    { name: '劳动节', from: '2026-05-01', to: '2026-05-05', makeUpWorkdays: ['2026-05-09'] },
    { name: '端午节', from: '2026-06-19', to: '2026-06-21', makeUpWorkdays: [] },
    { name: '中秋节', from: '2026-09-25', to: '2026-09-27', makeUpWorkdays: [] },
    { name: '国庆节', from: '2026-10-01', to: '2026-10-07', makeUpWorkdays: ['2026-09-20', '2026-10-10'] },
  ],
};

function daysOf(period: HolidayPeriod): string[] {
  const days: string[] = [];
  for (let day = period.from; day <= period.to; day = shiftDayKey(day, 1)) days.push(day);
  return days;
}

const ALL_PERIODS = Object.values(CHINA_PUBLIC_HOLIDAY_PERIODS).flat();

/** Every day off of the configured periods, sorted. */
export const DEFAULT_HOLIDAYS: readonly string[] = ALL_PERIODS.flatMap(daysOf).sort();
export const DEFAULT_MAKE_UP_WORKDAYS: readonly string[] = ALL_PERIODS.flatMap((p) => p.makeUpWorkdays).sort();

export function createDefaultWorkingDayCalendar(): WorkingDayCalendar {
  return new WorkingDayCalendar({ holidays: DEFAULT_HOLIDAYS, makeUpWorkdays: DEFAULT_MAKE_UP_WORKDAYS });
}

export const DEFAULT_WORKING_DAY_CALENDAR: WorkingDayCalendar = createDefaultWorkingDayCalendar();
