import {
  buildSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isObjectType,
  type GraphQLEnumType,
  type GraphQLInputObjectType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import type { ExportColumn, ExportDeclaration, RootFieldRoutes } from '../../contract';

/** One export, checked against the regional subgraph's schema: the queries it sends and the inputs it accepts. */
export interface ExportPlan {
  declaration: ExportDeclaration;
  /** The list's filter input (its fields are the export's filter parameters). */
  filterType: GraphQLInputObjectType;
  /** The list's order-field enum (the sort keys an export may use are the declared ones). */
  orderFieldType: GraphQLEnumType;
  /** The list's own default order (the order input's defaults), used when the export names none. */
  defaultOrder: { field: string; direction: 'ASC' | 'DESC' };
  /** The first page of a region, with its totalCount; then the following pages, without. */
  firstPageQuery: string;
  nextPageQuery: string;
}

/** The response key the page queries give the list (whatever its name). */
export const PAGE_KEY = 'page';

interface SelectionTree {
  [field: string]: SelectionTree;
}

function selectionOf(tree: SelectionTree): string {
  return Object.entries(tree)
    .map(([field, children]) => (Object.keys(children).length > 0 ? `${field} { ${selectionOf(children)} }` : field))
    .join(' ');
}

/** Builds the node selection of the columns, checking each path down to a scalar or enum of the node type. */
function columnSelection(nodeType: GraphQLObjectType, columns: readonly ExportColumn[], where: string): string {
  const tree: SelectionTree = {};
  for (const column of columns) {
    let type: GraphQLObjectType = nodeType;
    let branch = tree;
    const segments = column.path.split('.');
    segments.forEach((segment, index) => {
      const field = type.getFields()[segment];
      if (!field) throw new Error(`${where}: column ${column.path}: ${type.name} has no field ${segment}`);
      const named = getNamedType(field.type);
      const last = index === segments.length - 1;
      if (last && !isLeafType(named)) throw new Error(`${where}: column ${column.path} is not a scalar or enum (${named.name}); name a field inside it`);
      if (!last && !isObjectType(named)) throw new Error(`${where}: column ${column.path}: ${segment} is not an object`);
      branch = branch[segment] ??= {};
      if (!last) type = named as GraphQLObjectType;
    });
  }
  return selectionOf(tree);
}

/**
 * Plans every declared export against the regional subgraph's SDL (the regions answer the pages themselves) and the
 * routes (the list must be a connection the gateway merges); a declaration that does not fit stops the gateway with
 * a message naming it, as a root field without a route does.
 */
export function planExports(declarations: readonly ExportDeclaration[], regionalSdl: string, routes: RootFieldRoutes): Map<string, ExportPlan> {
  const schema: GraphQLSchema = buildSchema(regionalSdl, { assumeValidSDL: true });
  const plans = new Map<string, ExportPlan>();
  for (const declaration of declarations) {
    const where = `export ${declaration.name}`;
    if (plans.has(declaration.name)) throw new Error(`${where} is declared twice`);
    const field = schema.getQueryType()?.getFields()[declaration.listField];
    if (!field || routes.query.get(declaration.listField)?.kind !== 'connection') throw new Error(`${where}: Query.${declaration.listField} is not a list the gateway merges`);
    const argument = (name: string) => field.args.find((candidate) => candidate.name === name);
    const filterType = getNullableType(argument('filter')?.type);
    const orderType = getNullableType(argument('orderBy')?.type);
    if (!isInputObjectType(filterType) || !isInputObjectType(orderType) || !argument('first') || !argument('after')) {
      throw new Error(`${where}: Query.${declaration.listField} needs filter, orderBy, first and after arguments`);
    }
    const orderFieldType = getNullableType(orderType.getFields().field?.type);
    if (!isEnumType(orderFieldType) || !orderType.getFields().direction) throw new Error(`${where}: ${orderType.name} needs an enum field and a direction`);
    for (const key of declaration.sortKeys) {
      if (!orderFieldType.getValue(key)) throw new Error(`${where}: sort key ${key} is not a value of ${orderFieldType.name}`);
    }
    const connection = getNamedType(field.type) as GraphQLObjectType;
    const edge = getNamedType(connection.getFields().edges?.type);
    const node = isObjectType(edge) ? getNamedType(edge.getFields().node?.type) : undefined;
    if (!isObjectType(node)) throw new Error(`${where}: ${connection.name} has no edges { node }`);
    const selection = columnSelection(node, declaration.columns, where);
    const variables = `$filter: ${filterType.name}, $orderBy: ${orderType.name}, $first: Int, $after: String`;
    const page = (total: boolean) =>
      `query Export(${variables}) { ${PAGE_KEY}: ${declaration.listField}(filter: $filter, orderBy: $orderBy, first: $first, after: $after) { ${total ? 'totalCount ' : ''}pageInfo { hasNextPage } edges { cursor node { ${selection} } } } }`;
    const defaultField = String(orderType.getFields().field?.defaultValue ?? declaration.sortKeys[0]);
    const defaultOrder = { field: defaultField, direction: orderType.getFields().direction?.defaultValue === 'ASC' ? ('ASC' as const) : ('DESC' as const) };
    plans.set(declaration.name, { declaration, filterType, orderFieldType, defaultOrder, firstPageQuery: page(true), nextPageQuery: page(false) });
  }
  return plans;
}
