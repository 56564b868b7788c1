import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { formatFen, MAX_FEN, parseMoney, type Fen } from '../../../kernel';

/**
 * Refusals are MoneyErrors, not GraphQLErrors, so that graphql-js wraps them with the value's location (literals)
 * or variable path (variables); the regional formatError then makes them BAD_USER_INPUT with field and reason.
 */
function parsed(value: unknown): Fen {
  return parseMoney(value, 'Money');
}

/**
 * `Money`: an amount in yuan (人民币). Served as a string with exactly two decimals ("342876.22", "0.30"); accepted
 * as a string or a number with at most two decimals. Resolvers and documents hold whole fen (kernel/money.ts).
 */
export const MoneyScalar = new GraphQLScalarType<Fen, string>({
  name: 'Money',
  description: `An amount in yuan (人民币), exact to the fen: served as a string with two decimals ("1234.50"); accepted as a string or a number with at most two decimals, up to ±${formatFen(MAX_FEN)}`,
  serialize(value) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new GraphQLError(`Money holds whole fen, got ${String(value)}`);
    return formatFen(value);
  },
  parseValue: parsed,
  parseLiteral(node: ValueNode) {
    if (node.kind === Kind.STRING || node.kind === Kind.INT || node.kind === Kind.FLOAT) return parsed(node.value);
    throw new GraphQLError(`Money is a string or a number, not ${node.kind}`, { nodes: node, extensions: { code: 'BAD_USER_INPUT', reason: 'NOT_A_NUMBER' } });
  },
});
