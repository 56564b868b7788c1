import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient, type AnyVariables } from 'urql';
import { useLiveConnection } from '../api/services';
import { ResumableSubscription } from './resumableSubscription';

/** What the page keeps of one live event: the record as it is now and what happened to it. */
export interface LiveRecord<TItem> {
  item: TItem;
  eventLabel: string;
  /** The record existed before it came live (a change, not a new record): it is shown in its place, not on top. */
  changed: boolean;
}

export interface LiveEvent<TItem> {
  cursor: string;
  recordId: string;
  item: TItem | null;
  eventLabel: string;
  /** A change of an existing record rather than a new one. */
  changed?: boolean;
  /** The record no longer matches the subscription's filter (it is taken off the list). */
  leftFilter?: boolean;
}

export interface LiveFeedSpec<TData, TVariables extends AnyVariables, TItem> {
  document: TypedDocumentNode<TData, TVariables>;
  cursorName: string;
  variables(after: string | undefined): TVariables;
  eventOf(data: TData): LiveEvent<TItem> | null;
  /** Conditions of the list filter that the subscription filter cannot express. */
  accepts(item: TItem): boolean;
}

export interface LiveFeed<TItem> {
  /** One entry per record, the most recently received first. */
  records: LiveRecord<TItem>[];
  /** Records that left the filter since the list was loaded: not shown, wherever they are. */
  removedIds: ReadonlySet<string>;
  /** Records learnt of otherwise (a catch-up look at the list), shown as if they had come live. */
  addArrivals(items: readonly TItem[], eventLabel: string): void;
}

interface LiveState<TItem> {
  records: LiveRecord<TItem>[];
  removedIds: ReadonlySet<string>;
}

const EMPTY: LiveState<never> = { records: [], removedIds: new Set() };

/** `state` with `id` taken off the live records and marked as no longer matching the filter. */
function withoutRecord<TItem extends { id: string }>(state: LiveState<TItem>, id: string): LiveState<TItem> {
  return { records: state.records.filter((record) => record.item.id !== id), removedIds: new Set(state.removedIds).add(id) };
}

/**
 * The live events of one subscription while the component is mounted; `spec` changing (new filters) starts
 * over. A record that comes again (an alert escalated, a replay after a reconnect) replaces its entry; one that
 * left the filter (or no longer passes the list's own conditions) is removed.
 */
export function useLiveFeed<TData, TVariables extends AnyVariables, TItem extends { id: string }>(
  spec: LiveFeedSpec<TData, TVariables, TItem>,
  onCursorLost: (reason: 'expired' | 'invalid') => void,
  onStartedWithoutCursor: () => void,
): LiveFeed<TItem> {
  const client = useClient();
  const connection = useLiveConnection();
  const [state, setState] = useState<LiveState<TItem>>(EMPTY);
  const onCursorLostRef = useRef(onCursorLost);
  onCursorLostRef.current = onCursorLost;
  const onStartedWithoutCursorRef = useRef(onStartedWithoutCursor);
  onStartedWithoutCursorRef.current = onStartedWithoutCursor;

  useEffect(() => {
    setState(EMPTY);
    const subscription = new ResumableSubscription({
      client,
      connection,
      document: spec.document,
      variables: spec.variables,
      cursorName: spec.cursorName,
      cursorOf: (data) => spec.eventOf(data)?.cursor,
      onEvent: (data) => {
        const event = spec.eventOf(data);
        if (!event) return;
        const item = event.item;
        if (event.leftFilter || (item && !spec.accepts(item))) {
          setState((current) => withoutRecord(current, event.recordId));
          return;
        }
        if (!item) return;
        setState((current) => {
          const removedIds = new Set(current.removedIds);
          removedIds.delete(event.recordId);
          // A record that arrived live stays an arrival (on top) whatever happens to it next.
          const changed = event.changed === true && (current.records.find((record) => record.item.id === event.recordId)?.changed ?? true);
          return { records: [{ item, eventLabel: event.eventLabel, changed }, ...current.records.filter((record) => record.item.id !== event.recordId)], removedIds };
        });
      },
      onCursorLost: (reason) => {
        setState(EMPTY);
        onCursorLostRef.current(reason);
      },
      onStartedWithoutCursor: () => onStartedWithoutCursorRef.current(),
    });
    return () => subscription.stop();
  }, [client, connection, spec]);

  const addArrivals = useCallback((items: readonly TItem[], eventLabel: string) => {
    if (items.length === 0) return;
    const ids = new Set(items.map((item) => item.id));
    setState((current) => ({
      records: [...items.map((item) => ({ item, eventLabel, changed: false })), ...current.records.filter((record) => !ids.has(record.item.id))],
      removedIds: new Set([...current.removedIds].filter((id) => !ids.has(id))),
    }));
  }, []);
  return { records: state.records, removedIds: state.removedIds, addArrivals };
}
