import type { IncomingMessage, Server } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import {
  getOperationAST,
  getVariableValues,
  GraphQLError,
  Kind,
  parse,
  print,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLSchema,
} from 'graphql';
import { handleProtocols } from 'graphql-ws';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import { decodeEventCursor, KernelValidationError } from '../../kernel';
import { DEFAULT_MAX_BODY_BYTES, jsonDeeperThan, MAX_JSON_DEPTH } from '../../platform/apolloHttp';
import { IdentityError, bearerToken, type Identity } from '../../platform/identity';
import type { ClientTokenVerifier } from '../clientTokens';
import { originAllowed } from '../cors';
import { verifyUpgrade, type UpgradeVerdict } from '../allowedHosts';
import { guardSchemaDetails, hideSchemaDetails } from '../publicSchemaDetails';
import { RequestRefusal, type RequestLimits } from '../limits/requestLimits';
import type { GatewayMetrics } from '../metrics';
import { argumentValue, fieldsOf } from '../router/operations';
import type { GatewayContext } from '../router/regionRouterDataSource';
import { entityQueryFor } from './eventResolution';
import { registerSessionRegistry, SessionRegistry, type Session } from './sessionRegistry';
import type { SubscriptionHub } from './subscriptionHub';
import { flushAndClose, socketWriterOf } from './socketWriter';
import type { DirectSink } from './subscriber';
import { allowMessagesUpTo, serveGraphQLOverWebSocket } from './webSocketTransport';
import { ALL_VALIDATION_RULES, subscriptionRootDirectiveErrors } from '../validationRules';
import { callerMayRead, parseFilter, subscriptionDeclaration, SubscriptionInputError, type SubscriptionDeclaration } from '../../contract';

type ConnectionExtra = {
  socket: WebSocket;
  request: IncomingMessage;
  identity?: Identity;
  /** Whom this connection's requests count against (RequestLimits.callerKey). */
  callerKey?: string;
  /** The authenticated session (its token's expiry and id), once connection_init is accepted. */
  session?: Session;
  [key: string]: unknown;
};

/**
 * The largest message before a connection's connection_init is accepted: the init message with a bearer token
 * (an identity provider's token with many claims included), pings. Anything larger is refused (close 1009)
 * after its frame header, before the gateway reads or parses it.
 */
export const MAX_UNAUTHENTICATED_MESSAGE_BYTES = 8 * 1024;

/** A subscribe message is the HTTP body (query, variables, operationName) inside `{"id":…,"type":"subscribe","payload":…}`. */
const SUBSCRIBE_ENVELOPE_BYTES = 1024;

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
 * A WebSocket close reason of at most 123 bytes of UTF-8, cut at a character (ws throws on a longer one, which
 * graphql-ws turns into an internal error: a non-ASCII reason cut at 120 characters was one).
 */
export function closeReason(text: string): string {
  if (Buffer.byteLength(text) <= 123) return text;
  let cut = '';
  for (const character of text) {
    if (Buffer.byteLength(cut + character) > 120) break;
    cut += character;
  }
  return `${cut}…`;
}

/** The same error with `code` in its extensions (unless it has one). */
function withCode(error: GraphQLError, code: string): GraphQLError {
  if (typeof error.extensions.code === 'string') return error;
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, originalError: error.originalError, extensions: { ...error.extensions, code } });
}

/** Distinct operation texts whose validated documents are kept (a client fleet sends a handful of them). */
const MAX_VALIDATED_DOCUMENTS = 1_000;
/** Longer texts are validated each time rather than kept. */
const MAX_KEPT_QUERY_LENGTH = 20_000;

/**
 * Parses and validates an operation as HTTP requests are (graphql-ws would do it itself, answering a syntax error
 * as an internal error that closes the socket with 4500, and validation errors without a code). A text that
 * validated once against `schema` is not parsed or validated again (thousands of clients subscribe with the same
 * few texts, only their variables differ); the document is shared, read-only, and every call gets its own args.
 */
function executionArgs(
  schema: GraphQLSchema,
  payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null },
  validated: LRUCache<string, DocumentNode>,
): ExecutionArgs | GraphQLError[] {
  let document = validated.get(payload.query);
  if (!document) {
    try {
      document = parse(payload.query);
    } catch (error) {
      return [withCode(error instanceof GraphQLError ? error : new GraphQLError(String((error as Error).message ?? error)), 'GRAPHQL_PARSE_FAILED')];
    }
    const errors = subscriptionRootDirectiveErrors(document);
    if (errors.length === 0) errors.push(...validate(schema, document, ALL_VALIDATION_RULES));
    if (errors.length > 0) return errors.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED'));
    if (payload.query.length <= MAX_KEPT_QUERY_LENGTH) validated.set(payload.query, document);
  }
  if (!getOperationAST(document, payload.operationName)) {
    const message = payload.operationName ? `Unknown operation named "${payload.operationName}".` : 'Must provide operation name if query contains multiple operations.';
    return [new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } })];
  }
  return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
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
    /** The same limits as HTTP requests: sockets and subscriptions per caller, every operation's rate and document limits. */
    limits: RequestLimits;
    metrics: GatewayMetrics | null;
    logger: Logger;
    /** Foreign web origins allowed to open a socket (as for CORS); the gateway's own pages and non-browser clients always may. */
    allowedOrigins: readonly string[];
    /** HTTP's body limit (MAX_REQUEST_BYTES): an authenticated connection's messages may be as large, no larger. */
    maxBodyBytes?: number;
    /** Where the open authenticated connections are kept (for revocation); one of its own unless given. `sessionRegistryOf(server)` finds it. */
    sessions?: SessionRegistry;
  },
): WebSocketServer {
  const maxMessageBytes = (options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES) + SUBSCRIBE_ENVELOPE_BYTES;
  const sessions = options.sessions ?? new SessionRegistry();
  const webSocketServer = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    // Per server in ws: every socket starts at the unauthenticated limit (serveGraphQLOverWebSocket) and is raised to this one when authenticated.
    maxPayload: maxMessageBytes,
    handleProtocols,
    verifyClient: ({ origin, req }: { origin: string | undefined; req: IncomingMessage }, done: UpgradeVerdict) => verifyUpgrade(httpServer, req, done, originAllowed(origin || undefined, req, options.allowedOrigins)),
  });
  registerSessionRegistry(webSocketServer, sessions);
  const identityOf = (extra: unknown): Identity => (extra as ConnectionExtra).identity!;
  const validated = new LRUCache<string, DocumentNode>({ max: MAX_VALIDATED_DOCUMENTS });
  // Results from Apollo carry formatted errors (plain objects), which graphql-ws would call toJSON on.
  const formatResult = (identity: Identity, result: ExecutionResult): FormattedExecutionResult =>
    hideSchemaDetails(options.apollo, identity, { ...result, ...(result.errors ? { errors: result.errors.map((error) => (error instanceof GraphQLError ? error.toJSON() : error)) } : {}) } as FormattedExecutionResult);

  serveGraphQLOverWebSocket<Record<string, unknown> | undefined, ConnectionExtra>(
    webSocketServer,
    {
      schema: options.schema,
      onConnect: async (context) => {
        const authorization = authorizationOf(context.connectionParams, context.extra.request);
        const { socket } = context.extra;
        try {
          const token = bearerToken(authorization);
          if (!token) throw new IdentityError('send "Bearer <token>" as connectionParams.authorization', 'missing');
          const identity = await options.tokens.verify(token);
          // Closed while its token was being verified: nothing to register (its close event has passed).
          if (socket.readyState !== WebSocket.OPEN) return false;
          const callerKey = options.limits.callerKey(identity, token);
          try {
            const release = options.limits.openSocket(identity, callerKey);
            socket.once('close', release);
          } catch (refusal) {
            options.metrics?.rejected.inc({ reason: 'sockets' });
            socket.close(4429, closeReason((refusal as Error).message));
            return false;
          }
          context.extra.identity = identity;
          context.extra.callerKey = callerKey;
          // Closed with 4403 when the token expires (or is revoked); the client connects again with a new token and resumes by cursor.
          const session = sessions.open(identity, (code, reason) => {
            if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) flushAndClose(socket, code, closeReason(reason));
          });
          context.extra.session = session;
          socket.once('close', session.end);
          if (session.expired) return false;
          allowMessagesUpTo(socket, maxMessageBytes);
          return true;
        } catch (error) {
          const reason = error instanceof IdentityError ? error.message : 'token could not be verified';
          context.extra.socket.close(4401, closeReason(`Unauthenticated: ${reason}`));
          return false;
        }
      },
      // Before graphql-ws parses or validates: the caller's rate, its subscriptions on this socket, the document's limits.
      onSubscribe: (context, _id, payload) => {
        const identity = identityOf(context.extra);
        // A message that arrived after the token expired, before its timer closed the socket: it does not run.
        if (context.extra.session?.expired) {
          context.extra.session.closeExpired();
          return [new GraphQLError('token expired', { extensions: { code: 'UNAUTHENTICATED' } })];
        }
        try {
          options.limits.takeRate(identity, context.extra.callerKey!);
          if (jsonDeeperThan(payload.variables)) {
            throw new GraphQLError(`variables nest lists or objects more than ${MAX_JSON_DEPTH} levels deep`, { extensions: { code: 'BAD_REQUEST' } });
          }
          const measure = options.limits.check(identity, payload.query, payload.operationName, payload.variables);
          // graphql-ws has already reserved this operation's entry: the others are what is open.
          if (measure?.kind === 'subscription') options.limits.checkSubscriptionsPerSocket(identity, Object.keys(context.subscriptions).length - 1);
        } catch (error) {
          if (!(error instanceof GraphQLError)) throw error;
          if (options.metrics) options.metrics.rejected.inc({ reason: error instanceof RequestRefusal ? error.reason : String(error.extensions.code ?? 'other').toLowerCase() });
          return [error];
        }
        return guardSchemaDetails(options.apollo, identity, executionArgs(options.schema, payload, validated));
      },
      onNext: (context, _id, _payload, _args, result): FormattedExecutionResult => formatResult(identityOf(context.extra), result),
      context: (context, id) => ({ identity: identityOf(context.extra), socket: context.extra.socket, operationId: id, format: (result: ExecutionResult) => formatResult(identityOf(context.extra), result) }),
      // An error escaping execute or subscribe would make graphql-ws close the whole socket (4500), ending every
      // other operation on it: it is that operation's error instead.
      execute: (args: ExecutionArgs) => operationErrorsContained('query', args, options.logger, async () => {
        const { identity } = args.contextValue as { identity: Identity };
        const response = await options.apollo.executeOperation(
          { query: print(args.document), variables: (args.variableValues ?? undefined) as Record<string, unknown> | undefined, operationName: args.operationName ?? undefined },
          { contextValue: { identity } },
        );
        return response.body.kind === 'single' ? (response.body.singleResult as ExecutionResult) : errorResult('incremental delivery is not supported', { code: 'BAD_REQUEST' });
      }),
      subscribe: (args: ExecutionArgs) => operationErrorsContained('subscription', args, options.logger, () => subscribe(args, options)),
    },
    {
      initialMessageBytes: MAX_UNAUTHENTICATED_MESSAGE_BYTES,
      // Nothing is sent once the connection's token has expired, even before its timer has closed the socket.
      maySend: (extra) => !extra.session?.expired,
      logger: options.logger,
    },
    (socket, request) => ({ socket, request }),
  );
  return webSocketServer;
}

/** Runs one operation; an error it throws becomes that operation's result (logged), the socket stays open. */
async function operationErrorsContained<T>(kind: string, args: ExecutionArgs, logger: Logger, run: () => Promise<T>): Promise<T | ExecutionResult> {
  try {
    return await run();
  } catch (error) {
    logger.error({ err: error, operationName: args.operationName ?? null, kind }, 'a WebSocket operation failed');
    return errorResult('the operation failed on the gateway', { code: 'INTERNAL_SERVER_ERROR' });
  }
}

async function subscribe(
  args: ExecutionArgs,
  options: { hub: SubscriptionHub; subscriptions: readonly SubscriptionDeclaration[] },
): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const { identity, socket, operationId, format } = args.contextValue as { identity: Identity; socket: WebSocket; operationId: string; format: DirectSink['format'] };
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation || operation.operation !== 'subscription') return errorResult('expected a subscription operation', { code: 'BAD_REQUEST' });
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of args.document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const [rootField] = fieldsOf(operation.selectionSet, fragments);
  const declaration = rootField ? subscriptionDeclaration(options.subscriptions, rootField.name.value) : undefined;
  if (!rootField || !declaration) return errorResult('unknown subscription field', { code: 'BAD_REQUEST' });
  const refusal = declaration.refuse?.(identity) ?? (callerMayRead(identity, declaration.entity) ? null : `this token may not read ${declaration.entity} records`);
  if (refusal) return errorResult(refusal, { code: 'FORBIDDEN' });
  // graphql-ws hands the variables over as sent: coerce them as execution would (a missing non-null value, a wrong type).
  const coerced = getVariableValues(args.schema, operation.variableDefinitions ?? [], (args.variableValues ?? {}) as Record<string, unknown>);
  if (coerced.errors) return { errors: coerced.errors.map((error) => withCode(error, 'BAD_USER_INPUT')) };
  const variables = coerced.coerced;
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
  // Events are written straight to the socket through its writer (in order with graphql-ws's own messages).
  const sink: DirectSink = { writer: socketWriterOf(socket), operationId, format };
  return options.hub.subscribe(
    spec,
    (code, reason) => {
      if (socket.readyState === WebSocket.OPEN) flushAndClose(socket, code, closeReason(reason));
    },
    sink,
  );
}
