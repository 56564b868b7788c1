import type { Server } from 'node:http';
import { useServer } from 'graphql-ws/use/ws';
import type { Collection } from 'mongodb';
import { WebSocketServer } from 'ws';
import { EVENT_STREAM_SCHEMA, EVENTS_PATH, type GiAuthorisation, type WireRegionEvent } from '../../../contract';
import type { RegionCode } from '../../../kernel';
import { verifyInternalIdentity } from '../../../platform/identity';
import { eventsAfter, latestSeq, type EventLogDocument } from './eventLog';
import type { OutboxRelay } from './outboxRelay';

const BATCH = 200;
const MAX_QUERY_LIMIT = 1000;
/** How long a stream waits for the relay's word before it reads the log again anyway. */
const IDLE_REREAD_MS = 5000;

function toGraphQL(event: EventLogDocument): WireRegionEvent {
  return { seq: event.seq, eventId: event._id, type: event.type, entity: event.entity, recordId: event.recordId, region: event.region, at: event.at.toISOString(), snapshot: JSON.stringify(event.snapshot), traceparent: event.traceparent ?? null };
}

/**
 * Streams the log from a sequence number onward. The generator reads the next batch only when the consumer has
 * taken the previous events (graphql-ws awaits each send), which is the stream's backpressure.
 */
async function* streamEvents(log: Collection<EventLogDocument>, relay: OutboxRelay, afterSeq: number): AsyncGenerator<{ regionEvents: WireRegionEvent }> {
  let cursor = afterSeq;
  for (;;) {
    const batch = await eventsAfter(log, cursor, BATCH);
    for (const event of batch) {
      cursor = event.seq;
      yield { regionEvents: toGraphQL(event) };
    }
    // Events another process of this region logs wake the wait too: the relay's pass (four a second) reads the log's
    // latest sequence. The timeout only bounds how long a missed wake-up could hold an event back.
    if (batch.length < BATCH) await relay.waitForEventAfter(cursor, IDLE_REREAD_MS);
  }
}

export function attachEventStream(
  httpServer: Server,
  log: Collection<EventLogDocument>,
  relay: OutboxRelay,
  internalIdentity: { secret: string; region: RegionCode },
  /** A geographical indication of this region as other regions check their inspections against it. */
  giAuthorisation: (id: string) => Promise<GiAuthorisation | null> = async () => null,
): WebSocketServer {
  const webSocketServer = new WebSocketServer({ server: httpServer, path: EVENTS_PATH });
  useServer(
    {
      schema: EVENT_STREAM_SCHEMA,
      onConnect: (context) => {
        try {
          const identity = verifyInternalIdentity(String(context.connectionParams?.identity ?? ''), internalIdentity.secret, { region: internalIdentity.region, endpoint: 'events' });
          return identity.kind === 'service';
        } catch {
          return false;
        }
      },
      roots: {
        query: {
          latestEventSeq: () => latestSeq(log),
          events: async ({ afterSeq, limit }: { afterSeq: number; limit: number }) =>
            (await eventsAfter(log, afterSeq, Math.min(Math.max(limit, 1), MAX_QUERY_LIMIT))).map(toGraphQL),
          giAuthorisation: async ({ id }: { id: string }) => {
            const answer = await giAuthorisation(id);
            return answer ? JSON.stringify(answer) : null;
          },
        },
        subscription: {
          regionEvents: ({ afterSeq }: { afterSeq: number }) => streamEvents(log, relay, afterSeq),
        },
      },
    },
    webSocketServer,
  );
  return webSocketServer;
}
