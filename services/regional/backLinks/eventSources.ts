import { createClient, type Client } from 'graphql-ws';
import type { Collection } from 'mongodb';
import WebSocket from 'ws';
import { EVENT_STREAM_OPERATIONS, EVENTS_PATH, parseRegionEvent, type RegionEvent } from '../../../contract';
import type { RegionCode } from '../../../kernel';
import { signInternalIdentity } from '../../../platform/identity';
import { regionSystemIdentity } from '../auth/systemIdentity';
import { eventsAfter, type EventLogDocument } from '../events/eventLog';

/** Where a region's events are read from, in order, a batch at a time. */
export interface EventSource {
  readonly region: RegionCode;
  eventsAfter(afterSeq: number, limit: number): Promise<RegionEvent[]>;
  close(): Promise<void>;
}

/** This region's own log, read from its database. */
export function ownEventSource(region: RegionCode, log: Collection<EventLogDocument>): EventSource {
  return {
    region,
    eventsAfter: async (afterSeq, limit) =>
      (await eventsAfter(log, afterSeq, limit)).map((document) => ({
        seq: document.seq,
        eventId: document._id,
        type: document.type,
        entity: document.entity,
        recordId: document.recordId,
        region: document.region,
        at: document.at.toISOString(),
        snapshot: document.snapshot,
        traceparent: document.traceparent ?? null,
      })),
    close: async () => undefined,
  };
}

/**
 * Another region's durable event stream (its /events endpoint, graphql-ws), read with this region's service
 * identity signed for that region's stream alone (a fresh one at each connection).
 */
export function peerEventSource(region: RegionCode, self: RegionCode, baseUrl: string, internalIdentitySecret: string): EventSource {
  const client: Client = createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}${EVENTS_PATH}`,
    webSocketImpl: WebSocket,
    lazy: true,
    retryAttempts: 0,
    connectionParams: () => ({ identity: signInternalIdentity(regionSystemIdentity(self), internalIdentitySecret, { region, endpoint: 'events' }) }),
  });
  return {
    region,
    async eventsAfter(afterSeq, limit) {
      for await (const result of client.iterate<{ events: Array<Record<string, unknown>> }>({ query: EVENT_STREAM_OPERATIONS.eventsAfter, variables: { afterSeq, limit } })) {
        if (result.errors?.length) throw new Error(result.errors[0]!.message);
        const events = (result.data?.events ?? []).map(parseRegionEvent);
        const foreign = events.find((event) => event.region !== region);
        if (foreign) throw new Error(`${baseUrl} serves events of region ${foreign.region}, expected ${region}`);
        return events;
      }
      throw new Error('the event stream answered nothing');
    },
    close: () => client.dispose() as Promise<void>,
  };
}
