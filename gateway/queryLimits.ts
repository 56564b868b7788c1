import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isListType,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';

const ASSUMED_LIST_SIZE = 10;

/** Depth of an operation's deepest field (fragments followed, introspection included). */
export function operationDepth(operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>): number {
  const depthOf = (selectionSet: SelectionSetNode | undefined, visited: Set<string>): number => {
    if (!selectionSet) return 0;
    let deepest = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) deepest = Math.max(deepest, selection.selectionSet ? 1 + depthOf(selection.selectionSet, visited) : 1);
      else if (selection.kind === Kind.INLINE_FRAGMENT) deepest = Math.max(deepest, depthOf(selection.selectionSet, visited));
      else if (!visited.has(selection.name.value)) {
        const fragment = fragments[selection.name.value];
        if (fragment) deepest = Math.max(deepest, depthOf(fragment.selectionSet, new Set([...visited, selection.name.value])));
      }
    }
    return deepest;
  };
  return depthOf(operation.selectionSet, new Set());
}

/** A page of `first` nodes costs `first` times its nodes; other lists are assumed to hold ten items. */
const pageAwareEstimator: ComplexityEstimator = ({ args, childComplexity, field }) => {
  if (typeof args.first === 'number') return 1 + childComplexity * Math.max(args.first, 1);
  const type = getNullableType(field.type);
  if (isListType(type) && getNamedType(type).name !== 'String') return 1 + childComplexity * ASSUMED_LIST_SIZE;
  return 1 + childComplexity;
};

/** Costs remembered per query text, one per distinct variables. */
const COSTS_PER_DOCUMENT = 5_000;

/** Schema introspection (GraphiQL, codegen) is deep by nature and touches no region: not limited. */
function isIntrospectionOnly(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.every(
    (selection) => selection.kind === Kind.FIELD && (selection.name.value === '__schema' || selection.name.value === '__type' || selection.name.value === '__typename'),
  );
}

/** Protects the regions from ad-hoc queries: refuses operations over the depth or cost limit, saying by how much. */
export function queryLimitsPlugin(limits: { maxDepth: number; maxCost: number }, observe: (measured: { depth: number; cost?: number }) => void = () => undefined): ApolloServerPlugin {
  // Apollo Server reuses one DocumentNode per query text, so depth and cost are computed once per document (and variables).
  const depths = new WeakMap<OperationDefinitionNode, number>();
  const costs = new WeakMap<DocumentNode, LRUCache<string, number>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, schema, request }) {
          if (!operation || isIntrospectionOnly(operation)) return;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
          let depth = depths.get(operation);
          if (depth === undefined) {
            depth = operationDepth(operation, fragments);
            depths.set(operation, depth);
          }
          if (depth > limits.maxDepth) {
            observe({ depth });
            throw new GraphQLError(`Query depth ${depth} exceeds the limit of ${limits.maxDepth} by ${depth - limits.maxDepth}`, {
              extensions: { code: 'QUERY_TOO_DEEP', limit: limits.maxDepth, depth, http: { status: 400 } },
            });
          }
          const costKey = `${request.operationName ?? ''}|${JSON.stringify(request.variables ?? {})}`;
          let byVariables = costs.get(document);
          if (!byVariables) {
            byVariables = new LRUCache({ max: COSTS_PER_DOCUMENT });
            costs.set(document, byVariables);
          }
          let cost = byVariables.get(costKey);
          if (cost === undefined) {
            cost = getComplexity({
              schema,
              query: document,
              operationName: request.operationName ?? undefined,
              variables: request.variables ?? {},
              estimators: [pageAwareEstimator],
            });
            byVariables.set(costKey, cost);
          }
          observe({ depth, cost });
          if (cost > limits.maxCost) {
            throw new GraphQLError(`Query cost ${cost} exceeds the limit of ${limits.maxCost} by ${cost - limits.maxCost}; ask for smaller pages or fewer nested lists`, {
              extensions: { code: 'QUERY_TOO_COSTLY', limit: limits.maxCost, cost, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
