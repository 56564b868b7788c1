import type { Logger } from 'pino';
import type { RegionEvent } from '../../contract';
import type { RegionCode } from '../../kernel';
import { responseKey } from '../router/operations';
import { cursorKeysOf, withCursor, type EventPayloads } from './eventPayload';
import type { Subscriber } from './subscriber';
import { visibilityKey } from './subscriptionFilters';
import { selectedFields, specMatches, type SubscriptionSpec } from './subscriptionSpec';

/** Subscribers that receive identical payloads: same operation, variables and visibility. */
interface SubscriptionGroup {
  spec: SubscriptionSpec;
  members: Set<Subscriber>;
  /**
   * One delivery chain per region: each region's events reach members in order while they resolve, and an event
   * waiting on one region (down, slow) does not hold back the others.
   */
  chains: Map<RegionCode, Promise<void>>;
  cursorKeys: string[];
}

/** Live subscribers, grouped so that each event is matched and resolved once per group, then fanned out. */
export class SubscriptionGroups {
  private readonly groups = new Map<string, SubscriptionGroup>();

  constructor(
    private readonly payloads: EventPayloads,
    private readonly logger: Logger,
  ) {}

  get size(): number {
    return this.groups.size;
  }

  get memberCount(): number {
    let count = 0;
    for (const group of this.groups.values()) count += group.members.size;
    return count;
  }

  join(key: string, spec: SubscriptionSpec, subscriber: Subscriber): void {
    let group = this.groups.get(key);
    if (!group) {
      group = { spec, members: new Set(), chains: new Map(), cursorKeys: cursorKeysOf(spec) };
      this.groups.set(key, group);
    }
    group.members.add(subscriber);
  }

  leave(key: string, subscriber: Subscriber): void {
    const group = this.groups.get(key);
    group?.members.delete(subscriber);
    if (group && group.members.size === 0) this.groups.delete(key);
  }

  /** Queues the event on each group's chain for its region; returns those deliveries (they never reject). */
  deliver(event: RegionEvent): Array<Promise<void>> {
    const deliveries: Array<Promise<void>> = [];
    for (const group of this.groups.values()) {
      const matches = specMatches(group.spec, event);
      const previous = group.chains.get(event.region) ?? Promise.resolve();
      const next = previous
        .then(async () => {
          const result = matches ? await this.payloads.build(group.spec, event, '') : null;
          for (const member of group.members) {
            // A member still replaying this region's log gets this event from its catch-up (which buffered it).
            if (!member.isLiveFor(event.region)) continue;
            // A member that went live for this region while this delivery was resolving may already have the event
            // (replayed from the log or from its buffer of live events): never deliver a seq twice.
            if (event.seq <= (member.positions[event.region] ?? 0)) continue;
            // The cursor is what this member has been sent (or has skipped), so resuming from it neither loses nor repeats.
            member.deliver(event.region, event.seq, result ? (cursor) => withCursor(result, group.spec, group.cursorKeys, cursor) : null);
          }
        })
        .catch((error) => this.logger.error({ err: error, eventId: event.eventId }, 'delivering an event failed'));
      group.chains.set(event.region, next);
      deliveries.push(next);
    }
    return deliveries;
  }

  closeAll(): void {
    for (const group of this.groups.values()) for (const member of group.members) void member.return();
  }
}

export function groupKey(spec: SubscriptionSpec): string {
  return JSON.stringify([spec.declaration.field, spec.filter.key, spec.entityQuery?.query ?? null, spec.entityVariables, fieldSignature(spec), visibilityKey(spec.identity)]);
}

function fieldSignature(spec: SubscriptionSpec): string {
  return selectedFields(spec).map((field) => `${responseKey(field)}:${field.name.value}`).join(',') + `@${responseKey(spec.rootField)}`;
}
