/**
 * Complaint durations (kernel/complaintDurations.ts) in Shanghai calendar days and in working days, against a table
 * written by hand from the State Council's notices across 春节 and 国庆 (make-up Saturdays and Sundays included),
 * and every seeded complaint's stored working days against a plain count over the calendar files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calendarDaysBetween, complaintDurations, DEFAULT_WORKING_DAY_CALENDAR } from '../../kernel';
import { generateSeedData } from '../../seeds/generate';

/** 10:00 in Shanghai on the given day. */
const at = (day: string, hour = 10) => new Date(Date.parse(`${day}T00:00:00Z`) + (hour - 8) * 3_600_000);

// from, to, calendar days, working days: worked out on paper from the 2025 and 2026 notices.
const TABLE: Array<[string, Date, Date, number, number]> = [
  ['春节 2026: Thu before → Tue after (Sat 02-14 worked)', at('2026-02-12'), at('2026-02-24'), 12, 3],
  ['春节 2026: Fri before → Mon 03-02 (Sat 02-28 worked)', at('2026-02-13'), at('2026-03-02'), 17, 7],
  ['春节 2026: the make-up Saturday → the first day off', at('2026-02-14'), at('2026-02-15'), 1, 0],
  ['春节 2026: 01:00 Shanghai on 02-13 is the 13th, not the 12th', at('2026-02-13', 1), at('2026-02-24'), 11, 2],
  ['the same day', at('2026-02-24', 9), at('2026-02-24', 17), 0, 0],
  ['国庆 2026: Wed 09-30 → Fri 10-09', at('2026-09-30'), at('2026-10-09'), 9, 2],
  ['中秋 and 国庆 2026: Thu 09-24 → Mon 10-12 (Sat 10-10 worked)', at('2026-09-24'), at('2026-10-12'), 18, 7],
  ['国庆 2026: the make-up Sunday 09-20 counts', at('2026-09-19'), at('2026-09-21'), 2, 2],
  ['国庆、中秋 2025: Fri 09-26 → Mon 10-13 (Sun 09-28 and Sat 10-11 worked)', at('2025-09-26'), at('2025-10-13'), 17, 7],
];

describe('stage durations across 春节 and 国庆', () => {
  it.each(TABLE)('%s: %#', (_name, from, to, calendarDays, workingDays) => {
    expect(calendarDaysBetween(from, to)).toBe(calendarDays);
    expect(DEFAULT_WORKING_DAY_CALENDAR.workingDaysBetween(from, to)).toBe(workingDays);
  });

  it('a complaint’s three stages, each ended by the first entry of its status', () => {
    const timeline = [
      { at: at('2026-02-12'), status: 'REGISTERED' },
      { at: at('2026-02-24'), status: 'ACCEPTED' },
      { at: at('2026-02-25'), status: 'MEDIATING' },
      { at: at('2026-03-02'), status: 'RESOLVED' },
      { at: at('2026-03-03'), status: 'FEEDBACK_GIVEN' },
    ];
    expect(complaintDurations({ receivedAt: at('2026-02-12'), timeline }, DEFAULT_WORKING_DAY_CALENDAR)).toEqual({
      receiptToAcceptance: { calendarDays: 12, workingDays: 3 },
      acceptanceToClosure: { calendarDays: 6, workingDays: 5 },
      receiptToFeedback: { calendarDays: 19, workingDays: 9 },
    });
    expect(complaintDurations({ receivedAt: at('2026-02-12'), timeline: timeline.slice(0, 1) }, DEFAULT_WORKING_DAY_CALENDAR)).toEqual({});
    const rejected = [timeline[0]!, { at: at('2026-02-13'), status: 'REJECTED' }];
    expect(complaintDurations({ receivedAt: at('2026-02-12'), timeline: rejected }, DEFAULT_WORKING_DAY_CALENDAR)).toEqual({ receiptToAcceptance: { calendarDays: 1, workingDays: 1 } });
  });
});

describe('seeded complaints', () => {
  it('carry the durations of their finished stages, working days as a plain count over the calendar files', () => {
    const dir = join(__dirname, '..', '..', 'kernel', 'calendar');
    const off = new Set<string>();
    const worked = new Set<string>();
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
      for (const period of JSON.parse(readFileSync(join(dir, file), 'utf8')).periods as Array<{ from: string; to: string; makeUpWorkdays: string[] }>) {
        for (let day = Date.parse(`${period.from}T00:00:00Z`); day <= Date.parse(`${period.to}T00:00:00Z`); day += 86_400_000) off.add(new Date(day).toISOString().slice(0, 10));
        for (const day of period.makeUpWorkdays) worked.add(day);
      }
    }
    const dayOf = (date: Date) => new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const working = (from: Date, to: Date) => {
      let count = 0;
      for (let day = Date.parse(`${dayOf(from)}T00:00:00Z`) + 86_400_000; day <= Date.parse(`${dayOf(to)}T00:00:00Z`); day += 86_400_000) {
        const key = new Date(day).toISOString().slice(0, 10);
        const weekday = new Date(day).getUTCDay();
        if (worked.has(key) || (!off.has(key) && weekday !== 0 && weekday !== 6)) count++;
      }
      return count;
    };
    let stages = 0;
    for (const complaints of Object.values(generateSeedData()).map((region) => region.complaints)) {
      for (const complaint of complaints) {
        const first = (...statuses: string[]) => complaint.timeline.find((entry) => statuses.includes(entry.status))?.at;
        const decided = first('ACCEPTED', 'REJECTED');
        expect(complaint.durations?.receiptToAcceptance?.workingDays).toBe(decided ? working(complaint.receivedAt, decided) : undefined);
        const feedback = first('FEEDBACK_GIVEN');
        expect(complaint.durations?.receiptToFeedback?.workingDays).toBe(feedback ? working(complaint.receivedAt, feedback) : undefined);
        stages += (decided ? 1 : 0) + (feedback ? 1 : 0);
      }
    }
    expect(stages).toBeGreaterThan(100);
  });
});
