import { useMemo, useRef } from 'react';
import type { AnyVariables } from 'urql';
import { useLiveFeed, type LiveFeedSpec } from '../live/useLiveFeed';
import { mergeLiveRecords, type ShownRecord } from './mergeLive';
import { usePagedList, type PageFetcher, type PagedList } from './usePagedList';

export interface RecordFeed<TItem> extends Omit<PagedList<TItem>, 'items'> {
  records: ShownRecord<TItem>[];
  /** Records that arrived live and are not among the loaded pages (they count towards the total). */
  arrivals: number;
}

/**
 * One tab's list: the loaded pages with the live events merged in. When the stored cursor is lost (older than
 * the server keeps events) the list is loaded afresh, since the events it would have replayed are gone. When
 * the subscription had to start without any cursor, the first page is looked at again and what is new in it
 * is shown as arrived live (`catchUpLabel`), so nothing published while it was being set up is missed.
 */
export function useRecordFeed<TData, TVariables extends AnyVariables, TItem extends { id: string }>(
  fetchPage: PageFetcher<TItem>,
  liveSpec: LiveFeedSpec<TData, TVariables, TItem>,
  catchUpLabel: string,
  onCursorExpired: () => void,
): RecordFeed<TItem> {
  const list = usePagedList(fetchPage);
  const shownIds = useRef(new Set<string>());
  const listReady = useRef(false);

  const catchUp = async () => {
    if (!listReady.current) return; // the first page is still coming, and it is as recent as a catch-up
    const latest = await fetchPage(null).catch(() => null);
    if (latest) live.addArrivals(latest.items.filter((item) => !shownIds.current.has(item.id)), catchUpLabel);
  };
  const live = useLiveFeed(
    liveSpec,
    (reason) => {
      if (reason === 'expired') onCursorExpired();
      list.reload();
    },
    () => void catchUp(),
  );

  const records = useMemo(() => mergeLiveRecords(live.records, list.items, live.removedIds), [live.records, list.items, live.removedIds]);
  shownIds.current = new Set(records.map((record) => record.item.id));
  listReady.current = list.status === 'ready';
  // Loaded records that left the filter since are no longer counted.
  const removed = list.items.filter((item) => live.removedIds.has(item.id)).length;
  const arrivals = records.length - (list.items.length - removed);
  return { ...list, totalCount: list.totalCount + arrivals - removed, records, arrivals };
}
