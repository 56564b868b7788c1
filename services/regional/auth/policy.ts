import { callerMayRead } from '../../../contract';
import { SCOPES, type Identity } from '../../../platform/identity';
import { regionChineseName, type QualityEntityName, type RegionCode } from '../../../kernel';
import type { RegionalContext } from '../context';
import { ForbiddenError, UnauthenticatedError } from '../data/domainErrors';

export type SharedEntity = 'RiskAlert' | 'ProductRecall' | 'ContractTemplate' | 'ConsumerComplaint' | 'Enterprise' | QualityEntityName | 'EnforcementCase' | 'AssistanceRequest' | 'PenaltyNotice';

function callerOf(context: RegionalContext): Identity {
  if (!context.caller) throw new UnauthenticatedError('no verified caller identity');
  return context.caller;
}

export function requireRead(context: RegionalContext, entity: SharedEntity): Identity {
  const caller = callerOf(context);
  if (callerMayRead(caller, entity)) return caller;
  if (caller.kind === 'public') throw new ForbiddenError(`the public token reads recalls, risk alerts and published penalty decisions only, not ${entity}`);
  throw new ForbiddenError(`agency ${caller.agency} has no read scope`);
}

export function canRead(context: RegionalContext, entity: SharedEntity): boolean {
  try {
    requireRead(context, entity);
    return true;
  } catch {
    return false;
  }
}

function describe(caller: Identity): string {
  return caller.region ? `${caller.agencyName} (${caller.agency}, ${regionChineseName(caller.region)})` : caller.agencyName;
}

/** An agency with the write scope, acting for one of `allowedRegions`; `why` explains the rule when refused. */
export function requireWriter(context: RegionalContext, allowedRegions: readonly RegionCode[], action: string, why: string): Identity {
  const caller = callerOf(context);
  if (caller.kind !== 'agency' || !caller.scopes.includes(SCOPES.write) || !caller.region) {
    throw new ForbiddenError(`${describe(caller)} may not ${action}: only agencies with the write scope change records`);
  }
  if (!allowedRegions.includes(caller.region)) throw new ForbiddenError(`${describe(caller)} may not ${action}: ${why}`);
  return caller;
}

/** The usual rule: an agency creates and changes records of its own region only. */
export function requireOwnRegionWriter(context: RegionalContext, action: string): Identity {
  return requireWriter(
    context,
    [context.region],
    action,
    `records of ${regionChineseName(context.region)} (${context.region}) are written only by its own agencies`,
  );
}
