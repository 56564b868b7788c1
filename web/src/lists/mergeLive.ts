import type { LiveRecord } from '../live/useLiveFeed';

export interface ShownRecord<TItem> {
  item: TItem;
  /** Set for a record that arrived live since the list was loaded: what happened to it. */
  liveEventLabel: string | null;
}

/**
 * The list as shown: records that arrived live and are not in the loaded pages on top (most recent first),
 * then the loaded pages, where a record that also came live shows its live version, marked, in its place.
 * Each record appears once.
 */
export function mergeLiveRecords<TItem extends { id: string }>(live: readonly LiveRecord<TItem>[], loaded: readonly TItem[]): ShownRecord<TItem>[] {
  const loadedIds = new Set(loaded.map((item) => item.id));
  const liveById = new Map(live.map((record) => [record.item.id, record]));
  const arrivals = live.filter((record) => !loadedIds.has(record.item.id)).map((record) => ({ item: record.item, liveEventLabel: record.eventLabel }));
  const inPlace = loaded.map((item) => {
    const record = liveById.get(item.id);
    return record ? { item: record.item, liveEventLabel: record.eventLabel } : { item, liveEventLabel: null };
  });
  return [...arrivals, ...inPlace];
}
