import { MongoServerError, type Collection, type Db, type ObjectId } from 'mongodb';
import { now as clockNow } from '../../../platform/clock';
import type { Identity } from '../../../platform/identity';
import type { RegionCode } from '../../../kernel';

/**
 * What an entry records: a read of personal data, a write, or the personal-data job's work — a record's personal
 * data anonymised after its retention period, audit entries past theirs deleted (one summary per sweep) — or a bulk
 * export through the gateway (one entry per export, counting the rows this region served to it).
 */
export const AUDIT_ACTIONS = ['READ_PERSONAL_DATA', 'CREATE', 'UPDATE', 'TRANSITION', 'PERSONAL_DATA_ANONYMISED', 'AUDIT_ENTRIES_DELETED', 'EXPORT'] as const;
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
  /** EXPORT: rows this region served to the export so far, and how many of them had personal data masked. */
  rows?: number;
  maskedRows?: number;
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

/** What an export's audit entry says about it (kept apart from the counts, which grow page by page). */
export interface ExportAudit {
  /** The gateway's id of the export (one entry per region per export). */
  exportId: string;
  entity: string;
  /** The list exported, e.g. recalls. */
  list: string;
  /** The filter and order as the list received them. */
  filter: unknown;
  orderBy: unknown;
}

/**
 * Counts one page of an export in its audit entry, written on the export's first page: the caller, the list, the
 * filter and order, and the rows served and masked so far. One conditional upsert per page, so an export stopped
 * half-way (the client left, a region failed) is audited with what it was given.
 */
export async function recordExportPage(collection: Collection<AuditEntryDocument>, caller: Identity, audit: ExportAudit, rows: number, maskedRows: number): Promise<void> {
  const detail = `export of ${audit.list}; filter ${JSON.stringify(audit.filter ?? {})}; order ${JSON.stringify(audit.orderBy ?? {})}`;
  await collection.updateOne(
    { _id: `export:${audit.exportId}` },
    {
      $setOnInsert: { at: clockNow(), ...auditActor(caller), action: 'EXPORT', entity: audit.entity, recordId: audit.list, detail },
      $inc: { rows, maskedRows },
    },
    { upsert: true },
  );
}

/** An entry's detail as the audit log shows it: an export's with its counts. */
export function auditDetail(entry: AuditEntryDocument): string {
  if (entry.action !== 'EXPORT') return entry.detail;
  return `${entry.detail}; rows ${entry.rows ?? 0}, personal data masked in ${entry.maskedRows ?? 0}`;
}
