import { setImmediate as yieldToRequests } from 'node:timers/promises';
import type { Collection, Filter } from 'mongodb';
import type { Logger } from 'pino';
import { complaintAcceptDeadlineOf, complaintDurations, complaintMediationDeadlineOf, OPEN_ASSISTANCE_STATUSES, type RegionCode, type WorkingDayCalendar, type WorkingDayDeadline } from '../../../kernel';
import { REGIONAL_DEFAULTS } from '../../../platform/config';
import { regionSystemIdentity } from '../auth/systemIdentity';
import { systemClock, type Clock } from '../clock';
import { recordAudit } from '../data/audit';
import type { RegionalDatabase } from '../data/database';
import { ConcurrentChangeError } from '../data/domainErrors';
import { writeWithEvent, type WriteContext } from '../data/recordWrites';
import { requestScopedDatabase } from '../data/requestScoped';
import { COMPLAINTS } from '../entities/complaint/complaint.service';
import { ASSISTANCE_REQUESTS } from '../entities/assistanceRequest/assistanceRequest.service';
import type { AssistanceRequestDocument, ComplaintStatus, ConsumerComplaintDocument } from '../model';
import { calendarFingerprint } from './loadCalendar';

/** The region's record of the calendar its stored deadlines were last brought in line with. */
export const CALENDAR_STATE_COLLECTION = 'calendarState';
const STATE_ID = 'complaintDeadlines';

interface CalendarStateDocument {
  _id: string;
  fingerprint: string;
  years: number[];
  at: Date;
}

const WAITING_FOR_DECISION: readonly ComplaintStatus[] = ['REGISTERED', 'TRANSFERRED'];
const IN_MEDIATION: readonly ComplaintStatus[] = ['ACCEPTED', 'MEDIATING'];
/** Complaints whose running deadline the calendar decides (closed ones keep theirs as history). */
const OPEN_STATUSES: readonly ComplaintStatus[] = [...WAITING_FOR_DECISION, ...IN_MEDIATION];

type DeadlineField = 'acceptDeadline' | 'mediationDeadline';

/** A stored deadline that the calendar now counts differently. */
export interface DeadlineCorrection {
  field: DeadlineField;
  from: Date | null;
  to: Date;
  provisional: boolean;
}

/**
 * The running deadline of an open complaint as the calendar counts it, if it differs from the stored one (its day,
 * or whether it is provisional; a record written before the flag existed differs only by its day).
 */
export function deadlineCorrection(complaint: ConsumerComplaintDocument, calendar: WorkingDayCalendar): DeadlineCorrection | null {
  let field: DeadlineField;
  let expected: { at: Date; provisional: boolean };
  let storedFlag: boolean | undefined;
  if (WAITING_FOR_DECISION.includes(complaint.status)) {
    field = 'acceptDeadline';
    expected = complaintAcceptDeadlineOf(complaint.receivedAt, calendar);
    storedFlag = complaint.acceptDeadlineProvisional;
  } else if (IN_MEDIATION.includes(complaint.status)) {
    const accepted = [...complaint.timeline].reverse().find((entry) => entry.status === 'ACCEPTED');
    if (!accepted) return null;
    field = 'mediationDeadline';
    expected = complaintMediationDeadlineOf(accepted.at, calendar);
    storedFlag = complaint.mediationDeadlineProvisional;
  } else {
    return null;
  }
  const stored = complaint[field];
  const sameDay = stored !== null && stored.getTime() === expected.at.getTime();
  if (sameDay && (storedFlag === undefined || storedFlag === expected.provisional)) return null;
  return { field, from: stored, to: expected.at, provisional: expected.provisional };
}

/**
 * The reply deadline of an open assistance request as the calendar counts it (its period from sending, then each
 * granted extension from the deadline it extended), if it differs from the stored one; null when it does not.
 */
export function assistanceDeadlineCorrection(request: AssistanceRequestDocument, calendar: WorkingDayCalendar): WorkingDayDeadline | null {
  if (!OPEN_ASSISTANCE_STATUSES.includes(request.status)) return null;
  let expected = calendar.deadline(request.sentAt, request.workingDays);
  for (const extension of request.extensions) {
    if (extension.decision !== 'GRANTED') continue;
    const extended = calendar.deadline(expected.at, extension.workingDays);
    expected = { at: extended.at, provisional: expected.provisional || extended.provisional };
  }
  const same = request.replyDeadline.getTime() === expected.at.getTime() && request.replyDeadlineProvisional === expected.provisional;
  return same ? null : expected;
}

export interface DeadlineJobOptions {
  region: RegionCode;
  database: RegionalDatabase;
  logger: Logger;
  /** The calendar in force (it changes on reload). */
  calendar: () => WorkingDayCalendar;
  clock?: Clock;
  outboxWritten?: () => void;
  commandTimeoutMs?: number;
  batchSize?: number;
}

/** What one run did. */
export interface DeadlineRecompute {
  fingerprint: string;
  /** The stored deadlines already matched this calendar (its fingerprint was recorded): nothing was read. */
  upToDate: boolean;
  /** Complaints whose deadline was updated (one COMPLAINT_CHANGED event and one audit entry each). */
  updated: number;
  /** Updates whose audit entry a crash had left unwritten, written now. */
  auditsRepaired: number;
  /** Complaints changed by someone else meanwhile, three times over (left for the next run). */
  conflicts: number;
  /** Open assistance requests whose reply deadline was updated (one ASSISTANCE_REQUEST_CHANGED event and one audit entry each). */
  assistanceUpdated: number;
  /** Complaints whose stored stage durations were (re)counted: missing ones at every run, all of them when the calendar changed. */
  durationsUpdated: number;
}

/**
 * Keeps the stored deadlines of open complaints in line with the calendar. It runs as the service starts and after
 * every calendar reload: when the calendar's fingerprint is not the one recorded in `calendarState` (a year added
 * or changed, EXTRA_HOLIDAYS set since), every open complaint whose running deadline the calendar now counts
 * differently is updated through the normal write path — a COMPLAINT_CHANGED event and an audit entry by the
 * region's system identity — and the fingerprint is recorded once all are done.
 *
 * Crash-safe and idempotent: a complaint already corrected no longer differs, so a run that stopped half-way is
 * finished by the next one (the fingerprint is recorded last); the write also sets `deadlineAuditPending`, cleared
 * once the audit entry (whose ID names the record and the calendar) exists, so a crash between the two is repaired.
 */
export class DeadlineJob {
  private readonly clock: Clock;
  private readonly batchSize: number;
  private readonly database: RegionalDatabase;
  private readonly stopping = new AbortController();
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: DeadlineJobOptions) {
    this.clock = options.clock ?? systemClock;
    this.batchSize = options.batchSize ?? 100;
    this.database = requestScopedDatabase(options.database, {
      maxTimeMS: options.commandTimeoutMs ?? REGIONAL_DEFAULTS.dbCommandTimeoutMs,
      signal: this.stopping.signal,
    });
  }

  private get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  private get state(): Collection<CalendarStateDocument> {
    return this.options.database.db.collection<CalendarStateDocument>(CALENDAR_STATE_COLLECTION);
  }

  /** Starts a run (not awaited: the service serves meanwhile). */
  start(): void {
    this.run().catch((error: unknown) => {
      if (!this.stopped) this.options.logger.error({ err: error }, 'deadline recompute failed');
    });
  }

  /** One run after the one in progress, if any (the reload and tests call it). */
  run(): Promise<DeadlineRecompute> {
    const next = this.running.catch(() => undefined).then(() => this.runOnce());
    this.running = next;
    return next;
  }

  /** Resolves when no run is in progress (the one started with the service included), however it ended. */
  idle(): Promise<void> {
    return this.running.then(
      () => undefined,
      () => undefined,
    );
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running.catch(() => undefined);
  }

  private writeContext(): WriteContext {
    return { region: this.options.region, database: this.database, outboxWritten: this.options.outboxWritten ?? (() => undefined), clock: this.clock };
  }

  private async runOnce(): Promise<DeadlineRecompute> {
    const calendar = this.options.calendar();
    const fingerprint = calendarFingerprint(calendar);
    const result: DeadlineRecompute = { fingerprint, upToDate: false, updated: 0, auditsRepaired: 0, conflicts: 0, assistanceUpdated: 0, durationsUpdated: 0 };
    result.auditsRepaired = await this.writePendingAudits();
    const recorded = await this.state.findOne({ _id: STATE_ID }, { maxTimeMS: this.options.commandTimeoutMs ?? REGIONAL_DEFAULTS.dbCommandTimeoutMs });
    if (recorded?.fingerprint === fingerprint) {
      // Records written before durations were kept get theirs, counted with the calendar in force.
      result.durationsUpdated = await this.recountDurations(calendar, { durations: { $exists: false } } as Filter<ConsumerComplaintDocument>);
      return { ...result, upToDate: true };
    }
    let after: string | undefined;
    while (!this.stopped) {
      const filter = { status: { $in: [...OPEN_STATUSES] }, ...(after === undefined ? {} : { _id: { $gt: after } }) } as Filter<ConsumerComplaintDocument>;
      const batch = await this.database.complaints.find(filter, { sort: { _id: 1 }, limit: this.batchSize }).toArray();
      for (const complaint of batch) {
        if (this.stopped) break;
        const outcome = await this.correct(complaint, calendar, fingerprint);
        if (outcome === 'updated') result.updated++;
        if (outcome === 'conflict') result.conflicts++;
      }
      if (batch.length < this.batchSize) break;
      after = batch[batch.length - 1]!._id;
      await yieldToRequests();
    }
    if (this.stopped) return result;
    await this.correctAssistanceRequests(calendar, fingerprint, result);
    // Finished stages of every complaint, open or closed: their working days depend on the calendar too.
    result.durationsUpdated = await this.recountDurations(calendar, {});
    if (this.stopped) return result;
    if (result.conflicts === 0) {
      await this.state.updateOne(
        { _id: STATE_ID },
        { $set: { fingerprint, years: calendar.years.map((entry) => entry.year), at: this.clock() } },
        { upsert: true },
      );
    }
    if (result.updated + result.assistanceUpdated + result.auditsRepaired + result.conflicts > 0 || recorded) {
      this.options.logger.info({ ...result, previousFingerprint: recorded?.fingerprint ?? null }, 'complaint deadlines recomputed');
    }
    return result;
  }

  /** Corrects one complaint, reading it again after a concurrent change (three tries). */
  private async correct(first: ConsumerComplaintDocument, calendar: WorkingDayCalendar, fingerprint: string): Promise<'updated' | 'unchanged' | 'conflict'> {
    let complaint: ConsumerComplaintDocument | null = first;
    for (let attempt = 0; attempt < 3 && complaint; attempt++) {
      const correction = deadlineCorrection(complaint, calendar);
      if (!correction) return 'unchanged';
      const at = this.clock();
      const auditId = `DEADLINE_RECOMPUTED:${complaint._id}:${fingerprint}`;
      const detail =
        `${correction.field} recomputed with the holiday calendar of years ${calendarYearsText(calendar)}: ` +
        `${correction.from ? correction.from.toISOString() : 'none'} → ${correction.to.toISOString()}${correction.provisional ? ' (provisional: counted into a year with no calendar file, weekends only)' : ''}`;
      const set: Partial<ConsumerComplaintDocument> =
        correction.field === 'acceptDeadline'
          ? { acceptDeadline: correction.to, acceptDeadlineProvisional: correction.provisional }
          : { mediationDeadline: correction.to, mediationDeadlineProvisional: correction.provisional };
      try {
        await writeWithEvent(this.writeContext(), COMPLAINTS, {
          existing: complaint,
          set: { ...set, deadlineAuditPending: { id: auditId, detail, at } },
          event: 'COMPLAINT_CHANGED',
          audit: { caller: regionSystemIdentity(this.options.region), action: 'UPDATE', detail, auditId },
        });
      } catch (error) {
        if (!(error instanceof ConcurrentChangeError)) throw error;
        complaint = await this.database.complaints.findOne({ _id: complaint._id });
        continue;
      }
      await this.clearAuditPending(complaint._id);
      return 'updated';
    }
    return complaint ? 'conflict' : 'unchanged';
  }

  /** Open assistance requests' reply deadlines, the same way (a request changed meanwhile is read again, three tries). */
  private async correctAssistanceRequests(calendar: WorkingDayCalendar, fingerprint: string, result: DeadlineRecompute): Promise<void> {
    let after: string | undefined;
    while (!this.stopped) {
      const filter = { status: { $in: [...OPEN_ASSISTANCE_STATUSES] }, ...(after === undefined ? {} : { _id: { $gt: after } }) } as Filter<AssistanceRequestDocument>;
      const batch = await this.database.assistanceRequests.find(filter, { sort: { _id: 1 }, limit: this.batchSize }).toArray();
      for (const first of batch) {
        let request: AssistanceRequestDocument | null = first;
        for (let attempt = 0; attempt < 3 && request && !this.stopped; attempt++) {
          const expected = assistanceDeadlineCorrection(request, calendar);
          if (!expected) break;
          const detail =
            `replyDeadline recomputed with the holiday calendar of years ${calendarYearsText(calendar)}: ${request.replyDeadline.toISOString()} → ${expected.at.toISOString()}` +
            (expected.provisional ? ' (provisional: counted into a year with no calendar file, weekends only)' : '');
          try {
            await writeWithEvent(this.writeContext(), ASSISTANCE_REQUESTS, {
              existing: request,
              set: { replyDeadline: expected.at, replyDeadlineProvisional: expected.provisional },
              event: 'ASSISTANCE_REQUEST_CHANGED',
              audit: { caller: regionSystemIdentity(this.options.region), action: 'UPDATE', detail, auditId: `DEADLINE_RECOMPUTED:${request._id}:${fingerprint}` },
            });
            result.assistanceUpdated++;
            break;
          } catch (error) {
            if (!(error instanceof ConcurrentChangeError)) throw error;
            request = await this.database.assistanceRequests.findOne({ _id: request._id });
            if (attempt === 2) result.conflicts++;
          }
        }
      }
      if (batch.length < this.batchSize) break;
      after = batch[batch.length - 1]!._id;
      await yieldToRequests();
    }
  }

  /**
   * Counts the stage durations of the complaints `filter` selects with `calendar` and stores those that differ.
   * Durations are derived from the timeline (no event, no audit entry); the write is conditioned on the timeline's
   * length, so a step taken meanwhile (which stores its own durations) is not overwritten.
   */
  private async recountDurations(calendar: WorkingDayCalendar, filter: Filter<ConsumerComplaintDocument>): Promise<number> {
    let updated = 0;
    let after: string | undefined;
    while (!this.stopped) {
      const page = { ...filter, ...(after === undefined ? {} : { _id: { $gt: after } }) } as Filter<ConsumerComplaintDocument>;
      const batch = await this.database.complaints.find(page, { sort: { _id: 1 }, limit: this.batchSize, projection: { _id: 1, receivedAt: 1, timeline: 1, durations: 1 } }).toArray();
      for (const complaint of batch) {
        const durations = complaintDurations(complaint, calendar);
        if (complaint.durations && JSON.stringify(complaint.durations) === JSON.stringify(durations)) continue;
        const write = await this.database.complaints.updateOne({ _id: complaint._id, timeline: { $size: complaint.timeline.length } } as Filter<ConsumerComplaintDocument>, { $set: { durations } });
        updated += write.modifiedCount;
      }
      if (batch.length < this.batchSize) break;
      after = batch[batch.length - 1]!._id;
      await yieldToRequests();
    }
    return updated;
  }

  private async clearAuditPending(id: string): Promise<void> {
    await this.database.complaints.updateOne({ _id: id, deadlineAuditPending: { $exists: true } } as Filter<ConsumerComplaintDocument>, { $unset: { deadlineAuditPending: '' } });
  }

  /** Corrections a crash left without their audit entry (written once: its ID names record and calendar). */
  private async writePendingAudits(): Promise<number> {
    let repaired = 0;
    const caller = regionSystemIdentity(this.options.region);
    const pending = await this.database.complaints.find({ deadlineAuditPending: { $exists: true } } as Filter<ConsumerComplaintDocument>, { limit: 1000 }).toArray();
    for (const complaint of pending) {
      if (this.stopped) break;
      const note = complaint.deadlineAuditPending!;
      await recordAudit(this.database.auditLog, caller, { action: 'UPDATE', entity: COMPLAINTS.entity, recordId: complaint._id, detail: note.detail }, { id: note.id, at: note.at });
      await this.clearAuditPending(complaint._id);
      repaired++;
    }
    return repaired;
  }
}

function calendarYearsText(calendar: WorkingDayCalendar): string {
  const years = calendar.years.map((entry) => entry.year);
  return years.length === 0 ? '(none)' : `${years[0]}–${years[years.length - 1]}${years.length !== years[years.length - 1]! - years[0]! + 1 ? ` (${years.join(', ')})` : ''}`;
}
