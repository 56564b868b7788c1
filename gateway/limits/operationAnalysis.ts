import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
} from 'graphql';

type OperationKind = OperationDefinitionNode['operation'];
import { ALL_REGION_CODES } from '../../kernel';
import { ASSUMED_LIST_SIZE, COST_WEIGHTS, DEFAULT_PAGE_SIZE, REGION_FILTER_PATH, STATISTICS_DIMENSION_VALUES, type RootFieldRoutes, type StatisticsDimensionName } from '../../contract';

/** A statistics field is priced at no more groups than this (every dimension at once). */
const MAX_PRICED_GROUPS = 100_000;

/** What one operation asks of the gateway and the regions, counted over the document with fragments expanded. */
export interface OperationMeasure {
  kind: OperationKind;
  /** Deepest field nesting. */
  depth: number;
  /** Aliased fields, every fragment spread counted as often as it is spread. */
  aliases: number;
  directives: number;
  cost: OperationCost;
}

export interface OperationCost {
  total: number;
  /** Fields in the response, lists multiplied out. */
  fields: number;
  regionCalls: number;
  aggregations: number;
  referenceLevels: number;
}

/** A selection's counts per item of its parent: `fields` multiply with the lists around it, the rest do not. */
interface Measure {
  fields: number;
  regionCalls: number;
  aggregations: number;
  referenceLevels: number;
  depth: number;
  aliases: number;
  directives: number;
}

const ZERO: Measure = { fields: 0, regionCalls: 0, aggregations: 0, referenceLevels: 0, depth: 0, aliases: 0, directives: 0 };

function add(total: Measure, part: Measure): Measure {
  return {
    fields: total.fields + part.fields,
    regionCalls: total.regionCalls + part.regionCalls,
    aggregations: total.aggregations + part.aggregations,
    referenceLevels: total.referenceLevels + part.referenceLevels,
    depth: Math.max(total.depth, part.depth),
    aliases: total.aliases + part.aliases,
    directives: total.directives + part.directives,
  };
}

export interface PricingModel {
  /** The client API schema (queries, mutations and subscriptions). */
  schema: GraphQLSchema;
  routes: RootFieldRoutes;
  /** `Type.field` of reference fields (answered by the owners through `_entities`). */
  referenceFields: ReadonlySet<string>;
  /** Known sizes of lists by `Type.field` (introspection lists, measured on the schema). */
  listSizes: ReadonlyMap<string, number>;
  /** The entity each root query field reads (a caller that may not read it is refused by the regions at once). */
  rootEntities: ReadonlyMap<string, string>;
}

/**
 * Measures an operation in time linear in the document: each fragment is walked once per page size it is used
 * under and its measure reused at every spread, so a fragment spread twice by the next one, twenty levels deep,
 * costs twenty walks, not a million (and its expanded counts come out as the large numbers they are).
 */
export function measureOperation(
  model: PricingModel,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  /** Whether the caller may read an entity: a root field it may not is priced at its region calls only (each region refuses it at once). */
  mayRead: (entity: string) => boolean = () => true,
  /** Filled with the names of the variables the measure read: the same for any values (every field is walked). */
  variablesRead?: Set<string>,
): OperationMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const memo = new Map<string, Measure>();
  const inProgress = new Set<string>();

  const valueOf = (node: ValueNode | undefined): unknown => {
    if (!node) return undefined;
    switch (node.kind) {
      case Kind.VARIABLE:
        variablesRead?.add(node.name.value);
        return variables[node.name.value];
      case Kind.INT:
      case Kind.FLOAT:
        return Number(node.value);
      case Kind.LIST:
        return node.values.map(valueOf);
      case Kind.OBJECT:
        return Object.fromEntries(node.fields.map((field) => [field.name.value, valueOf(field.value)]));
      case Kind.NULL:
        return null;
      default:
        return 'value' in node ? node.value : undefined;
    }
  };
  const argument = (field: FieldNode, name: string): unknown => valueOf(field.arguments?.find((candidate) => candidate.name.value === name)?.value);

  /** Regions a list or statistics field fans out to: those its filter names, else all. */
  const regionsAsked = (field: FieldNode): number => {
    let value: unknown = argument(field, REGION_FILTER_PATH[0]);
    for (const key of REGION_FILTER_PATH.slice(1)) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    return Array.isArray(value) && value.length > 0 ? Math.min(new Set(value).size, ALL_REGION_CODES.length) : ALL_REGION_CODES.length;
  };

  const rootCost = (field: FieldNode, operationKind: OperationKind): Pick<Measure, 'regionCalls' | 'aggregations'> => {
    const route = operationKind === 'query' ? model.routes.query.get(field.name.value) : operationKind === 'mutation' ? model.routes.mutation.get(field.name.value) : undefined;
    if (!route) return { regionCalls: field.name.value.startsWith('__') ? 0 : 1, aggregations: 0 };
    if (route.kind === 'connection') return { regionCalls: regionsAsked(field), aggregations: 0 };
    if (route.kind === 'statistics') return { regionCalls: regionsAsked(field), aggregations: regionsAsked(field) };
    return { regionCalls: 1, aggregations: 0 };
  };

  const walk = (selectionSet: SelectionSetNode | undefined, parent: GraphQLCompositeType | undefined, pageSize: number, root: OperationKind | null): Measure => {
    let measure = ZERO;
    for (const selection of selectionSet?.selections ?? []) {
      const directives = selection.directives?.length ?? 0;
      if (selection.kind === Kind.FIELD) {
        measure = add(measure, fieldMeasure(selection, parent, pageSize, root));
        continue;
      }
      const part =
        selection.kind === Kind.INLINE_FRAGMENT
          ? walk(selection.selectionSet, selection.typeCondition ? compositeType(selection.typeCondition.name.value) : parent, pageSize, root)
          : spread(selection.name.value, pageSize, root);
      measure = add(measure, { ...part, directives: part.directives + directives });
    }
    return measure;
  };

  const spread = (name: string, pageSize: number, root: OperationKind | null): Measure => {
    const key = `${name}|${pageSize}|${root ?? ''}`;
    const known = memo.get(key);
    if (known) return known;
    const fragment = fragments.get(name);
    // A cycle or an unknown fragment is for validation to refuse; it adds nothing here.
    if (!fragment || inProgress.has(key)) return ZERO;
    inProgress.add(key);
    const measure = walk(fragment.selectionSet, compositeType(fragment.typeCondition.name.value), pageSize, root);
    inProgress.delete(key);
    memo.set(key, measure);
    return measure;
  };

  const fieldMeasure = (field: FieldNode, parent: GraphQLCompositeType | undefined, pageSize: number, root: OperationKind | null): Measure => {
    const entity = root === 'query' ? model.rootEntities.get(field.name.value) : undefined;
    if (entity && !mayRead(entity)) return { ...ZERO, fields: 1, regionCalls: rootCost(field, root!).regionCalls, depth: 1, aliases: field.alias ? 1 : 0 };
    const definition = fieldDefinition(parent, field.name.value);
    const namedType = definition ? getNamedType(definition.type) : undefined;
    const first = argument(field, 'first');
    const childPageSize = namedType?.name.endsWith('Connection') ? (typeof first === 'number' && first > 0 ? first : DEFAULT_PAGE_SIZE) : pageSize;
    const child = walk(field.selectionSet, isCompositeType(namedType) ? namedType : undefined, childPageSize, null);
    const listSize = !definition || !isListType(getNullableType(definition.type))
      ? 1
      : root && isStatisticsField(field, root)
        ? statisticsGroups(field)
        : field.name.value === 'edges' && parent?.name.endsWith('Connection')
          ? pageSize
        : parent && model.listSizes.has(`${parent.name}.${field.name.value}`)
          ? model.listSizes.get(`${parent.name}.${field.name.value}`)!
          : ASSUMED_LIST_SIZE;
    const own = root ? rootCost(field, root) : { regionCalls: 0, aggregations: 0 };
    const isReference = parent !== undefined && model.referenceFields.has(`${parent.name}.${field.name.value}`);
    const weight = root && INTROSPECTION_ROOT_FIELDS.has(field.name.value) ? INTROSPECTION_WEIGHT : 1;
    return {
      fields: 1 + (field.selectionSet ? Math.ceil(listSize * child.fields * weight) : 0),
      regionCalls: own.regionCalls + child.regionCalls,
      aggregations: own.aggregations + child.aggregations,
      referenceLevels: (isReference ? 1 : 0) + child.referenceLevels,
      // The type-reference chains of introspection (ofType { ofType { … } }) are bounded by the schema: they add no depth.
      depth: (parent?.name.startsWith('__') ? 0 : 1) + child.depth,
      aliases: (field.alias ? 1 : 0) + child.aliases,
      directives: (field.directives?.length ?? 0) + child.directives,
    };
  };

  const isStatisticsField = (field: FieldNode, operationKind: OperationKind) => operationKind === 'query' && model.routes.query.get(field.name.value)?.kind === 'statistics';

  /** The groups a statistics field returns, about: the product of its dimensions' distinct values. */
  const statisticsGroups = (field: FieldNode): number => {
    const dimensions = argument(field, 'groupBy');
    const names = new Set(Array.isArray(dimensions) ? dimensions.map(String) : []);
    let groups = 1;
    // Own keys only: a dimension named `__proto__` or `constructor` (refused later by validation) made the cost NaN.
    for (const name of names) groups *= Object.hasOwn(STATISTICS_DIMENSION_VALUES, name) ? STATISTICS_DIMENSION_VALUES[name as StatisticsDimensionName] : ASSUMED_LIST_SIZE;
    return Math.min(groups, MAX_PRICED_GROUPS);
  };

  const compositeType = (name: string): GraphQLCompositeType | undefined => {
    const type = model.schema.getType(name);
    return isCompositeType(type) ? type : undefined;
  };

  const rootType = operation.operation === 'query' ? model.schema.getQueryType() : operation.operation === 'mutation' ? model.schema.getMutationType() : model.schema.getSubscriptionType();
  const measure = walk(operation.selectionSet, rootType ?? undefined, DEFAULT_PAGE_SIZE, operation.operation);
  const fields = measure.fields * COST_WEIGHTS.field;
  const total = fields + measure.regionCalls * COST_WEIGHTS.regionCall + measure.aggregations * COST_WEIGHTS.aggregation + measure.referenceLevels * COST_WEIGHTS.referenceLevel;
  return {
    kind: operation.operation,
    depth: measure.depth,
    aliases: measure.aliases,
    directives: measure.directives + (operation.directives?.length ?? 0),
    cost: { total, fields, regionCalls: measure.regionCalls, aggregations: measure.aggregations, referenceLevels: measure.referenceLevels },
  };
}

const INTROSPECTION_ROOT_FIELDS = new Set(['__schema', '__type']);
/**
 * What a field under `__schema`/`__type` costs beside a field a region serves: the gateway answers introspection
 * from its schema in memory. A quarter keeps the whole API's standard introspection (about as many fields as it
 * returns, growing with the contract) within an agency's limit and still far beyond the public's.
 */
const INTROSPECTION_WEIGHT = 0.25;

/** A field's definition on its parent; the introspection entry points are not in the query type's field map. */
function fieldDefinition(parent: GraphQLCompositeType | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === '__schema') return SchemaMetaFieldDef;
  if (name === '__type') return TypeMetaFieldDef;
  return parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
}
