import type { Logger } from 'pino';
import type { RegionEvent } from '../../contract';
import { ALL_REGION_CODES, type EventPositions, type RegionCode } from '../../kernel';
import { responseKey } from '../router/operations';
import { cursorKeysOf, payloadShareKey, PreparedPayload, type EventPayloads } from './eventPayload';
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
  /** Groups with the same key get the same payload for an event (it is made once for all of them). */
  shareKey: string;
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
      group = { spec, members: new Set(), chains: new Map(), pending: new Map(), cursorKeys: cursorKeysOf(spec), shareKey: payloadShareKey(spec) };
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

  /**
   * Delivers the event to each matching group: at once when its payload is ready (it needs no resolution, or was
   * made for another group) and nothing of the group's region is queued; else queued on the group's chain for its
   * region. Returns the queued deliveries (they never reject).
   */
  deliver(event: RegionEvent): Array<Promise<void>> {
    this.seen[event.region] = Math.max(this.seen[event.region] ?? 0, event.seq);
    const deliveries: Array<Promise<void>> = [];
    const candidates = this.index.candidates(event);
    this.lastCandidateCount = candidates.size;
    for (const group of candidates) {
      if (!specMatches(group.spec, event)) continue;
      const queued = group.chains.get(event.region);
      const payload = queued ? null : this.payloads.prepare(group.spec, group.shareKey, group.cursorKeys, event);
      if (payload instanceof PreparedPayload) {
        this.fanOut(group, event, payload);
        continue;
      }
      group.pending.set(event.region, (group.pending.get(event.region) ?? 0) + 1);
      const next = (queued ?? Promise.resolve())
        .then(async () => {
          let prepared: PreparedPayload;
          try {
            prepared = await (payload ?? this.payloads.prepare(group.spec, group.shareKey, group.cursorKeys, event));
          } finally {
            group.pending.set(event.region, (group.pending.get(event.region) ?? 1) - 1);
          }
          this.fanOut(group, event, prepared);
        })
        .catch((error) => this.logger.error({ err: error, eventId: event.eventId }, 'delivering an event failed'))
        .finally(() => {
          // The chain's last delivery done: the region's next event of this group may go out at once again.
          if (group.chains.get(event.region) === next) group.chains.delete(event.region);
        });
      group.chains.set(event.region, next);
      deliveries.push(next);
    }
    return deliveries;
  }

  /** Sends a group's prepared payload of `event` to each member receiving that region live (each seq once). */
  private fanOut(group: SubscriptionGroup, event: RegionEvent, payload: PreparedPayload): void {
    for (const member of group.members) {
      // A member still replaying this region's log gets this event from its catch-up (which buffered it).
      if (!member.isLiveFor(event.region)) continue;
      // A member that went live for this region while this delivery was resolving may already have the event
      // (replayed from the log or from its buffer of live events): never deliver a seq twice.
      if (event.seq <= (member.positions[event.region] ?? 0)) continue;
      this.coverSkipped(group, member);
      // The cursor is what this member has been sent (or has skipped), so resuming from it neither loses nor repeats.
      member.deliverPrepared(event.region, event.seq, payload);
    }
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
