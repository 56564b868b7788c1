import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient, type AnyVariables } from 'urql';
import { useLiveConnection } from '../api/services';
import { ResumableSubscription } from './resumableSubscription';

/** What the page keeps of one live event: the record as it is now and what happened to it. */
export interface LiveRecord<TItem> {
  item: TItem;
  eventLabel: string;
}

export interface LiveEvent<TItem> {
  cursor: string;
  recordId: string;
  item: TItem | null;
  eventLabel: string;
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
  /** Records learnt of otherwise (a catch-up look at the list), shown as if they had come live. */
  addArrivals(items: readonly TItem[], eventLabel: string): void;
}

/**
 * The live events of one subscription while the component is mounted; `spec` changing (new filters) starts
 * over. A record that comes again (an alert escalated, a replay after a reconnect) replaces its entry.
 */
export function useLiveFeed<TData, TVariables extends AnyVariables, TItem extends { id: string }>(
  spec: LiveFeedSpec<TData, TVariables, TItem>,
  onCursorLost: (reason: 'expired' | 'invalid') => void,
  onStartedWithoutCursor: () => void,
): LiveFeed<TItem> {
  const client = useClient();
  const connection = useLiveConnection();
  const [records, setRecords] = useState<LiveRecord<TItem>[]>([]);
  const onCursorLostRef = useRef(onCursorLost);
  onCursorLostRef.current = onCursorLost;
  const onStartedWithoutCursorRef = useRef(onStartedWithoutCursor);
  onStartedWithoutCursorRef.current = onStartedWithoutCursor;

  useEffect(() => {
    setRecords([]);
    const subscription = new ResumableSubscription({
      client,
      connection,
      document: spec.document,
      variables: spec.variables,
      cursorName: spec.cursorName,
      cursorOf: (data) => spec.eventOf(data)?.cursor,
      onEvent: (data) => {
        const event = spec.eventOf(data);
        const item = event?.item;
        if (!event || !item || !spec.accepts(item)) return;
        setRecords((current) => [{ item, eventLabel: event.eventLabel }, ...current.filter((record) => record.item.id !== event.recordId)]);
      },
      onCursorLost: (reason) => {
        setRecords([]);
        onCursorLostRef.current(reason);
      },
      onStartedWithoutCursor: () => onStartedWithoutCursorRef.current(),
    });
    return () => subscription.stop();
  }, [client, connection, spec]);

  const addArrivals = useCallback((items: readonly TItem[], eventLabel: string) => {
    if (items.length === 0) return;
    const ids = new Set(items.map((item) => item.id));
    setRecords((current) => [...items.map((item) => ({ item, eventLabel })), ...current.filter((record) => !ids.has(record.item.id))]);
  }, []);
  return { records, addArrivals };
}
