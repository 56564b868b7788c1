import {
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { OWN_KEY_FIELDS, REFERENCE_FIELDS, ROUTING_KEY_ARGUMENTS, type RoutingKeyArgument } from './keys';
import { STATISTICS_GROUP_TYPE } from './statistics';

/**
 * How a root field is answered:
 * - `connection`: asked of every region its `filter.regions` allows, pages merge-sorted by the keyset cursor;
 * - `statistics`: asked of the same regions, groups merged by key;
 * - `owner`: one region, the owner of the first routing key argument present (else the caller's region);
 * - `caller`: one region, the caller's (creating records).
 */
export type RouteRule = { kind: 'connection' } | { kind: 'statistics' } | { kind: 'owner'; keys: readonly RoutingKeyArgument[] } | { kind: 'caller' };

/** Root fields no rule covers, by `Type.field`. */
export const EXPLICIT_ROUTES: Readonly<Record<string, RouteRule>> = {
  'Mutation.registerComplaint': { kind: 'caller' },
  'Mutation.draftContractTemplate': { kind: 'caller' },
  'Mutation.registerEnterprise': { kind: 'caller' },
  'Mutation.createRiskAlert': { kind: 'caller' },
  'Mutation.createRecall': { kind: 'caller' },
  // Quality infrastructure (issue 21): the caller's region organises the round.
  'Mutation.openInspectionComparison': { kind: 'caller' },
  'Mutation.registerGeographicalIndication': { kind: 'caller' },
  'Mutation.recordInspection': { kind: 'caller' },
  'Mutation.fileEnforcementCase': { kind: 'caller' },
  // The requesting region keeps the request (the case it serves is the caller's own); the target acts on it there.
  'Mutation.requestAssistance': { kind: 'caller' },
  'Mutation.applyForLicence': { kind: 'caller' },
  // The calendar the caller's own region counts its deadlines with (each region reads its own CALENDAR_DIR).
  'Query.calendarYears': { kind: 'caller' },
};

/** The argument path the router reads the regions of a list or statistics field from. */
export const REGION_FILTER_PATH = ['filter', 'regions'] as const;

export interface RootFieldRoutes {
  query: ReadonlyMap<string, RouteRule>;
  mutation: ReadonlyMap<string, RouteRule>;
}

export class ContractError extends Error {
  constructor(readonly problems: string[]) {
    super(`The gateway–region contract does not match the schema:\n  - ${problems.join('\n  - ')}`);
  }
}

function isConnectionType(type: unknown): boolean {
  const object = getNullableType(type as never);
  return isObjectType(object) && object.name.endsWith('Connection') && 'edges' in object.getFields() && 'pageInfo' in object.getFields();
}

function isStatisticsList(type: unknown): boolean {
  const list = getNullableType(type as never);
  return isListType(list) && getNamedType(list).name === STATISTICS_GROUP_TYPE;
}

/** The argument's type at `path` (one level into an input object at most per step), or undefined. */
function typeAtPath(field: GraphQLField<unknown, unknown>, path: readonly string[]): GraphQLInputType | undefined {
  let type: GraphQLInputType | undefined = field.args.find((argument) => argument.name === path[0])?.type;
  for (const name of path.slice(1)) {
    const named = type ? getNamedType(type) : undefined;
    type = isInputObjectType(named) ? named.getFields()[name]?.type : undefined;
  }
  return type;
}

function ruleFor(field: GraphQLField<unknown, unknown>, coordinate: string, explicit: Readonly<Record<string, RouteRule>>): RouteRule | null {
  if (explicit[coordinate]) return explicit[coordinate];
  if (isConnectionType(field.type)) return { kind: 'connection' };
  if (isStatisticsList(field.type)) return { kind: 'statistics' };
  const keys = ROUTING_KEY_ARGUMENTS.filter((key) => typeAtPath(field, key.path) !== undefined);
  return keys.length > 0 ? { kind: 'owner', keys } : null;
}

function rootFields(type: GraphQLObjectType | null | undefined): Array<GraphQLField<unknown, unknown>> {
  return type ? Object.values(type.getFields()).filter((field) => !field.name.startsWith('_')) : [];
}

/**
 * Routes for every Query and Mutation field of the (API or supergraph) schema, by the rules above and the explicit
 * table. Fails, listing every problem, when a root field matches nothing or the table names a field that is gone.
 */
export function deriveRootFieldRoutes(schema: GraphQLSchema, explicit: Readonly<Record<string, RouteRule>> = EXPLICIT_ROUTES): RootFieldRoutes {
  const problems: string[] = [];
  const derive = (type: GraphQLObjectType | null | undefined) => {
    const routes = new Map<string, RouteRule>();
    for (const field of rootFields(type)) {
      const coordinate = `${type!.name}.${field.name}`;
      const rule = ruleFor(field, coordinate, explicit);
      if (rule) routes.set(field.name, rule);
      else problems.push(`${coordinate} matches no routing rule (not a *Connection, not [${STATISTICS_GROUP_TYPE}!]!, no routing key argument) and is not in EXPLICIT_ROUTES`);
    }
    return routes;
  };
  const routes = { query: derive(schema.getQueryType()), mutation: derive(schema.getMutationType()) };
  for (const coordinate of Object.keys(explicit)) {
    const [typeName, fieldName] = coordinate.split('.');
    const type = typeName === 'Query' ? schema.getQueryType() : typeName === 'Mutation' ? schema.getMutationType() : null;
    if (!type?.getFields()[fieldName]) problems.push(`EXPLICIT_ROUTES names ${coordinate}, which the schema does not have`);
  }
  for (const field of undeclaredKeyFields(schema)) problems.push(`${field} holds a record key the contract does not declare (ROUTING_KEY_ARGUMENTS, REFERENCE_FIELDS or OWN_KEY_FIELDS)`);
  if (problems.length > 0) throw new ContractError(problems);
  return routes;
}

const KEY_LIKE_NAME = /(^id$|Id$|Ids$|^creditCode$|CreditCode$|CreditCodes$)/;

/** List/statistics arguments that select records rather than name them. */
const SELECTION_ARGUMENTS = new Set(['filter', 'orderBy', 'after', 'groupBy']);

function isKeyLike(name: string, type: GraphQLInputType): boolean {
  const named = getNamedType(type).name;
  return named === 'ID' || (named === 'String' && KEY_LIKE_NAME.test(name));
}

/**
 * Root-field arguments and write-input fields that hold a record key but that the contract does not declare: as a
 * routing key (with its decoder), a reference (with its entity) or the new record's own key. Empty when in step.
 */
export function undeclaredKeyFields(schema: GraphQLSchema): string[] {
  const declaredInputs = new Set([...REFERENCE_FIELDS, ...OWN_KEY_FIELDS].map((reference) => `${reference.type}.${reference.field}`));
  const routingPaths = new Set(ROUTING_KEY_ARGUMENTS.map((key) => key.path.join('.')));
  const undeclared = new Set<string>();
  const visitInput = (typeName: string, fields: Record<string, { type: GraphQLInputType }>, path: string[], seen: Set<string>) => {
    for (const [name, inputField] of Object.entries(fields)) {
      const fieldPath = [...path, name];
      const named = getNamedType(inputField.type);
      if (isInputObjectType(named)) {
        if (!seen.has(named.name)) visitInput(named.name, named.getFields(), fieldPath, new Set([...seen, named.name]));
        continue;
      }
      if (!isKeyLike(name, inputField.type)) continue;
      if (routingPaths.has(fieldPath.join('.'))) continue;
      if (!declaredInputs.has(`${typeName}.${name}`)) undeclared.add(`${typeName}.${name}`);
    }
  };
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of rootFields(root)) {
      for (const argument of field.args) {
        if (SELECTION_ARGUMENTS.has(argument.name)) continue;
        const named = getNamedType(argument.type);
        if (isInputObjectType(named)) {
          visitInput(named.name, named.getFields(), [argument.name], new Set([named.name]));
        } else if (isKeyLike(argument.name, argument.type) && !routingPaths.has(argument.name) && !declaredInputs.has(`${root!.name}.${field.name}.${argument.name}`)) {
          undeclared.add(`${root!.name}.${field.name}(${argument.name}:)`);
        }
      }
    }
  }
  return [...undeclared].sort();
}
