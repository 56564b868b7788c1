import { Agent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { GraphQLFormattedError } from 'graphql';
import { regionNameOf, type RegionCode } from '../../kernel';

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
  timeoutMs: number;
}

/** A region that could not answer at all (down, slow, or not speaking GraphQL). */
export class RegionUnavailableError extends Error {
  constructor(
    readonly region: RegionCode,
    reason: string,
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

// Kept-alive connections to the regions: a fresh TCP connection per subgraph request would dominate the overhead.
const httpAgent = new Agent({ keepAlive: true, maxSockets: 128 });
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 128 });

/** One POST to one regional deployment, bounded by the region timeout (connecting, waiting and reading). */
export function sendToRegion(request: RegionRequest): Promise<GraphQLResponseBody> {
  const body = JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName ?? undefined });
  const url = new URL(request.url);
  const secure = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outgoing.destroy();
      reject(new RegionUnavailableError(request.region, reason));
    };
    const outgoing = (secure ? httpsRequest : httpRequest)(
      url,
      {
        method: 'POST',
        agent: secure ? httpsAgent : httpAgent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-jjj-identity': request.identityHeader },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => fail(`connection lost (${error.message})`));
        response.on('end', () => {
          if (settled) return;
          let parsed: GraphQLResponseBody;
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as GraphQLResponseBody;
          } catch {
            fail(`HTTP ${response.statusCode} without a GraphQL body`);
            return;
          }
          if ((response.statusCode ?? 500) >= 500 && !parsed.data) {
            fail(`HTTP ${response.statusCode}: ${parsed.errors?.[0]?.message ?? 'server error'}`);
            return;
          }
          settled = true;
          clearTimeout(timer);
          resolve(parsed);
        });
      },
    );
    const timer = setTimeout(() => fail(`no answer within ${request.timeoutMs} ms`), request.timeoutMs);
    outgoing.on('error', (error: NodeJS.ErrnoException) => fail(`cannot connect (${error.code ?? error.message})`));
    outgoing.end(body);
  });
}
