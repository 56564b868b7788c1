import {
  dayOfWeek,
  endOfShanghaiDay,
  isDayKey,
  KernelValidationError,
  shanghaiDayKey,
  shanghaiMonthKey,
  shanghaiYear,
  shiftDayKey,
  startOfShanghaiDay,
  startOfShanghaiMonth,
  WorkingDayCalendar,
} from '../../kernel';

describe('Shanghai calendar keys', () => {
  it('puts 2024-01-31T16:00Z on February 1 in Shanghai', () => {
    expect(shanghaiMonthKey(new Date('2024-01-31T15:59:59.999Z'))).toBe('2024-01');
    expect(shanghaiMonthKey(new Date('2024-01-31T16:00:00.000Z'))).toBe('2024-02');
    expect(shanghaiDayKey(new Date('2024-01-31T15:59:59.999Z'))).toBe('2024-01-31');
    expect(shanghaiDayKey(new Date('2024-01-31T16:00:00.000Z'))).toBe('2024-02-01');
  });

  it('crosses the year boundary', () => {
    expect(shanghaiYear(new Date('2025-12-31T16:00:00.000Z'))).toBe(2026);
    expect(shanghaiMonthKey(new Date('2025-12-31T16:00:00.000Z'))).toBe('2026-01');
  });

  it('finds the start and end of a Shanghai day and month', () => {
    expect(startOfShanghaiDay('2024-02-01').toISOString()).toBe('2024-01-31T16:00:00.000Z');
    expect(endOfShanghaiDay('2024-02-01').toISOString()).toBe('2024-02-01T15:59:59.999Z');
    expect(startOfShanghaiDay('2024-03-01').toISOString()).toBe('2024-02-29T16:00:00.000Z');
    expect(startOfShanghaiMonth('2026-01').toISOString()).toBe('2025-12-31T16:00:00.000Z');
  });

  it('validates day keys', () => {
    expect(isDayKey('2024-02-29')).toBe(true);
    expect(isDayKey('2025-02-29')).toBe(false);
    expect(isDayKey('2000-02-29')).toBe(true);
    expect(isDayKey('2100-02-29')).toBe(false);
    expect(isDayKey('2025-04-31')).toBe(false);
    expect(isDayKey('2025-00-10')).toBe(false);
    expect(isDayKey('2025-2-1')).toBe(false);
    expect(() => startOfShanghaiDay('2025-13-01')).toThrow(KernelValidationError);
    expect(() => shanghaiDayKey(new Date(Number.NaN))).toThrow(KernelValidationError);
  });

  it('shifts days and knows weekdays', () => {
    expect(shiftDayKey('2024-02-28', 1)).toBe('2024-02-29');
    expect(shiftDayKey('2024-03-01', -1)).toBe('2024-02-29');
    expect(dayOfWeek('2025-10-01')).toBe(3); // Wednesday
  });
});

describe('WorkingDayCalendar', () => {
  // A small hand-made calendar around 2025-09/10 (national day week), independent of holidays.ts.
  const calendar = new WorkingDayCalendar({
    holidays: ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-06'],
    makeUpWorkdays: ['2025-09-28'],
  });
  // Shanghai 10:00 on Friday 2025-09-26.
  const fridayMorning = new Date('2025-09-26T02:00:00.000Z');

  it('classifies weekdays, weekends, holidays and make-up days', () => {
    expect(calendar.isWorkingDay('2025-09-26')).toBe(true); // Friday
    expect(calendar.isWorkingDay('2025-09-27')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2025-09-28')).toBe(true); // Sunday, make-up day
    expect(calendar.isWorkingDay('2025-10-01')).toBe(false); // Wednesday, holiday
    expect(calendar.isWorkingDay('2025-10-07')).toBe(true); // Tuesday
  });

  it('counts across a weekend, a make-up day and holidays', () => {
    // After Fri 26: Sun 28 (make-up) 1, Mon 29 2, Tue 30 3, [Oct 1–3 holidays, 4–5 weekend, 6 holiday], Tue Oct 7 4.
    expect(calendar.nthWorkingDayAfter(fridayMorning, 1)).toBe('2025-09-28');
    expect(calendar.nthWorkingDayAfter(fridayMorning, 3)).toBe('2025-09-30');
    expect(calendar.nthWorkingDayAfter(fridayMorning, 4)).toBe('2025-10-07');
    expect(calendar.addWorkingDays(fridayMorning, 4).toISOString()).toBe('2025-10-07T15:59:59.999Z');
  });

  it('counts from the Shanghai day, not the UTC day', () => {
    // 2025-09-26T17:00Z is already Saturday 27 at 01:00 in Shanghai.
    const saturdayNight = new Date('2025-09-26T17:00:00.000Z');
    expect(calendar.nthWorkingDayAfter(saturdayNight, 1)).toBe('2025-09-28');
    expect(calendar.nthWorkingDayAfter(saturdayNight, 2)).toBe('2025-09-29');
    // Friday 2025-09-19 evening: Mon 22 is the first working day after.
    expect(calendar.addWorkingDays(new Date('2025-09-19T12:00:00.000Z'), 1).toISOString()).toBe('2025-09-22T15:59:59.999Z');
  });

  it('n = 0 is the end of the day itself; negative n is refused', () => {
    expect(calendar.addWorkingDays(fridayMorning, 0).toISOString()).toBe('2025-09-26T15:59:59.999Z');
    expect(() => calendar.addWorkingDays(fridayMorning, -1)).toThrow(KernelValidationError);
  });

  it('workingDaysBetween inverts addWorkingDays', () => {
    for (let n = 0; n <= 20; n++) {
      expect(calendar.workingDaysBetween(fridayMorning, calendar.addWorkingDays(fridayMorning, n))).toBe(n);
    }
    expect(calendar.workingDaysBetween(new Date('2025-10-07T02:00:00.000Z'), fridayMorning)).toBe(-4);
    expect(calendar.workingDaysBetween(fridayMorning, fridayMorning)).toBe(0);
  });

  it('rejects bad configuration', () => {
    expect(() => new WorkingDayCalendar({ holidays: ['2025-10-32'], makeUpWorkdays: [] })).toThrow(KernelValidationError);
    expect(() => new WorkingDayCalendar({ holidays: ['2025-09-28'], makeUpWorkdays: ['2025-09-28'] })).toThrow(/both/);
  });
});
