import {
  getNamedType,
  GraphQLEnumType,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  Kind,
  valueFromASTUntyped,
  type DirectiveNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * The client's operation compiled for shaping the executor's merged data into the response's `data` the way Apollo
 * Gateway's `computeResponse` does (@apollo/gateway resultShaping): the selected fields only, in the order of the
 * client's selection, under their response keys, `@skip`/`@include` applied, `__typename` filled in, fragments
 * applied by type. Where Apollo would report an error or bubble a null up (null in a non-null position, a value not
 * of its type, an unknown `__typename`), shaping gives up (`ShapingFailed`) and the request is Apollo's.
 */
export interface ResultShape {
  readonly selections: readonly ShapeSelection[];
  readonly rootType: string;
  /** The operation's variables' default values (Apollo shapes with these under the request's variables). */
  readonly defaults: Readonly<Record<string, unknown>>;
  readonly schema: SchemaFacts;
}

/** `@skip(if:)` (skipIf true) or `@include(if:)` (skipIf false) with its literal value or variable name. */
interface ShapeCondition {
  skipIf: boolean;
  value: boolean | { variable: string };
}

type ShapeSelection = ShapeField | ShapeTypename | ShapeFragment;

/** A field's output type, unwrapped once (graphql-js's type predicates are too slow for every value). */
interface ShapeType {
  nonNull: boolean;
  /** The element type when the type is a list. */
  list: ShapeType | null;
  /** The named type. */
  name: string;
}

function shapeTypeOf(type: GraphQLOutputType): ShapeType {
  if (isNonNullType(type)) return { ...shapeTypeOf(type.ofType), nonNull: true };
  if (isListType(type)) return { nonNull: false, list: shapeTypeOf(type.ofType), name: getNamedType(type).name };
  return { nonNull: false, list: null, name: getNamedType(type).name };
}

interface ShapeField {
  kind: 'field';
  key: string;
  conditions: readonly ShapeCondition[] | null;
  type: ShapeType;
  /** The named type's selections (composite fields). */
  selections: readonly ShapeSelection[] | null;
  /** For leaf fields: whether a value is one of the type's (federation-internals `isValidLeafValue`). */
  validLeaf: ((value: unknown) => boolean) | null;
}

interface ShapeTypename {
  kind: 'typename';
  key: string;
  conditions: readonly ShapeCondition[] | null;
}

interface ShapeFragment {
  kind: 'fragment';
  conditions: readonly ShapeCondition[] | null;
  /** Null: no type condition. */
  typeCondition: string | null;
  selections: readonly ShapeSelection[];
}

/** Thrown when the data cannot be shaped without an error Apollo would report: Apollo answers the request. */
export class ShapingFailed extends Error {}

/** Selections (fragments expanded) above which a document is left to Apollo: the walk visits each expanded selection. */
const MAX_EXPANDED_SELECTIONS = 5000;

const INTEGER_TEXT = /^-?(?:0|[1-9][0-9]*)$/;

/** What shaping asks of the schema, answered once per type name. */
class SchemaFacts {
  private readonly subtypes = new Map<string, boolean>();

  constructor(readonly schema: GraphQLSchema) {}

  private readonly kinds = new Map<string, 'object' | 'composite' | 'other' | 'none'>();

  private kindOf(name: string): 'object' | 'composite' | 'other' | 'none' {
    let kind = this.kinds.get(name);
    if (!kind) {
      const type = this.schema.getType(name);
      kind = !type ? 'none' : isObjectType(type) ? 'object' : isCompositeType(type) ? 'composite' : 'other';
      // Names come from the regions' answers: only the schema's own are remembered.
      if (type) this.kinds.set(name, kind);
    }
    return kind;
  }

  hasType(name: string): boolean {
    return this.kindOf(name) !== 'none';
  }

  isObjectTypeName(name: string): boolean {
    return this.kindOf(name) === 'object';
  }

  isCompositeTypeName(name: string): boolean {
    const kind = this.kindOf(name);
    return kind === 'object' || kind === 'composite';
  }

  /** federation-internals `isSubtype(condition, type)`: the same type, or a possible type of an abstract condition. */
  isSubtype(condition: string, typeName: string): boolean {
    if (condition === typeName) return true;
    const key = `${condition}\u0000${typeName}`;
    let known = this.subtypes.get(key);
    if (known === undefined) {
      const conditionType = this.schema.getType(condition);
      const type = this.schema.getType(typeName);
      if (!conditionType || !type) return false;
      known = isAbstractType(conditionType) && (isObjectType(type) || isInterfaceType(type)) && this.schema.isSubType(conditionType, type);
      this.subtypes.set(key, known);
    }
    return known;
  }
}

function leafValidator(type: GraphQLNamedType): (value: unknown) => boolean {
  if (isEnumType(type)) {
    const values = new Set((type as GraphQLEnumType).getValues().map((value) => value.name));
    return (value) => typeof value === 'string' && values.has(value);
  }
  if (!isScalarType(type) || !isSpecifiedScalarType(type)) return () => true;
  switch (type.name) {
    case 'Boolean':
      return (value) => typeof value === 'boolean';
    case 'Int':
      return (value) => typeof value === 'number' && Number.isFinite(value) && INTEGER_TEXT.test(String(value));
    case 'ID':
      return (value) => typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value) && INTEGER_TEXT.test(String(value)));
    case 'Float':
      return (value) => typeof value === 'number' && Number.isFinite(value);
    default:
      return (value) => typeof value === 'string';
  }
}

function conditionsOf(directives: readonly DirectiveNode[] | undefined): ShapeCondition[] | null {
  if (!directives || directives.length === 0) return null;
  const conditions: ShapeCondition[] = [];
  for (const directive of directives) {
    const name = directive.name.value;
    if (name !== 'skip' && name !== 'include') continue;
    const argument = directive.arguments?.find((candidate) => candidate.name.value === 'if');
    if (!argument) continue;
    const value = argument.value.kind === Kind.VARIABLE ? { variable: argument.value.name.value } : argument.value.kind === Kind.BOOLEAN ? argument.value.value : null;
    if (value === null) continue;
    // Apollo reads the first @skip and the first @include only (both are not repeatable).
    if (conditions.some((condition) => condition.skipIf === (name === 'skip'))) continue;
    conditions.push({ skipIf: name === 'skip', value });
  }
  return conditions.length > 0 ? conditions : null;
}

/**
 * The shape of `operation` (one query of a validated document), or null when it is too large to walk or asks for
 * something shaping does not know (introspection fields below the root).
 */
export function compileResultShape(schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): ResultShape | null {
  const rootType = schema.getQueryType();
  if (!rootType) return null;
  const compiledFragments = new Map<string, { selections: ShapeSelection[]; size: number }>();
  let unknown = false;

  const compile = (selectionSet: SelectionSetNode, parentType: GraphQLCompositeType): { selections: ShapeSelection[]; size: number } => {
    const selections: ShapeSelection[] = [];
    let size = 0;
    for (const selection of selectionSet.selections) {
      const conditions = conditionsOf(selection.directives);
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        size += 1;
        if (selection.name.value === '__typename') {
          selections.push({ kind: 'typename', key, conditions });
          continue;
        }
        const definition = 'getFields' in parentType ? parentType.getFields()[selection.name.value] : undefined;
        if (!definition || selection.name.value.startsWith('__')) {
          unknown = true;
          continue;
        }
        const named = getNamedType(definition.type);
        if (isCompositeType(named)) {
          if (!selection.selectionSet) {
            unknown = true;
            continue;
          }
          const inner = compile(selection.selectionSet, named);
          size += inner.size;
          selections.push({ kind: 'field', key, conditions, type: shapeTypeOf(definition.type), selections: inner.selections, validLeaf: null });
        } else {
          selections.push({ kind: 'field', key, conditions, type: shapeTypeOf(definition.type), selections: null, validLeaf: leafValidator(named) });
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const conditionType = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parentType;
        if (!conditionType || !isCompositeType(conditionType)) {
          unknown = true;
          continue;
        }
        const inner = compile(selection.selectionSet, conditionType);
        size += inner.size;
        selections.push({ kind: 'fragment', conditions, typeCondition: selection.typeCondition?.name.value ?? null, selections: inner.selections });
      } else {
        const name = selection.name.value;
        let compiled = compiledFragments.get(name);
        const definition = fragments.get(name);
        const conditionType = definition ? schema.getType(definition.typeCondition.name.value) : undefined;
        if (!definition || !conditionType || !isCompositeType(conditionType)) {
          unknown = true;
          continue;
        }
        if (!compiled) {
          // Each fragment is compiled once; its spreads share the result (the walk still visits it per spread).
          compiled = compile(definition.selectionSet, conditionType);
          compiledFragments.set(name, compiled);
        }
        size += compiled.size;
        selections.push({ kind: 'fragment', conditions, typeCondition: definition.typeCondition.name.value, selections: compiled.selections });
      }
      if (size > MAX_EXPANDED_SELECTIONS) break;
    }
    return { selections, size };
  };

  const root = compile(operation.selectionSet, rootType);
  if (unknown || root.size > MAX_EXPANDED_SELECTIONS) return null;
  const defaults: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) defaults[definition.variable.name.value] = valueFromASTUntyped(definition.defaultValue);
  }
  return { selections: root.selections, rootType: rootType.name, defaults, schema: new SchemaFacts(schema) };
}

const hasOwn = Object.prototype.hasOwnProperty;

function skipped(conditions: readonly ShapeCondition[], variables: Record<string, unknown>): boolean {
  for (const condition of conditions) {
    let value = condition.value;
    if (typeof value !== 'boolean') {
      const given = variables[value.variable];
      if (typeof given !== 'boolean') throw new ShapingFailed(`@${condition.skipIf ? 'skip' : 'include'} without a boolean`);
      value = given;
    }
    if (value === condition.skipIf) return true;
  }
  return false;
}

type JsonRecord = Record<string, unknown>;

/** The response's `data` for `input` (the executor's merged data), shaped as the client asked. */
export function shapeResult(shape: ResultShape, input: JsonRecord, requestVariables: Readonly<Record<string, unknown>>): JsonRecord {
  const variables = Object.keys(shape.defaults).length > 0 ? { ...shape.defaults, ...requestVariables } : requestVariables;
  const output = Object.create(null) as JsonRecord;
  applySelections(shape, input, shape.selections, output, shape.rootType, variables);
  return output;
}

function applySelections(shape: ResultShape, input: JsonRecord, selections: readonly ShapeSelection[], output: JsonRecord, parentType: string, variables: Record<string, unknown>): void {
  for (const selection of selections) {
    if (selection.conditions && skipped(selection.conditions, variables)) continue;
    if (selection.kind === 'typename') {
      if (output[selection.key] !== undefined) continue;
      let value = hasOwn.call(input, selection.key) ? (input[selection.key] ?? null) : null;
      if (value === null && selection.key !== '__typename') value = input.__typename ?? null;
      const typeName = typeof value === 'string' && shape.schema.hasType(value) ? value : parentType;
      if (!shape.schema.isObjectTypeName(typeName)) throw new ShapingFailed('__typename of no object type');
      output[selection.key] = typeName;
    } else if (selection.kind === 'field') {
      const inputValue = hasOwn.call(input, selection.key) ? (input[selection.key] ?? null) : null;
      output[selection.key] = updated(shape, output[selection.key], selection.type, inputValue, selection, variables);
    } else {
      const typename = input.__typename;
      if (typename !== undefined && typename !== null && typeof typename !== 'string') throw new ShapingFailed('__typename not a string');
      if (selection.typeCondition === null || (typename ? shape.schema.isSubtype(selection.typeCondition, typename) : shape.schema.isSubtype(selection.typeCondition, parentType))) {
        applySelections(shape, input, selection.selections, output, selection.typeCondition ?? parentType, variables);
      }
    }
  }
}

/** Apollo's `updateOutputValue`, where every error or null bubbling up is `ShapingFailed`. */
function updated(shape: ResultShape, outputValue: unknown, type: ShapeType, inputValue: unknown, field: ShapeField, variables: Record<string, unknown>): unknown {
  if (outputValue === null || (outputValue !== undefined && !field.selections)) return outputValue;
  const value = updatedNullable(shape, outputValue, type, inputValue, field, variables);
  if (value === null && type.nonNull) throw new ShapingFailed('null in a non-null position');
  return value;
}

function updatedNullable(shape: ResultShape, outputValue: unknown, type: ShapeType, inputValue: unknown, field: ShapeField, variables: Record<string, unknown>): unknown {
  if (inputValue === null) return null;
  if (type.list) {
    if (!Array.isArray(inputValue)) throw new ShapingFailed('not a list');
    if (outputValue !== undefined && (!Array.isArray(outputValue) || outputValue.length !== inputValue.length)) throw new ShapingFailed('lists of different lengths');
    const list = new Array<unknown>(inputValue.length);
    for (let index = 0; index < inputValue.length; index++) {
      list[index] = updated(shape, outputValue === undefined ? undefined : (outputValue as unknown[])[index], type.list, inputValue[index] ?? null, field, variables);
    }
    return list;
  }
  if (field.selections) {
    if (typeof inputValue !== 'object' || Array.isArray(inputValue)) throw new ShapingFailed('not an object');
    if (outputValue !== undefined && (typeof outputValue !== 'object' || Array.isArray(outputValue))) throw new ShapingFailed('not an object');
    const object = inputValue as JsonRecord;
    const typename = object.__typename;
    let objectType = type.name;
    if (typename !== undefined) {
      if (typeof typename !== 'string') throw new ShapingFailed('__typename not a string');
      if (typename !== '') {
        if (!shape.schema.isCompositeTypeName(typename)) throw new ShapingFailed('unknown __typename');
        objectType = typename;
      }
    }
    const output = (outputValue as JsonRecord | undefined) ?? (Object.create(null) as JsonRecord);
    applySelections(shape, object, field.selections, output, objectType, variables);
    return output;
  }
  if (!field.validLeaf!(inputValue)) throw new ShapingFailed('a value not of its type');
  return inputValue;
}
