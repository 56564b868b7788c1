import {
  PublicRecallChangedDocument,
  PublicRecallListDocument,
  type PublicRecallChangedSubscription,
  type PublicRecallChangedSubscriptionVariables,
  type PublicRecallListQuery,
  type PublicRecallListQueryVariables,
  type PublicRecallSummaryFragment,
} from '../../../clients/generated/graphql';
import { recallListFilter, recallLiveFilter, recallMatches } from '../filters/apiFilters';
import type { ListFilters } from '../filters/listQuery';
import { recallChangeEventTypeLabel } from '../labels';
import { useListFeed, type ListFeedDefinition } from './listFeed';
import type { RecordFeed } from './useRecordFeed';

export type RecallItem = PublicRecallSummaryFragment;

const RECALL_FEED: ListFeedDefinition<PublicRecallListQuery, PublicRecallListQueryVariables, PublicRecallChangedSubscription, PublicRecallChangedSubscriptionVariables, RecallItem> = {
  listDocument: PublicRecallListDocument,
  listVariables: (filters, page) => ({ filter: recallListFilter(filters), ...page }),
  connectionOf: (data) => data.recalls ?? undefined,
  liveDocument: PublicRecallChangedDocument,
  cursorName: 'recallChanged',
  liveVariables: (filters, after) => ({ filter: recallLiveFilter(filters), after }),
  eventOf: ({ recallChanged: event }) => ({
    cursor: event.cursor,
    recordId: event.recordId,
    item: event.recall ?? null,
    eventLabel: recallChangeEventTypeLabel(event.type),
    changed: event.type !== 'PUBLISHED',
    leftFilter: !event.matchesFilter,
  }),
  liveItemMatches: recallMatches,
  catchUpLabel: recallChangeEventTypeLabel('PUBLISHED'),
};

/**
 * Recalls of all three regions, newest first, with live `recallChanged` events: new recalls on top, changed ones
 * updated in place (a cancelled one is then shown withdrawn), and those that left the filter taken off the list.
 */
export function useRecallFeed(filters: ListFilters, onCursorExpired: () => void): RecordFeed<RecallItem> {
  return useListFeed(RECALL_FEED, filters, onCursorExpired);
}
