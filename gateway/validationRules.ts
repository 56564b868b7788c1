import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isListType,
  isScalarType,
  isSpecifiedScalarType,
  Kind,
  specifiedRules,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLInputType,
  type GraphQLScalarType,
  type FloatValueNode,
  type IntValueNode,
  type ListValueNode,
  type ObjectValueNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

/**
 * Aliases starting with `__` are refused: those names belong to introspection, and the federated executor reads
 * `__typename` in every response it merges (an alias `__typename: count` broke the merge with an internal error).
 */
export function ReservedAliasRule(context: ValidationContext): ASTVisitor {
  return {
    Field(node) {
      if (node.alias?.value.startsWith('__')) {
        context.reportError(new GraphQLError(`Alias "${node.alias.value}" is reserved: names starting with "__" belong to introspection`, { nodes: node.alias }));
      }
    },
  };
}

/**
 * A custom scalar (DateTime) takes a scalar literal, never a list or an object. graphql-js accepts any literal for
 * a custom scalar it only knows from the composed SDL, and Apollo Gateway's planning of a nested list literal there
 * takes time exponential in its depth (`announcedTo: [[[…1…]]]`, 25 levels: 10 s of the gateway's CPU; 600 levels
 * froze it). Variables are not affected: their values are not planned.
 */
export function CustomScalarLiteralRule(context: ValidationContext): ASTVisitor {
  const customScalar = (type: GraphQLInputType | null | undefined): GraphQLScalarType | null => {
    const named = type ? getNamedType(type) : null;
    return named && isScalarType(named) && !isSpecifiedScalarType(named) ? named : null;
  };
  const refuse = (node: ListValueNode | ObjectValueNode, scalar: GraphQLScalarType, what: string) => {
    context.reportError(new GraphQLError(`${scalar.name} cannot represent ${what}: give a ${scalar.name} as a string`, { nodes: node }));
    return false;
  };
  return {
    ListValue(node) {
      // Inside a list literal the input type is the item's; the list itself stands where its parent's type is expected.
      const expected = context.getParentInputType();
      const scalar = customScalar(expected);
      if (scalar && !isListType(getNullableType(expected))) return refuse(node, scalar, 'a list');
      return undefined;
    },
    ObjectValue(node) {
      const scalar = customScalar(context.getInputType());
      return scalar ? refuse(node, scalar, 'an object') : undefined;
    },
  };
}

/**
 * Number literals must be finite: graphql-js takes `1e999` (or an integer of 400 digits) as a Float of Infinity,
 * which Apollo Gateway then refuses while planning with HTTP 500.
 */
export function FiniteNumberRule(context: ValidationContext): ASTVisitor {
  const check = (node: IntValueNode | FloatValueNode) => {
    if (!Number.isFinite(Number(node.value))) context.reportError(new GraphQLError(`Number ${node.value.length > 40 ? `${node.value.slice(0, 40)}…` : node.value} is too large to represent`, { nodes: node }));
  };
  return { IntValue: check, FloatValue: check };
}

/** The gateway's rules beyond the specification's (Apollo Server takes them as `validationRules`). */
export const GATEWAY_VALIDATION_RULES: readonly ValidationRule[] = [ReservedAliasRule, CustomScalarLiteralRule, FiniteNumberRule];

/** Every rule a document meets at the gateway, over HTTP and over the WebSocket alike. */
export const ALL_VALIDATION_RULES: readonly ValidationRule[] = [...specifiedRules, ...GATEWAY_VALIDATION_RULES];

/**
 * graphql-js 16 checks that a subscription selects one root field by collecting its root fields with no variables,
 * and throws (instead of reporting an error) when `@skip` or `@include` there names a non-null variable: Apollo
 * answered such a document with HTTP 500, graphql-ws closed the socket with 4500. As graphql-js 17 and the
 * specification draft do, these directives are refused in a subscription's top-level selection (fragments included);
 * callers run this before validating.
 */
export function subscriptionRootDirectiveErrors(document: DocumentNode): GraphQLError[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const errors: GraphQLError[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION || definition.operation !== 'subscription') continue;
    const seen = new Set<string>();
    const conditional = (selectionSet: SelectionSetNode): boolean =>
      selectionSet.selections.some((selection) => {
        if (selection.directives?.some((directive) => directive.name.value === 'skip' || directive.name.value === 'include')) return true;
        if (selection.kind === Kind.INLINE_FRAGMENT) return conditional(selection.selectionSet);
        if (selection.kind !== Kind.FRAGMENT_SPREAD || seen.has(selection.name.value)) return false;
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        return fragment ? conditional(fragment.selectionSet) : false;
      });
    if (conditional(definition.selectionSet)) {
      const name = definition.name ? `Subscription "${definition.name.value}"` : 'Anonymous Subscription';
      errors.push(new GraphQLError(`${name} must not use @skip or @include directives in the top level selection`, { nodes: definition, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
    }
  }
  return errors;
}
