import { Arg, Ctx, ID, Int, Query, Resolver, UseMiddleware } from 'type-graphql';
import { isRecordId, regionChineseName } from '../../../../kernel';
import type { RegionalContext } from '../../context';
import { BadUserInputError, ForbiddenError, UnauthenticatedError } from '../../data/domainErrors';
import { mapDomainErrors } from '../../graphql/errors';
import { AuditEntry } from './auditEntry.type';

const MAX_AUDIT_ENTRIES = 500;

@Resolver(() => AuditEntry)
@UseMiddleware(mapDomainErrors)
export class AuditLogResolver {
  @Query(() => [AuditEntry], { description: 'Audit entries of this region’s records, newest first; readable by this region’s agencies only' })
  async auditLog(
    @Ctx() context: RegionalContext,
    @Arg('recordId', () => ID, { nullable: true }) recordId?: string,
    @Arg('limit', () => Int, { nullable: true, defaultValue: 100 }) limit?: number,
  ): Promise<AuditEntry[]> {
    const caller = context.caller;
    if (!caller) throw new UnauthenticatedError('no verified caller identity');
    if (caller.kind !== 'agency' || caller.region !== context.region) {
      throw new ForbiddenError(`the audit log of ${regionChineseName(context.region)} is readable by its own agencies only`);
    }
    if (recordId !== undefined && recordId !== null && !isRecordId(recordId)) throw new BadUserInputError('recordId', `"${recordId}" is not a record ID`);
    const size = limit ?? 100;
    if (!Number.isInteger(size) || size < 1 || size > MAX_AUDIT_ENTRIES) throw new BadUserInputError('limit', `limit must be 1 to ${MAX_AUDIT_ENTRIES}`);
    const entries = await context.database.auditLog
      .find(recordId ? { recordId } : {}, { sort: { at: -1 }, limit: size })
      .toArray();
    return entries.map((entry) => ({ ...entry, agencyRegion: entry.agencyRegion as AuditEntry['agencyRegion'], agencyDistrict: entry.agencyDistrict ?? null }));
  }
}
