import { getNamedType, isEnumType, isInputObjectType, isInterfaceType, isObjectType, isUnionType, Kind, parse, type GraphQLSchema } from 'graphql';
import type { RootFieldRoutes } from '../../contract';
import type { PricingModel } from './operationAnalysis';

/**
 * Fields the supergraph serves from the `links` subgraph (not merely needing a key from it): each is a level of
 * `_entities` calls to the records' owners.
 */
export function referenceFieldsOf(supergraphSdl: string): Set<string> {
  const fields = new Set<string>();
  for (const definition of parse(supergraphSdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    for (const field of definition.fields ?? []) {
      const joins = (field.directives ?? []).filter((directive) => directive.name.value === 'join__field');
      const servedByLinks = joins.some((join) => {
        const graph = join.arguments?.find((argument) => argument.name.value === 'graph')?.value;
        const external = join.arguments?.find((argument) => argument.name.value === 'external')?.value;
        return graph?.kind === Kind.ENUM && graph.value === 'LINKS' && !(external?.kind === Kind.BOOLEAN && external.value);
      });
      if (servedByLinks) fields.add(`${definition.name.value}.${field.name.value}`);
    }
  }
  return fields;
}

/**
 * Sizes of the introspection lists, measured on the schema: `__Schema.types` is the number of types, a type's
 * `fields` the mean over all types (so the standard introspection query is priced at about what it returns).
 */
export function introspectionListSizes(schema: GraphQLSchema): Map<string, number> {
  const types = Object.values(schema.getTypeMap());
  let fields = 0;
  let args = 0;
  let inputFields = 0;
  let enumValues = 0;
  let interfaces = 0;
  let possibleTypes = 0;
  for (const type of types) {
    if (isObjectType(type) || isInterfaceType(type)) {
      const own = Object.values(type.getFields());
      fields += own.length;
      args += own.reduce((sum, field) => sum + field.args.length, 0);
      interfaces += type.getInterfaces().length;
    }
    if (isInterfaceType(type) || isUnionType(type)) possibleTypes += schema.getPossibleTypes(type).length;
    if (isInputObjectType(type)) inputFields += Object.keys(type.getFields()).length;
    if (isEnumType(type)) enumValues += type.getValues().length;
  }
  const directives = schema.getDirectives();
  const directiveArgs = directives.reduce((sum, directive) => sum + directive.args.length, 0);
  const mean = (total: number, count: number) => Math.max(1, Math.ceil(total / Math.max(count, 1)));
  return new Map([
    ['__Schema.types', types.length],
    ['__Schema.directives', directives.length],
    ['__Type.fields', mean(fields, types.length)],
    ['__Type.inputFields', mean(inputFields, types.length)],
    ['__Type.enumValues', mean(enumValues, types.length)],
    ['__Type.interfaces', mean(interfaces, types.length)],
    ['__Type.possibleTypes', mean(possibleTypes, types.length)],
    ['__Field.args', mean(args, fields)],
    ['__Directive.args', mean(directiveArgs, directives.length)],
    ['__Directive.locations', 5],
  ]);
}

/**
 * The entity each root query field reads: a by-key field's type, a connection's node type, and for a statistics
 * field the node type of the list field that takes the same filter input (`complaintStatistics(filter:
 * ComplaintFilter)` reads what `complaints(filter: ComplaintFilter)` lists).
 */
export function rootFieldEntities(schema: GraphQLSchema): Map<string, string> {
  const entities = new Map<string, string>();
  const fields = Object.values(schema.getQueryType()?.getFields() ?? {});
  const filterType = (field: (typeof fields)[number]) => {
    const filter = field.args.find((argument) => argument.name === 'filter');
    return filter ? getNamedType(filter.type).name : undefined;
  };
  const byFilter = new Map<string, string>();
  for (const field of fields) {
    const type = getNamedType(field.type);
    if (!isObjectType(type)) continue;
    const node = type.name.endsWith('Connection') ? getNamedType(type.getFields().edges?.type ?? type) : undefined;
    const nodeType = node && isObjectType(node) ? getNamedType(node.getFields().node?.type ?? node).name : undefined;
    if (nodeType) {
      entities.set(field.name, nodeType);
      const filter = filterType(field);
      if (filter) byFilter.set(filter, nodeType);
    } else if (!type.name.startsWith('__') && type.name !== 'StatisticsGroup') {
      entities.set(field.name, type.name);
    }
  }
  for (const field of fields) {
    const filter = filterType(field);
    if (!entities.has(field.name) && filter && byFilter.has(filter)) entities.set(field.name, byFilter.get(filter)!);
  }
  return entities;
}

export function pricingModel(schema: GraphQLSchema, supergraphSdl: string, routes: RootFieldRoutes): PricingModel {
  return { schema, routes, referenceFields: referenceFieldsOf(supergraphSdl), listSizes: introspectionListSizes(schema), rootEntities: rootFieldEntities(schema) };
}
