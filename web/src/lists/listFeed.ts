import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { useCallback, useMemo } from 'react';
import { useClient, type AnyVariables } from 'urql';
import { unavailableRegionsOf } from '../api/responseErrors';
import { filtersKey, type ListFilters } from '../filters/listQuery';
import type { LiveEvent, LiveFeedSpec } from '../live/useLiveFeed';
import { PAGE_SIZE, PageLoadError, type Page } from './usePagedList';
import { useRecordFeed, type RecordFeed } from './useRecordFeed';

interface Connection<TItem> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: Array<{ node: TItem }>;
}

/** Everything that makes one tab's list: its list query, its subscription and how the filters map onto both. */
export interface ListFeedDefinition<TListData, TListVariables extends AnyVariables, TLiveData, TLiveVariables extends AnyVariables, TItem> {
  listDocument: TypedDocumentNode<TListData, TListVariables>;
  listVariables(filters: ListFilters, page: { first: number; after: string | null }): TListVariables;
  connectionOf(data: TListData): Connection<TItem> | undefined;
  liveDocument: TypedDocumentNode<TLiveData, TLiveVariables>;
  cursorName: string;
  liveVariables(filters: ListFilters, after: string | undefined): TLiveVariables;
  eventOf(data: TLiveData): LiveEvent<TItem> | null;
  /** The list filter's conditions that the subscription filter cannot express. */
  liveItemMatches(filters: ListFilters, item: TItem): boolean;
  /** How a record found by a catch-up look at the list is marked (its event type is not known). */
  catchUpLabel: string;
}

/** One tab's records, newest first, paged, with its live events merged in (see useRecordFeed). */
export function useListFeed<TListData, TListVariables extends AnyVariables, TLiveData, TLiveVariables extends AnyVariables, TItem extends { id: string }>(
  definition: ListFeedDefinition<TListData, TListVariables, TLiveData, TLiveVariables, TItem>,
  filters: ListFilters,
  onCursorExpired: () => void,
): RecordFeed<TItem> {
  const client = useClient();
  const key = filtersKey(filters);
  // Keyed by value: a new but equal filters object must not reload the list or restart the subscription.
  const stableFilters = useMemo(() => filters, [key]); // eslint-disable-line react-hooks/exhaustive-deps

  const fetchPage = useCallback(
    async (after: string | null): Promise<Page<TItem>> => {
      const variables = definition.listVariables(stableFilters, { first: PAGE_SIZE, after });
      const result = await client.query(definition.listDocument, variables, { requestPolicy: 'network-only' }).toPromise();
      const unavailableRegions = unavailableRegionsOf(result.error);
      const connection = result.data ? definition.connectionOf(result.data) : undefined;
      if (!connection) throw new PageLoadError(unavailableRegions);
      return {
        items: connection.edges.map((edge) => edge.node),
        totalCount: connection.totalCount,
        hasNextPage: connection.pageInfo.hasNextPage,
        endCursor: connection.pageInfo.endCursor,
        unavailableRegions,
      };
    },
    [client, definition, stableFilters],
  );

  const liveSpec = useMemo(
    (): LiveFeedSpec<TLiveData, TLiveVariables, TItem> => ({
      document: definition.liveDocument,
      cursorName: definition.cursorName,
      variables: (after) => definition.liveVariables(stableFilters, after),
      eventOf: definition.eventOf,
      accepts: (item) => definition.liveItemMatches(stableFilters, item),
    }),
    [definition, stableFilters],
  );

  return useRecordFeed(fetchPage, liveSpec, definition.catchUpLabel, onCursorExpired);
}
