import type { LiveRecord } from '../live/useLiveFeed';

export interface ShownRecord<TItem> {
  item: TItem;
  /** Set for a record that arrived or changed live since the list was loaded: what happened to it. */
  liveEventLabel: string | null;
  /** The live event changed a record that was already listed (rather than bringing a new one). */
  changedLive: boolean;
}

/**
 * The list as shown: records that arrived live and are not in the loaded pages on top (most recent first),
 * then the loaded pages, where a record that also came live shows its live version, marked, in its place.
 * A change to a record that is not on the loaded pages waits for its page; records that left the filter
 * (`removedIds`) are not shown. Each record appears once.
 */
export function mergeLiveRecords<TItem extends { id: string }>(live: readonly LiveRecord<TItem>[], loaded: readonly TItem[], removedIds: ReadonlySet<string>): ShownRecord<TItem>[] {
  const loadedIds = new Set(loaded.map((item) => item.id));
  const liveById = new Map(live.map((record) => [record.item.id, record]));
  const arrivals = live
    .filter((record) => !loadedIds.has(record.item.id) && !record.changed)
    .map((record) => ({ item: record.item, liveEventLabel: record.eventLabel, changedLive: false }));
  const inPlace = loaded
    .filter((item) => !removedIds.has(item.id))
    .map((item) => {
      const record = liveById.get(item.id);
      return record ? { item: record.item, liveEventLabel: record.eventLabel, changedLive: record.changed } : { item, liveEventLabel: null, changedLive: false };
    });
  return [...arrivals, ...inPlace];
}
