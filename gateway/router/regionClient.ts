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

/** One POST to one regional deployment, bounded by the region timeout. */
export async function sendToRegion(request: RegionRequest): Promise<GraphQLResponseBody> {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-jjj-identity': request.identityHeader },
      body: JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName ?? undefined }),
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${request.timeoutMs} ms` : `cannot connect (${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message})`;
    throw new RegionUnavailableError(request.region, reason);
  }
  let body: GraphQLResponseBody;
  try {
    body = (await response.json()) as GraphQLResponseBody;
  } catch {
    throw new RegionUnavailableError(request.region, `HTTP ${response.status} without a GraphQL body`);
  }
  if (response.status >= 500 && !body.data) throw new RegionUnavailableError(request.region, `HTTP ${response.status}: ${body.errors?.[0]?.message ?? 'server error'}`);
  return body;
}
