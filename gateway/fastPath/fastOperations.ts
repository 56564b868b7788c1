import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner } from '@apollo/query-planner';
import { Kind, parse, validate, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { isSubgraphName, type SubgraphName } from '../../contract';
import { selectsIntrospection } from '../publicSchemaDetails';
import { ALL_VALIDATION_RULES } from '../validationRules';
import { compilePlan, type PlanStep } from './planExecution';
import { scalarVariablesCheck } from './scalarVariables';
import { compileResultShape, type ResultShape } from './resultShaping';

/**
 * A client operation the fast path may answer, parsed, validated and planned once per document text and operation
 * name: a query the query planner answers with one fetch from one subgraph from the root (`single`: the client's
 * document is sent to that subgraph's router as is), or with a plan of root and entity fetches the fast path
 * executes itself (`plan`: gateway/fastPath/planExecution) and shapes as Apollo does (resultShaping).
 */
export type FastOperation = SingleFetchOperation | PlannedOperation;

interface ClientOperation {
  /** The client's document (one operation). */
  document: DocumentNode;
  query: string;
  operation: OperationDefinitionNode;
  /** The operation's name, as Apollo resolves it (for metrics and the log line). */
  operationName: string | null;
  /** A quick check of the variables when they are all built-in scalars (scalarVariables.ts), else null. */
  variablesCheck: ((variables: Record<string, unknown>) => boolean) | null;
}

export interface SingleFetchOperation extends ClientOperation {
  kind: 'single';
  /** The subgraph answering the whole document, as the client wrote it. */
  subgraph: SubgraphName;
}

export interface PlannedOperation extends ClientOperation {
  kind: 'plan';
  plan: PlanStep;
  shape: ResultShape;
}

const MAX_REMEMBERED_OPERATIONS = 2000;
/** Longer documents are planned every time (they are refused by the limits long before that matters). */
const MAX_REMEMBERED_TEXT = 64 * 1024;

/** Why a document is not fast-pathed (counted once per document, for tests and the curious). */
export type Ineligible = 'syntax' | 'invalid' | 'not-one-query' | 'introspection' | 'plan' | 'unsupported-plan' | 'shape';

/**
 * What the fast path knows of each document text and operation name: the operation to run, or why it is left to
 * Apollo's executor. Compiled against the client schema with every validation rule Apollo applies, and planned by
 * a query planner over the same supergraph as Apollo Gateway's.
 */
export class FastOperations {
  private readonly known = new LRUCache<string, FastOperation | { ineligible: Ineligible }>({ max: MAX_REMEMBERED_OPERATIONS });
  private readonly supergraph: Supergraph;
  private readonly planner: QueryPlanner;

  constructor(
    private readonly clientSchema: GraphQLSchema,
    supergraphSdl: string,
  ) {
    this.supergraph = Supergraph.build(supergraphSdl);
    // Configured as Apollo Gateway's planner (gateway/server.ts), so that both plan the same fetches.
    this.planner = new QueryPlanner(this.supergraph, { exposeDocumentNodeInFetchNode: true });
  }

  /** The fast operation for this text and name, or why there is none. */
  lookUp(query: string, operationName: string | null | undefined): FastOperation | { ineligible: Ineligible } {
    const key = `${operationName ?? ''}\u0000${query}`;
    const known = this.known.get(key);
    if (known) return known;
    const compiled = this.compile(query, operationName ?? null);
    if (query.length <= MAX_REMEMBERED_TEXT) this.known.set(key, compiled);
    return compiled;
  }

  private compile(query: string, operationName: string | null): FastOperation | { ineligible: Ineligible } {
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch {
      return { ineligible: 'syntax' };
    }
    if (validate(this.clientSchema, document, ALL_VALIDATION_RULES).length > 0) return { ineligible: 'invalid' };
    const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
    const operation = operations[0];
    // One query per document, named as asked (or unnamed when no name is asked): anything else is Apollo's to resolve.
    if (operations.length !== 1 || !operation || operation.operation !== 'query') return { ineligible: 'not-one-query' };
    if (operationName !== null && operation.name?.value !== operationName) return { ineligible: 'not-one-query' };
    if (operation.selectionSet.selections.some((selection) => selection.kind === Kind.FIELD && selection.name.value.startsWith('__'))) return { ineligible: 'introspection' };
    if (selectsIntrospection(document)) return { ineligible: 'introspection' };
    let node;
    try {
      node = this.planner.buildQueryPlan(operationFromDocument(this.supergraph.apiSchema(), document, { operationName: operationName ?? undefined })).node;
    } catch {
      return { ineligible: 'plan' };
    }
    const client = { document, query, operation, operationName: operation.name?.value ?? null, variablesCheck: scalarVariablesCheck(operation.variableDefinitions) };
    if (node?.kind === 'Fetch' && !node.requires && isSubgraphName(node.serviceName)) return { kind: 'single', subgraph: node.serviceName, ...client };
    const plan = node && node.kind !== 'Subscription' ? compilePlan(node) : null;
    if (!plan) return { ineligible: 'unsupported-plan' };
    const fragments = new Map(document.definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION).map((definition) => [definition.name.value, definition]));
    const shape = compileResultShape(this.clientSchema, operation, fragments);
    if (!shape) return { ineligible: 'shape' };
    return { kind: 'plan', plan, shape, ...client };
  }
}
