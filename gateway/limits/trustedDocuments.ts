import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLError, Kind, parse, print, visit, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

/**
 * The canonical hash of one operation of a document: the operation and the fragments it uses (sorted by name),
 * printed by graphql-js with `__typename` selections dropped (clients such as urql add them; they cost nothing).
 * Whitespace, comments, unused fragments and definition order do not change it.
 */
export function operationHash(document: DocumentNode, operation: OperationDefinitionNode): string {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const used = new Set<string>();
  const collect = (selectionSet: SelectionSetNode) =>
    visit(selectionSet, {
      FragmentSpread(spread) {
        if (used.has(spread.name.value)) return;
        used.add(spread.name.value);
        const fragment = fragments.get(spread.name.value);
        if (fragment) collect(fragment.selectionSet);
      },
    });
  collect(operation.selectionSet);
  const withoutTypename = <T extends OperationDefinitionNode | FragmentDefinitionNode>(node: T): T =>
    visit(node, { Field: (field) => (field.name.value === '__typename' && !field.alias ? null : undefined) }) as T;
  const parts = [withoutTypename(operation), ...[...used].sort().flatMap((name) => (fragments.has(name) ? [withoutTypename(fragments.get(name)!)] : []))];
  return createHash('sha256').update(parts.map((part) => print(part)).join('\n')).digest('hex');
}

/** The hashes of every operation in the `.graphql` files of `directory` (clients/operations, shipped with the build). */
export function trustedOperationHashes(directory: string): Set<string> {
  const hashes = new Set<string>();
  const files = readdirSync(directory).filter((name) => name.endsWith('.graphql'));
  // Fragments may live in any file: the operations are read as one document.
  const document = parse(files.map((file) => readFileSync(join(directory, file), 'utf8')).join('\n'));
  for (const definition of document.definitions) if (definition.kind === Kind.OPERATION_DEFINITION) hashes.add(operationHash(document, definition));
  return hashes;
}

/** Refuses an operation that is not one of the trusted documents. */
export function checkTrusted(trusted: ReadonlySet<string>, document: DocumentNode, operation: OperationDefinitionNode): void {
  if (trusted.has(operationHash(document, operation))) return;
  throw new GraphQLError('This token may only run the operations the hub publishes (clients/operations); ad-hoc queries need an agency token', {
    extensions: { code: 'FORBIDDEN', reason: 'trusted-documents', http: { status: 403 } },
  });
}
