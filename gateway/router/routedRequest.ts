import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GraphQLFormattedError } from 'graphql';
import type { RegionCode } from '../../kernel';
import type { Identity } from '../../platform/identity';
import type { ParsedOperation } from './operations';
import { RegionUnavailableError, type GraphQLResponseBody } from './regionClient';

export type JsonObject = Record<string, unknown>;
export type ErrorPath = ReadonlyArray<string | number>;
export interface RegionRequestBody {
  query: string;
  variables?: JsonObject;
  operationName?: string | null;
}
export type SendToRegion = (region: RegionCode, body: RegionRequestBody, retryable: boolean) => Promise<GraphQLResponseBody>;

/**
 * One subgraph request being routed: the operation, its variables, who asks, and the errors collected from the
 * regions. `ask` is the one place a region is called; a region that cannot answer becomes a located error.
 */
export class RoutedRequest {
  private readonly errors: GraphQLFormattedError[] = [];
  /** Only queries are retried on a broken connection: a mutation may already have been applied. */
  private readonly retryable: boolean;

  constructor(
    readonly operation: ParsedOperation,
    readonly query: string,
    readonly operationName: string | null | undefined,
    readonly variables: JsonObject,
    readonly identity: Identity,
    private readonly send: SendToRegion,
  ) {
    this.retryable = operation.operation.operation === 'query';
  }

  /** The whole request as it came, for a region that answers all of it. */
  get unchanged(): RegionRequestBody {
    return { query: this.query, variables: this.variables, operationName: this.operationName };
  }

  /** The region's answer, or null (with `REGION_UNAVAILABLE` at `failurePath`) when it could not answer. */
  async ask(region: RegionCode, body: RegionRequestBody, failurePath?: ErrorPath): Promise<GraphQLResponseBody | null> {
    try {
      return await this.send(region, body, this.retryable);
    } catch (error) {
      if (!(error instanceof RegionUnavailableError)) throw error;
      this.errors.push(error.toGraphQLError(failurePath));
      return null;
    }
  }

  /** Asks several regions at once; only those that answered are returned. */
  async askEach(regions: readonly RegionCode[], body: RegionRequestBody, failurePath: ErrorPath): Promise<Array<{ region: RegionCode; body: GraphQLResponseBody }>> {
    const answers = await Promise.all(regions.map(async (region) => ({ region, body: await this.ask(region, body, failurePath) })));
    return answers.filter((answer): answer is { region: RegionCode; body: GraphQLResponseBody } => answer.body !== null);
  }

  /** Keeps errors a region returned (already located for the client). */
  collect(errors: readonly GraphQLFormattedError[] | undefined): void {
    if (errors) this.errors.push(...errors);
  }

  response(data: JsonObject | null): GatewayGraphQLResponse {
    return { data, ...(this.errors.length > 0 ? { errors: dedupe(this.errors) } : {}) };
  }
}

/** The same validation error comes back from every region asked; report it once. */
function dedupe(errors: GraphQLFormattedError[]): GraphQLFormattedError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const id = JSON.stringify([error.message, error.path, error.extensions?.code]);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
