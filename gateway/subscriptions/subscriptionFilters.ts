import { isRegionName, regionCodeOf, validateCreditCode, type RegionCode } from '../../kernel';
import type { Identity } from '../../platform/identity';
import { RISK_LEVEL_RANKS, type RiskLevel } from '../../services/regional/model';
import type { RegionEvent } from './regionEvent';

export type SubscriptionField = 'recallPublished' | 'riskAlertRaised' | 'complaintChanged';


/** What each subscription field listens to, and the name of its entity field and by-ID root query. */
export const SUBSCRIPTION_FIELDS: Record<SubscriptionField, { eventTypes: Record<string, string>; entityField: string; rootQuery: string }> = {
  recallPublished: { eventTypes: { RECALL_PUBLISHED: 'PUBLISHED' }, entityField: 'recall', rootQuery: 'recall' },
  riskAlertRaised: { eventTypes: { RISK_ALERT_RAISED: 'RAISED', RISK_ALERT_ESCALATED: 'ESCALATED' }, entityField: 'riskAlert', rootQuery: 'riskAlert' },
  complaintChanged: { eventTypes: { COMPLAINT_REGISTERED: 'REGISTERED', COMPLAINT_CHANGED: 'CHANGED' }, entityField: 'complaint', rootQuery: 'complaint' },
};

export interface EventFilter {
  regions?: RegionCode[];
  categories?: string[];
  statuses?: string[];
  minimumRank?: number;
  enterpriseCreditCode?: string;
}

export class SubscriptionInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Validates a subscription's filter argument at the edge (enum names were already checked by GraphQL). */
export function parseEventFilter(raw: Record<string, unknown> | null | undefined): EventFilter {
  if (!raw) return {};
  const filter: EventFilter = {};
  if (Array.isArray(raw.regions)) filter.regions = raw.regions.filter(isRegionName).map(regionCodeOf);
  if (Array.isArray(raw.categories)) filter.categories = raw.categories.map(String);
  if (Array.isArray(raw.statuses)) filter.statuses = raw.statuses.map(String);
  if (typeof raw.minimumLevel === 'string') filter.minimumRank = RISK_LEVEL_RANKS[raw.minimumLevel as RiskLevel];
  if (typeof raw.enterpriseCreditCode === 'string') {
    const code = raw.enterpriseCreditCode.trim().toUpperCase();
    const validation = validateCreditCode(code);
    if (!validation.valid) throw new SubscriptionInputError('filter.enterpriseCreditCode', `"${raw.enterpriseCreditCode}" is not a valid unified social credit code: ${validation.message}`);
    filter.enterpriseCreditCode = code;
  }
  for (const [name, values] of Object.entries({ regions: filter.regions, categories: filter.categories, statuses: filter.statuses })) {
    if (values && values.length > 50) throw new SubscriptionInputError(`filter.${name}`, `filter.${name} accepts at most 50 values`);
  }
  return filter;
}

/** Whether an event is one this subscription field listens to and passes its filter. */
export function eventMatches(field: SubscriptionField, filter: EventFilter, event: RegionEvent): boolean {
  if (!(event.type in SUBSCRIPTION_FIELDS[field].eventTypes)) return false;
  const { snapshot } = event;
  if (filter.regions) {
    const involved = field === 'complaintChanged' ? (snapshot.regions ?? [snapshot.region]) : [snapshot.region];
    if (!involved.some((region) => filter.regions!.includes(region))) return false;
  }
  if (filter.categories && (!snapshot.category || !filter.categories.includes(snapshot.category))) return false;
  if (filter.statuses && (!snapshot.status || !filter.statuses.includes(snapshot.status))) return false;
  if (filter.minimumRank !== undefined && (snapshot.riskLevelRank ?? 0) < filter.minimumRank) return false;
  if (filter.enterpriseCreditCode && !(snapshot.enterpriseCreditCodes ?? []).includes(filter.enterpriseCreditCode)) return false;
  return true;
}

/** Complaint events are visible only to agencies of the receiving and handling regions. */
export function eventVisibleTo(identity: Identity, event: RegionEvent): boolean {
  if (event.entity !== 'ConsumerComplaint') return true;
  return identity.kind === 'agency' && identity.region !== null && (event.snapshot.regions ?? [event.snapshot.region]).includes(identity.region);
}

/** Callers who see the same data share one resolution of each event. */
export function visibilityKey(identity: Identity): string {
  return `${identity.kind}:${identity.region ?? '-'}:${[...identity.scopes].sort().join(',')}`;
}
