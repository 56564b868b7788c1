import type { Logger } from 'pino';
import type { RegionEvent } from '../../contract';
import type { ExecutionResult } from 'graphql';
import { ALL_REGION_CODES, type EventPositions, type RegionCode } from '../../kernel';
import { responseKey } from '../router/operations';
import { cursorKeysOf, withCursor, type EventPayloads } from './eventPayload';
import { GroupIndex } from './groupIndex';
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
  /** Per region, the events queued on the chain and not yet delivered (all of them match this group). */
  pending: Map<RegionCode, number>;
  cursorKeys: string[];
}

/**
 * Live subscribers, grouped so that each event is matched and resolved once per group, then fanned out. Only the
 * groups the index names as candidates see an event; a member's cursor covers the events its group skipped when
 * it is next sent something (see `coverSkipped`).
 */
export class SubscriptionGroups {
  private readonly groups = new Map<string, SubscriptionGroup>();
  private readonly index = new GroupIndex<SubscriptionGroup>();
  /** The last seq of each region passed to `deliver`. */
  private readonly seen: EventPositions = {};
  /** Groups tested by the last `deliver` (for benchmarks and tests: it does not grow with all groups). */
  lastCandidateCount = 0;

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
      group = { spec, members: new Set(), chains: new Map(), pending: new Map(), cursorKeys: cursorKeysOf(spec) };
      this.groups.set(key, group);
      this.index.add(group, spec.declaration, spec.filter);
    }
    group.members.add(subscriber);
  }

  leave(key: string, subscriber: Subscriber): void {
    const group = this.groups.get(key);
    group?.members.delete(subscriber);
    if (group && group.members.size === 0) {
      this.groups.delete(key);
      this.index.remove(group, group.spec.declaration);
    }
  }

  /** Queues the event on each matching group's chain for its region; returns those deliveries (they never reject). */
  deliver(event: RegionEvent): Array<Promise<void>> {
    this.seen[event.region] = Math.max(this.seen[event.region] ?? 0, event.seq);
    const deliveries: Array<Promise<void>> = [];
    const candidates = this.index.candidates(event);
    this.lastCandidateCount = candidates.size;
    for (const group of candidates) {
      if (!specMatches(group.spec, event)) continue;
      group.pending.set(event.region, (group.pending.get(event.region) ?? 0) + 1);
      const previous = group.chains.get(event.region) ?? Promise.resolve();
      const next = previous
        .then(async () => {
          let result: ExecutionResult | null = null;
          try {
            result = await this.payloads.build(group.spec, event, '');
          } finally {
            group.pending.set(event.region, (group.pending.get(event.region) ?? 1) - 1);
          }
          for (const member of group.members) {
            // A member still replaying this region's log gets this event from its catch-up (which buffered it).
            if (!member.isLiveFor(event.region)) continue;
            // A member that went live for this region while this delivery was resolving may already have the event
            // (replayed from the log or from its buffer of live events): never deliver a seq twice.
            if (event.seq <= (member.positions[event.region] ?? 0)) continue;
            this.coverSkipped(group, member);
            // The cursor is what this member has been sent (or has skipped), so resuming from it neither loses nor repeats.
            member.deliver(event.region, event.seq, (cursor) => withCursor(result!, group.spec, group.cursorKeys, cursor));
          }
        })
        .catch((error) => this.logger.error({ err: error, eventId: event.eventId }, 'delivering an event failed'));
      group.chains.set(event.region, next);
      deliveries.push(next);
    }
    return deliveries;
  }

  /**
   * Moves a member's position over the events its group skipped: for each region it receives live and whose events
   * have all been delivered to the group (none queued), everything seen so far either reached it or did not match.
   */
  private coverSkipped(group: SubscriptionGroup, member: Subscriber): void {
    for (const region of ALL_REGION_CODES) {
      const seen = this.seen[region];
      if (seen === undefined || !member.isLiveFor(region) || (group.pending.get(region) ?? 0) > 0) continue;
      if ((member.positions[region] ?? 0) < seen) member.positions[region] = seen;
    }
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
