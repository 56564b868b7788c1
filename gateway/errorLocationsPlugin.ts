import type { ApolloServerPlugin } from '@apollo/server';
import { getLocation, Kind, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

/** The fields a selection set answers under a response key, fragments flattened. */
function fieldsByKey(selectionSet: SelectionSetNode | undefined, fragments: ReadonlyMap<string, FragmentDefinitionNode>, key: string, into: FieldNode[] = []): FieldNode[] {
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      if ((selection.alias?.value ?? selection.name.value) === key) into.push(selection);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) fieldsByKey(selection.selectionSet, fragments, key, into);
    else fieldsByKey(fragments.get(selection.name.value)?.selectionSet, fragments, key, into);
  }
  return into;
}

/** The field of the client's operation an error path names (list indices skipped), if any. */
export function fieldAtPath(document: DocumentNode, operation: OperationDefinitionNode, path: ReadonlyArray<string | number>): FieldNode | undefined {
  const fragments = new Map(document.definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]));
  let selectionSet: SelectionSetNode | undefined = operation.selectionSet;
  let field: FieldNode | undefined;
  for (const segment of path) {
    if (typeof segment === 'number') continue;
    field = fieldsByKey(selectionSet, fragments, segment)[0];
    if (!field) return undefined;
    selectionSet = field.selectionSet;
  }
  return field;
}

/**
 * BAD_USER_INPUT errors the regions report for a field (an argument refused while executing) reach the client with the field's
 * path but without locations: the regions saw the gateway's subgraph operation, not the client's document. This
 * plugin gives such an error the location of the field its path names in the client's operation.
 */
export function errorLocationsPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, document, operation }) {
          if (response.body.kind !== 'single' || !document || !operation) return;
          const errors = response.body.singleResult.errors;
          const unlocated = (error: (typeof errors & object)[number]) => error.path && !error.locations && error.extensions?.code === 'BAD_USER_INPUT';
          if (!errors?.some(unlocated)) return;
          response.body.singleResult.errors = errors.map((error) => {
            if (!unlocated(error)) return error;
            const field = fieldAtPath(document, operation, error.path ?? []);
            return field?.loc ? { ...error, locations: [getLocation(field.loc.source, field.loc.start)] } : error;
          });
        },
      };
    },
  };
}
