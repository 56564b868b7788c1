import type { Logger } from 'pino';
import type { RegionEvent } from '../../contract';
import { GraphQLError } from 'graphql';
import { ALL_REGION_CODES, regionNameOf, type RegionCode } from '../../kernel';
import { cursorKeysOf, payloadShareKey, PreparedPayload, type EventPayloads } from './eventPayload';
import type { RegionEventConsumer } from './regionEventConsumer';
import { LOG_BLOCK_SIZE, SharedLogReads } from './sharedLogReads';
import type { Subscriber } from './subscriber';
import { specMatches, type SubscriptionSpec } from './subscriptionSpec';

/** The cursor points before the oldest event the region still keeps (EVENT_RETENTION_DAYS): resuming would skip events. */
export class CursorExpiredError extends Error {
  constructor(readonly region: RegionCode) {
    super(`The cursor is older than the events the ${regionNameOf(region)} region keeps; reload the list and subscribe without "after"`);
  }
}

const FIRST_RETRY_MS = 250;
/** A region whose log cannot be read is tried again at least this often while the subscriber stays. */
const MAX_RETRY_MS = 5000;

/**
 * Subscribers resuming with `after`, region by region: each region's log is replayed after the cursor's position
 * on its own, then the live events of that region that arrived meanwhile, and then that region goes live for the
 * subscriber (its other regions may be live long before). A region whose log cannot be read (down) is retried
 * with capped backoff for as long as the subscriber stays; its events, missed and live, follow when it is back.
 */
export class SubscriberCatchUp {
  private readonly subscribers = new Set<Subscriber>();

  constructor(
    private readonly consumerOf: (region: RegionCode) => RegionEventConsumer | undefined,
    private readonly payloads: EventPayloads,
    private readonly logger: Logger,
    private readonly logReadsShared: SharedLogReads = new SharedLogReads(),
  ) {}

  /** Subscribers still replaying at least one region. */
  get size(): number {
    return this.subscribers.size;
  }

  /** Holds a live event for every subscriber still replaying its region (delivered after that region's replay). */
  bufferLive(event: RegionEvent): void {
    for (const subscriber of this.subscribers) subscriber.bufferLive(event);
  }

  /**
   * Marks the regions `subscriber` must replay (synchronously, before it joins live delivery) and starts
   * replaying each. Regions without a position or a consumer are live at once.
   */
  start(spec: SubscriptionSpec, subscriber: Subscriber): void {
    const regions = ALL_REGION_CODES.filter((region) => this.consumerOf(region) && subscriber.positions[region] !== undefined);
    if (regions.length === 0) return;
    subscriber.startCatchingUp(regions);
    this.subscribers.add(subscriber);
    const shape: PayloadShape = { cursorKeys: cursorKeysOf(spec), shareKey: payloadShareKey(spec) };
    for (const region of regions) {
      void this.catchUpRegion(spec, subscriber, region, shape).then(
        () => {
          if (!subscriber.isCatchingUp) this.subscribers.delete(subscriber);
        },
        (error) => {
          this.subscribers.delete(subscriber);
          if (error instanceof CursorExpiredError) {
            subscriber.endWith({ errors: [new GraphQLError(error.message, { extensions: { code: 'CURSOR_EXPIRED', region: regionNameOf(error.region), regionCode: error.region } })] });
            return;
          }
          this.logger.error({ err: error, region }, 'subscriber could not catch up');
          subscriber.disconnectWith(1011, 'Could not replay missed events; reconnect with your last cursor');
        },
      );
    }
  }

  /** Reads of each region's log so far. */
  logReads(): Partial<Record<RegionCode, number>> {
    return this.logReadsShared.reads();
  }

  forget(subscriber: Subscriber): void {
    this.subscribers.delete(subscriber);
  }

  closeAll(): void {
    for (const subscriber of this.subscribers) void subscriber.return();
  }

  /** One region: its log after the subscriber's position (retried while unreadable), its buffered live events, then live. */
  private async catchUpRegion(spec: SubscriptionSpec, subscriber: Subscriber, region: RegionCode, shape: PayloadShape): Promise<void> {
    const consumer = this.consumerOf(region)!;
    let retryMs = FIRST_RETRY_MS;
    let failures = 0;
    for (;;) {
      if (subscriber.isDone) return;
      try {
        await this.replayLog(spec, subscriber, consumer, shape);
        break;
      } catch (error) {
        if (error instanceof CursorExpiredError) throw error;
        failures += 1;
        // Once per subscriber and region at warn (a region down is expected to show), then quietly.
        this.logger[failures === 1 ? 'warn' : 'debug']({ err: (error as Error).message ?? String(error), region, retryInMs: retryMs }, 'replaying a region log for a resuming subscriber failed; retrying');
        await untilClosedOr(subscriber, retryMs);
        retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
      }
    }
    // The live events of this region that arrived while replaying (some already replayed from the log).
    for (;;) {
      if (subscriber.isDone) return;
      const event = subscriber.takeBuffered(region);
      // Goes live in the same synchronous step as finding the buffer empty, so no live event can fall in between.
      if (!event) {
        subscriber.goLive(region);
        return;
      }
      if (event.seq > (subscriber.positions[region] ?? 0)) {
        const pending = this.deliver(spec, subscriber, event, shape);
        if (pending) await pending;
      }
    }
  }

  /** The region's log after the subscriber's position, in batches; throws when a read fails (the caller retries). */
  private async replayLog(spec: SubscriptionSpec, subscriber: Subscriber, consumer: RegionEventConsumer, shape: PayloadShape): Promise<void> {
    for (;;) {
      const from = subscriber.positions[consumer.region] ?? 0;
      // What the consumer had seen before the read is in the log already: finding nothing up to it means a gap.
      const seenBeforeRead = consumer.lastSeq;
      const batch = await this.logReadsShared.eventsAfter(consumer, from);
      if (subscriber.isDone) return;
      if (isGap(from, batch, seenBeforeRead)) throw new CursorExpiredError(consumer.region);
      for (const event of batch) {
        if (subscriber.isDone) return;
        // Events whose payload is ready (made for another subscriber, or needing no resolution) go out in one step.
        const pending = this.deliver(spec, subscriber, event, shape);
        if (pending) await pending;
      }
      if (batch.length < LOG_BLOCK_SIZE) return;
    }
  }

  /**
   * Sends a replayed event with the payload prepared for every subscriber of this shape; returns a promise only when
   * that payload is still being resolved (a failed resolution is an error payload, never a rejection).
   */
  private deliver(spec: SubscriptionSpec, subscriber: Subscriber, event: RegionEvent, shape: PayloadShape): Promise<void> | undefined {
    if (event.seq <= (subscriber.positions[event.region] ?? 0)) return undefined;
    if (!specMatches(spec, event)) {
      subscriber.deliverPrepared(event.region, event.seq, null);
      return undefined;
    }
    const payload = this.payloads.prepare(spec, shape.shareKey, shape.cursorKeys, event);
    if (payload instanceof PreparedPayload) {
      subscriber.deliverPrepared(event.region, event.seq, payload);
      return undefined;
    }
    return payload.then((prepared) => subscriber.deliverPrepared(event.region, event.seq, prepared));
  }
}

/** What a subscriber's payloads are made from: shared with every subscriber of the same key. */
interface PayloadShape {
  cursorKeys: string[];
  shareKey: string;
}

/** Waits `ms`, or less if the subscriber goes away meanwhile. */
async function untilClosedOr(subscriber: Subscriber, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([subscriber.whenClosed, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/**
 * Sequence numbers are consecutive within a region, so a replay that does not start right after the cursor (or
 * finds nothing although the region had logged past it before the read) means the events in between were pruned.
 */
function isGap(from: number, batch: readonly RegionEvent[], seenBeforeRead: number | undefined): boolean {
  if (batch.length > 0) return batch[0]!.seq > from + 1;
  return seenBeforeRead !== undefined && seenBeforeRead > from;
}
