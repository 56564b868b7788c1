import {
  Kind,
  print,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type VariableDefinitionNode,
} from 'graphql';
import { fieldsOf, responseKey } from '../router/operations';

/** The supergraph query resolving a subscription's entity selection for one event's record. */
export interface EntityQuery {
  query: string;
  /** The client's variables that the query uses (the record ID is added per event). */
  variableNames: string[];
}

export const RECORD_ID_VARIABLE = '__recordId';

/**
 * Turns a subscription's selection of the event's entity (e.g. `recall { id riskAlerts { title } }`) into a
 * query the supergraph can answer: `query ($__recordId: ID!) { recall(id: $__recordId) { … } }`, keeping the
 * client's aliases, fragments and variables.
 */
export function entityQueryFor(
  operation: OperationDefinitionNode,
  rootField: FieldNode,
  fragments: Map<string, FragmentDefinitionNode>,
  entityField: string,
  rootQuery: string,
): EntityQuery | null {
  const entitySelections = fieldsOf(rootField.selectionSet, fragments).filter((field) => field.name.value === entityField);
  if (entitySelections.length === 0) return null;
  const fields: FieldNode[] = entitySelections.map((selection) => ({
    ...selection,
    name: { kind: Kind.NAME, value: rootQuery },
    alias: { kind: Kind.NAME, value: responseKey(selection) },
    arguments: [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'id' }, value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: RECORD_ID_VARIABLE } } }],
  }));
  const usedFragments = new Set<string>();
  const usedVariables = new Set<string>();
  const collect = (node: FieldNode | FragmentDefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        if (usedFragments.has(spread.name.value)) return;
        usedFragments.add(spread.name.value);
        const fragment = fragments.get(spread.name.value);
        if (fragment) collect(fragment);
      },
      Variable(variable) {
        usedVariables.add(variable.name.value);
      },
    });
  entitySelections.forEach(collect);
  usedVariables.delete(RECORD_ID_VARIABLE);
  const variableDefinitions: VariableDefinitionNode[] = [
    {
      kind: Kind.VARIABLE_DEFINITION,
      variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: RECORD_ID_VARIABLE } },
      type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'ID' } } },
    },
    ...(operation.variableDefinitions ?? []).filter((definition) => usedVariables.has(definition.variable.name.value)),
  ];
  const document: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      { kind: Kind.OPERATION_DEFINITION, operation: 'query' as never, name: { kind: Kind.NAME, value: 'SubscriptionEventEntity' }, variableDefinitions, selectionSet: { kind: Kind.SELECTION_SET, selections: fields } },
      ...[...usedFragments].map((name) => fragments.get(name)).filter((fragment): fragment is FragmentDefinitionNode => Boolean(fragment)),
    ],
  };
  return { query: print(document), variableNames: [...usedVariables] };
}
