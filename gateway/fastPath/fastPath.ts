import type { IncomingMessage, ServerResponse } from 'node:http';
import { trace } from '@opentelemetry/api';
import { getVariableValues, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { SubgraphName } from '../../contract';
import type { GatewayMetrics } from '../metrics';
import { rawBodyOf, RegionUnavailableError, type GraphQLResponseBody } from '../router/regionClient';
import type { GatewayContext, RegionRouterDataSource } from '../router/regionRouterDataSource';
import type { JsonObject } from '../router/routedRequest';
import type { FastOperations, PlannedOperation, SingleFetchOperation } from './fastOperations';
import { executePlan, PlanFailed } from './planExecution';
import { shapeResult, ShapingFailed } from './resultShaping';

export interface FastPathOptions {
  operations: FastOperations;
  /** The region routers Apollo Gateway uses, by subgraph: the fast path asks the same ones. */
  routers: ReadonlyMap<SubgraphName, RegionRouterDataSource>;
  clientSchema: GraphQLSchema;
  metrics: GatewayMetrics | null;
  logger: Logger | null;
}

/** What Apollo Server answers a single result with when the client does not ask for another media type. */
const CONTENT_TYPE = 'application/json; charset=utf-8';
const BODY_KEYS = new Set(['query', 'operationName', 'variables']);

interface FastRequestBody {
  query: string;
  operationName: string | null;
  variables: JsonObject;
}

/**
 * The request as the fast path takes it: a POST of JSON (what Apollo's CSRF check lets through), answered as JSON,
 * whose body holds a query and at most an operation name and variables (no extensions: no persisted queries, no
 * batches). Anything else is Apollo's.
 */
function fastRequestBody(request: IncomingMessage, body: unknown): FastRequestBody | null {
  if (request.method !== 'POST') return null;
  const contentType = request.headers['content-type'];
  if (!contentType || !/^application\/json\s*(;|$)/i.test(contentType)) return null;
  const accept = request.headers.accept;
  if (accept !== undefined && !/^\s*(\*\/\*|application\/json)\s*$/i.test(accept)) return null;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const fields = body as Record<string, unknown>;
  for (const key in fields) if (!BODY_KEYS.has(key)) return null;
  const { query, operationName, variables } = fields;
  if (typeof query !== 'string') return null;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return null;
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return null;
  return { query, operationName: operationName ?? null, variables: (variables ?? {}) as JsonObject };
}

/** The region's bytes when the answer is exactly the region's result (`{"data":…}`), otherwise the serialized result. */
function responseText(result: GraphQLResponseBody): string {
  const raw = rawBodyOf(result);
  if (raw !== undefined && raw.startsWith('{"data":') && Object.keys(result).length === 1) return raw.endsWith('\n') ? raw : `${raw}\n`;
  return `${JSON.stringify({ data: result.data })}\n`;
}

/** The response text for a single-fetch operation: the region's bytes or the router's merge; null on any error. */
async function singleFetchAnswer(operation: SingleFetchOperation, variables: JsonObject, context: GatewayContext, options: FastPathOptions): Promise<string | null> {
  let result: GraphQLResponseBody;
  try {
    result = (await options.routers.get(operation.subgraph)!.answer(operation.document, operation.query, operation.operationName, variables, context)) as GraphQLResponseBody;
  } catch {
    return null;
  }
  if (result.errors?.length || !result.data || typeof result.data !== 'object') return null;
  return responseText(result);
}

/** The response text for a planned operation, executed and shaped here; null on any error or shape Apollo would not answer with data alone. */
async function plannedAnswer(operation: PlannedOperation, variables: JsonObject, context: GatewayContext, options: FastPathOptions): Promise<string | null> {
  try {
    const data = await executePlan(operation.plan, { routers: options.routers, schema: options.clientSchema, variables, context });
    return `${JSON.stringify({ data: shapeResult(operation.shape, data, variables) })}\n`;
  } catch (error) {
    // Anything else is a fault here, never the client's: Apollo still answers, and the log says what happened.
    if (!(error instanceof PlanFailed) && !(error instanceof ShapingFailed)) options.logger?.warn({ err: error, requestId: context.requestId }, 'the fast path could not execute a plan');
    return null;
  }
}

/**
 * The fast path: a query the query planner answers with one fetch from one subgraph is answered by that subgraph's
 * region router directly, with the client's own document, and the region's bytes are sent on when one region
 * answered it all (a merged page or statistics are the router's merge, as on the normal path). A query planned as
 * root and entity fetches (references through the links subgraph) is executed here on the same plan, through the
 * same routers, and shaped as Apollo shapes it (planExecution, resultShaping). Skipped: Apollo Server's request
 * pipeline, Apollo Gateway's planning, execution and result shaping. Kept: authentication, rate and concurrency limits, document limits (the request's context,
 * built as for Apollo), variable validation, the region routing and its identity, region-call metrics and spans,
 * the request metrics and the request's log line. A request with any error (a refused field, a region that failed,
 * variables that do not coerce, a null where the schema says non-null) is handed to Apollo with the same context, so its errors are remapped, located and
 * masked exactly as on the normal path (a region that failed is not asked again: see `regionFailures`).
 */
export function fastPath(options: FastPathOptions): (request: IncomingMessage, body: unknown, response: ServerResponse, context: () => Promise<GatewayContext>) => Promise<boolean> {
  return async (request, body, response, context) => {
    const started = process.hrtime.bigint();
    const asked = fastRequestBody(request, body);
    if (!asked) return false;
    let contextValue: GatewayContext;
    try {
      contextValue = await context();
    } catch {
      return false; // Apollo answers the refusal (the same context, failed once).
    }
    const operation = options.operations.lookUp(asked.query, asked.operationName);
    if ('ineligible' in operation) return false;
    if (operation.kind === 'single' && !options.routers.has(operation.subgraph)) return false;
    if (operation.variablesCheck) {
      if (!operation.variablesCheck(asked.variables)) return false;
    } else if (operation.operation.variableDefinitions?.length) {
      if (getVariableValues(options.clientSchema, operation.operation.variableDefinitions, asked.variables, { maxErrors: 1 }).errors) return false;
    }
    contextValue.regionFailures ??= new Map<string, RegionUnavailableError>();
    const text = operation.kind === 'single' ? await singleFetchAnswer(operation, asked.variables, contextValue, options) : await plannedAnswer(operation, asked.variables, contextValue, options);
    if (text === null) {
      // Errors are the executor's to remap, locate and mask: Apollo answers, with the same context.
      contextValue.fastPath = false;
      options.metrics?.fastPath.inc({ outcome: 'executor' });
      return false;
    }
    response.statusCode = 200;
    response.setHeader('content-type', CONTENT_TYPE);
    response.end(text);
    contextValue.fastPath = true;
    // The request's span (POST /graphql) says so; the region call spans are under it as on the normal path.
    trace.getActiveSpan()?.setAttribute('jjj.fast_path', true);
    const label = options.metrics?.operationLabel(operation.operationName ?? asked.operationName);
    if (options.metrics && label !== undefined) {
      options.metrics.fastPath.inc({ outcome: 'answered' });
      options.metrics.requests.inc({ operation: label, outcome: 'ok' });
      options.metrics.requestSeconds.observe({ operation: label }, Number(process.hrtime.bigint() - started) / 1e9);
    }
    options.logger?.info(
      {
        requestId: contextValue.requestId,
        agency: contextValue.identity.agency,
        operation: operation.operationName ?? asked.operationName,
        durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
        regions: contextValue.regionCalls ?? [],
        outcome: 'ok',
        fastPath: true,
      },
      'request',
    );
    return true;
  };
}
