import {
  ACCEPT_DECISION_WORKING_DAYS,
  CHINA_PUBLIC_HOLIDAY_PERIODS,
  complaintAcceptDeadline,
  complaintMediationDeadline,
  DEFAULT_HOLIDAYS,
  DEFAULT_MAKE_UP_WORKDAYS,
  DEFAULT_WORKING_DAY_CALENDAR,
  dayOfWeek,
  MEDIATION_WORKING_DAYS,
} from '../../kernel';

describe('default holiday configuration', () => {
  it('covers 2025 and 2026', () => {
    expect(CHINA_PUBLIC_HOLIDAY_PERIODS[2025]?.length).toBeGreaterThanOrEqual(6);
    expect(CHINA_PUBLIC_HOLIDAY_PERIODS[2026]?.length).toBeGreaterThanOrEqual(6);
  });

  it('is self-consistent: make-up days fall on weekends, periods are ordered, no day listed twice', () => {
    for (const day of DEFAULT_MAKE_UP_WORKDAYS) expect([0, 6]).toContain(dayOfWeek(day));
    for (const periods of Object.values(CHINA_PUBLIC_HOLIDAY_PERIODS)) {
      for (const period of periods) expect(period.from <= period.to).toBe(true);
    }
    expect(new Set(DEFAULT_HOLIDAYS).size).toBe(DEFAULT_HOLIDAYS.length);
    for (const day of DEFAULT_MAKE_UP_WORKDAYS) expect(DEFAULT_HOLIDAYS).not.toContain(day);
  });

  it('knows the 2025 Spring Festival (Jan 28 – Feb 4, make-up Jan 26 and Feb 8)', () => {
    const calendar = DEFAULT_WORKING_DAY_CALENDAR;
    expect(calendar.isWorkingDay('2025-01-26')).toBe(true);
    expect(calendar.isWorkingDay('2025-01-28')).toBe(false);
    expect(calendar.isWorkingDay('2025-02-04')).toBe(false);
    expect(calendar.isWorkingDay('2025-02-05')).toBe(true);
    expect(calendar.isWorkingDay('2025-02-08')).toBe(true);
  });

  it('computes complaint deadlines: 7 and 45 working days', () => {
    expect(ACCEPT_DECISION_WORKING_DAYS).toBe(7);
    expect(MEDIATION_WORKING_DAYS).toBe(45);
    // Received Friday 2025-09-26 10:00 Shanghai. Working days after it: Sun 28 (make-up), Mon 29,
    // Tue 30, [Oct 1–8 off], Thu Oct 9, Fri 10, Sat 11 (make-up), Mon 13 = 7th.
    const receivedAt = new Date('2025-09-26T02:00:00.000Z');
    expect(complaintAcceptDeadline(receivedAt).toISOString()).toBe('2025-10-13T15:59:59.999Z');
    const acceptedAt = new Date('2025-10-13T02:00:00.000Z');
    expect(DEFAULT_WORKING_DAY_CALENDAR.workingDaysBetween(acceptedAt, complaintMediationDeadline(acceptedAt))).toBe(45);
  });
});
