/**
 * The fast path's quick check of built-in scalar variables decides exactly as graphql-js's coercion does, for every
 * built-in scalar, nullable or not, over values of every JSON kind (and absent).
 */
import { buildSchema, getVariableValues, Kind, parse, type OperationDefinitionNode } from 'graphql';
import { scalarVariablesCheck } from '../../gateway/fastPath/scalarVariables';

const schema = buildSchema('type Query { echo(id: ID, s: String, i: Int, f: Float, b: Boolean): String }');
const TYPES = ['ID', 'ID!', 'String', 'String!', 'Int', 'Int!', 'Float', 'Float!', 'Boolean', 'Boolean!'];
const VALUES: unknown[] = [undefined, null, 'x', '', '1', 0, 1, -7, 1.5, 2_147_483_647, 2_147_483_648, -2_147_483_648, -2_147_483_649, 1e300, true, false, {}, [], ['x'], { id: 1 }];

function operationWith(type: string): OperationDefinitionNode {
  return parse(`query Q($v: ${type}) { echo }`).definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
}

describe('scalarVariablesCheck', () => {
  test.each(TYPES)('$v: %s accepts exactly what graphql-js coerces', (type) => {
    const operation = operationWith(type);
    const check = scalarVariablesCheck(operation.variableDefinitions);
    expect(check).not.toBeNull();
    for (const value of VALUES) {
      const variables = value === undefined ? {} : { v: value };
      const graphqlAccepts = getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 1 }).errors === undefined;
      expect({ type, value, accepts: check!(variables) }).toEqual({ type, value, accepts: graphqlAccepts });
    }
  });

  test('operations with a default, a list, an enum or an input object are left to graphql-js', () => {
    for (const definitions of ['($v: ID = "x")', '($v: [ID!])', '($v: ID!, $w: [String])']) {
      const operation = parse(`query Q${definitions} { echo }`).definitions[0] as OperationDefinitionNode;
      expect(scalarVariablesCheck(operation.variableDefinitions)).toBeNull();
    }
    expect(scalarVariablesCheck(operationWith('Custom!').variableDefinitions)).toBeNull();
  });

  test('no variables: nothing to check', () => {
    expect(scalarVariablesCheck(undefined)!({ anything: 1 })).toBe(true);
  });
});
