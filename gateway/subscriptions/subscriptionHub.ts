import type { ApolloServer } from '@apollo/server';
import type { Logger } from 'pino';
import type { RegionEvent } from '../../contract';
import { contextOfTraceparent, inSpan, SpanKind } from '../../platform/tracing';
import type { EventPositions, RegionCode } from '../../kernel';
import type { GatewayContext } from '../router/regionRouterDataSource';
import { EventPayloads } from './eventPayload';
import type { RegionEventConsumer } from './regionEventConsumer';
import { Subscriber } from './subscriber';
import { SubscriberCatchUp } from './subscriberCatchUp';
import { groupKey, SubscriptionGroups } from './subscriptionGroups';
import type { SubscriptionSpec } from './subscriptionSpec';

export type { SubscriptionSpec } from './subscriptionSpec';

export interface HubLimits {
  maxQueuedPerSubscriber: number;
  maxPendingLivePerSubscriber: number;
}

/**
 * Fans the regions' events out to client subscriptions: live subscribers in groups of identical subscriptions,
 * subscribers resuming from a cursor through catch-up until they can join their group.
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

  get subscriberCount(): number {
    return this.catchUp.size + this.groups.memberCount;
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

  subscribe(spec: SubscriptionSpec, disconnect: (code: number, reason: string) => void): Subscriber {
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
    const goLive = () => this.groups.join(key, spec, subscriber);
    if (spec.after) this.catchUp.start(spec, subscriber, goLive);
    else goLive();
    return subscriber;
  }

  close(): void {
    this.catchUp.closeAll();
    this.groups.closeAll();
  }
}
