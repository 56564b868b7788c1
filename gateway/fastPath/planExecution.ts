import type { PlanNode, QueryPlanSelectionNode } from '@apollo/query-planner';
import { isAbstractType, isInterfaceType, isObjectType, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { isSubgraphName, type SubgraphName } from '../../contract';
import type { GatewayContext, RegionRouterDataSource } from '../router/regionRouterDataSource';
import type { JsonObject } from '../router/routedRequest';
import { combinedEntityFetch } from './entityBatching';

/**
 * A query plan the fast path executes itself: Sequence, Parallel, Flatten and Fetch nodes only, each fetch a query
 * with no data rewrites. Root fetches (no `requires`) merge into the root; entity fetches sit under a Flatten whose
 * path names the objects they complete.
 */
export type PlanStep =
  | { kind: 'fetch'; fetch: PlanFetch }
  | { kind: 'entities'; path: readonly string[]; fetch: PlanFetch }
  /** Entity fetches of one Parallel node to one subgraph, sent as one (entityBatching): each part its own objects. */
  | { kind: 'batch'; fetch: PlanFetch; parts: ReadonlyArray<{ path: readonly string[]; requires: readonly QueryPlanSelectionNode[] }> }
  | { kind: 'sequence' | 'parallel'; steps: readonly PlanStep[] };

export interface PlanFetch {
  subgraph: SubgraphName;
  document: DocumentNode;
  query: string;
  operationName: string | null;
  variableUsages: readonly string[];
  requires: readonly QueryPlanSelectionNode[] | null;
}

/** The plan as the fast path runs it, or null when any node is one it leaves to Apollo's executor. */
export function compilePlan(node: PlanNode): PlanStep | null {
  switch (node.kind) {
    case 'Sequence':
    case 'Parallel': {
      const steps: PlanStep[] = [];
      for (const child of node.nodes) {
        const step = compilePlan(child);
        if (!step) return null;
        steps.push(step);
      }
      return node.kind === 'Sequence' ? { kind: 'sequence', steps } : { kind: 'parallel', steps: batched(steps) };
    }
    case 'Fetch': {
      const fetch = compileFetch(node);
      return fetch && !fetch.requires ? { kind: 'fetch', fetch } : null;
    }
    case 'Flatten': {
      if (node.node.kind !== 'Fetch' || !node.path.every((element): element is string => typeof element === 'string')) return null;
      const fetch = compileFetch(node.node);
      return fetch?.requires ? { kind: 'entities', path: node.path, fetch } : null;
    }
    default:
      // Condition (@include/@skip deciding a fetch), Defer, Subscription: Apollo's.
      return null;
  }
}

/** A Parallel node's steps with its entity fetches to one subgraph combined where they can be (entityBatching). */
function batched(steps: PlanStep[]): PlanStep[] {
  const bySubgraph = new Map<SubgraphName, Array<Extract<PlanStep, { kind: 'entities' }>>>();
  for (const step of steps) if (step.kind === 'entities') bySubgraph.set(step.fetch.subgraph, [...(bySubgraph.get(step.fetch.subgraph) ?? []), step]);
  const result = [...steps];
  for (const group of bySubgraph.values()) {
    if (group.length < 2) continue;
    const fetch = combinedEntityFetch(group.map((step) => step.fetch));
    if (!fetch) continue;
    result[result.indexOf(group[0]!)] = { kind: 'batch', fetch, parts: group.map((step) => ({ path: step.path, requires: step.fetch.requires! })) };
    for (const step of group.slice(1)) result.splice(result.indexOf(step), 1);
  }
  return result;
}

function compileFetch(node: Extract<PlanNode, { kind: 'Fetch' }>): PlanFetch | null {
  if (!isSubgraphName(node.serviceName) || node.operationKind !== 'query' || node.hasDefers) return null;
  if (node.inputRewrites?.length || node.outputRewrites?.length || node.contextRewrites?.length) return null;
  return {
    subgraph: node.serviceName,
    document: node.operationDocumentNode ?? parse(node.operation),
    query: node.operation,
    operationName: node.operationName ?? null,
    variableUsages: node.variableUsages ?? [],
    requires: node.requires && node.requires.length > 0 ? node.requires : null,
  };
}

/** Why a plan's execution stopped: Apollo answers the request (errors, a shape Apollo would fail on). */
export class PlanFailed extends Error {}

export interface PlanExecution {
  routers: ReadonlyMap<SubgraphName, RegionRouterDataSource>;
  schema: GraphQLSchema;
  variables: JsonObject;
  context: GatewayContext;
}

/**
 * Runs the plan as Apollo Gateway's `executeQueryPlan` does (same subgraph operations, same variables, the same
 * representations in the same order, results deep-merged the same way) and resolves with the unshaped data; any
 * error from any fetch, or an answer not of the expected shape, is `PlanFailed`.
 */
export async function executePlan(step: PlanStep, execution: PlanExecution): Promise<JsonObject> {
  const data = Object.create(null) as JsonObject;
  await run(step, data, execution);
  return data;
}

async function run(step: PlanStep, data: JsonObject, execution: PlanExecution): Promise<void> {
  switch (step.kind) {
    case 'sequence':
      for (const child of step.steps) await run(child, data, execution);
      return;
    case 'parallel': {
      // Every branch is waited for (none left running when Apollo takes over); the first failure is reported.
      const outcomes = await Promise.allSettled(step.steps.map((child) => run(child, data, execution)));
      const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      if (failed) throw failed.reason;
      return;
    }
    case 'fetch': {
      const received = await send(step.fetch, variablesOf(step.fetch, execution.variables), execution);
      deepMerge(data, received);
      return;
    }
    case 'entities':
      await fetchEntities(step.fetch, [{ entities: flattenAtPath(data, step.path, 0), requires: step.fetch.requires! }], execution);
      return;
    case 'batch':
      // The paths are read before anything is sent, as Apollo's parallel branches read theirs.
      await fetchEntities(step.fetch, step.parts.map((part) => ({ entities: flattenAtPath(data, part.path, 0), requires: part.requires })), execution);
  }
}

function variablesOf(fetch: PlanFetch, requestVariables: JsonObject): JsonObject {
  const variables: JsonObject = {};
  for (const name of fetch.variableUsages) {
    if (Object.prototype.hasOwnProperty.call(requestVariables, name) && requestVariables[name] !== undefined) variables[name] = requestVariables[name];
  }
  return variables;
}

async function send(fetch: PlanFetch, variables: JsonObject, execution: PlanExecution): Promise<JsonObject> {
  const router = execution.routers.get(fetch.subgraph);
  if (!router) throw new PlanFailed(`no router for ${fetch.subgraph}`);
  let result;
  try {
    result = await router.answer(fetch.document, fetch.query, fetch.operationName, variables, execution.context);
  } catch (error) {
    throw new PlanFailed(`the router failed: ${(error as Error).message}`);
  }
  if (result.errors?.length) throw new PlanFailed('a fetch answered with errors');
  if (!result.data || typeof result.data !== 'object') throw new PlanFailed('a fetch answered without data');
  return result.data as JsonObject;
}

/** The objects an entity fetch completes: the values at `path` (`@` for each element of a list), nulls left out. */
function flattenAtPath(value: unknown, path: readonly string[], from: number): unknown[] {
  if (value === undefined || value === null) return [];
  if (from === path.length) return Array.isArray(value) ? value.filter((element) => element !== undefined && element !== null) : [value];
  const element = path[from]!;
  if (element === '@') {
    if (!Array.isArray(value)) throw new PlanFailed(`no list at ${path.slice(0, from).join('.')}`);
    const found: unknown[] = [];
    for (const item of value) {
      // Apollo flattens one level per `@` (flatMap): a list at the end of the path is its elements.
      for (const entity of flattenAtPath(item, path, from + 1)) found.push(entity);
    }
    return found;
  }
  if (Array.isArray(value) || typeof value !== 'object') throw new PlanFailed(`no object at ${path.slice(0, from).join('.')}`);
  return flattenAtPath(Object.prototype.hasOwnProperty.call(value, element) ? (value as JsonObject)[element] : undefined, path, from + 1);
}

/**
 * One `_entities` fetch for the objects of one or more parts (each with its own `requires`): representations in the
 * order Apollo sends them, the answers deep-merged into the objects they complete.
 */
async function fetchEntities(fetch: PlanFetch, parts: ReadonlyArray<{ entities: unknown[]; requires: readonly QueryPlanSelectionNode[] }>, execution: PlanExecution): Promise<void> {
  const representations: JsonObject[] = [];
  const owners: JsonObject[] = [];
  for (const { entities, requires } of parts) {
    for (const entity of entities) {
      if (typeof entity !== 'object' || Array.isArray(entity)) throw new PlanFailed('an entity that is not an object');
      const representation = selectRequired(execution.schema, entity as JsonObject, requires);
      if (representation && representation.__typename) {
        representations.push(representation);
        owners.push(entity as JsonObject);
      }
    }
  }
  if (representations.length === 0) return;
  const variables = variablesOf(fetch, execution.variables);
  if ('representations' in variables) throw new PlanFailed('a variable named representations');
  variables.representations = representations;
  const received = (await send(fetch, variables, execution))._entities;
  if (!Array.isArray(received) || received.length !== representations.length) throw new PlanFailed('_entities of another length than asked');
  for (let index = 0; index < owners.length; index++) {
    const entity = received[index] as JsonObject | null | undefined;
    if (entity === undefined || entity === null) continue;
    if (typeof entity !== 'object' || Array.isArray(entity)) throw new PlanFailed('an entity answered as a non-object');
    if (!entity.__typename) entity.__typename = owners[index]!.__typename;
    deepMerge(owners[index]!, entity);
  }
}

/** Apollo's `executeSelectionSet`: the representation `requires` selects from an entity (null when a field is missing). */
function selectRequired(schema: GraphQLSchema, source: JsonObject | null, selections: readonly QueryPlanSelectionNode[]): JsonObject | null {
  if (source === null) return null;
  const result = Object.create(null) as JsonObject;
  for (const selection of selections) {
    if (selection.kind === 'Field') {
      const key = selection.alias ?? selection.name;
      if (!Object.prototype.hasOwnProperty.call(source, key) || source[key] === undefined) return null;
      const value = source[key];
      const inner = selection.selections;
      if (Array.isArray(value)) result[key] = value.map((element) => (inner ? selectRequired(schema, element as JsonObject | null, inner) : element));
      else if (inner) result[key] = selectRequired(schema, value as JsonObject | null, inner);
      else result[key] = value;
    } else if (selection.typeCondition && isObjectOfType(schema, source, selection.typeCondition)) {
      deepMerge(result, selectRequired(schema, source, selection.selections));
    }
  }
  return result;
}

/** @apollo/gateway dataRewrites `isObjectOfType` (no abstract types are entities here, but it is kept exact). */
function isObjectOfType(schema: GraphQLSchema, object: JsonObject, typeCondition: string): boolean {
  const typename = object.__typename;
  if (!typename) return false;
  if (typename === typeCondition) return true;
  const type = schema.getType(String(typename));
  const condition = schema.getType(typeCondition);
  if (!type || !condition || !isAbstractType(condition)) return false;
  return (isObjectType(type) || isInterfaceType(type)) && schema.isSubType(condition, type);
}

function isPlainObject(value: unknown): value is JsonObject {
  return value !== undefined && value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** @apollo/gateway's `deepMerge`: objects merged key by key, lists of equal length element by element. */
export function deepMerge(target: JsonObject, source: JsonObject | null | undefined): JsonObject {
  if (source === undefined || source === null) return target;
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (value === undefined) continue;
    if (!Object.prototype.hasOwnProperty.call(target, key) && key in target) {
      Object.defineProperty(target, key, { configurable: true, enumerable: true, value: undefined, writable: true });
    }
    const existing = target[key];
    if (existing && isPlainObject(value)) {
      deepMerge(existing as JsonObject, value);
    } else if (Array.isArray(value) && Array.isArray(existing) && value.length === existing.length) {
      for (let index = 0; index < value.length; index++) {
        if (isPlainObject(existing[index]) && isPlainObject(value[index])) deepMerge(existing[index] as JsonObject, value[index] as JsonObject);
        else existing[index] = value[index];
      }
    } else {
      target[key] = value;
    }
  }
  return target;
}
