import {
  PublicRecallListDocument,
  PublicRecallPublishedDocument,
  type PublicRecallListQuery,
  type PublicRecallListQueryVariables,
  type PublicRecallPublishedSubscription,
  type PublicRecallPublishedSubscriptionVariables,
  type PublicRecallSummaryFragment,
} from '../../../clients/generated/graphql';
import { recallListFilter, recallLiveFilter, recallMatches } from '../filters/apiFilters';
import type { ListFilters } from '../filters/listQuery';
import { recallEventTypeLabel } from '../labels';
import { useListFeed, type ListFeedDefinition } from './listFeed';
import type { RecordFeed } from './useRecordFeed';

export type RecallItem = PublicRecallSummaryFragment;

const RECALL_FEED: ListFeedDefinition<PublicRecallListQuery, PublicRecallListQueryVariables, PublicRecallPublishedSubscription, PublicRecallPublishedSubscriptionVariables, RecallItem> = {
  listDocument: PublicRecallListDocument,
  listVariables: (filters, page) => ({ filter: recallListFilter(filters), ...page }),
  connectionOf: (data) => data.recalls,
  liveDocument: PublicRecallPublishedDocument,
  cursorName: 'recallPublished',
  liveVariables: (filters, after) => ({ filter: recallLiveFilter(filters), after }),
  eventOf: ({ recallPublished: event }) => ({ cursor: event.cursor, recordId: event.recordId, item: event.recall ?? null, eventLabel: recallEventTypeLabel(event.type) }),
  liveItemMatches: recallMatches,
  catchUpLabel: recallEventTypeLabel('PUBLISHED'),
};

/** Recalls of all three regions, newest first, with live `recallPublished` events. */
export function useRecallFeed(filters: ListFilters, onCursorExpired: () => void): RecordFeed<RecallItem> {
  return useListFeed(RECALL_FEED, filters, onCursorExpired);
}
