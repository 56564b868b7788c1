import { shanghaiDayKey, type WorkingDayCalendar } from './time';

/** Days between two instants, by their Shanghai calendar days (the same day is 0). */
export function calendarDaysBetween(from: Date, to: Date): number {
  const day = (date: Date) => Date.parse(`${shanghaiDayKey(date)}T00:00:00Z`) / 86_400_000;
  return Math.round(day(to) - day(from));
}

export interface StageDuration {
  /** Shanghai calendar days from the day the stage began to the day it ended. */
  calendarDays: number;
  /** Working days d with day(begin) < d ≤ day(end), by the region's holiday calendar (the deadlines' counting). */
  workingDays: number;
}

/** The durations of the stages a complaint has finished; a stage not yet ended is absent. */
export interface ComplaintDurations {
  /** Receipt (登记) → the decision (受理 or 不予受理). */
  receiptToAcceptance?: StageDuration;
  /** Acceptance (受理) → closure (办结 or 终止). */
  acceptanceToClosure?: StageDuration;
  /** Receipt → feedback to the consumer (反馈). */
  receiptToFeedback?: StageDuration;
}

/** The part of a complaint its durations depend on. */
export interface ComplaintStages {
  receivedAt: Date;
  timeline: ReadonlyArray<{ at: Date; status: string }>;
}

function stage(from: Date, to: Date, calendar: WorkingDayCalendar): StageDuration {
  return { calendarDays: calendarDaysBetween(from, to), workingDays: calendar.workingDaysBetween(from, to) };
}

/**
 * The durations of a complaint's finished stages, counted with `calendar` (the region's holiday calendar: the
 * deadline job recounts them when it changes). The first timeline entry of each status ends its stage.
 */
export function complaintDurations(complaint: ComplaintStages, calendar: WorkingDayCalendar): ComplaintDurations {
  const first = (...statuses: string[]) => complaint.timeline.find((entry) => statuses.includes(entry.status))?.at;
  const decided = first('ACCEPTED', 'REJECTED');
  const accepted = first('ACCEPTED');
  const closed = first('RESOLVED', 'TERMINATED');
  const feedback = first('FEEDBACK_GIVEN');
  const durations: ComplaintDurations = {};
  if (decided) durations.receiptToAcceptance = stage(complaint.receivedAt, decided, calendar);
  if (accepted && closed) durations.acceptanceToClosure = stage(accepted, closed, calendar);
  if (feedback) durations.receiptToFeedback = stage(complaint.receivedAt, feedback, calendar);
  return durations;
}
