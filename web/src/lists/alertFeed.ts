import {
  PublicRiskAlertListDocument,
  PublicRiskAlertRaisedDocument,
  type PublicRiskAlertListQuery,
  type PublicRiskAlertListQueryVariables,
  type PublicRiskAlertRaisedSubscription,
  type PublicRiskAlertRaisedSubscriptionVariables,
  type PublicRiskAlertSummaryFragment,
} from '../../../clients/generated/graphql';
import { riskAlertListFilter, riskAlertLiveFilter, riskAlertMatches } from '../filters/apiFilters';
import type { ListFilters } from '../filters/listQuery';
import { riskAlertEventTypeLabel } from '../labels';
import { useListFeed, type ListFeedDefinition } from './listFeed';
import type { RecordFeed } from './useRecordFeed';

export type AlertItem = PublicRiskAlertSummaryFragment;

const ALERT_FEED: ListFeedDefinition<PublicRiskAlertListQuery, PublicRiskAlertListQueryVariables, PublicRiskAlertRaisedSubscription, PublicRiskAlertRaisedSubscriptionVariables, AlertItem> = {
  listDocument: PublicRiskAlertListDocument,
  listVariables: (filters, page) => ({ filter: riskAlertListFilter(filters), ...page }),
  connectionOf: (data) => data.riskAlerts ?? undefined,
  liveDocument: PublicRiskAlertRaisedDocument,
  cursorName: 'riskAlertRaised',
  liveVariables: (filters, after) => ({ filter: riskAlertLiveFilter(filters), after }),
  eventOf: ({ riskAlertRaised: event }) => ({ cursor: event.cursor, recordId: event.recordId, item: event.riskAlert ?? null, eventLabel: riskAlertEventTypeLabel(event.type) }),
  liveItemMatches: riskAlertMatches,
  catchUpLabel: riskAlertEventTypeLabel('RAISED'),
};

/** Risk alerts of all three regions, newest first, with live `riskAlertRaised` events (new and escalated). */
export function useAlertFeed(filters: ListFilters, onCursorExpired: () => void): RecordFeed<AlertItem> {
  return useListFeed(ALERT_FEED, filters, onCursorExpired);
}
