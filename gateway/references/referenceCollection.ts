import {
  getArgumentValues,
  getDirectiveValues,
  getNullableType,
  getVariableValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isInputObjectType,
  isListType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import { ENTITY_KEYS, REFERENCE_FIELDS, type ReferenceField } from '../../contract';
import type { RegionCode } from '../../kernel';

/** One key a write names at a declared reference field (contract/keys.ts REFERENCE_FIELDS). */
export interface CollectedReference {
  /** The referenced entity, e.g. RiskAlert. */
  entity: string;
  key: string;
  /** The key's owner by the entity's decoder; null when the value is not such a key (the owner refuses it as input). */
  owner: RegionCode | null;
  /** Whether the write needs the record to exist (ReferenceField.mustExist). */
  mustExist: boolean;
  /** The mutation field's response key, e.g. createRecall. */
  rootField: string;
  /** Where in that field's arguments, e.g. input.riskAlertIds[1]. */
  path: string;
}

type Declarations = ReadonlyMap<string, ReadonlyMap<string, ReferenceField>>;

/** REFERENCE_FIELDS by the input type (or `Mutation.<field>`) they belong to, then by field. */
export function indexDeclarations(declarations: readonly ReferenceField[] = REFERENCE_FIELDS): Declarations {
  const index = new Map<string, Map<string, ReferenceField>>();
  for (const declaration of declarations) {
    const fields = index.get(declaration.type) ?? new Map<string, ReferenceField>();
    fields.set(declaration.field, declaration);
    index.set(declaration.type, fields);
  }
  return index;
}

const DEFAULT_DECLARATIONS = indexDeclarations();

function included(node: SelectionNode, variables: Record<string, unknown>): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
}

/** The operation's root fields as executed: through fragments, without those @skip or @include leave out. */
function rootFields(selectionSet: SelectionSetNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>, variables: Record<string, unknown>, seen = new Set<string>()): FieldNode[] {
  const fields: FieldNode[] = [];
  for (const selection of selectionSet.selections) {
    if (!included(selection, variables)) continue;
    if (selection.kind === Kind.FIELD) fields.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) fields.push(...rootFields(selection.selectionSet, fragments, variables, seen));
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = fragments.get(selection.name.value);
      if (fragment) fields.push(...rootFields(fragment.selectionSet, fragments, variables, seen));
    }
  }
  return fields;
}

/**
 * Every key a mutation names at a declared reference field: each root field's arguments with variables and
 * defaults applied (as execution will coerce them), walked through input objects and lists. A query or
 * subscription names none; null when the variables or arguments do not coerce (execution refuses the request).
 */
export function collectReferences(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: Record<string, unknown> | undefined,
  declarations: Declarations = DEFAULT_DECLARATIONS,
): CollectedReference[] | null {
  const mutationType = schema.getMutationType();
  if (operation.operation !== 'mutation' || !mutationType) return [];
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {});
  if (coerced.errors) return null;
  const variables = coerced.coerced;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);

  const references: CollectedReference[] = [];
  for (const node of rootFields(operation.selectionSet, fragments, variables)) {
    const field = mutationType.getFields()[node.name.value];
    if (!field) continue; // __typename
    let argumentValues: Record<string, unknown>;
    try {
      argumentValues = getArgumentValues(field, node, variables);
    } catch {
      return null;
    }
    const rootField = node.alias?.value ?? node.name.value;
    const collect = (declaration: ReferenceField, value: unknown, path: string) => {
      const decode = ENTITY_KEYS[declaration.entity]?.decode;
      const visit = (item: unknown, itemPath: string) => {
        if (Array.isArray(item)) item.forEach((entry, index) => visit(entry, `${itemPath}[${index}]`));
        else if (typeof item === 'string') references.push({ entity: declaration.entity, key: item, owner: decode ? decode(item) : null, mustExist: declaration.mustExist !== false, rootField, path: itemPath });
      };
      visit(value, path);
    };
    const walk = (type: GraphQLInputType, value: unknown, path: string) => {
      if (value === null || value === undefined) return;
      const nullable = getNullableType(type);
      if (isListType(nullable)) {
        if (Array.isArray(value)) value.forEach((item, index) => walk(nullable.ofType, item, `${path}[${index}]`));
        return;
      }
      if (!isInputObjectType(nullable) || typeof value !== 'object') return;
      const declared = declarations.get(nullable.name);
      for (const [name, inputField] of Object.entries(nullable.getFields())) {
        const fieldValue = (value as Record<string, unknown>)[name];
        if (fieldValue === null || fieldValue === undefined) continue;
        const declaration = declared?.get(name);
        if (declaration) collect(declaration, fieldValue, `${path}.${name}`);
        else walk(inputField.type, fieldValue, `${path}.${name}`);
      }
    };
    const declaredArguments = declarations.get(`${mutationType.name}.${field.name}`);
    for (const argument of field.args) {
      const value = argumentValues[argument.name];
      if (value === null || value === undefined) continue;
      const declaration = declaredArguments?.get(argument.name);
      if (declaration) collect(declaration, value, argument.name);
      else walk(argument.type, value, argument.name);
    }
  }
  return references;
}
