import { DEFAULT_WORKING_DAY_CALENDAR } from './holidays';
import type { WorkingDayCalendar, WorkingDayDeadline } from './time';

/**
 * Statutory deadlines of 市场监督管理投诉举报处理暂行办法: decide to accept or reject within
 * 7 working days of receipt; mediation ends without agreement 45 working days after acceptance.
 */
export const ACCEPT_DECISION_WORKING_DAYS = 7;
export const MEDIATION_WORKING_DAYS = 45;

export function complaintAcceptDeadline(receivedAt: Date, calendar: WorkingDayCalendar = DEFAULT_WORKING_DAY_CALENDAR): Date {
  return calendar.addWorkingDays(receivedAt, ACCEPT_DECISION_WORKING_DAYS);
}

export function complaintMediationDeadline(acceptedAt: Date, calendar: WorkingDayCalendar = DEFAULT_WORKING_DAY_CALENDAR): Date {
  return calendar.addWorkingDays(acceptedAt, MEDIATION_WORKING_DAYS);
}

/** The decision deadline with whether it is provisional (counted into a year the calendar does not know). */
export function complaintAcceptDeadlineOf(receivedAt: Date, calendar: WorkingDayCalendar = DEFAULT_WORKING_DAY_CALENDAR): WorkingDayDeadline {
  return calendar.deadline(receivedAt, ACCEPT_DECISION_WORKING_DAYS);
}

/** The mediation deadline with whether it is provisional. */
export function complaintMediationDeadlineOf(acceptedAt: Date, calendar: WorkingDayCalendar = DEFAULT_WORKING_DAY_CALENDAR): WorkingDayDeadline {
  return calendar.deadline(acceptedAt, MEDIATION_WORKING_DAYS);
}
