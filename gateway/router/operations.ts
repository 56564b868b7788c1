import {
  Kind,
  print,
  visit,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

/** Pure helpers over the operations the query planner sends to a subgraph. */
export interface ParsedOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  fragments: Map<string, FragmentDefinitionNode>;
}

/** Each document's operations as parsed here, by operation name: the planner and the fast path hand over cached documents. */
const PARSED_OPERATIONS = new WeakMap<DocumentNode, Map<string, ParsedOperation>>();

export function parsedOperation(document: DocumentNode, operationName?: string | null): ParsedOperation {
  let byName = PARSED_OPERATIONS.get(document);
  if (!byName) {
    byName = new Map();
    PARSED_OPERATIONS.set(document, byName);
  }
  const known = byName.get(operationName ?? '');
  if (known) return known;
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  const operation = operations.find((candidate) => !operationName || candidate.name?.value === operationName) ?? operations[0];
  if (!operation) throw new Error('subgraph request has no operation');
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const parsed = { document, operation, fragments };
  byName.set(operationName ?? '', parsed);
  return parsed;
}

export function responseKey(field: FieldNode): string {
  return field.alias?.value ?? field.name.value;
}

/** The fields of a selection set, with inline fragments and fragment spreads flattened. */
export function fieldsOf(selectionSet: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>): FieldNode[] {
  const fields: FieldNode[] = [];
  const walk = (selections: readonly SelectionNode[]) => {
    for (const selection of selections) {
      if (selection.kind === Kind.FIELD) fields.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet.selections);
      else {
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet.selections);
      }
    }
  };
  walk(selectionSet?.selections ?? []);
  return fields;
}

/** An argument's value with variables substituted (undefined when absent). */
export function argumentValue(field: FieldNode, name: string, variables: Record<string, unknown>): unknown {
  const argument = field.arguments?.find((candidate) => candidate.name.value === name);
  return argument ? valueFromASTUntyped(argument.value, variables) : undefined;
}

function usedFragmentNames(node: SelectionSetNode | FieldNode, fragments: Map<string, FragmentDefinitionNode>, into = new Set<string>()): Set<string> {
  visit(node, {
    FragmentSpread(spread) {
      const name = spread.name.value;
      if (into.has(name)) return;
      into.add(name);
      const fragment = fragments.get(name);
      if (fragment) usedFragmentNames(fragment.selectionSet, fragments, into);
    },
  });
  return into;
}

function usedVariableNames(nodes: ReadonlyArray<FieldNode | FragmentDefinitionNode>): Set<string> {
  const names = new Set<string>();
  for (const node of nodes) {
    visit(node, {
      Variable(variable) {
        names.add(variable.name.value);
      },
    });
  }
  return names;
}

interface PrintedOperation {
  query: string;
  variableNames: ReadonlySet<string>;
}

/** Printed single-field operations by field node and operation: the same cached nodes print once, not per request. */
const PRINTED = new WeakMap<FieldNode, WeakMap<ParsedOperation, PrintedOperation>>();

function printedSingleField(parsed: ParsedOperation, field: FieldNode): PrintedOperation {
  let byOperation = PRINTED.get(field);
  if (!byOperation) {
    byOperation = new WeakMap();
    PRINTED.set(field, byOperation);
  }
  const known = byOperation.get(parsed);
  if (known) return known;
  const fragmentNames = usedFragmentNames(field, parsed.fragments);
  const fragments = [...fragmentNames].map((name) => parsed.fragments.get(name)).filter((fragment): fragment is FragmentDefinitionNode => Boolean(fragment));
  const variableNames = usedVariableNames([field, ...fragments]);
  const operation: OperationDefinitionNode = {
    ...parsed.operation,
    variableDefinitions: parsed.operation.variableDefinitions?.filter((definition) => variableNames.has(definition.variable.name.value)),
    selectionSet: { kind: Kind.SELECTION_SET, selections: [field] },
  };
  const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] };
  const printed = { query: print(document), variableNames };
  byOperation.set(parsed, printed);
  return printed;
}

/**
 * A stand-alone operation holding one root field (rewritten by `rewrite` if given), with only the fragments and
 * variables that field uses, so a subgraph's validation (no unused fragments/variables) accepts it. Printed once
 * per field node and operation (callers pass cached nodes; see `memoizedRewrite`).
 */
export function singleFieldOperation(
  parsed: ParsedOperation,
  field: FieldNode,
  variables: Record<string, unknown>,
): { query: string; variables: Record<string, unknown> } {
  const { query, variableNames } = printedSingleField(parsed, field);
  const usedVariables: Record<string, unknown> = {};
  for (const name of variableNames) if (name in variables) usedVariables[name] = variables[name];
  return { query, variables: usedVariables };
}

/**
 * `rewrite` of a field, computed once per field node (and key object): the rewritten node keeps its identity, so
 * the operation printed from it is printed once.
 */
export function memoizedRewrite<K extends object>(rewrite: (field: FieldNode, key: K) => FieldNode): (field: FieldNode, key: K) => FieldNode {
  const rewritten = new WeakMap<FieldNode, WeakMap<K, FieldNode>>();
  return (field, key) => {
    let byKey = rewritten.get(field);
    if (!byKey) {
      byKey = new WeakMap();
      rewritten.set(field, byKey);
    }
    let result = byKey.get(key);
    if (!result) {
      result = rewrite(field, key);
      byKey.set(key, result);
    }
    return result;
  };
}

export function field(name: string, options: { alias?: string; selections?: SelectionNode[] } = {}): FieldNode {
  return {
    kind: Kind.FIELD,
    name: { kind: Kind.NAME, value: name },
    alias: options.alias ? { kind: Kind.NAME, value: options.alias } : undefined,
    selectionSet: options.selections ? { kind: Kind.SELECTION_SET, selections: options.selections } : undefined,
  };
}

/** The field with extra selections appended (hidden, aliased fields the router needs for merging). */
export function withExtraSelections(target: FieldNode, extra: SelectionNode[]): FieldNode {
  return { ...target, selectionSet: { kind: Kind.SELECTION_SET, selections: [...(target.selectionSet?.selections ?? []), ...extra] } };
}
