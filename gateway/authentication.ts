import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import { bearerToken, IdentityError, type Identity } from '../platform/identity';
import type { ClientTokenVerifier } from './clientTokens';

/** The caller of a client request: a verified bearer JWT, or UNAUTHENTICATED (HTTP 401) before anything runs. */
export async function authenticateClient(authorization: string | undefined, tokens: ClientTokenVerifier): Promise<Identity> {
  const token = bearerToken(authorization);
  if (!token) {
    throw new GraphQLError('Unauthenticated: send an agency or public token as "Authorization: Bearer <token>"', {
      extensions: { code: 'UNAUTHENTICATED', reason: 'missing', http: { status: 401 } },
    });
  }
  try {
    return await tokens.verify(token);
  } catch (error) {
    const identityError = error instanceof IdentityError ? error : new IdentityError('token could not be verified', 'invalid');
    throw new GraphQLError(`Unauthenticated: ${identityError.message}`, {
      extensions: { code: 'UNAUTHENTICATED', reason: identityError.reason, http: { status: 401 } },
    });
  }
}

export function authorizationHeader(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  return Array.isArray(header) ? header[0] : header;
}
