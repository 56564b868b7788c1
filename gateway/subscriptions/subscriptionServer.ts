import type { IncomingMessage, Server } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { getOperationAST, GraphQLError, Kind, print, type ExecutionArgs, type ExecutionResult, type FragmentDefinitionNode, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import { decodeEventCursor, KernelValidationError } from '../../kernel';
import { IdentityError, bearerToken, type Identity } from '../../platform/identity';
import type { ClientTokenVerifier } from '../clientTokens';
import { originAllowed } from '../cors';
import { operationDepth } from '../queryLimits';
import { argumentValue, fieldsOf } from '../router/operations';
import type { GatewayContext } from '../router/regionRouterDataSource';
import { entityQueryFor } from './eventResolution';
import type { SubscriptionHub } from './subscriptionHub';
import { callerMayRead, parseFilter, subscriptionDeclaration, SubscriptionInputError, type SubscriptionDeclaration } from '../../contract';

type ConnectionExtra = {
  socket: WebSocket;
  request: IncomingMessage;
  identity?: Identity;
  [key: string]: unknown;
};

/**
 * The bearer token of a connection: `authorization` in connectionParams under any spelling (GraphiQL sends
 * `Authorization`), else the upgrade request's Authorization header (non-browser clients can send one).
 */
function authorizationOf(connectionParams: Record<string, unknown> | undefined, request: IncomingMessage): string | undefined {
  const key = Object.keys(connectionParams ?? {}).find((name) => name.toLowerCase() === 'authorization');
  const value = key ? connectionParams![key] : request.headers.authorization;
  return typeof value === 'string' ? value : undefined;
}

function errorResult(message: string, extensions: Record<string, unknown>): ExecutionResult {
  return { errors: [new GraphQLError(message, { extensions })] };
}

/**
 * graphql-ws on the gateway's /graphql path: subscriptions come from the hub; queries and mutations sent over
 * the socket run through the same Apollo Gateway as HTTP. The token travels in connectionParams.authorization.
 */
export function attachSubscriptions(
  httpServer: Server,
  options: {
    schema: GraphQLSchema;
    subscriptions: readonly SubscriptionDeclaration[];
    apollo: ApolloServer<GatewayContext>;
    hub: SubscriptionHub;
    /** Verifies the connection's bearer token, as for HTTP requests. */
    tokens: ClientTokenVerifier;
    maxDepth: number;
    logger: Logger;
    /** Foreign web origins allowed to open a socket (as for CORS); the gateway's own pages and non-browser clients always may. */
    allowedOrigins: readonly string[];
  },
): WebSocketServer {
  const webSocketServer = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    verifyClient: ({ origin, req }: { origin: string | undefined; req: IncomingMessage }) => originAllowed(origin || undefined, req, options.allowedOrigins),
  });
  const identityOf = (extra: unknown): Identity => (extra as ConnectionExtra).identity!;

  useServer<Record<string, unknown> | undefined, ConnectionExtra>(
    {
      schema: options.schema,
      onConnect: async (context) => {
        const authorization = authorizationOf(context.connectionParams, context.extra.request);
        try {
          const token = bearerToken(authorization);
          if (!token) throw new IdentityError('send "Bearer <token>" as connectionParams.authorization', 'missing');
          context.extra.identity = await options.tokens.verify(token);
          return true;
        } catch (error) {
          const reason = error instanceof IdentityError ? error.message : 'token could not be verified';
          context.extra.socket.close(4401, `Unauthenticated: ${reason}`.slice(0, 120));
          return false;
        }
      },
      context: (context) => ({ identity: identityOf(context.extra), socket: context.extra.socket }),
      execute: async (args: ExecutionArgs) => {
        const { identity } = args.contextValue as { identity: Identity };
        const response = await options.apollo.executeOperation(
          { query: print(args.document), variables: (args.variableValues ?? undefined) as Record<string, unknown> | undefined, operationName: args.operationName ?? undefined },
          { contextValue: { identity } },
        );
        return response.body.kind === 'single' ? (response.body.singleResult as ExecutionResult) : errorResult('incremental delivery is not supported', { code: 'BAD_REQUEST' });
      },
      subscribe: async (args: ExecutionArgs) => subscribe(args, options),
    },
    webSocketServer,
  );
  return webSocketServer;
}

async function subscribe(
  args: ExecutionArgs,
  options: { hub: SubscriptionHub; maxDepth: number; subscriptions: readonly SubscriptionDeclaration[] },
): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const { identity, socket } = args.contextValue as { identity: Identity; socket: WebSocket };
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation || operation.operation !== 'subscription') return errorResult('expected a subscription operation', { code: 'BAD_REQUEST' });
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of args.document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const depth = operationDepth(operation, Object.fromEntries(fragments));
  if (depth > options.maxDepth) {
    return errorResult(`Query depth ${depth} exceeds the limit of ${options.maxDepth} by ${depth - options.maxDepth}`, { code: 'QUERY_TOO_DEEP', limit: options.maxDepth, depth });
  }
  const [rootField] = fieldsOf(operation.selectionSet, fragments);
  const declaration = rootField ? subscriptionDeclaration(options.subscriptions, rootField.name.value) : undefined;
  if (!rootField || !declaration) return errorResult('unknown subscription field', { code: 'BAD_REQUEST' });
  const refusal = declaration.refuse?.(identity) ?? (callerMayRead(identity, declaration.entity) ? null : `this token may not read ${declaration.entity} records`);
  if (refusal) return errorResult(refusal, { code: 'FORBIDDEN' });
  const variables = (args.variableValues ?? {}) as Record<string, unknown>;
  let spec;
  try {
    const filter = parseFilter(declaration.filters, argumentValue(rootField, 'filter', variables) as Record<string, unknown> | undefined);
    const after = argumentValue(rootField, 'after', variables);
    const entityQuery = entityQueryFor(operation, rootField, fragments, declaration.entityField.name, declaration.byIdQuery);
    const entityVariables = Object.fromEntries((entityQuery?.variableNames ?? []).filter((name) => name in variables).map((name) => [name, variables[name]]));
    spec = {
      declaration,
      rootField,
      fragments,
      filter,
      entityQuery,
      entityVariables,
      identity,
      after: typeof after === 'string' && after.length > 0 ? decodeEventCursor(after) : undefined,
    };
  } catch (error) {
    if (error instanceof SubscriptionInputError || error instanceof KernelValidationError) {
      return errorResult(error.message, { code: 'BAD_USER_INPUT', field: error.field });
    }
    throw error;
  }
  return options.hub.subscribe(spec, (code, reason) => {
    if (socket.readyState === WebSocket.OPEN) socket.close(code, reason);
  });
}
