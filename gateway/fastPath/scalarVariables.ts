import { Kind, type TypeNode, type VariableDefinitionNode } from 'graphql';

/** Whether a value coerces to a built-in scalar, exactly as graphql-js 16's `parseValue` decides. */
const BUILT_IN_SCALARS: Readonly<Partial<Record<string, (value: unknown) => boolean>>> = {
  ID: (value) => typeof value === 'string' || Number.isInteger(value),
  String: (value) => typeof value === 'string',
  Int: (value) => typeof value === 'number' && Number.isInteger(value) && value <= 2_147_483_647 && value >= -2_147_483_648,
  Float: (value) => typeof value === 'number' && Number.isFinite(value),
  Boolean: (value) => typeof value === 'boolean',
};

interface ScalarVariable {
  name: string;
  required: boolean;
  accepts: (value: unknown) => boolean;
}

function scalarVariable(definition: VariableDefinitionNode): ScalarVariable | null {
  if (definition.defaultValue) return null;
  const type: TypeNode = definition.type;
  const required = type.kind === Kind.NON_NULL_TYPE;
  const named = type.kind === Kind.NON_NULL_TYPE ? type.type : type;
  if (named.kind !== Kind.NAMED_TYPE) return null;
  const accepts = BUILT_IN_SCALARS[named.name.value];
  return accepts ? { name: definition.variable.name.value, required, accepts } : null;
}

/**
 * For an operation whose variables are all built-in scalars without defaults (a by-ID lookup's `$id: ID!`), a check
 * of the request's variables equivalent to graphql-js's coercion, without building its errors and values; null when
 * any variable is of another kind (then graphql-js's `getVariableValues` decides).
 */
export function scalarVariablesCheck(definitions: readonly VariableDefinitionNode[] | undefined): ((variables: Record<string, unknown>) => boolean) | null {
  const variables: ScalarVariable[] = [];
  for (const definition of definitions ?? []) {
    const variable = scalarVariable(definition);
    if (!variable) return null;
    variables.push(variable);
  }
  return (values) => {
    for (const variable of variables) {
      const value = values[variable.name];
      if (value === undefined || value === null) {
        if (variable.required) return false;
        continue;
      }
      if (!variable.accepts(value)) return false;
    }
    return true;
  };
}
