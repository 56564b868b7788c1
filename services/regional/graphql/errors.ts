import { GraphQLError } from 'graphql';
import type { MiddlewareFn } from 'type-graphql';
import { DomainError } from '../data/domainErrors';

/** The `extensions` a domain refusal carries on the wire: its code, then its details (`field`, `reason`). */
export function domainErrorExtensions(error: DomainError): Record<string, string> {
  return { code: error.code, ...error.details };
}

/** A domain refusal as the GraphQLError clients see; anything else is passed on unchanged. */
export function asGraphQLError(error: unknown): unknown {
  if (!(error instanceof DomainError)) return error;
  return new GraphQLError(error.message, { originalError: error, extensions: domainErrorExtensions(error) });
}

/** type-graphql middleware (`@UseMiddleware` on every resolver class) that maps domain refusals thrown below it. */
export const mapDomainErrors: MiddlewareFn = async (_action, next) => {
  try {
    return await next();
  } catch (error) {
    throw asGraphQLError(error);
  }
};

/** The same mapping for resolvers outside type-graphql: federation `__resolveReference`, the links subgraph. */
export function withDomainErrorsMapped<TArgs extends unknown[], TResult>(resolve: (...args: TArgs) => TResult | Promise<TResult>) {
  return async (...args: TArgs): Promise<TResult> => {
    try {
      return await resolve(...args);
    } catch (error) {
      throw asGraphQLError(error);
    }
  };
}
