import type { Collection, Db } from 'mongodb';
import type { Identity } from '../../../platform/identity';
import type { RegionCode } from '../../../kernel';

export type AuditAction = 'READ_PERSONAL_DATA' | 'CREATE' | 'UPDATE' | 'TRANSITION';

/** One audit entry, kept in the database of the region that owns the record. */
export interface AuditEntryDocument {
  _id?: unknown;
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

export async function recordAudit(
  collection: Collection<AuditEntryDocument>,
  caller: Identity,
  entry: { action: AuditAction; entity: string; recordId: string; detail: string },
): Promise<void> {
  await collection.insertOne({
    at: new Date(),
    agency: caller.agency,
    agencyName: caller.agencyName,
    agencyRegion: caller.region,
    ...(caller.district ? { agencyDistrict: caller.district } : {}),
    ...entry,
  });
}
