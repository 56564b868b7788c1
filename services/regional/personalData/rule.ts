import type { Collection, Document, Filter, IndexDescription } from 'mongodb';
import type { EventEntity, RecordEventType } from '../../../contract';
import type { Identity } from '../../../platform/identity';
import type { RegionalDatabase } from '../data/database';
import { writeWithEvent, type EventedDocument, type EventedRecords, type RecordFields, type WriteContext } from '../data/recordWrites';
import type { PersonalDataMarkers } from '../model';
import { anonymisedFields, type FieldPath } from './anonymise';

/** A record the personal-data job can anonymise. */
export type RetainedDocument = EventedDocument & PersonalDataMarkers;

/**
 * How long one kind of record keeps personal data, declared next to the entity (e.g.
 * entities/complaint/complaint.retention.ts) and listed in registry.ts: the job needs nothing else.
 */
export interface PersonalDataRule<TDocument extends RetainedDocument> {
  /** The records and their normal write path (the change and its event in one write, then the audit entry). */
  records: EventedRecords<TDocument>;
  /**
   * Personal fields and the value each holds once anonymised (see FieldPath: `consumer.phone`, `parties[].idNumber`).
   * A field a record does not have stays absent.
   */
  personalFields: Readonly<Record<FieldPath, unknown>>;
  /**
   * Free texts that may hold personal data typed in: the values of the personal fields, mobile numbers and resident
   * ID numbers found in them are replaced (anonymise.ts, scrubText); the rest of the text stays.
   */
  freeTextFields: readonly FieldPath[];
  /** What "closed" means for these records, in words (for the audit entries and the logs). */
  closure: string;
  /** Records closed before `cutoff` (the job adds "not anonymised yet"); should be served by one of `indexes`. */
  closedBefore(cutoff: Date): Filter<TDocument>;
  /** When this record was closed; null while it is open. The job checks each record the filter returns against it. */
  closedAt(record: TDocument): Date | null;
  /** The event the anonymising write publishes. */
  event: RecordEventType;
  /** Indexes the job's query wants (created as the job starts). */
  indexes: readonly IndexDescription[];
}

/** The write that anonymises one record, with its audit entry. */
export interface Anonymisation {
  caller: Identity;
  /** The audit entry's own ID: written once however often a crashed job runs again. */
  auditId: string;
  detail: string;
  /** The anonymisedAt marker. */
  at: Date;
}

/** A rule as the job holds it: its document type erased, so that rules of different entities sit in one list. */
export interface RegisteredPersonalDataRule {
  entity: EventEntity;
  label: string;
  closure: string;
  personalFields: readonly FieldPath[];
  freeTextFields: readonly FieldPath[];
  indexes: readonly IndexDescription[];
  collection(database: RegionalDatabase): Collection<RetainedDocument>;
  closedBefore(cutoff: Date): Filter<Document>;
  closedAt(record: RetainedDocument): Date | null;
  /** Replaces the personal data and sets `anonymisedAt` and the audit-pending flag in one write, with the event and the audit entry. */
  anonymise(context: WriteContext, record: RetainedDocument, anonymisation: Anonymisation): Promise<void>;
}

export function personalDataRule<TDocument extends RetainedDocument>(rule: PersonalDataRule<TDocument>): RegisteredPersonalDataRule {
  return {
    entity: rule.records.entity,
    label: rule.records.label,
    closure: rule.closure,
    personalFields: Object.keys(rule.personalFields),
    freeTextFields: rule.freeTextFields,
    indexes: rule.indexes,
    collection: (database) => rule.records.collection(database) as unknown as Collection<RetainedDocument>,
    closedBefore: (cutoff) => rule.closedBefore(cutoff) as Filter<Document>,
    closedAt: (record) => rule.closedAt(record as TDocument),
    async anonymise(context, record, { caller, auditId, detail, at }) {
      const set = {
        ...anonymisedFields(record, rule.personalFields, rule.freeTextFields),
        anonymisedAt: at,
        anonymisationAuditPending: true,
      } as Partial<RecordFields<TDocument>>;
      await writeWithEvent(context, rule.records, {
        existing: record as TDocument,
        set,
        event: rule.event,
        audit: { caller, action: 'PERSONAL_DATA_ANONYMISED', detail, auditId },
      });
    },
  };
}
