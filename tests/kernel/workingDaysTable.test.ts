/**
 * Working days against a table written by hand from the State Council's notices (issue 17): each row counted on a
 * paper calendar, not derived from the calendar files, across 春节, 国庆/中秋, make-up Saturdays and Sundays (调休上班)
 * and year boundaries, including the boundary into a year no calendar file covers (weekends only there, provisional).
 */
import { DEFAULT_WORKING_DAY_CALENDAR, mergeCalendarYears, BUILT_IN_CALENDAR_YEARS, daysOfYears, parseCalendarYear, WorkingDayCalendar } from '../../kernel';

const calendar = DEFAULT_WORKING_DAY_CALENDAR;

/** [day, working?, why] */
const DAYS: Array<[string, boolean, string]> = [
  ['2025-01-26', true, 'Sunday worked before 春节 2025'],
  ['2025-01-28', false, '春节 2025 (除夕), a Tuesday'],
  ['2025-02-04', false, 'last day of 春节 2025'],
  ['2025-02-08', true, 'Saturday worked after 春节 2025'],
  ['2026-02-14', true, 'Saturday worked before 春节 2026'],
  ['2026-02-23', false, 'Monday, last day of the nine days of 春节 2026'],
  ['2026-02-24', true, 'first working day after 春节 2026'],
  ['2026-02-28', true, 'Saturday worked after 春节 2026'],
  ['2024-02-18', true, 'Sunday worked after 春节 2024'],
  ['2025-10-08', false, 'Wednesday, last day of 国庆节、中秋节 2025'],
  ['2025-10-11', true, 'Saturday worked after 国庆 2025'],
  ['2024-10-12', true, 'Saturday worked after 国庆 2024'],
  ['2026-09-20', true, 'Sunday worked before 国庆 2026'],
  ['2026-10-07', false, 'Wednesday in 国庆 2026'],
  ['2026-10-10', true, 'Saturday worked after 国庆 2026'],
  ['2026-09-25', false, '中秋节 2026, a Friday'],
  ['2026-01-04', true, 'Sunday worked after 元旦 2026'],
  ['2023-01-02', false, 'Monday, 元旦 2023 (from Saturday 2022-12-31)'],
  ['2026-12-31', true, 'an ordinary Thursday'],
  ['2026-12-26', false, 'an ordinary Saturday'],
  ['2027-01-01', true, 'no calendar for 2027: weekends only, so New Year’s Day counts'],
  ['2027-01-02', false, 'a Saturday of 2027'],
];

/** [why, from (instant), working days, deadline's Shanghai day, provisional] */
const DEADLINES: Array<[string, string, number, string, boolean]> = [
  // Sun 28 (worked), Mon 29, Tue 30, [Oct 1–8 off], Thu 9, Fri 10, Sat 11 (worked), Mon 13.
  ['7 days across 国庆节、中秋节 2025 with both make-up days', '2025-09-26T02:00:00Z', 7, '2025-10-13', false],
  // Fri 13, Sat 14 (worked), [15–23 off], Tue 24 … Fri 27, Sat 28 (worked).
  ['7 days across 春节 2026, ending on a make-up Saturday', '2026-02-12T02:00:00Z', 7, '2026-02-28', false],
  // Fri 9, [10–17 off], Sun 18 (worked), Mon 19 … Fri 23.
  ['7 days across 春节 2024', '2024-02-08T02:00:00Z', 7, '2024-02-23', false],
  // Sun 20 (worked), Mon 21 … Thu 24, [Fri 25 – Sun 27 中秋节], Mon 28, Tue 29.
  ['7 days across the make-up Sunday and 中秋节 2026', '2026-09-18T02:00:00Z', 7, '2026-09-29', false],
  // Tue 30, Wed 31, [Jan 1–3 元旦], Sun 4 (worked), Mon 5 … Thu 8.
  ['7 days from 2025 into 2026 across 元旦', '2025-12-29T02:00:00Z', 7, '2026-01-08', false],
  // Fri 30, [Sat 31 – Mon Jan 2 元旦], Tue 3 … Fri 6, Mon 9, Tue 10.
  ['7 days from 2022 into 2023 across 元旦', '2022-12-29T02:00:00Z', 7, '2023-01-10', false],
  // 23:30 Shanghai on Dec 31 is still Dec 31: Fri Jan 1 (counted, no 2027 calendar), Mon 4 … Fri 8, Mon 11.
  ['from the last evening of 2026 (Shanghai) into unknown 2027', '2026-12-31T15:30:00Z', 7, '2027-01-11', true],
  // Dec 3 … Dec 31 (21), Jan 1 (22, counted), Jan 4 … Jan 29 (42), Feb 1, 2, 3.
  ['the finding: 45 days from 2026-12-02 counted through an unknown 2027', '2026-12-02T02:00:00Z', 45, '2027-02-03', true],
  ['0 working days is the day itself, not provisional', '2026-12-31T02:00:00Z', 0, '2026-12-31', false],
  ['7 days within 2026 stay exact', '2026-12-02T02:00:00Z', 7, '2026-12-11', false],
];

describe('working days: a hand-written table', () => {
  it.each(DAYS)('%s is a working day: %s (%s)', (day, working) => {
    expect(calendar.isWorkingDay(day)).toBe(working);
  });

  it.each(DEADLINES)('%s', (_why, from, n, day, provisional) => {
    expect(calendar.nthWorkingDayAfter(new Date(from), n)).toBe(day);
    const deadline = calendar.deadline(new Date(from), n);
    expect(deadline.provisional).toBe(provisional);
    // The end of that Shanghai day: 23:59:59.999 +08:00.
    expect(deadline.at.toISOString()).toBe(new Date(Date.parse(`${day}T23:59:59.999+08:00`)).toISOString());
  });

  it('with a 2027 that has only New Year’s Day off, the finding’s deadline is 2027-02-04 and exact', () => {
    const only2027 = parseCalendarYear({ year: 2027, notice: 'fixture', periods: [{ name: '元旦', from: '2027-01-01', to: '2027-01-01', makeUpWorkdays: [] }] }, '2027.json', 'CALENDAR_DIR');
    const years = mergeCalendarYears(BUILT_IN_CALENDAR_YEARS, [only2027]);
    const withYear = new WorkingDayCalendar({ ...daysOfYears(years), years });
    expect(withYear.deadline(new Date('2026-12-02T02:00:00Z'), 45)).toEqual({ at: new Date('2027-02-04T15:59:59.999Z'), provisional: false });
    expect(withYear.isWorkingDay('2027-01-01')).toBe(false);
    // 2028 is still unknown.
    expect(withYear.deadline(new Date('2027-12-28T02:00:00Z'), 7).provisional).toBe(true);
  });
});
