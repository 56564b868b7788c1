import type {
  PublicRecallSummaryFragment,
  PublicRiskAlertSummaryFragment,
  RecallFilter,
  RecallSubscriptionFilter,
  Region,
  RiskAlertFilter,
  RiskAlertSubscriptionFilter,
} from '../../../clients/generated/graphql';
import { regionNameOf } from '../../../kernel/regions';
import { dayRangeInstants, isWithinRange } from '../format/dates';
import type { ListFilters } from './listQuery';

function regionsOf(filters: ListFilters): Region[] | undefined {
  return filters.regions.length > 0 ? filters.regions.map(regionNameOf) : undefined;
}

function categoriesOf(filters: ListFilters) {
  return filters.category ? [filters.category] : undefined;
}

export function recallListFilter(filters: ListFilters): RecallFilter {
  const range = dayRangeInstants(filters.from, filters.to);
  return { regions: regionsOf(filters), categories: categoriesOf(filters), announcedFrom: range.from, announcedTo: range.to };
}

export function riskAlertListFilter(filters: ListFilters): RiskAlertFilter {
  const range = dayRangeInstants(filters.from, filters.to);
  return {
    regions: regionsOf(filters),
    categories: categoriesOf(filters),
    levels: filters.level ? [filters.level] : undefined,
    issuedFrom: range.from,
    issuedTo: range.to,
  };
}

export function recallLiveFilter(filters: ListFilters): RecallSubscriptionFilter {
  return { regions: regionsOf(filters), categories: categoriesOf(filters) };
}

/** The subscription filters by minimum level only; `riskAlertMatches` narrows live alerts to the exact level. */
export function riskAlertLiveFilter(filters: ListFilters): RiskAlertSubscriptionFilter {
  return { regions: regionsOf(filters), categories: categoriesOf(filters), minimumLevel: filters.level ?? undefined };
}

/** What the subscription filter cannot express (dates), checked on each live recall. */
export function recallMatches(filters: ListFilters, recall: PublicRecallSummaryFragment): boolean {
  return isWithinRange(recall.announcedAt, dayRangeInstants(filters.from, filters.to));
}

export function riskAlertMatches(filters: ListFilters, alert: PublicRiskAlertSummaryFragment): boolean {
  return (filters.level === null || alert.riskLevel === filters.level) && isWithinRange(alert.issuedAt, dayRangeInstants(filters.from, filters.to));
}
