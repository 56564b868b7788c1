import type { Collection, Filter, UpdateFilter } from 'mongodb';
import type { EventEntity, EventSnapshot, RecordEventType } from '../../../contract';
import type { RecordTypeCode, RegionCode } from '../../../kernel';
import type { Identity } from '../../../platform/identity';
import { systemClock, type Clock } from '../clock';
import type { Timestamps } from '../model';
import { recordAudit, type AuditAction } from './audit';
import type { RegionalDatabase } from './database';
import { ConcurrentChangeError } from './domainErrors';
import { outboxEvent } from './outbox';
import { insertWithNewId } from './recordIds';

export type EventedDocument = Timestamps & { _id: string };

/** A record's own fields: everything but its ID and the outbox the writes below maintain. */
export type RecordFields<TDocument extends EventedDocument> = Omit<TDocument, '_id' | 'outbox' | 'outboxPending'>;

/** A collection whose records publish events: where it is, how messages name its records, what subscribers see of one. */
export interface EventedRecords<TDocument extends EventedDocument> {
  entity: EventEntity;
  /** e.g. "risk alert" */
  label: string;
  idType: RecordTypeCode;
  collection(database: RegionalDatabase): Collection<TDocument>;
  snapshot(record: RecordFields<TDocument>): EventSnapshot;
}

/** What a write needs of the request: the region, its database, and the nudge for the outbox relay. */
export interface WriteContext {
  region: RegionCode;
  database: RegionalDatabase;
  outboxWritten(): void;
  /** The time the write and its audit entry carry (default: the system clock). */
  clock?: Clock;
}

export interface AuditNote {
  caller: Identity;
  detail: string;
  /** The audit entry's own ID, for a writer that may run again after a crash (the entry is then written once). */
  auditId?: string;
}

export interface NewRecord<TDocument extends EventedDocument> {
  fields: RecordFields<TDocument>;
  /** The date whose Shanghai year the new ID carries (when the recall was announced, the complaint received…). */
  datedAt: Date;
  event: RecordEventType;
  audit: AuditNote;
}

export interface RecordChange<TDocument extends EventedDocument> {
  /** The record as read: the change applies only if it is still at this version (`updatedAt`). */
  existing: TDocument;
  set?: Partial<RecordFields<TDocument>>;
  /** Elements to append to the record's arrays beside its event (a timeline entry, an endorsement). */
  push?: Partial<Record<keyof TDocument, unknown>>;
  /** Members to add to the record's set-like arrays. */
  addToSet?: Partial<Record<keyof TDocument, unknown>>;
  event: RecordEventType;
  /** Added to the event's snapshot (a link event names the citing record). */
  snapshotExtra?: Partial<EventSnapshot>;
  audit: AuditNote & { action: Exclude<AuditAction, 'CREATE' | 'READ_PERSONAL_DATA' | 'AUDIT_ENTRIES_DELETED'> };
}

/** The record as the change leaves it, as far as its snapshot can tell: `set` applied and `addToSet` members added. */
function recordAfter<TDocument extends EventedDocument>(change: RecordChange<TDocument>): RecordFields<TDocument> {
  const after = { ...change.existing, ...change.set } as unknown as Record<string, unknown>;
  for (const [field, member] of Object.entries(change.addToSet ?? {})) {
    const current = Array.isArray(after[field]) ? (after[field] as unknown[]) : [];
    after[field] = current.includes(member) ? current : [...current, member];
  }
  return after as RecordFields<TDocument>;
}

/**
 * Inserts a new record under its next ID with its first event in its outbox (one single-document write, so the
 * event exists exactly when the record does), nudges the outbox relay and records the CREATE audit entry.
 */
export async function insertWithEvent<TDocument extends EventedDocument>(
  context: WriteContext,
  records: EventedRecords<TDocument>,
  record: NewRecord<TDocument>,
): Promise<TDocument> {
  const snapshot = records.snapshot(record.fields);
  const { counters } = context.database;
  const created = await insertWithNewId(records.collection(context.database), counters, context.region, records.idType, record.datedAt, (id) => ({
    _id: id,
    ...record.fields,
    outbox: [outboxEvent(record.event, records.entity, id, snapshot, record.fields.createdAt)],
    outboxPending: true,
  }) as TDocument);
  await afterWrite(context, records, created._id, { action: 'CREATE', ...record.audit });
  return created;
}

/**
 * Applies a change with its event in one single-document write, if nobody changed the record since it was read
 * (else CONFLICT), then nudges the outbox relay and records the audit entry.
 */
export async function writeWithEvent<TDocument extends EventedDocument>(
  context: WriteContext,
  records: EventedRecords<TDocument>,
  change: RecordChange<TDocument>,
): Promise<TDocument> {
  const { existing } = change;
  // Strictly later than the version read, so that two writes within one millisecond still differ in `updatedAt`.
  const now = new Date(Math.max((context.clock ?? systemClock)().getTime(), existing.updatedAt.getTime() + 1));
  // The state before the change travels with the event, so that a subscriber can tell a record that left its filter.
  const snapshot: EventSnapshot = { ...records.snapshot(recordAfter(change)), ...change.snapshotExtra, previous: records.snapshot(existing) };
  const event = outboxEvent(change.event, records.entity, existing._id, snapshot, now);
  const update = {
    $set: { ...change.set, updatedAt: now, outboxPending: true },
    $push: { ...change.push, outbox: event },
    ...(change.addToSet ? { $addToSet: change.addToSet } : {}),
  };
  const updated = await records
    .collection(context.database)
    .findOneAndUpdate({ _id: existing._id, updatedAt: existing.updatedAt } as Filter<TDocument>, update as unknown as UpdateFilter<TDocument>, {
      returnDocument: 'after',
    });
  if (!updated) throw new ConcurrentChangeError(`${records.label} ${existing._id}`);
  await afterWrite(context, records, existing._id, change.audit);
  return updated as TDocument;
}

async function afterWrite<TDocument extends EventedDocument>(
  context: WriteContext,
  records: EventedRecords<TDocument>,
  recordId: string,
  audit: AuditNote & { action: AuditAction },
): Promise<void> {
  context.outboxWritten();
  await recordAudit(
    context.database.auditLog,
    audit.caller,
    { action: audit.action, entity: records.entity, recordId, detail: audit.detail },
    { ...(context.clock ? { at: context.clock() } : {}), ...(audit.auditId !== undefined ? { id: audit.auditId } : {}) },
  );
}
