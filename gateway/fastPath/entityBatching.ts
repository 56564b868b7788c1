import { Kind, print, stripIgnoredCharacters, type DocumentNode, type FieldNode, type InlineFragmentNode, type OperationDefinitionNode, type SelectionNode, type VariableDefinitionNode } from 'graphql';
import type { PlanFetch } from './planExecution';

/**
 * The `_entities` selection of an entity fetch the planner made (`_entities(representations: $representations) {
 * ... on T { … } }`, no named fragments), with its variable definitions; null for any other shape.
 */
function entitiesSelection(document: DocumentNode): { operation: OperationDefinitionNode; field: FieldNode; fragments: InlineFragmentNode[] } | null {
  if (document.definitions.length !== 1) return null;
  const operation = document.definitions[0]!;
  if (operation.kind !== Kind.OPERATION_DEFINITION || operation.operation !== 'query' || operation.directives?.length) return null;
  const [field, ...others] = operation.selectionSet.selections;
  if (!field || others.length > 0 || field.kind !== Kind.FIELD || field.name.value !== '_entities' || field.alias || field.directives?.length || !field.selectionSet) return null;
  const argument = field.arguments?.length === 1 ? field.arguments[0] : undefined;
  if (!argument || argument.name.value !== 'representations' || argument.value.kind !== Kind.VARIABLE || argument.value.name.value !== 'representations') return null;
  const fragments: InlineFragmentNode[] = [];
  for (const selection of field.selectionSet.selections) {
    if (selection.kind !== Kind.INLINE_FRAGMENT || !selection.typeCondition || selection.directives?.length) return null;
    fragments.push(selection);
  }
  return { operation, field, fragments };
}

/**
 * One `_entities` fetch answering several entity fetches of one Parallel node to the same subgraph, when their
 * selections are on distinct entity types: the representations are sent together, each resolved by its own type's
 * selection (the others' type conditions do not apply to it), so every entity gets exactly what its own fetch would
 * have got, and the router sends each region one call instead of one per fetch. Null when they cannot be combined
 * (named fragments, a type selected by two of them, anything but the planner's usual entity fetch).
 */
export function combinedEntityFetch(fetches: readonly PlanFetch[]): PlanFetch | null {
  const subgraph = fetches[0]?.subgraph;
  if (!subgraph || fetches.some((fetch) => fetch.subgraph !== subgraph || !fetch.requires)) return null;
  const types = new Set<string>();
  const selections: SelectionNode[] = [];
  const variables = new Map<string, VariableDefinitionNode>();
  let first: { operation: OperationDefinitionNode; field: FieldNode } | undefined;
  for (const fetch of fetches) {
    const entities = entitiesSelection(fetch.document);
    if (!entities) return null;
    first ??= entities;
    for (const fragment of entities.fragments) {
      const type = fragment.typeCondition!.name.value;
      if (types.has(type)) return null;
      types.add(type);
      selections.push(fragment);
    }
    for (const definition of entities.operation.variableDefinitions ?? []) {
      const name = definition.variable.name.value;
      const known = variables.get(name);
      if (known && print(known) !== print(definition)) return null;
      variables.set(name, definition);
    }
  }
  if (!first) return null;
  const operationName = fetches[0]!.operationName ? `${fetches[0]!.operationName}__batch` : null;
  const operation: OperationDefinitionNode = {
    ...first.operation,
    name: operationName ? { kind: Kind.NAME, value: operationName } : undefined,
    variableDefinitions: [...variables.values()],
    selectionSet: { kind: Kind.SELECTION_SET, selections: [{ ...first.field, selectionSet: { kind: Kind.SELECTION_SET, selections } }] },
  };
  const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation] };
  return {
    subgraph,
    document,
    query: stripIgnoredCharacters(print(document)),
    operationName,
    variableUsages: [...new Set(fetches.flatMap((fetch) => fetch.variableUsages))],
    requires: null,
  };
}
