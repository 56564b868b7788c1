import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { MongoServerError } from 'mongodb';
import type { Logger } from 'pino';
import { KernelValidationError, MoneyError } from '../../../kernel';
import { DomainError } from '../data/domainErrors';
import { domainErrorExtensions } from './errors';

/** MongoDB's error code for a command stopped by its maxTimeMS. */
const MAX_TIME_MS_EXPIRED = 50;

const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
]);

/**
 * Client errors pass through with their code; kernel validation errors become BAD_USER_INPUT, and a domain error
 * that no resolver mapped gets its own code; anything else is masked and logged.
 */
/** The MoneyError behind a scalar's refusal, however graphql-js and Apollo wrapped it (variable or literal). */
function moneyErrorIn(error: unknown): MoneyError | undefined {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; depth += 1) {
    if (cause instanceof MoneyError) return cause;
    cause = (cause as { originalError?: unknown }).originalError;
  }
  return undefined;
}

/** Where graphql-js says a variable's bad value sits: `Variable "$input" got invalid value … at "input.amountInDispute"`. */
function variablePath(message: string): string | undefined {
  const variable = /^Variable "\$(\w+)"/.exec(message)?.[1];
  if (!variable) return undefined;
  return /at "([^"]+)"/.exec(message)?.[1] ?? variable;
}

export function formatRegionalError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const money = moneyErrorIn(error);
    if (money) {
      // A Money value refused: while the variables or literals were read (graphql-js wraps it), or by a resolver.
      const field = variablePath(formatted.message) ?? money.field;
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code: 'BAD_USER_INPUT', field, reason: money.reason } };
    }
    const original = unwrapResolverError(error);
    if (original instanceof KernelValidationError) {
      return { message: original.message, path: formatted.path, locations: formatted.locations, extensions: { code: original.code, field: original.field } };
    }
    if (original instanceof DomainError) {
      return { message: original.message, path: formatted.path, locations: formatted.locations, extensions: domainErrorExtensions(original) };
    }
    if (original instanceof MongoServerError && original.code === MAX_TIME_MS_EXPIRED) {
      // The request's bound (DB_COMMAND_TIMEOUT_MS) stopped the query in the database: the caller asked too much.
      return { message: 'The query took longer than this region allows and was stopped; narrow the filter or ask for less', path: formatted.path, locations: formatted.locations, extensions: { code: 'QUERY_TIMEOUT' } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && CLIENT_CODES.has(code)) {
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected resolver error');
    return { message: 'Internal server error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
