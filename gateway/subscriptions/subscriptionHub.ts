import type { ApolloServer } from '@apollo/server';
import type { Logger } from 'pino';
import type { RegionEvent } from '../../contract';
import { contextOfTraceparent, inSpan, SpanKind } from '../../platform/tracing';
import type { EventPositions, RegionCode } from '../../kernel';
import type { GatewayContext } from '../router/regionRouterDataSource';
import { EventPayloads } from './eventPayload';
import type { RegionEventConsumer } from './regionEventConsumer';
import { Subscriber, type DirectSink } from './subscriber';
import { SubscriberCatchUp } from './subscriberCatchUp';
import { groupKey, SubscriptionGroups } from './subscriptionGroups';
import type { SubscriptionSpec } from './subscriptionSpec';

export type { SubscriptionSpec } from './subscriptionSpec';

export interface HubLimits {
  maxQueuedPerSubscriber: number;
  maxPendingLivePerSubscriber: number;
}

/**
 * Fans the regions' events out to client subscriptions: subscribers in groups of identical subscriptions; a
 * subscriber resuming from a cursor joins its group at once and receives each region's events live as soon as
 * that region's catch-up (log replay) is done, independently of the other regions.
 */
export class SubscriptionHub {
  private readonly groups: SubscriptionGroups;
  private readonly catchUp: SubscriberCatchUp;

  constructor(
    private consumers: Map<RegionCode, RegionEventConsumer>,
    apollo: ApolloServer<GatewayContext>,
    private readonly limits: HubLimits,
    logger: Logger,
  ) {
    const payloads = new EventPayloads(apollo);
    this.groups = new SubscriptionGroups(payloads, logger);
    this.catchUp = new SubscriberCatchUp((region) => this.consumers.get(region), payloads, logger);
  }

  attachConsumers(consumers: Map<RegionCode, RegionEventConsumer>): void {
    this.consumers = consumers;
  }

  /** Every open subscriber (those still catching up on a region included: they are group members already). */
  get subscriberCount(): number {
    return this.groups.memberCount;
  }

  /** Subscribers still replaying at least one region's log. */
  get catchingUpCount(): number {
    return this.catchUp.size;
  }

  /** Reads of each region's log for resuming subscribers so far (shared between them). */
  get catchUpLogReads(): Partial<Record<RegionCode, number>> {
    return this.catchUp.logReads();
  }

  get groupCount(): number {
    return this.groups.size;
  }

  livePositions(): EventPositions {
    const positions: EventPositions = {};
    for (const [region, consumer] of this.consumers) if (consumer.lastSeq !== undefined) positions[region] = consumer.lastSeq;
    return positions;
  }

  /** Called by the region consumers for every event, in each region's order. */
  onEvent(event: RegionEvent): void {
    // Held for subscribers replaying this region; the groups skip them for this region until they go live.
    this.catchUp.bufferLive(event);
    const cause = contextOfTraceparent(event.traceparent);
    if (!cause) {
      this.groups.deliver(event);
      return;
    }
    // The delivery joins the trace of the write that caused the event; its payload resolution's region calls are its children.
    const attributes = { 'jjj.region': event.region, 'jjj.event.seq': event.seq, 'jjj.event.type': event.type, 'jjj.subscription.groups': this.groups.size };
    void inSpan('event delivery', SpanKind.CONSUMER, attributes, async () => {
      await Promise.all(this.groups.deliver(event));
    }, cause);
  }

  /** With `sink`, the subscriber's events are written straight to its socket (see DirectSink), else read from it as an iterator. */
  subscribe(spec: SubscriptionSpec, disconnect: (code: number, reason: string) => void, sink?: DirectSink): Subscriber {
    const key = groupKey(spec);
    const positions: EventPositions = { ...this.livePositions(), ...spec.after };
    const subscriber = new Subscriber(
      positions,
      { maxQueued: this.limits.maxQueuedPerSubscriber, maxPendingLive: this.limits.maxPendingLivePerSubscriber },
      disconnect,
      () => {
        this.catchUp.forget(subscriber);
        this.groups.leave(key, subscriber);
      },
    );
    if (sink) subscriber.writeDirectlyTo(sink);
    // The regions to replay are marked before the subscriber joins, in the same synchronous step.
    if (spec.after) this.catchUp.start(spec, subscriber);
    this.groups.join(key, spec, subscriber);
    return subscriber;
  }

  close(): void {
    this.catchUp.closeAll();
    this.groups.closeAll();
  }
}
