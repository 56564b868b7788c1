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
 * Builds the client's selection on an event, with the entity resolved through the supergraph. A resolution is
 * shared by every subscription asking for the same event, query, variables and visibility. A resolution that
 * fails (a region down or slow, an error) never fails the delivery: the event is sent with what could be
 * resolved (the entity null, or partial) and the errors, coded (REGION_UNAVAILABLE, RESOLUTION_TIMEOUT,
 * RESOLUTION_FAILED), and the subscription goes on.
 */
export class EventPayloads {
  private readonly resolutions = new LRUCache<string, Promise<ExecutionResult>>({ max: MAX_CACHED_RESOLUTIONS, ttl: RESOLUTION_TTL_MS });

  constructor(private readonly apollo: ApolloServer<GatewayContext>) {}

  async build(spec: SubscriptionSpec, event: RegionEvent, cursor: string): Promise<ExecutionResult> {
    const resolution = spec.entityQuery ? await withTimeout(this.resolveEntity(spec, event), RESOLUTION_TIMEOUT_MS, event) : { data: {} };
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

/** Response keys of `cursor` in the client's selection. */
export function cursorKeysOf(spec: SubscriptionSpec): string[] {
  return selectedFields(spec)
    .filter((field) => field.name.value === 'cursor')
    .map(responseKey);
}

/** A payload shared by several subscribers, with each one's own cursor filled in. */
export function withCursor(result: ExecutionResult, spec: SubscriptionSpec, cursorKeys: string[], cursor: string): ExecutionResult {
  if (cursorKeys.length === 0) return result;
  const rootKey = responseKey(spec.rootField);
  const payload = { ...((result.data as Record<string, Record<string, unknown>>)[rootKey] ?? {}) };
  for (const key of cursorKeys) payload[key] = cursor;
  return { ...result, data: { [rootKey]: payload } };
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
