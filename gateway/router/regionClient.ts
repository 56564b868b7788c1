import type { GraphQLFormattedError } from 'graphql';
import { Agent } from 'undici';
import { IDENTITY_HEADER } from '../../contract';
import { regionNameOf, type RegionCode } from '../../kernel';
import { REQUEST_ID_HEADER } from '../../platform/requestId';
import { inSpan, SpanKind, traceHeaders } from '../../platform/tracing';

export interface GraphQLResponseBody {
  data?: Record<string, unknown> | null;
  errors?: GraphQLFormattedError[];
  extensions?: Record<string, unknown>;
}

export interface RegionRequest {
  region: RegionCode;
  url: string;
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string | null;
  identityHeader: string;
  /** Sent as x-request-id, so the region's log lines carry the client request's id. */
  requestId?: string;
  timeoutMs: number;
  /** A query may be sent again when the connection broke under it; a mutation never is (it may have been applied). */
  retryable: boolean;
}

/** A region that could not answer at all (down, slow, or not speaking GraphQL). */
export class RegionUnavailableError extends Error {
  constructor(
    readonly region: RegionCode,
    reason: string,
    /** For metrics: no answer in time, the connection broke, or anything else (refused, not GraphQL, 5xx). */
    readonly kind: 'timeout' | 'reset' | 'unavailable' = 'unavailable',
  ) {
    super(`${regionNameOf(region)} region (${region}) is unavailable: ${reason}`);
  }

  toGraphQLError(path?: ReadonlyArray<string | number>): GraphQLFormattedError {
    return {
      message: this.message,
      ...(path ? { path } : {}),
      extensions: { code: 'REGION_UNAVAILABLE', region: regionNameOf(this.region), regionCode: this.region },
    };
  }
}

export interface RegionClientOptions {
  /** Idle sockets are closed after this long; keep it below the regions' keep-alive timeout. */
  idleSocketMs: number;
  /** Open sockets per region at most; further requests wait for one. */
  connections: number;
  /** Told about every call when it ends (metrics). */
  onCall?: (call: RegionCall) => void;
}

export interface RegionCall {
  region: RegionCode;
  /** The path called: /graphql (regional subgraph) or /links. */
  path: string;
  outcome: 'ok' | RegionUnavailableError['kind'];
  seconds: number;
}

/** Errors of a connection the peer closed or reset under a request (typically a reused keep-alive socket). */
const BROKEN_CONNECTION_CODES = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED']);

function errorCode(error: unknown): string | undefined {
  const { code, cause } = (error ?? {}) as { code?: string; cause?: { code?: string } };
  return code ?? cause?.code;
}

/**
 * Pooled HTTP/1.1 connections to the regional deployments (undici). Idle sockets expire before the region's
 * keep-alive timeout (undici also honours the `Keep-Alive: timeout` hint the region sends), and a query whose
 * connection broke is sent once more on a fresh one.
 */
export class RegionClient {
  private readonly agent: Agent;
  private readonly targets = new Map<string, { origin: string; path: string }>();

  constructor(private readonly options: RegionClientOptions) {
    this.agent = new Agent({
      keepAliveTimeout: options.idleSocketMs,
      keepAliveMaxTimeout: options.idleSocketMs,
      // A socket is given up this long before the region's announced keep-alive timeout.
      keepAliveTimeoutThreshold: 1000,
      connections: options.connections,
    });
  }

  /** One POST to one regional deployment, bounded by the region timeout (connecting, waiting, reading, retrying). */
  async send(request: RegionRequest): Promise<GraphQLResponseBody> {
    const started = process.hrtime.bigint();
    const report = (outcome: RegionCall['outcome']) =>
      this.options.onCall?.({ region: request.region, path: this.target(request.url).path, outcome, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
    try {
      const body = await this.attempt(request);
      report('ok');
      return body;
    } catch (error) {
      report(error instanceof RegionUnavailableError ? error.kind : 'unavailable');
      throw error;
    }
  }

  /** The request, and for a query on a broken connection one more attempt. */
  private async attempt(request: RegionRequest): Promise<GraphQLResponseBody> {
    const deadline = Date.now() + request.timeoutMs;
    const body = JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName ?? undefined });
    try {
      return await this.post(request, body, deadline);
    } catch (error) {
      if (!request.retryable || error instanceof RegionUnavailableError || !BROKEN_CONNECTION_CODES.has(errorCode(error) ?? '') || Date.now() >= deadline) throw this.unavailable(request, error, deadline);
      try {
        return await this.post(request, body, deadline);
      } catch (retryError) {
        throw this.unavailable(request, retryError, deadline);
      }
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private post(request: RegionRequest, body: string, deadline: number): Promise<GraphQLResponseBody> {
    return inSpan('region call', SpanKind.CLIENT, { 'jjj.region': request.region, 'url.path': this.target(request.url).path }, () => this.postInSpan(request, body, deadline));
  }

  private async postInSpan(request: RegionRequest, body: string, deadline: number): Promise<GraphQLResponseBody> {
    const { origin, path } = this.target(request.url);
    const response = await this.agent.request({
      origin,
      path,
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: request.identityHeader, ...(request.requestId ? { [REQUEST_ID_HEADER]: request.requestId } : {}), ...traceHeaders() },
      body,
      signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())),
    });
    const text = await response.body.text();
    let parsed: GraphQLResponseBody;
    try {
      parsed = JSON.parse(text) as GraphQLResponseBody;
    } catch {
      throw new RegionUnavailableError(request.region, `HTTP ${response.statusCode} without a GraphQL body`);
    }
    if (response.statusCode >= 500 && !parsed.data) throw new RegionUnavailableError(request.region, `HTTP ${response.statusCode}: ${parsed.errors?.[0]?.message ?? 'server error'}`);
    return parsed;
  }

  private target(url: string): { origin: string; path: string } {
    let target = this.targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      target = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
      this.targets.set(url, target);
    }
    return target;
  }

  private unavailable(request: RegionRequest, error: unknown, deadline: number): RegionUnavailableError {
    if (error instanceof RegionUnavailableError) return error;
    if (Date.now() >= deadline || (error as Error | undefined)?.name === 'TimeoutError' || (error as Error | undefined)?.name === 'AbortError') {
      return new RegionUnavailableError(request.region, `no answer within ${request.timeoutMs} ms`, 'timeout');
    }
    const code = errorCode(error);
    if (code && BROKEN_CONNECTION_CODES.has(code)) return new RegionUnavailableError(request.region, `connection lost (${code})`, 'reset');
    return new RegionUnavailableError(request.region, `cannot connect (${code ?? (error as Error | undefined)?.message ?? 'unknown error'})`);
  }
}
