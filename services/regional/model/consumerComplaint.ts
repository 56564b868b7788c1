import { enumObject, type ComplaintCategory, type ComplaintDurations, type RegionCode } from '../../../kernel';
import type { PersonalDataMarkers, Timestamps } from './collections';

export const COMPLAINT_CHANNELS = ['HOTLINE_12315', 'WEB', 'MINI_PROGRAM', 'LETTER', 'VISIT'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];
export const ComplaintChannel = enumObject(COMPLAINT_CHANNELS);

/** 登记 → (分流转办) → 受理/不予受理 → 调解 → 办结/终止 → 反馈. */
export const COMPLAINT_STATUSES = [
  'REGISTERED',
  'TRANSFERRED',
  'ACCEPTED',
  'REJECTED',
  'MEDIATING',
  'RESOLVED',
  'TERMINATED',
  'FEEDBACK_GIVEN',
] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
export const ComplaintStatus = enumObject(COMPLAINT_STATUSES);

/** Statuses that close a complaint (set `closedAt`); FEEDBACK_GIVEN follows one of them. */
export const CLOSING_COMPLAINT_STATUSES: readonly ComplaintStatus[] = ['REJECTED', 'RESOLVED', 'TERMINATED'];

/** Personal data: never served to public tokens; replaced by placeholders a retention period after closure. */
export interface ComplaintConsumer {
  name: string;
  phone: string;
  address: string;
}

export interface ComplaintBusiness {
  creditCode: string;
  name: string;
}

export interface ComplaintTimelineEntry {
  at: Date;
  /** The status the complaint entered. */
  status: ComplaintStatus;
  /** Region of the acting agency. */
  region: RegionCode;
  agency: string;
  note: string;
}

/**
 * 消费投诉, collection `complaints`, stored by the receiving region; `_id` is a
 * `{receivingRegion}-CMP-…` ID. `handlingRegion` is the region of the business.
 */
export interface ConsumerComplaintDocument extends Timestamps, PersonalDataMarkers {
  _id: string;
  receivingRegion: RegionCode;
  handlingRegion: RegionCode;
  channel: ComplaintChannel;
  consumer: ComplaintConsumer;
  business: ComplaintBusiness;
  category: ComplaintCategory;
  subject: string;
  description: string;
  /** Amount in dispute in whole fen (分; kernel/money.ts), 0 when no amount is claimed. Earlier builds stored a float of yuan in `amountInDispute` (migration 2026-12-06-04-amounts-in-fen). */
  amountInDisputeFen: number;
  /** The status of the last timeline entry. */
  status: ComplaintStatus;
  /** Oldest first; the first entry is REGISTERED at `receivedAt`. */
  timeline: ComplaintTimelineEntry[];
  receivedAt: Date;
  /** End of the 7th working day after receipt (Shanghai). */
  acceptDeadline: Date;
  /** End of the 45th working day after acceptance; null until accepted. */
  mediationDeadline: Date | null;
  /**
   * The deadline was counted into a year whose holidays the calendar did not know (weekends only there), so it may
   * move when that year's file arrives (the deadline job then recomputes it). Absent in records written before
   * calendar years existed: read as what the current calendar says.
   */
  acceptDeadlineProvisional?: boolean;
  mediationDeadlineProvisional?: boolean;
  /** Set by the deadline job's write until its audit entry exists (a crash between the two is repaired). */
  deadlineAuditPending?: { id: string; detail: string; at: Date };
  /**
   * How long its finished stages took, in Shanghai calendar days and in working days of the region's calendar: set
   * by the write that ends a stage, recounted by the deadline job when the calendar changes (kernel/complaintDurations.ts).
   * Absent in records written before it existed (migration 2026-12-06-05-complaint-durations fills it).
   */
  durations?: ComplaintDurations;
  /** When it reached REJECTED, RESOLVED or TERMINATED; null while open. */
  closedAt: Date | null;
}
