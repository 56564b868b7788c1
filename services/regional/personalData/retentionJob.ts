import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToRequests } from 'node:timers/promises';
import type { Document, Filter } from 'mongodb';
import type { Logger } from 'pino';
import type { RegionCode } from '../../../kernel';
import { REGIONAL_DEFAULTS } from '../../../platform/config';
import { regionSystemIdentity } from '../auth/systemIdentity';
import { systemClock, type Clock } from '../clock';
import { auditActor, recordAudit, type AuditEntryDocument } from '../data/audit';
import type { RegionalDatabase } from '../data/database';
import { ConcurrentChangeError } from '../data/domainErrors';
import type { WriteContext } from '../data/recordWrites';
import { requestScopedDatabase } from '../data/requestScoped';
import { PERSONAL_DATA_RULES } from './registry';
import type { RegisteredPersonalDataRule, RetainedDocument } from './rule';

const DAY_MS = 24 * 3600 * 1000;

export interface PersonalDataJobOptions {
  region: RegionCode;
  /** The region's database (the job bounds each of its commands itself). */
  database: RegionalDatabase;
  logger: Logger;
  clock?: Clock;
  /** PERSONAL_DATA_RETENTION_DAYS */
  retentionDays?: number;
  /** AUDIT_LOG_RETENTION_DAYS */
  auditLogRetentionDays?: number;
  /** PERSONAL_DATA_SWEEP_MINUTES */
  sweepMinutes?: number;
  /** maxTimeMS of each command (DB_COMMAND_TIMEOUT_MS): a batch is small, so the requests' bound fits it too. */
  commandTimeoutMs?: number;
  /** The outbox relay's nudge: an anonymisation publishes an event. */
  outboxWritten?: () => void;
  /** Default: the registry. */
  rules?: readonly RegisteredPersonalDataRule[];
  /** Records, or audit entries, handled per batch (between two batches the job yields to requests). */
  batchSize?: number;
}

/** What one sweep did. */
export interface PersonalDataSweep {
  at: Date;
  /** Records closed before this were due for anonymisation. */
  personalDataCutoff: Date;
  /** Audit entries dated before this were deleted. */
  auditLogCutoff: Date;
  /** Records anonymised, by entity. */
  anonymised: Record<string, number>;
  /** Anonymisations whose audit entry a crash had left unwritten, written now. */
  auditsRepaired: number;
  /** Records changed by someone else while being anonymised (left for the next sweep). */
  conflicts: number;
  auditEntriesDeleted: number;
}

/**
 * The personal-data job of one region (PIPL): anonymises the personal data of records closed longer than
 * PERSONAL_DATA_RETENTION_DAYS ago, per rule of the registry, and deletes audit entries older than
 * AUDIT_LOG_RETENTION_DAYS. It sweeps as the service starts and then every PERSONAL_DATA_SWEEP_MINUTES, in batches,
 * one write at a time, yielding to requests between batches; every command is bounded and the sweep stops with the
 * service.
 *
 * Crash-safe and idempotent: a record is selected only while it has no `anonymisedAt`; the anonymising write
 * (through the record's normal write path: the change and its event together, CONFLICT if the record changed since
 * it was read) also sets `anonymisationAuditPending`, cleared once the audit entry (whose ID is derived from the
 * record's) exists, so a crash between the two is repaired by the next sweep. Each audit-log batch is deleted and
 * then counted into the sweep's one summary entry (AUDIT_ENTRIES_DELETED), written under an ID of the sweep's own.
 */
export class PersonalDataJob {
  private readonly clock: Clock;
  private readonly retentionDays: number;
  private readonly auditLogRetentionDays: number;
  private readonly sweepMs: number;
  private readonly batchSize: number;
  private readonly rules: readonly RegisteredPersonalDataRule[];
  private readonly stopping = new AbortController();
  private readonly database: RegionalDatabase;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: PersonalDataJobOptions) {
    this.clock = options.clock ?? systemClock;
    this.retentionDays = options.retentionDays ?? REGIONAL_DEFAULTS.personalDataRetentionDays;
    this.auditLogRetentionDays = options.auditLogRetentionDays ?? REGIONAL_DEFAULTS.auditLogRetentionDays;
    this.sweepMs = (options.sweepMinutes ?? REGIONAL_DEFAULTS.personalDataSweepMinutes) * 60_000;
    this.batchSize = options.batchSize ?? 100;
    this.rules = options.rules ?? PERSONAL_DATA_RULES;
    this.database = requestScopedDatabase(options.database, {
      maxTimeMS: options.commandTimeoutMs ?? REGIONAL_DEFAULTS.dbCommandTimeoutMs,
      signal: this.stopping.signal,
    });
  }

  private get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  /**
   * Creates the indexes the rules ask for, then starts a sweep (not awaited: the service serves meanwhile) and
   * another every sweep interval after the previous one ends.
   */
  async start(): Promise<void> {
    for (const rule of this.rules) {
      const indexes = [...rule.indexes, { name: 'anonymisationAuditPending', key: { anonymisationAuditPending: 1 } }];
      await rule.collection(this.options.database).createIndexes(indexes);
    }
    this.scheduledSweep();
  }

  private scheduledSweep(): void {
    this.sweep()
      .catch((error: unknown) => {
        if (!this.stopped) this.options.logger.error({ err: error }, 'personal data sweep failed');
      })
      .finally(() => {
        if (this.stopped) return;
        this.timer = setTimeout(() => this.scheduledSweep(), this.sweepMs);
        this.timer.unref();
      });
  }

  /** Runs one sweep after the one in progress, if any (tests and operators call it; the timer does too). */
  sweep(): Promise<PersonalDataSweep> {
    const next = this.running.catch(() => undefined).then(() => this.sweepOnce());
    this.running = next;
    return next;
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    clearTimeout(this.timer);
    await this.running.catch(() => undefined);
  }

  private async sweepOnce(): Promise<PersonalDataSweep> {
    const at = this.clock();
    const sweep: PersonalDataSweep = {
      at,
      personalDataCutoff: new Date(at.getTime() - this.retentionDays * DAY_MS),
      auditLogCutoff: new Date(at.getTime() - this.auditLogRetentionDays * DAY_MS),
      anonymised: {},
      auditsRepaired: 0,
      conflicts: 0,
      auditEntriesDeleted: 0,
    };
    for (const rule of this.rules) {
      sweep.auditsRepaired += await this.writePendingAudits(rule);
      await this.anonymiseClosed(rule, sweep);
    }
    await this.deleteExpiredAuditEntries(sweep);
    const anonymised = Object.values(sweep.anonymised).reduce((total, count) => total + count, 0);
    if (anonymised + sweep.auditsRepaired + sweep.conflicts + sweep.auditEntriesDeleted > 0) {
      this.options.logger.info({ ...sweep }, 'personal data sweep');
    }
    return sweep;
  }

  private auditId(recordId: string): string {
    return `PERSONAL_DATA_ANONYMISED:${recordId}`;
  }

  private auditDetail(rule: RegisteredPersonalDataRule, record: RetainedDocument, cutoff: Date): string {
    const closedAt = rule.closedAt(record);
    return (
      `anonymised ${rule.personalFields.join(', ')} and personal data typed into ${rule.freeTextFields.join(', ')}: ` +
      `${rule.label} closed (${rule.closure}) ${closedAt ? closedAt.toISOString() : 'at an unknown date'}, ` +
      `before the cutoff ${cutoff.toISOString()} (PERSONAL_DATA_RETENTION_DAYS ${this.retentionDays})`
    );
  }

  /** Batches of one collection's records matching `filter`, by ID, until none is left or the job stops. */
  private async *batches(rule: RegisteredPersonalDataRule, filter: Filter<Document>): AsyncGenerator<RetainedDocument[]> {
    const collection = rule.collection(this.database);
    let after: string | undefined;
    while (!this.stopped) {
      const query = { $and: [filter, ...(after === undefined ? [] : [{ _id: { $gt: after } }])] } as Filter<RetainedDocument>;
      const batch = await collection.find(query, { sort: { _id: 1 }, limit: this.batchSize }).toArray();
      if (batch.length > 0) yield batch as RetainedDocument[];
      if (batch.length < this.batchSize) return;
      after = batch[batch.length - 1]!._id;
      await yieldToRequests();
    }
  }

  private writeContext(): WriteContext {
    return { region: this.options.region, database: this.database, outboxWritten: this.options.outboxWritten ?? (() => undefined), clock: this.clock };
  }

  private async clearAuditPending(rule: RegisteredPersonalDataRule, recordId: string): Promise<void> {
    await rule.collection(this.database).updateOne({ _id: recordId, anonymisationAuditPending: true } as Filter<RetainedDocument>, { $unset: { anonymisationAuditPending: '' } });
  }

  /** Anonymisations a crash left without their audit entry (written once: its ID is the record's). */
  private async writePendingAudits(rule: RegisteredPersonalDataRule): Promise<number> {
    let repaired = 0;
    const caller = regionSystemIdentity(this.options.region);
    for await (const batch of this.batches(rule, { anonymisationAuditPending: true })) {
      for (const record of batch) {
        if (this.stopped) return repaired;
        const at = record.anonymisedAt ?? this.clock();
        const cutoff = new Date(at.getTime() - this.retentionDays * DAY_MS);
        await recordAudit(
          this.database.auditLog,
          caller,
          { action: 'PERSONAL_DATA_ANONYMISED', entity: rule.entity, recordId: record._id, detail: this.auditDetail(rule, record, cutoff) },
          { id: this.auditId(record._id), at },
        );
        await this.clearAuditPending(rule, record._id);
        repaired++;
      }
    }
    return repaired;
  }

  private async anonymiseClosed(rule: RegisteredPersonalDataRule, sweep: PersonalDataSweep): Promise<void> {
    const cutoff = sweep.personalDataCutoff;
    const caller = regionSystemIdentity(this.options.region);
    const context = this.writeContext();
    const due = { $and: [rule.closedBefore(cutoff), { anonymisedAt: { $exists: false } }] };
    for await (const batch of this.batches(rule, due)) {
      for (const record of batch) {
        if (this.stopped) return;
        const closedAt = rule.closedAt(record);
        if (record.anonymisedAt || !closedAt || closedAt.getTime() >= cutoff.getTime()) continue;
        try {
          await rule.anonymise(context, record, { caller, auditId: this.auditId(record._id), detail: this.auditDetail(rule, record, cutoff), at: this.clock() });
        } catch (error) {
          if (!(error instanceof ConcurrentChangeError)) throw error;
          sweep.conflicts++;
          continue;
        }
        await this.clearAuditPending(rule, record._id);
        sweep.anonymised[rule.entity] = (sweep.anonymised[rule.entity] ?? 0) + 1;
      }
    }
  }

  /** Deletes audit entries past retention in batches, counting them into one summary entry of this sweep. */
  private async deleteExpiredAuditEntries(sweep: PersonalDataSweep): Promise<void> {
    const cutoff = sweep.auditLogCutoff;
    const auditLog = this.database.auditLog;
    const summaryId = `AUDIT_ENTRIES_DELETED:${sweep.at.toISOString()}:${randomUUID()}`;
    const summary: Omit<AuditEntryDocument, '_id' | 'detail'> = {
      at: sweep.at,
      ...auditActor(regionSystemIdentity(this.options.region)),
      action: 'AUDIT_ENTRIES_DELETED',
      entity: 'AuditLog',
      recordId: 'auditLog',
    };
    while (!this.stopped) {
      const batch = await auditLog.find({ at: { $lt: cutoff } }, { projection: { _id: 1 }, sort: { at: 1 }, limit: this.batchSize * 5 }).toArray();
      if (batch.length === 0) return;
      const { deletedCount } = await auditLog.deleteMany({ _id: { $in: batch.map((entry) => entry._id) }, at: { $lt: cutoff } } as Filter<AuditEntryDocument>);
      sweep.auditEntriesDeleted += deletedCount;
      const detail = `deleted ${sweep.auditEntriesDeleted} audit entries dated before ${cutoff.toISOString()} (AUDIT_LOG_RETENTION_DAYS ${this.auditLogRetentionDays})`;
      await auditLog.updateOne({ _id: summaryId } as Filter<AuditEntryDocument>, { $set: { detail }, $setOnInsert: summary }, { upsert: true });
      if (batch.length < this.batchSize * 5) return;
      await yieldToRequests();
    }
  }
}
