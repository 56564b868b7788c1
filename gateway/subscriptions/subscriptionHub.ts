import type { ApolloServer } from '@apollo/server';
import { GraphQLError, type ExecutionResult, type FieldNode, type FragmentDefinitionNode, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import type { ParsedFilter, RegionEvent, SubscriptionDeclaration } from '../../contract';
import { ALL_REGION_CODES, encodeEventCursor, regionNameOf, type EventPositions, type RegionCode } from '../../kernel';
import type { Identity } from '../../platform/identity';
import { fieldsOf, responseKey } from '../router/operations';
import type { GatewayContext } from '../router/regionRouterDataSource';
import { RECORD_ID_VARIABLE, type EntityQuery } from './eventResolution';
import type { RegionEventConsumer } from './regionEventConsumer';
import { Subscriber } from './subscriber';
import { eventMatches, eventVisibleTo, visibilityKey } from './subscriptionFilters';

export interface SubscriptionSpec {
  declaration: SubscriptionDeclaration;
  rootField: FieldNode;
  fragments: Map<string, FragmentDefinitionNode>;
  filter: ParsedFilter;
  entityQuery: EntityQuery | null;
  entityVariables: Record<string, unknown>;
  identity: Identity;
  after?: EventPositions;
}

/** Subscribers that receive identical payloads: same operation, variables and visibility. */
interface SubscriptionGroup {
  key: string;
  spec: SubscriptionSpec;
  members: Set<Subscriber>;
  /**
   * One delivery chain per region: each region's events reach members in order while they resolve, and an event
   * waiting on one region (down, slow) does not hold back the others.
   */
  chains: Map<RegionCode, Promise<void>>;
  /** Response keys of `cursor` in the client's selection (set per member at delivery). */
  cursorKeys: string[];
}

export interface HubLimits {
  maxQueuedPerSubscriber: number;
  maxPendingLivePerSubscriber: number;
}

/**
 * Fans the regions' events out to client subscriptions. Each event is matched and resolved once per group of
 * identical subscriptions (resolution results are shared by event, query, variables and visibility), then the
 * same payload goes to every member.
 */
export class SubscriptionHub {
  private readonly groups = new Map<string, SubscriptionGroup>();
  private readonly catchingUp = new Set<Subscriber>();
  private readonly resolutions = new Map<string, Promise<ExecutionResult>>();
  private resolutionsSweep: NodeJS.Timeout;

  constructor(
    private consumers: Map<RegionCode, RegionEventConsumer>,
    private readonly apollo: ApolloServer<GatewayContext>,
    private readonly limits: HubLimits,
    private readonly logger: Logger,
  ) {
    // Resolutions are shared only while an event is being delivered.
    this.resolutionsSweep = setInterval(() => this.resolutions.clear(), 30_000);
    this.resolutionsSweep.unref();
  }

  attachConsumers(consumers: Map<RegionCode, RegionEventConsumer>): void {
    this.consumers = consumers;
  }

  get subscriberCount(): number {
    let count = this.catchingUp.size;
    for (const group of this.groups.values()) count += group.members.size;
    return count;
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
    for (const subscriber of this.catchingUp) subscriber.bufferLive(event);
    for (const group of this.groups.values()) {
      const matches = specMatches(group.spec, event);
      const previous = group.chains.get(event.region) ?? Promise.resolve();
      const next = previous
        .then(async () => {
          const result = matches ? await this.payload(group.spec, event, '') : null;
          for (const member of group.members) {
            // A member that joined after catching up may already have this event (replayed from the log or from
            // its pendingLive buffer) while the group's delivery was still resolving: never deliver a seq twice.
            if (event.seq <= (member.positions[event.region] ?? 0)) continue;
            member.positions[event.region] = event.seq;
            // The cursor is what this member has been sent (or has skipped), so resuming from it neither loses nor repeats.
            if (result) member.push(withCursor(result, responseKey(group.spec.rootField), group.cursorKeys, encodeEventCursor(member.positions)));
          }
        })
        .catch((error) => this.logger.error({ err: error, eventId: event.eventId }, 'delivering an event failed'));
      group.chains.set(event.region, next);
    }
  }

  subscribe(spec: SubscriptionSpec, disconnect: (code: number, reason: string) => void): Subscriber {
    const key = groupKey(spec);
    const positions: EventPositions = { ...this.livePositions(), ...spec.after };
    const subscriber = new Subscriber(
      positions,
      { maxQueued: this.limits.maxQueuedPerSubscriber, maxPendingLive: this.limits.maxPendingLivePerSubscriber },
      disconnect,
      () => {
        this.catchingUp.delete(subscriber);
        const group = this.groups.get(key);
        group?.members.delete(subscriber);
        if (group && group.members.size === 0) this.groups.delete(key);
      },
    );
    if (!spec.after) {
      this.join(key, spec, subscriber);
      return subscriber;
    }
    subscriber.catchingUp = true;
    this.catchingUp.add(subscriber);
    this.catchUp(spec, subscriber, key)
      .catch((error) => {
        this.logger.warn({ err: error }, 'subscriber could not catch up');
        disconnect(1011, 'Could not replay missed events; reconnect with your last cursor');
        void subscriber.return();
      });
    return subscriber;
  }

  private join(key: string, spec: SubscriptionSpec, subscriber: Subscriber): void {
    let group = this.groups.get(key);
    if (!group) {
      const cursorKeys = fieldsOf(spec.rootField.selectionSet, spec.fragments).filter((field) => field.name.value === 'cursor').map(responseKey);
      group = { key, spec, members: new Set(), chains: new Map(), cursorKeys };
      this.groups.set(key, group);
    }
    group.members.add(subscriber);
  }

  /** Replays each region's log after the subscriber's cursor, then what arrived live meanwhile, then goes live. */
  private async catchUp(spec: SubscriptionSpec, subscriber: Subscriber, key: string): Promise<void> {
    for (const region of ALL_REGION_CODES) {
      const consumer = this.consumers.get(region);
      let from = subscriber.positions[region];
      if (!consumer || from === undefined) continue;
      for (let attempt = 0; ; attempt++) {
        let batch: RegionEvent[];
        try {
          batch = await consumer.eventsAfter(from, 500);
        } catch (error) {
          if (attempt >= 20 || subscriber.isClosed) throw error;
          await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** attempt, 5000)));
          continue;
        }
        for (const event of batch) {
          await this.deliverIndividually(spec, subscriber, event);
          from = event.seq;
        }
        if (batch.length < 500 || subscriber.isClosed) break;
      }
    }
    while (subscriber.pendingLive.length > 0 && !subscriber.isClosed) {
      const event = subscriber.pendingLive.shift()!;
      if (event.seq > (subscriber.positions[event.region] ?? -1)) await this.deliverIndividually(spec, subscriber, event);
    }
    // Joined in the same synchronous step as the last pendingLive check, so no live event can fall in between.
    if (subscriber.isClosed) return;
    this.catchingUp.delete(subscriber);
    subscriber.catchingUp = false;
    this.join(key, spec, subscriber);
  }

  private async deliverIndividually(spec: SubscriptionSpec, subscriber: Subscriber, event: RegionEvent): Promise<void> {
    subscriber.positions[event.region] = Math.max(subscriber.positions[event.region] ?? 0, event.seq);
    if (!specMatches(spec, event)) return;
    subscriber.push(await this.payload(spec, event, encodeEventCursor(subscriber.positions)));
  }

  /** The client's selection on the event, with the entity resolved through the supergraph (shared per group). */
  private async payload(spec: SubscriptionSpec, event: RegionEvent, cursor: string): Promise<ExecutionResult> {
    const resolution = spec.entityQuery ? await withTimeout(this.resolveEntity(spec, event), RESOLUTION_TIMEOUT_MS, event) : { data: {} };
    const entityData = (resolution.data ?? {}) as Record<string, unknown>;
    const { declaration } = spec;
    const output: Record<string, unknown> = {};
    for (const selection of fieldsOf(spec.rootField.selectionSet, spec.fragments)) {
      const key = responseKey(selection);
      const extra = declaration.extraFields?.find((candidate) => candidate.name === selection.name.value);
      if (extra) {
        output[key] = extra.value(event);
        continue;
      }
      switch (selection.name.value) {
        case '__typename':
          output[key] = declaration.eventTypeName;
          break;
        case 'cursor':
          output[key] = cursor;
          break;
        case 'type':
          output[key] = declaration.eventTypes[event.type as keyof typeof declaration.eventTypes];
          break;
        case 'region':
          output[key] = regionNameOf(event.region);
          break;
        case 'at':
          output[key] = event.at;
          break;
        case 'recordId':
          output[key] = event.recordId;
          break;
        default:
          output[key] = entityData[key] ?? null;
      }
    }
    const rootKey = responseKey(spec.rootField);
    const errors = (resolution.errors ?? []).map((error) => prefixPath(error as GraphQLFormattedError, rootKey));
    return { data: { [rootKey]: output }, ...(errors.length > 0 ? { errors: errors as unknown as GraphQLError[] } : {}) };
  }

  private resolveEntity(spec: SubscriptionSpec, event: RegionEvent): Promise<ExecutionResult> {
    const query = spec.entityQuery!;
    const cacheKey = `${event.eventId}|${query.query}|${JSON.stringify(spec.entityVariables)}|${visibilityKey(spec.identity)}`;
    let resolution = this.resolutions.get(cacheKey);
    if (!resolution) {
      resolution = this.apollo
        .executeOperation({ query: query.query, variables: { ...spec.entityVariables, [RECORD_ID_VARIABLE]: event.recordId } }, { contextValue: { identity: spec.identity } })
        .then((response) => (response.body.kind === 'single' ? (response.body.singleResult as ExecutionResult) : { errors: [new GraphQLError('unexpected incremental result')] }));
      this.resolutions.set(cacheKey, resolution);
    }
    return resolution;
  }

  close(): void {
    clearInterval(this.resolutionsSweep);
    for (const subscriber of this.catchingUp) void subscriber.return();
    for (const group of this.groups.values()) for (const member of group.members) void member.return();
  }
}

const RESOLUTION_TIMEOUT_MS = 20_000;

/** An entity that cannot be resolved in time is delivered as null with an error, rather than stalling the stream. */
function withTimeout(resolution: Promise<ExecutionResult>, timeoutMs: number, event: RegionEvent): Promise<ExecutionResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ExecutionResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ errors: [new GraphQLError(`resolving ${event.recordId} took longer than ${timeoutMs} ms`, { extensions: { code: 'RESOLUTION_TIMEOUT', region: regionNameOf(event.region) } })] }),
      timeoutMs,
    );
  });
  return Promise.race([resolution, timeout]).finally(() => clearTimeout(timer));
}

function withCursor(result: ExecutionResult, rootKey: string, cursorKeys: string[], cursor: string): ExecutionResult {
  if (cursorKeys.length === 0) return result;
  const payload = { ...((result.data as Record<string, Record<string, unknown>>)[rootKey] ?? {}) };
  for (const key of cursorKeys) payload[key] = cursor;
  return { ...result, data: { [rootKey]: payload } };
}

function specMatches(spec: SubscriptionSpec, event: RegionEvent): boolean {
  return eventMatches(spec.declaration, spec.filter, event) && eventVisibleTo(spec.declaration, spec.identity, event);
}

function groupKey(spec: SubscriptionSpec): string {
  return JSON.stringify([spec.declaration.field, spec.filter.key, spec.entityQuery?.query ?? null, spec.entityVariables, fieldSignature(spec), visibilityKey(spec.identity)]);
}

function fieldSignature(spec: SubscriptionSpec): string {
  return fieldsOf(spec.rootField.selectionSet, spec.fragments).map((field) => `${responseKey(field)}:${field.name.value}`).join(',') + `@${responseKey(spec.rootField)}`;
}

function prefixPath(error: GraphQLFormattedError, rootKey: string): GraphQLFormattedError {
  return error.path ? { ...error, path: [rootKey, ...error.path] } : error;
}
