import { GraphQLError } from 'graphql';

/** Errors a client can act on; each carries `extensions.code` (and the offending input `field` when there is one). */
export function badUserInput(field: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field } });
}

export function notFound(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'NOT_FOUND' } });
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED' } });
}

export function conflict(field: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'CONFLICT', field } });
}

/** A state change the record's workflow does not allow from its current status. */
export function illegalTransition(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', reason: 'ILLEGAL_TRANSITION' } });
}
