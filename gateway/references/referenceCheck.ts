import type { GraphQLFormattedError } from 'graphql';
import { ENTITY_KEYS, SUBGRAPHS } from '../../contract';
import { regionNameOf, type RegionCode } from '../../kernel';
import { SERVICE_IDENTITY } from '../../platform/identity';
import type { IdentityForwarder } from '../router/identityForwarding';
import { PUBLIC_LANE, RegionUnavailableError, type GraphQLResponseBody, type RegionClient } from '../router/regionClient';
import type { GatewayContext } from '../router/regionRouterDataSource';
import type { CollectedReference } from './referenceCollection';

export interface ReferenceCheckOptions {
  client: RegionClient;
  identityForwarder: IdentityForwarder;
  /** Base URL of each regional deployment; references are asked of its `regional` subgraph, which owns the records. */
  regionBaseUrls: Record<RegionCode, string>;
  timeoutMs: number;
}

/** What the owners said about a write's references. */
export interface ReferenceVerdict {
  /** Distinct keys asked about (0: the write names nothing that must exist). */
  checked: number;
  /** Each place the write names a record its owner does not have. */
  missing: CollectedReference[];
  /** Owners that would not say (the caller may not read such records): nothing about existence is learnt. */
  forbidden: Array<{ region: RegionCode; reason: string; references: CollectedReference[] }>;
  /** Owners that could not answer (down, slow, overloaded, or an error instead of an answer). */
  unavailable: Array<{ error: RegionUnavailableError; references: CollectedReference[] }>;
}

const CHECK_QUERY = 'query ReferenceCheck($representations: [_Any!]!) { _entities(representations: $representations) { __typename } }';
/** Keys per call: well under the representations a region accepts in one request (1,000). */
const KEYS_PER_CALL = 500;

interface Asked {
  entity: string;
  key: string;
  /** Every place the write names this key. */
  references: CollectedReference[];
}

type Answer = { kind: 'exists' } | { kind: 'missing' } | { kind: 'forbidden'; reason: string } | { kind: 'unavailable'; error: RegionUnavailableError };

/** The keys that must exist, deduplicated, by owner. Keys that decode to no owner are left to the region (it refuses them as input). */
function keysByOwner(references: readonly CollectedReference[]): Map<RegionCode, Asked[]> {
  const byKey = new Map<string, Asked & { owner: RegionCode }>();
  for (const reference of references) {
    if (!reference.mustExist || reference.owner === null) continue;
    const id = `${reference.entity}\u0000${reference.key}`;
    const asked = byKey.get(id) ?? { entity: reference.entity, key: reference.key, owner: reference.owner, references: [] };
    asked.references.push(reference);
    byKey.set(id, asked);
  }
  const byOwner = new Map<RegionCode, Asked[]>();
  for (const asked of byKey.values()) byOwner.set(asked.owner, [...(byOwner.get(asked.owner) ?? []), asked]);
  return byOwner;
}

/** Reads one region's `_entities` answer: per key, found, missing (null without an error), forbidden, or not answered. */
function answersOf(region: RegionCode, asked: readonly Asked[], body: GraphQLResponseBody): Answer[] {
  const entities = body.data?._entities;
  const errorsAt = new Map<number | 'all', GraphQLFormattedError>();
  for (const error of body.errors ?? []) {
    const position = error.path?.[0] === '_entities' && typeof error.path[1] === 'number' ? error.path[1] : 'all';
    if (!errorsAt.has(position)) errorsAt.set(position, error);
  }
  const failure = (error: GraphQLFormattedError | undefined): Answer =>
    error?.extensions?.code === 'FORBIDDEN'
      ? { kind: 'forbidden', reason: error.message }
      : { kind: 'unavailable', error: new RegionUnavailableError(region, `it did not answer the reference check: ${error?.message ?? 'no _entities in its answer'}`) };
  if (!Array.isArray(entities) || entities.length !== asked.length) return asked.map(() => failure(errorsAt.get('all') ?? errorsAt.values().next().value));
  return asked.map((_, position) => {
    if (entities[position] !== null && entities[position] !== undefined) return { kind: 'exists' };
    const error = errorsAt.get(position) ?? errorsAt.get('all');
    return error ? failure(error) : { kind: 'missing' };
  });
}

/**
 * Asks each owner, in one call per region (the caller's identity, the region client's bulkhead, timeout and the
 * request's abort signal), whether the records a write names exist. Nothing is cached: existence can change.
 */
export async function checkReferences(references: readonly CollectedReference[], context: Partial<GatewayContext>, options: ReferenceCheckOptions): Promise<ReferenceVerdict> {
  const byOwner = keysByOwner(references);
  const verdict: ReferenceVerdict = { checked: 0, missing: [], forbidden: [], unavailable: [] };
  if (byOwner.size === 0) return verdict;
  const identity = context.identity ?? SERVICE_IDENTITY;
  const ask = async (region: RegionCode, asked: Asked[]): Promise<Answer[]> => {
    const started = performance.now();
    let ok = false;
    try {
      const body = await options.client.send({
        region,
        url: `${options.regionBaseUrls[region]}${SUBGRAPHS.regional.path}`,
        query: CHECK_QUERY,
        operationName: 'ReferenceCheck',
        variables: { representations: asked.map(({ entity, key }) => ({ __typename: entity, [ENTITY_KEYS[entity]!.field]: key })) },
        identityHeader: options.identityForwarder.headerFor(identity, { region, endpoint: SUBGRAPHS.regional.name }),
        requestId: context.requestId,
        timeoutMs: options.timeoutMs,
        retryable: true,
        caller: identity.kind === 'public' ? PUBLIC_LANE : (context.callerKey ?? `${identity.kind}:${identity.agency}`),
        signal: context.signal,
      });
      ok = true;
      return answersOf(region, asked, body);
    } catch (error) {
      if (!(error instanceof RegionUnavailableError)) throw error;
      return asked.map(() => ({ kind: 'unavailable', error }));
    } finally {
      context.regionCalls?.push({ region, ms: Math.round((performance.now() - started) * 10) / 10, ok });
    }
  };

  const calls: Array<Promise<void>> = [];
  for (const [region, asked] of byOwner) {
    verdict.checked += asked.length;
    for (let start = 0; start < asked.length; start += KEYS_PER_CALL) {
      const chunk = asked.slice(start, start + KEYS_PER_CALL);
      calls.push(
        ask(region, chunk).then((answers) => {
          answers.forEach((answer, index) => {
            const { references: places } = chunk[index]!;
            if (answer.kind === 'missing') verdict.missing.push(...places);
            else if (answer.kind === 'forbidden') addTo(verdict.forbidden, (entry) => entry.region === region, () => ({ region, reason: answer.reason, references: [] })).references.push(...places);
            else if (answer.kind === 'unavailable') addTo(verdict.unavailable, (entry) => entry.error.region === region, () => ({ error: answer.error, references: [] })).references.push(...places);
          });
        }),
      );
    }
  }
  await Promise.all(calls);
  const order = new Map(references.map((reference, index) => [reference, index]));
  const inDocumentOrder = (a: CollectedReference, b: CollectedReference) => order.get(a)! - order.get(b)!;
  verdict.missing.sort(inDocumentOrder);
  for (const entry of [...verdict.forbidden, ...verdict.unavailable]) entry.references.sort(inDocumentOrder);
  return verdict;
}

function addTo<T>(list: T[], matches: (entry: T) => boolean, create: () => T): T {
  let entry = list.find(matches);
  if (!entry) list.push((entry = create()));
  return entry;
}

function named(reference: CollectedReference): string {
  return `${reference.entity} ${reference.key} (${reference.rootField} ${reference.path})`;
}

function listed(reference: CollectedReference): { entity: string; key: string; path: string; rootField: string } {
  return { entity: reference.entity, key: reference.key, path: reference.path, rootField: reference.rootField };
}

export type ReferenceOutcome = 'ok' | 'missing' | 'forbidden' | 'unavailable';

export interface ReferenceRefusal {
  outcome: Exclude<ReferenceOutcome, 'ok'>;
  /** 400 when a reference is missing (retrying cannot help), else 403 when an owner would not say, else 503. */
  status: number;
  errors: GraphQLFormattedError[];
}

/** The refusal of a write whose references did not all check out, or null when they did. Every problem is reported. */
export function refusalOf(verdict: ReferenceVerdict): ReferenceRefusal | null {
  const errors: GraphQLFormattedError[] = [];
  if (verdict.missing.length > 0) {
    errors.push({
      message: `The write names records that do not exist, so nothing was written: ${verdict.missing.map(named).join('; ')}`,
      extensions: { code: 'BAD_USER_INPUT', field: verdict.missing[0]!.path, missing: verdict.missing.map((reference) => ({ ...listed(reference), region: reference.owner ? regionNameOf(reference.owner) : null })) },
    });
  }
  for (const { region, reason, references } of verdict.forbidden) {
    errors.push({
      message: `${regionNameOf(region)} does not let this caller read what the write names, so its references cannot be checked and nothing was written (${reason}): ${references.map(named).join('; ')}`,
      extensions: { code: 'FORBIDDEN', region: regionNameOf(region), regionCode: region, unchecked: references.map(listed) },
    });
  }
  for (const { error, references } of verdict.unavailable) {
    const located = error.toGraphQLError();
    errors.push({
      message: `${error.message}; the write's references to its records cannot be checked, so nothing was written: ${references.map(named).join('; ')}`,
      extensions: { ...located.extensions, unchecked: references.map(listed) },
    });
  }
  if (errors.length === 0) return null;
  if (verdict.missing.length > 0) return { outcome: 'missing', status: 400, errors };
  if (verdict.forbidden.length > 0) return { outcome: 'forbidden', status: 403, errors };
  return { outcome: 'unavailable', status: 503, errors };
}
