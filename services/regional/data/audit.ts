import { MongoServerError, type Collection, type Db, type ObjectId } from 'mongodb';
import { now as clockNow } from '../../../platform/clock';
import type { Identity } from '../../../platform/identity';
import type { RegionCode } from '../../../kernel';

/**
 * What an entry records: a read of personal data, a write, or the personal-data job's work — a record's personal
 * data anonymised after its retention period, audit entries past theirs deleted (one summary per sweep).
 */
export const AUDIT_ACTIONS = ['READ_PERSONAL_DATA', 'CREATE', 'UPDATE', 'TRANSITION', 'PERSONAL_DATA_ANONYMISED', 'AUDIT_ENTRIES_DELETED'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One audit entry, kept in the database of the region that owns the record. */
export interface AuditEntryDocument {
  /** Generated; a string for an entry that must be written once (see AuditOptions.id). */
  _id?: ObjectId | string;
  at: Date;
  agency: string;
  agencyName: string;
  agencyRegion: RegionCode | null;
  /** The district or county bureau that acted (its GB/T 2260 code), when the caller was one. */
  agencyDistrict?: string;
  action: AuditAction;
  entity: string;
  recordId: string;
  detail: string;
}

export function auditCollection(db: Db): Collection<AuditEntryDocument> {
  return db.collection<AuditEntryDocument>('auditLog');
}

/** Who an entry names as having acted. */
export function auditActor(caller: Identity): Pick<AuditEntryDocument, 'agency' | 'agencyName' | 'agencyRegion' | 'agencyDistrict'> {
  return { agency: caller.agency, agencyName: caller.agencyName, agencyRegion: caller.region, ...(caller.district ? { agencyDistrict: caller.district } : {}) };
}

export interface AuditOptions {
  /** When it happened (default: now). */
  at?: Date;
  /**
   * The entry's own ID, for an entry that must exist once however often its writer runs (a job resuming after a
   * crash): an entry already written under it is kept as it is.
   */
  id?: string;
}

export async function recordAudit(
  collection: Collection<AuditEntryDocument>,
  caller: Identity,
  entry: { action: AuditAction; entity: string; recordId: string; detail: string },
  options: AuditOptions = {},
): Promise<void> {
  try {
    await collection.insertOne({
      ...(options.id !== undefined ? { _id: options.id } : {}),
      at: options.at ?? clockNow(),
      ...auditActor(caller),
      ...entry,
    });
  } catch (error) {
    if (options.id !== undefined && error instanceof MongoServerError && error.code === 11000) return;
    throw error;
  }
}
