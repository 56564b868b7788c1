import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError, parse } from 'graphql';
import type { Logger } from 'pino';
import { jsonDeeperThan, MAX_JSON_DEPTH } from '../platform/apolloHttp';
import { requestIdOf } from '../platform/requestId';
import { bearerToken } from '../platform/identity';
import { authenticateClient, authorizationHeader } from './authentication';
import type { ClientTokenVerifier } from './clientTokens';
import { RequestRefusal, type RequestLimits } from './limits/requestLimits';
import type { GatewayMetrics } from './metrics';
import { Cancellation } from './router/callCancellation';
import type { GatewayContext } from './router/regionRouterDataSource';
import { subscriptionRootDirectiveErrors } from './validationRules';

export interface RequestContextOptions {
  tokens: ClientTokenVerifier;
  limits: RequestLimits;
  metrics: GatewayMetrics | null;
  /** Writes the request's log line when it is refused here (Apollo's plugins never see such a request). */
  logger: Logger | null;
}

interface RequestBody {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
}

/**
 * Why a request's region calls are aborted when its response has ended: one reason for all (an abort without one
 * builds a DOMException, stack trace included, on every request).
 */
const RESPONSE_ENDED = new Error('the client request ended');

/** What a request asks: the JSON body of a POST, or the URL parameters of a GET (which Apollo serves as well). */
function requestPayload(request: IncomingMessage, body: unknown): RequestBody {
  if (request.method !== 'GET') return (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as RequestBody;
  const search = new URL(request.url ?? '/', 'http://localhost').searchParams;
  let variables: unknown;
  try {
    variables = JSON.parse(search.get('variables') ?? 'null');
  } catch {
    // Apollo refuses variables that are not JSON.
  }
  return { query: search.get('query') ?? undefined, operationName: search.get('operationName') ?? undefined, variables };
}

/** Refuses what graphql-js 16 would throw on while validating (Apollo answers a throw with HTTP 500). */
function checkBeforeValidation(query: string): void {
  if (!query.includes('subscription') || !/@(skip|include)\b/.test(query)) return;
  let errors: GraphQLError[];
  try {
    errors = subscriptionRootDirectiveErrors(parse(query));
  } catch {
    return; // Apollo reports the syntax error.
  }
  if (errors.length > 0) throw new GraphQLError(errors[0]!.message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } } });
}

/**
 * The context of one HTTP GraphQL request, built before Apollo parses or validates anything: the caller
 * (UNAUTHENTICATED otherwise), then its rate and concurrency, then the document's limits. A refusal is counted
 * and logged here; the concurrency slot is given back when the response ends.
 */
export function requestContextFactory(options: RequestContextOptions): (request: IncomingMessage, body: unknown, response: ServerResponse) => Promise<GatewayContext> {
  return async (request, body, response) => {
    const requestId = requestIdOf(request);
    const started = performance.now();
    const { query, operationName, variables } = requestPayload(request, body);
    const operation = typeof operationName === 'string' ? operationName : null;
    let agency: string | null = null;
    try {
      const authorization = authorizationHeader(request);
      const identity = await authenticateClient(authorization, options.tokens);
      agency = identity.agency;
      const callerKey = options.limits.callerKey(identity, bearerToken(authorization));
      const release = options.limits.admit(identity, callerKey);
      // When the response ends, normally or because the client went away, the request's slot is freed and any
      // region call still running for it is aborted.
      const ended = new Cancellation();
      response.once('close', () => {
        release();
        ended.abort(RESPONSE_ENDED);
      });
      // A POST body is checked as it is read; a GET's variables come from the URL.
      if (jsonDeeperThan(variables)) throw new GraphQLError(`variables nest lists or objects more than ${MAX_JSON_DEPTH} levels deep`, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
      if (typeof query === 'string') {
        const measure = options.limits.check(identity, query, operation, variables && typeof variables === 'object' ? (variables as Record<string, unknown>) : null);
        if (measure && options.metrics) {
          options.metrics.queryDepth.observe(measure.depth);
          options.metrics.queryCost.observe(measure.cost.total);
        }
        checkBeforeValidation(query);
      }
      return { identity, requestId, regionCalls: [], callerKey, signal: ended };
    } catch (error) {
      const code = error instanceof GraphQLError && typeof error.extensions.code === 'string' ? error.extensions.code : 'INTERNAL_SERVER_ERROR';
      const reason = error instanceof RequestRefusal ? error.reason : code === 'UNAUTHENTICATED' ? 'unauthenticated' : code.toLowerCase();
      if (options.metrics) {
        options.metrics.requests.inc({ operation: options.metrics.operationLabel(operation), outcome: code });
        options.metrics.rejected.inc({ reason });
      }
      options.logger?.info({ requestId, agency, operation, durationMs: Math.round((performance.now() - started) * 10) / 10, regions: [], outcome: code, reason }, 'request');
      throw error;
    }
  };
}
