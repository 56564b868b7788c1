import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  valueFromASTUntyped,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { ENTITY_KEYS } from '../../../contract';

/** Representations one request may ask for (the gateway sends a page's worth at most). */
export const MAX_REPRESENTATIONS = 1000;
/** Items of one list field in a representation (e.g. a recall's risk-alert IDs). */
const MAX_LIST_ITEMS = 1000;

const SCALAR_CHECKS: Readonly<Record<string, (value: unknown) => boolean>> = {
  ID: (value) => typeof value === 'string' && value.length <= 64,
  String: (value) => typeof value === 'string' && value.length <= 256,
  Int: (value) => Number.isInteger(value),
  Float: (value) => typeof value === 'number' && Number.isFinite(value),
  Boolean: (value) => typeof value === 'boolean',
};

function fieldValueProblem(type: GraphQLOutputType, value: unknown): string | null {
  // A nullable field's null (a case's originCaseId when it came from no clue) is what the regional subgraph answered.
  if (value === null && !isNonNullType(type)) return null;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (!Array.isArray(value)) return 'must be a list';
    if (value.length > MAX_LIST_ITEMS) return `has more than ${MAX_LIST_ITEMS} items`;
    for (const item of value) {
      const problem = fieldValueProblem(nullable.ofType as GraphQLOutputType, item);
      if (problem) return `has an item that ${problem}`;
    }
    return null;
  }
  const named = getNamedType(type);
  const check = isScalarType(named) ? SCALAR_CHECKS[named.name] : undefined;
  if (!check) return `is not a scalar a representation may carry`;
  return check(value) ? null : `must be a ${named.name} value`;
}

/**
 * Why an `_entities` representation is not one the gateway would send, or null: a known entity of this subgraph,
 * its key a string (one in no valid key format resolves to null without a query), and otherwise only the type's own fields, each a scalar or a list
 * of scalars of its declared type. An object anywhere (a MongoDB operator such as {"$ne": null}) is refused here,
 * before any resolver or database command runs.
 */
export function representationProblem(schema: GraphQLSchema, representation: unknown, index: number): string | null {
  const where = `representations[${index}]`;
  if (!representation || typeof representation !== 'object' || Array.isArray(representation)) return `${where} must be an object`;
  const { __typename: typename, ...fields } = representation as Record<string, unknown>;
  const key = typeof typename === 'string' && Object.hasOwn(ENTITY_KEYS, typename) ? ENTITY_KEYS[typename] : undefined;
  const type = typeof typename === 'string' ? schema.getType(typename) : undefined;
  if (!key || !isObjectType(type)) return `${where}.__typename must name an entity of this subgraph (got ${JSON.stringify(typename ?? null)})`;
  // A string that is no valid key (a stored reference gone bad) resolves to null without a query; anything else is refused.
  if (typeof fields[key.field] !== 'string') return `${where}.${key.field} must be a ${typename} key string (got ${JSON.stringify(fields[key.field] ?? null).slice(0, 80)})`;
  const typeFields = type.getFields();
  for (const [name, value] of Object.entries(fields)) {
    const field = Object.hasOwn(typeFields, name) ? typeFields[name] : undefined;
    if (!field) return `${where}.${name} is not a field of ${typename}`;
    const problem = fieldValueProblem(field.type, value);
    if (problem) return `${where}.${name} ${problem}`;
  }
  return null;
}

function entitiesArgument(operation: OperationDefinitionNode, variables: Record<string, unknown>): unknown {
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || selection.name.value !== '_entities') continue;
    const argument = selection.arguments?.find((candidate) => candidate.name.value === 'representations');
    return argument ? valueFromASTUntyped(argument.value, variables) : undefined;
  }
  return undefined;
}

/** Refuses an `_entities` request whose representations are not well-formed keys, with HTTP 400 and BAD_USER_INPUT. */
export function representationCheckPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request, schema }) {
          if (!operation) return;
          const representations = entitiesArgument(operation, (request.variables ?? {}) as Record<string, unknown>);
          if (representations === undefined) return;
          const refuse = (message: string) => {
            throw new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argument: 'representations', http: { status: 400 } } });
          };
          if (!Array.isArray(representations)) return refuse('representations must be a list');
          if (representations.length > MAX_REPRESENTATIONS) return refuse(`at most ${MAX_REPRESENTATIONS} representations per request (got ${representations.length})`);
          for (const [index, representation] of representations.entries()) {
            const problem = representationProblem(schema, representation, index);
            if (problem) refuse(problem);
          }
        },
      };
    },
  };
}
