import type { GraphQLFormattedError } from 'graphql';
import { Agent } from 'undici';
import { IDENTITY_HEADER } from '../../contract';
import { regionNameOf, type RegionCode } from '../../kernel';
import { REQUEST_ID_HEADER } from '../../platform/requestId';
import { inSpan, SpanKind, traceHeaders } from '../../platform/tracing';
import { bufferedRequest } from './bufferedRequest';
import { CallCancellation, type CancelSignal } from './callCancellation';
import { BulkheadRefusal, RegionBulkhead } from './regionBulkhead';

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
  /** Whom the call is for: the region's slots are shared fairly between callers (RegionBulkhead). */
  caller?: string;
  /** Aborts the call (waiting for a slot, connecting or reading) when the client's request has ended. */
  signal?: CancelSignal;
  /** More headers the contract defines for such a call (a bulk export's page carries its export id). */
  headers?: Record<string, string>;
}

/**
 * The bytes a region sent for a parsed answer (kept only while the answer object lives), so a gateway that answers
 * with exactly the region's result can send them on instead of serializing the parsed body again.
 */
const RAW_BODIES = new WeakMap<GraphQLResponseBody, string>();

/** The text a region's answer was parsed from, when `body` is such an answer (see RAW_BODIES). */
export function rawBodyOf(body: GraphQLResponseBody): string | undefined {
  return RAW_BODIES.get(body);
}

/** A region that could not answer at all (down, slow, or not speaking GraphQL). */
/** What a call's timeout cancels it with (one instance: `AbortSignal.timeout` builds a DOMException per call). */
const CALL_TIMED_OUT = new DOMException('the region call timed out', 'TimeoutError');

export class RegionUnavailableError extends Error {
  constructor(
    readonly region: RegionCode,
    reason: string,
    /**
     * For metrics: no answer in time, the connection broke, too many calls waiting for the region, the client's
     * request ended first, or anything else (refused, not GraphQL, 5xx).
     */
    readonly kind: 'timeout' | 'reset' | 'overloaded' | 'cancelled' | 'unavailable' = 'unavailable',
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
  /** Calls to one region at once; more wait, fairly shared between callers. */
  concurrencyPerRegion: number;
  /** Calls one caller may have waiting for one region; more are refused at once. */
  waitingPerCaller: number;
}

export interface RegionCall {
  region: RegionCode;
  /** The path called: /graphql (regional subgraph) or /links. */
  path: string;
  outcome: 'ok' | RegionUnavailableError['kind'];
  seconds: number;
}

/** All public callers share this lane of a region's slots, whatever number of tokens they hold. */
export const PUBLIC_LANE = 'public';
/** Of a region's slots, the public lane may hold a quarter, one agency half. */
const PUBLIC_SHARE = 0.25;
const AGENCY_SHARE = 0.5;

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
  private readonly bulkheads = new Map<RegionCode, RegionBulkhead>();

  constructor(private readonly options: RegionClientOptions) {
    this.agent = new Agent({
      keepAliveTimeout: options.idleSocketMs,
      keepAliveMaxTimeout: options.idleSocketMs,
      // A socket is given up this long before the region's announced keep-alive timeout.
      keepAliveTimeoutThreshold: 1000,
      connections: options.connections,
    });
  }

  /**
   * One POST to one regional deployment, bounded by the region timeout (waiting for a slot, connecting, reading,
   * retrying) and ended early when the client's request ends.
   */
  async send(request: RegionRequest): Promise<GraphQLResponseBody> {
    const started = process.hrtime.bigint();
    const report = (outcome: RegionCall['outcome']) =>
      this.options.onCall?.({ region: request.region, path: this.target(request.url).path, outcome, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
    const deadline = Date.now() + request.timeoutMs;
    const cancellation = new CallCancellation(request.signal, request.timeoutMs, CALL_TIMED_OUT);
    let release: (() => void) | undefined;
    try {
      release = await this.bulkhead(request.region).acquire(request.caller ?? 'anonymous', cancellation);
      const body = await this.attempt(request, deadline, cancellation);
      report('ok');
      return body;
    } catch (error) {
      const failure = error instanceof BulkheadRefusal ? this.refused(request, error, deadline) : error;
      report(failure instanceof RegionUnavailableError ? failure.kind : 'unavailable');
      throw failure;
    } finally {
      release?.();
      cancellation.done();
    }
  }

  private bulkhead(region: RegionCode): RegionBulkhead {
    let bulkhead = this.bulkheads.get(region);
    if (!bulkhead) {
      bulkhead = new RegionBulkhead(this.options.concurrencyPerRegion, this.options.waitingPerCaller, (caller) => (caller === PUBLIC_LANE ? PUBLIC_SHARE : AGENCY_SHARE));
      this.bulkheads.set(region, bulkhead);
    }
    return bulkhead;
  }

  private refused(request: RegionRequest, refusal: BulkheadRefusal, deadline: number): RegionUnavailableError {
    if (refusal.kind === 'full') return new RegionUnavailableError(request.region, `too busy for this caller: ${refusal.message}`, 'overloaded');
    if (request.signal?.aborted) return new RegionUnavailableError(request.region, 'the client request ended', 'cancelled');
    return new RegionUnavailableError(request.region, Date.now() >= deadline ? `no answer within ${request.timeoutMs} ms (waited for a free slot)` : refusal.message, 'timeout');
  }

  /** The request, and for a query on a broken connection one more attempt. */
  private async attempt(request: RegionRequest, deadline: number, signal: CancelSignal): Promise<GraphQLResponseBody> {
    const body = JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName ?? undefined });
    try {
      return await this.post(request, body, signal);
    } catch (error) {
      if (!request.retryable || error instanceof RegionUnavailableError || !BROKEN_CONNECTION_CODES.has(errorCode(error) ?? '') || Date.now() >= deadline) throw this.unavailable(request, error, deadline);
      try {
        return await this.post(request, body, signal);
      } catch (retryError) {
        throw this.unavailable(request, retryError, deadline);
      }
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private post(request: RegionRequest, body: string, signal: CancelSignal): Promise<GraphQLResponseBody> {
    return inSpan('region call', SpanKind.CLIENT, { 'jjj.region': request.region, 'url.path': this.target(request.url).path }, () => this.postInSpan(request, body, signal));
  }

  private async postInSpan(request: RegionRequest, body: string, signal: CancelSignal): Promise<GraphQLResponseBody> {
    const { origin, path } = this.target(request.url);
    const response = await bufferedRequest(this.agent, {
      origin,
      path,
      method: 'POST',
      headers: { ...request.headers, 'content-type': 'application/json', [IDENTITY_HEADER]: request.identityHeader, ...(request.requestId ? { [REQUEST_ID_HEADER]: request.requestId } : {}), ...traceHeaders() },
      body,
    }, signal);
    const text = response.text;
    let parsed: GraphQLResponseBody;
    try {
      parsed = JSON.parse(text) as GraphQLResponseBody;
    } catch {
      throw new RegionUnavailableError(request.region, `HTTP ${response.statusCode} without a GraphQL body`);
    }
    if (response.statusCode >= 500 && !parsed.data) throw new RegionUnavailableError(request.region, `HTTP ${response.statusCode}: ${parsed.errors?.[0]?.message ?? 'server error'}`);
    if (parsed && typeof parsed === 'object') RAW_BODIES.set(parsed, text);
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
    if (request.signal?.aborted) return new RegionUnavailableError(request.region, 'the client request ended', 'cancelled');
    if (Date.now() >= deadline || (error as Error | undefined)?.name === 'TimeoutError' || (error as Error | undefined)?.name === 'AbortError') {
      return new RegionUnavailableError(request.region, `no answer within ${request.timeoutMs} ms`, 'timeout');
    }
    const code = errorCode(error);
    if (code && BROKEN_CONNECTION_CODES.has(code)) return new RegionUnavailableError(request.region, `connection lost (${code})`, 'reset');
    return new RegionUnavailableError(request.region, `cannot connect (${code ?? (error as Error | undefined)?.message ?? 'unknown error'})`);
  }
}
