import type { Document, Filter } from 'mongodb';
import { Arg, Ctx, ID, Int, Query, Resolver, UseMiddleware } from 'type-graphql';
import { isRecordId, regionChineseName } from '../../../../kernel';
import { SCOPES } from '../../../../platform/identity';
import type { RegionalContext } from '../../context';
import { AUDIT_ACTIONS, auditDetail, type AuditAction, type AuditEntryDocument } from '../../data/audit';
import { BadUserInputError, ForbiddenError, UnauthenticatedError } from '../../data/domainErrors';
import { allOf, dateRangeClause } from '../../data/filters';
import { mapDomainErrors } from '../../graphql/errors';
import { AuditEntry } from './auditEntry.type';

const MAX_AUDIT_ENTRIES = 500;

@Resolver(() => AuditEntry)
@UseMiddleware(mapDomainErrors)
export class AuditLogResolver {
  @Query(() => [AuditEntry], {
    description:
      'Audit entries of this region, newest first. Its data-protection officers (scope audit:read) read all of them, filtered by record, action, acting agency and time; ' +
      'its other agencies read the entries of one record (recordId, no other filter)',
  })
  async auditLog(
    @Ctx() context: RegionalContext,
    @Arg('recordId', () => ID, { nullable: true }) recordId?: string,
    @Arg('limit', () => Int, { nullable: true, defaultValue: 100 }) limit?: number,
    @Arg('action', () => String, { nullable: true, description: `Only entries of this action: ${AUDIT_ACTIONS.join(', ')} (audit:read)` }) action?: string | null,
    @Arg('agency', () => String, { nullable: true, description: 'Only entries of this acting agency, by its id (e.g. tj-samr, or jjj-hub-tj for the region’s own jobs) (audit:read)' }) agency?: string | null,
    @Arg('from', () => Date, { nullable: true, description: 'Only entries at or after this instant (audit:read)' }) from?: Date | null,
    @Arg('to', () => Date, { nullable: true, description: 'Only entries at or before this instant (audit:read)' }) to?: Date | null,
  ): Promise<AuditEntry[]> {
    const caller = context.caller;
    if (!caller) throw new UnauthenticatedError('no verified caller identity');
    const region = regionChineseName(context.region);
    if (caller.kind !== 'agency' || caller.region !== context.region) {
      throw new ForbiddenError(`the audit log of ${region} is readable by its own agencies only`);
    }
    const filtered = [action, agency, from, to].some((value) => value !== undefined && value !== null);
    const hasRecord = recordId !== undefined && recordId !== null;
    if (!caller.scopes.includes(SCOPES.auditRead) && (filtered || !hasRecord)) {
      throw new ForbiddenError(
        `the whole audit log of ${region} and its filters are for its data-protection officers (scope ${SCOPES.auditRead}); ` +
          `${caller.agency} may read the entries of one record (auditLog(recordId: …))`,
      );
    }
    if (hasRecord && !isRecordId(recordId)) throw new BadUserInputError('recordId', `"${recordId}" is not a record ID`);
    if (action !== undefined && action !== null && !(AUDIT_ACTIONS as readonly string[]).includes(action)) {
      throw new BadUserInputError('action', `action must be one of ${AUDIT_ACTIONS.join(', ')} (got "${action}")`);
    }
    if (agency !== undefined && agency !== null && (agency.trim() === '' || agency.length > 64)) throw new BadUserInputError('agency', 'agency must be an agency id of 1 to 64 characters');
    const size = limit ?? 100;
    if (!Number.isInteger(size) || size < 1 || size > MAX_AUDIT_ENTRIES) throw new BadUserInputError('limit', `limit must be 1 to ${MAX_AUDIT_ENTRIES}`);
    const filter: Filter<Document> = allOf([
      hasRecord ? { recordId } : null,
      action ? { action: action as AuditAction } : null,
      agency ? { agency: agency.trim() } : null,
      dateRangeClause('at', from, to, 'from'),
    ]);
    const entries: AuditEntryDocument[] = await context.database.auditLog.find(filter as Filter<AuditEntryDocument>, { sort: { at: -1 }, limit: size }).toArray();
    return entries.map((entry) => ({ ...entry, detail: auditDetail(entry), agencyRegion: entry.agencyRegion as AuditEntry['agencyRegion'], agencyDistrict: entry.agencyDistrict ?? null }));
  }
}
