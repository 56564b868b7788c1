import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { callerMayRead, EXPORT_HEADER, EXPORT_PAGE_SIZE, SUBGRAPHS, type RootFieldRoutes } from '../../contract';
import { regionNameOf, shanghaiDayKey, type RegionCode } from '../../kernel';
import { bearerToken, type Identity } from '../../platform/identity';
import { requestIdOf } from '../../platform/requestId';
import { authenticateClient, authorizationHeader } from '../authentication';
import type { ClientTokenVerifier } from '../clientTokens';
import type { RequestLimits } from '../limits/requestLimits';
import type { GatewayMetrics } from '../metrics';
import type { IdentityForwarder } from '../router/identityForwarding';
import { PUBLIC_LANE, RegionUnavailableError, type RegionClient } from '../router/regionClient';
import { regionsFromFilterValue } from '../router/regionKeys';
import { exportEncoder, type ExportEncoder } from './exportFormats';
import { ExportRefusal, parseExportRequest, type ExportRequest } from './exportParameters';
import { planExports, type ExportPlan } from './exportPlan';
import { mergedRows, RegionPageError, regionPageOf, RegionPages } from './mergedPages';
import type { ExportDeclaration } from '../../contract';

export const EXPORT_PATH_PREFIX = '/export/';

export interface ExportHandlerOptions {
  declarations: readonly ExportDeclaration[];
  regionalSdl: string;
  routes: RootFieldRoutes;
  regionBaseUrls: Record<RegionCode, string>;
  timeoutMs: number;
  tokens: ClientTokenVerifier;
  limits: RequestLimits;
  client: RegionClient;
  identityForwarder: IdentityForwarder;
  metrics: GatewayMetrics | null;
  logger: Logger;
}

function sendRefusal(response: ServerResponse, refusal: ExportRefusal): void {
  response.writeHead(refusal.status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...refusal.headers });
  response.end(JSON.stringify(refusal.body()));
}

/** A refusal of the request limits or of authentication (GraphQL errors with an HTTP status) as an export refusal. */
function refusalOf(error: unknown): ExportRefusal {
  if (error instanceof ExportRefusal) return error;
  if (error instanceof GraphQLError) {
    const { http, ...extensions } = error.extensions as { http?: { status?: number; headers?: Map<string, string> }; code?: string };
    return new ExportRefusal(http?.status ?? 400, String(extensions.code ?? 'BAD_REQUEST'), error.message, extensions, Object.fromEntries(http?.headers ?? []));
  }
  throw error;
}

/** What a region's failed first page means for the caller: its input refused (400), forbidden (403), or a region that cannot answer (503). */
function startRefusal(failures: ReadonlyArray<{ region: RegionCode; error: unknown }>): ExportRefusal {
  const unavailable = failures.filter(({ error }) => error instanceof RegionUnavailableError);
  if (unavailable.length > 0) {
    const names = unavailable.map(({ region }) => regionNameOf(region));
    return new ExportRefusal(503, 'REGION_UNAVAILABLE', `The export cannot start: ${unavailable.map(({ error }) => (error as Error).message).join('; ')}`, { region: names[0], regions: names }, { 'retry-after': '10' });
  }
  const first = failures[0]!;
  if (first.error instanceof RegionPageError) {
    const error = first.error.errors[0];
    const code = String(error?.extensions?.code ?? 'BAD_USER_INPUT');
    const status = code === 'FORBIDDEN' ? 403 : code === 'UNAUTHENTICATED' ? 401 : code === 'BAD_USER_INPUT' || code === 'GRAPHQL_VALIDATION_FAILED' ? 400 : 502;
    const { code: _code, ...extensions } = (error?.extensions ?? {}) as Record<string, unknown>;
    return new ExportRefusal(status, code, error?.message ?? first.error.message, { ...extensions, region: regionNameOf(first.region) });
  }
  throw first.error;
}

/** Resolves when the response can take more (or has closed). */
function drained(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}

/**
 * Ends a failed export without a clean end: NDJSON says the failure in one last line first; then the socket is
 * destroyed, so the chunked body has no terminating chunk and no client can take the file for whole.
 */
function abortExport(response: ServerResponse, failureLine: string | null): void {
  if (!failureLine || response.destroyed) {
    response.destroy();
    return;
  }
  const timer = setTimeout(() => response.destroy(), 1000);
  response.write(failureLine, () => {
    clearTimeout(timer);
    response.destroy();
  });
}

/** The download's name: 缺陷产品召回-2026-12-06.csv (RFC 6266 with an ASCII fallback). */
function contentDisposition(declaration: ExportDeclaration, encoder: ExportEncoder): string {
  const day = shanghaiDayKey(new Date());
  const ascii = `${declaration.name}-${day}.${encoder.extension}`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(`${declaration.title}-${day}.${encoder.extension}`)}`;
}

/**
 * GET /export/<name>: a whole list of the three regions, merge-sorted by keyset paging and streamed as CSV or NDJSON.
 * Authenticated and limited like a request (plus one export at a time per caller); every region page is asked with
 * the caller's forwarded identity from the region's own list field, so what is authorised and masked is what the API
 * gives, and the region audits the export once (EXPORT_HEADER). Refusals come before the first byte as JSON: a bad
 * parameter or a merged totalCount over the caller's maxExportRows (400), a region down (503 naming it).
 */
export function exportHandler(options: ExportHandlerOptions): (request: IncomingMessage, response: ServerResponse) => void {
  const plans = planExports(options.declarations, options.regionalSdl, options.routes);
  const run = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const started = performance.now();
    const requestId = requestIdOf(request);
    const url = new URL(request.url ?? '/', 'http://localhost');
    const name = url.pathname.slice(EXPORT_PATH_PREFIX.length);
    let identity: Identity | null = null;
    let outcome = 'ok';
    let rows = 0;
    let exportName = 'unknown';
    try {
      if (request.method !== 'GET') throw new ExportRefusal(405, 'METHOD_NOT_ALLOWED', 'Exports are read with GET', {}, { allow: 'GET' });
      const authorization = authorizationHeader(request);
      identity = await authenticateClient(authorization, options.tokens).catch((error) => {
        throw refusalOf(error);
      });
      const plan = plans.get(name);
      if (!plan) throw new ExportRefusal(404, 'NOT_FOUND', `No export named "${name}"; exports: ${[...plans.keys()].join(', ')}`);
      exportName = plan.declaration.name;
      if (!callerMayRead(identity, plan.declaration.entity)) throw new ExportRefusal(403, 'FORBIDDEN', `This token may not read ${plan.declaration.entity} records`);
      const callerKey = options.limits.callerKey(identity, bearerToken(authorization));
      let releases: Array<() => void> = [];
      try {
        releases = [options.limits.admit(identity, callerKey)];
        releases.push(options.limits.openExport(identity, callerKey));
      } catch (error) {
        for (const release of releases) release();
        throw refusalOf(error);
      }
      const ended = new AbortController();
      response.once('close', () => {
        for (const release of releases) release();
        ended.abort();
      });
      const exportRequest = parseExportRequest(plan, url.searchParams, request.headers.accept);
      rows = await streamExport(options, plan, exportRequest, identity, callerKey, requestId, ended.signal, response);
    } catch (error) {
      const refusal = error instanceof ExportRefusal ? error : null;
      outcome = refusal?.code ?? (error instanceof StreamFailure ? error.code : 'INTERNAL_SERVER_ERROR');
      if (error instanceof StreamFailure) rows = error.rowsWritten;
      if (refusal && !response.headersSent) sendRefusal(response, refusal);
      else if (!(error instanceof StreamFailure)) {
        options.logger.error({ err: error, requestId }, 'export failed');
        if (!response.headersSent) sendRefusal(response, new ExportRefusal(500, 'INTERNAL_SERVER_ERROR', 'Internal server error'));
        else response.destroy();
      }
    } finally {
      options.metrics?.exports.inc({ export: exportName, outcome });
      if (rows > 0) options.metrics?.exportRows.inc({ export: exportName }, rows);
      options.logger.info({ requestId, agency: identity?.agency ?? null, export: exportName, rows, durationMs: Math.round(performance.now() - started), outcome }, 'export');
    }
  };
  return (request, response) => {
    void run(request, response);
  };
}

/** A failure after the first byte: the response was aborted. */
class StreamFailure extends Error {
  constructor(
    readonly code: string,
    readonly rowsWritten: number,
  ) {
    super(code);
  }
}

/** Asks every region for its first page, refuses before any byte when it must, then streams the merged rows. Returns the rows written. */
async function streamExport(options: ExportHandlerOptions, plan: ExportPlan, exportRequest: ExportRequest, identity: Identity, callerKey: string, requestId: string, signal: AbortSignal, response: ServerResponse): Promise<number> {
  const exportId = randomBytes(16).toString('base64url');
  const regions = regionsFromFilterValue(exportRequest.filter?.regions);
  const variables = { filter: exportRequest.filter, orderBy: exportRequest.orderBy, first: EXPORT_PAGE_SIZE };
  const fetchPage = async (region: RegionCode, after: string | null, first: boolean) => {
    // A region's first page is the export request's own; each later one is priced as a request of the caller.
    if (!first) await options.limits.takeRateWaiting(identity, callerKey, signal);
    const body = await options.client.send({
      region,
      url: `${options.regionBaseUrls[region]}${SUBGRAPHS.regional.path}`,
      query: first ? plan.firstPageQuery : plan.nextPageQuery,
      variables: { ...variables, after },
      identityHeader: options.identityForwarder.headerFor(identity, { region, endpoint: 'regional' }),
      requestId,
      timeoutMs: options.timeoutMs,
      retryable: true,
      caller: identity.kind === 'public' ? PUBLIC_LANE : callerKey,
      signal,
      headers: { [EXPORT_HEADER]: exportId },
    });
    return regionPageOf(region, body);
  };
  const sources = regions.map((region) => new RegionPages(region, fetchPage, exportRequest.after));
  const starts = await Promise.allSettled(sources.map((source) => source.start()));
  const failures = starts.flatMap((result, index) => (result.status === 'rejected' ? [{ region: sources[index]!.region, error: result.reason as unknown }] : []));
  if (failures.length > 0) throw startRefusal(failures);
  const totalCount = sources.reduce((sum, source) => sum + source.totalCount, 0);
  const maxRows = options.limits.limitsFor(identity)?.maxExportRows ?? Infinity;
  if (totalCount > maxRows) {
    throw new ExportRefusal(400, 'EXPORT_TOO_LARGE', `The export has ${totalCount} rows, more than the ${maxRows} allowed; narrow the filter (regions, dates, categories…) and export in parts`, { limit: maxRows, totalCount });
  }

  const encoder = exportEncoder(exportRequest.format, plan.declaration.columns, exportRequest.raw);
  response.writeHead(200, {
    'content-type': encoder.contentType,
    'content-disposition': contentDisposition(plan.declaration, encoder),
    // no-transform: the body is not compressed, so nothing of it (a failure line above all) waits in a compressor.
    'cache-control': 'no-store, no-transform',
    'x-jjj-export-id': exportId,
    'x-jjj-export-rows': String(totalCount),
  });
  let rows = 0;
  let lastCursor: string | null = exportRequest.after;
  try {
    if (!response.write(encoder.head())) await drained(response);
    for (const source of sources) source.startReadingAhead();
    for await (const row of mergedRows(sources, exportRequest.orderBy.direction === 'ASC' ? 1 : -1)) {
      if (response.destroyed) break;
      const more = response.write(encoder.row(row.node));
      rows += 1;
      lastCursor = row.cursor;
      // Back-pressure: no next row, and so no next page, until the client has taken what was written.
      if (!more) await drained(response);
    }
    if (response.destroyed || signal.aborted) throw new StreamFailure('CLIENT_CLOSED', rows);
    response.end();
    return rows;
  } catch (error) {
    if (error instanceof StreamFailure) throw error;
    const unavailable = error instanceof RegionUnavailableError ? error : null;
    const pageError = error instanceof RegionPageError ? error : null;
    // A client that went away aborts the region calls too: that is its leaving, not a region's failure.
    const code = signal.aborted || response.destroyed ? 'CLIENT_CLOSED' : unavailable ? 'REGION_UNAVAILABLE' : pageError ? String(pageError.errors[0]?.extensions?.code ?? 'REGION_ERROR') : 'INTERNAL_SERVER_ERROR';
    const region = unavailable ? regionNameOf(unavailable.region) : pageError ? regionNameOf(pageError.region) : undefined;
    if (code === 'INTERNAL_SERVER_ERROR') options.logger.error({ err: error, requestId }, 'export failed mid-stream');
    abortExport(response, encoder.failure({ code, message: `The export stopped after ${rows} rows: ${(error as Error).message}`, ...(region ? { region } : {}), rowsWritten: rows, resumeAfter: lastCursor }));
    throw new StreamFailure(code, rows);
  }
}
