import type { ApolloServer } from '@apollo/server';
import { GraphQLError, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import { LRUCache } from 'lru-cache';
import { filterMatches, type RegionEvent } from '../../contract';
import { regionNameOf } from '../../kernel';
import { responseKey } from '../router/operations';
import type { GatewayContext } from '../router/regionRouterDataSource';
import { RECORD_ID_VARIABLE } from './eventResolution';
import { visibilityKey } from './subscriptionFilters';
import { selectedFields, type SubscriptionSpec } from './subscriptionSpec';

const RESOLUTION_TIMEOUT_MS = 20_000;
/**
 * Resolutions are shared only while an event is being delivered (to every group and catching-up subscriber
 * that selects the same entity), so entries need to outlive the resolution timeout but no more.
 */
const RESOLUTION_TTL_MS = 30_000;
/** Well above the resolutions in flight at once; evicting one early only costs resolving it again. */
const MAX_CACHED_RESOLUTIONS = 10_000;
/**
 * Prepared payloads (one per event and distinct selection) are kept while an event is delivered live and while a
 * wave of resuming subscribers replays it; evicting one early only costs building it again.
 */
const MAX_PREPARED_PAYLOADS = 20_000;
const PREPARED_PAYLOAD_TTL_MS = 60_000;

/**
 * One event's payload for every subscription with the same selection (and resolution): built and serialized once,
 * each subscriber's own cursor spliced into the serialized text (graphql-ws's `next` payload, byte for byte what
 * JSON.stringify would give for the result with that cursor).
 */
export class PreparedPayload {
  /** The JSON text around the cursor values (cursor i goes between segments i and i + 1); null while not made. */
  private segments: string[] | null = null;
  private readonly rootKey: string;

  constructor(
    readonly result: ExecutionResult,
    spec: SubscriptionSpec,
    private readonly cursorKeys: readonly string[],
  ) {
    this.rootKey = responseKey(spec.rootField);
  }

  /** Whether the payload carries a cursor (else every subscriber gets the same text). */
  get needsCursor(): boolean {
    return this.cursorKeys.length > 0;
  }

  /** Whether the result has errors (they are formatted per caller, see `text`). */
  get hasErrors(): boolean {
    return Boolean(this.result.errors?.length);
  }

  /** The result with `cursor` in the client's cursor fields. */
  withCursor(cursor: string): ExecutionResult {
    if (this.cursorKeys.length === 0) return this.result;
    const payload = { ...((this.result.data as Record<string, Record<string, unknown>>)[this.rootKey] ?? {}) };
    for (const key of this.cursorKeys) payload[key] = cursor;
    return { ...this.result, data: { [this.rootKey]: payload } };
  }

  /** The serialized payload with `cursor` (a result without errors: errors are formatted per caller). */
  text(cursor: string): string {
    const segments = this.segments ?? (this.segments = this.serialize());
    if (segments.length === 1) return segments[0]!;
    // A cursor is base64url: nothing in it needs escaping in JSON.
    let text = segments[0]!;
    for (let i = 1; i < segments.length; i++) text += cursor + segments[i]!;
    return text;
  }

  private serialize(): string[] {
    const output = ((this.result.data as Record<string, Record<string, unknown> | null>)[this.rootKey] ?? null);
    if (output === null) return [JSON.stringify({ data: this.result.data })];
    const segments: string[] = [];
    let current = `{"data":{${JSON.stringify(this.rootKey)}:{`;
    let first = true;
    for (const key of Object.keys(output)) {
      const value = output[key];
      const isCursor = this.cursorKeys.includes(key);
      // As JSON.stringify: a property whose value is undefined (or a function) is left out.
      const serialized = isCursor ? '' : JSON.stringify(value);
      if (!isCursor && serialized === undefined) continue;
      current += `${first ? '' : ','}${JSON.stringify(key)}:`;
      first = false;
      if (isCursor) {
        segments.push(`${current}"`);
        current = '"';
      } else current += serialized;
    }
    segments.push(`${current}}}}`);
    return segments;
  }
}

/**
 * Builds the client's selection on an event, with the entity resolved through the supergraph. A resolution is
 * shared by every subscription asking for the same event, query, variables and visibility. A resolution that
 * fails (a region down or slow, an error) never fails the delivery: the event is sent with what could be
 * resolved (the entity null, or partial) and the errors, coded (REGION_UNAVAILABLE, RESOLUTION_TIMEOUT,
 * RESOLUTION_FAILED), and the subscription goes on.
 */
export class EventPayloads {
  private readonly resolutions = new LRUCache<string, Promise<ExecutionResult>>({ max: MAX_CACHED_RESOLUTIONS, ttl: RESOLUTION_TTL_MS });
  private readonly prepared = new LRUCache<string, PreparedPayload | Promise<PreparedPayload>>({ max: MAX_PREPARED_PAYLOADS, ttl: PREPARED_PAYLOAD_TTL_MS });

  constructor(private readonly apollo: ApolloServer<GatewayContext>) {}

  /**
   * The event's payload for subscriptions of `spec`'s shape (`shareKey`, see `payloadShareKey`), made once for all of
   * them: at once when it needs no resolution (or is made already), else when its entity is resolved. A payload
   * with errors is not kept (a later delivery resolves again).
   */
  prepare(spec: SubscriptionSpec, shareKey: string, cursorKeys: readonly string[], event: RegionEvent): PreparedPayload | Promise<PreparedPayload> {
    const key = `${event.eventId}\u0000${shareKey}`;
    const kept = this.prepared.get(key);
    if (kept) return kept;
    if (!spec.entityQuery) {
      const built = this.buildWithout(spec, event, { data: {} });
      const payload = new PreparedPayload(built, spec, cursorKeys);
      this.prepared.set(key, payload);
      return payload;
    }
    const pending = this.build(spec, event, '').then((result) => {
      const payload = new PreparedPayload(result, spec, cursorKeys);
      if (result.errors?.length) {
        if (this.prepared.get(key) === pending) this.prepared.delete(key);
      } else this.prepared.set(key, payload);
      return payload;
    });
    this.prepared.set(key, pending);
    return pending;
  }

  async build(spec: SubscriptionSpec, event: RegionEvent, cursor: string): Promise<ExecutionResult> {
    const resolution = spec.entityQuery ? await withTimeout(this.resolveEntity(spec, event), RESOLUTION_TIMEOUT_MS, event) : { data: {} };
    return this.buildWithout(spec, event, resolution, cursor);
  }

  /** The client's selection on the event, given its entity's resolution. */
  private buildWithout(spec: SubscriptionSpec, event: RegionEvent, resolution: ExecutionResult, cursor = ''): ExecutionResult {
    const entityData = (resolution.data ?? {}) as Record<string, unknown>;
    const { declaration } = spec;
    const output: Record<string, unknown> = {};
    for (const selection of selectedFields(spec)) {
      const key = responseKey(selection);
      const extra = declaration.extraFields?.find((candidate) => candidate.name === selection.name.value);
      if (extra) {
        output[key] = extra.value(event);
        continue;
      }
      if (declaration.reportsFilterMatch && selection.name.value === 'matchesFilter') {
        output[key] = filterMatches(spec.filter, event);
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
      const pending: Promise<ExecutionResult> = this.apollo
        .executeOperation({ query: query.query, variables: { ...spec.entityVariables, [RECORD_ID_VARIABLE]: event.recordId } }, { contextValue: { identity: spec.identity } })
        .then(
          (response) => (response.body.kind === 'single' ? (response.body.singleResult as ExecutionResult) : failedResolution(event)),
          () => failedResolution(event),
        )
        .then((result) => {
          // A failure is shared by the deliveries waiting on it, not kept: a later replay of the event tries again.
          if (result.errors?.length && this.resolutions.get(cacheKey) === pending) this.resolutions.delete(cacheKey);
          return result;
        });
      resolution = pending;
      this.resolutions.set(cacheKey, resolution);
    }
    return resolution;
  }
}

/**
 * What makes two subscriptions' payloads for the same event identical (apart from the cursor): the subscription
 * field, the selection, the entity resolution (query, variables, visibility) and, only where `matchesFilter` is
 * selected, the filter. Subscriptions with the same key share one prepared payload per event.
 */
export function payloadShareKey(spec: SubscriptionSpec): string {
  const fields = selectedFields(spec);
  const usesFilter = spec.declaration.reportsFilterMatch === true && fields.some((field) => field.name.value === 'matchesFilter');
  return JSON.stringify([
    spec.declaration.field,
    responseKey(spec.rootField),
    fields.map((field) => `${responseKey(field)}:${field.name.value}`),
    spec.entityQuery?.query ?? null,
    spec.entityQuery ? spec.entityVariables : null,
    spec.entityQuery ? visibilityKey(spec.identity) : null,
    usesFilter ? spec.filter.key : null,
  ]);
}

/** Response keys of `cursor` in the client's selection. */
export function cursorKeysOf(spec: SubscriptionSpec): string[] {
  return selectedFields(spec)
    .filter((field) => field.name.value === 'cursor')
    .map(responseKey);
}

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

/** The gateway could not run the resolution at all (Apollo threw): the event goes out with this error. */
function failedResolution(event: RegionEvent): ExecutionResult {
  return { errors: [new GraphQLError(`resolving ${event.recordId} failed on the gateway`, { extensions: { code: 'RESOLUTION_FAILED', region: regionNameOf(event.region) } })] };
}

function prefixPath(error: GraphQLFormattedError, rootKey: string): GraphQLFormattedError {
  return error.path ? { ...error, path: [rootKey, ...error.path] } : error;
}
