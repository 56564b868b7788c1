import type { Logger } from 'pino';
import type { RegionEvent } from '../../contract';
import { GraphQLError } from 'graphql';
import { ALL_REGION_CODES, encodeEventCursor, regionNameOf, type RegionCode } from '../../kernel';
import type { EventPayloads } from './eventPayload';
import type { RegionEventConsumer } from './regionEventConsumer';
import type { Subscriber } from './subscriber';
import { specMatches, type SubscriptionSpec } from './subscriptionSpec';

/** The cursor points before the oldest event the region still keeps (EVENT_RETENTION_DAYS): resuming would skip events. */
export class CursorExpiredError extends Error {
  constructor(readonly region: RegionCode) {
    super(`The cursor is older than the events the ${regionNameOf(region)} region keeps; reload the list and subscribe without "after"`);
  }
}

const LOG_BATCH_SIZE = 500;
const MAX_LOG_READ_ATTEMPTS = 20;
const MAX_LOG_READ_BACKOFF_MS = 5000;

/**
 * Subscribers resuming with `after`: replays each region's log after their cursor, then the live events that
 * arrived meanwhile, then hands them over to live delivery without losing or repeating an event.
 */
export class SubscriberCatchUp {
  private readonly subscribers = new Set<Subscriber>();

  constructor(
    private readonly consumerOf: (region: RegionCode) => RegionEventConsumer | undefined,
    private readonly payloads: EventPayloads,
    private readonly logger: Logger,
  ) {}

  get size(): number {
    return this.subscribers.size;
  }

  /** Holds a live event for every subscriber still catching up (delivered after its replay). */
  bufferLive(event: RegionEvent): void {
    for (const subscriber of this.subscribers) subscriber.bufferLive(event);
  }

  /** Starts catching up; `goLive` must add the subscriber to live delivery synchronously. */
  start(spec: SubscriptionSpec, subscriber: Subscriber, goLive: () => void): void {
    this.subscribers.add(subscriber);
    this.catchUp(spec, subscriber, goLive).catch((error) => {
      if (error instanceof CursorExpiredError) {
        this.subscribers.delete(subscriber);
        subscriber.endWith({ errors: [new GraphQLError(error.message, { extensions: { code: 'CURSOR_EXPIRED', region: regionNameOf(error.region), regionCode: error.region } })] });
        return;
      }
      this.logger.warn({ err: error }, 'subscriber could not catch up');
      subscriber.disconnectWith(1011, 'Could not replay missed events; reconnect with your last cursor');
    });
  }

  forget(subscriber: Subscriber): void {
    this.subscribers.delete(subscriber);
  }

  closeAll(): void {
    for (const subscriber of this.subscribers) void subscriber.return();
  }

  private async catchUp(spec: SubscriptionSpec, subscriber: Subscriber, goLive: () => void): Promise<void> {
    for (const region of ALL_REGION_CODES) {
      const consumer = this.consumerOf(region);
      const from = subscriber.positions[region];
      if (consumer && from !== undefined) await this.replayLog(spec, subscriber, consumer, from);
    }
    while (subscriber.pendingLive.length > 0 && !subscriber.isClosed) {
      const event = subscriber.pendingLive.shift()!;
      if (event.seq > (subscriber.positions[event.region] ?? -1)) await this.deliver(spec, subscriber, event);
    }
    // Goes live in the same synchronous step as the last pendingLive check, so no live event can fall in between.
    if (subscriber.isClosed) return;
    this.subscribers.delete(subscriber);
    goLive();
  }

  /** One region's log after `from`, in batches; a failing read is retried with backoff. */
  private async replayLog(spec: SubscriptionSpec, subscriber: Subscriber, consumer: RegionEventConsumer, from: number): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      let batch: RegionEvent[];
      try {
        batch = await consumer.eventsAfter(from, LOG_BATCH_SIZE);
      } catch (error) {
        if (attempt >= MAX_LOG_READ_ATTEMPTS || subscriber.isClosed) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** attempt, MAX_LOG_READ_BACKOFF_MS)));
        continue;
      }
      if (isGap(from, batch, consumer.lastSeq)) throw new CursorExpiredError(consumer.region);
      for (const event of batch) {
        await this.deliver(spec, subscriber, event);
        from = event.seq;
      }
      if (batch.length < LOG_BATCH_SIZE || subscriber.isClosed) return;
    }
  }

  private async deliver(spec: SubscriptionSpec, subscriber: Subscriber, event: RegionEvent): Promise<void> {
    subscriber.positions[event.region] = Math.max(subscriber.positions[event.region] ?? 0, event.seq);
    if (!specMatches(spec, event)) return;
    subscriber.push(await this.payloads.build(spec, event, encodeEventCursor(subscriber.positions)));
  }
}

/**
 * Sequence numbers are consecutive within a region, so a replay that does not start right after the cursor (or
 * finds nothing although the region has logged past it) means the events in between were pruned.
 */
function isGap(from: number, batch: readonly RegionEvent[], latestSeq: number | undefined): boolean {
  if (batch.length > 0) return batch[0]!.seq > from + 1;
  return latestSeq !== undefined && latestSeq > from;
}
