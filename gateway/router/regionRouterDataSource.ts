import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { parse, type DocumentNode, type FieldNode, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { isFanOutRepresentation, SUBGRAPHS, type RootFieldRoutes, type SubgraphName } from '../../contract';
import { ALL_REGION_CODES, type RegionCode } from '../../kernel';
import { SERVICE_IDENTITY, type Identity } from '../../platform/identity';
import { mergeConnectionPages, remapConnectionError, withConnectionKeys, type RegionPage } from './connectionMerge';
import { mergeFannedOutEntities, reassembleEntities, remapEntityErrorPath, splitRepresentations, type RegionBatch } from './entityRouting';
import type { IdentityForwarder } from './identityForwarding';
import { argumentValue, fieldsOf, parsedOperation, responseKey, singleFieldOperation, type ParsedOperation } from './operations';
import { RegionUnavailableError, sendToRegion, type GraphQLResponseBody } from './regionClient';
import { routeRootField } from './rootFieldRoutes';
import { mergeStatistics, withStatisticsKeys } from './statisticsMerge';

export interface GatewayContext {
  identity: Identity;
}

export interface RegionRouterOptions {
  /** Base URL of each regional deployment, e.g. http://127.0.0.1:4001 */
  regionBaseUrls: Record<RegionCode, string>;
  timeoutMs: number;
  identityForwarder: IdentityForwarder;
  /** How each root field routes, derived from the supergraph by the contract. */
  routes: RootFieldRoutes;
  logger: Logger;
}

type JsonObject = Record<string, unknown>;
type RegionRequestBody = { query: string; variables?: JsonObject; operationName?: string | null };
type ErrorPath = ReadonlyArray<string | number>;

const PARSE_CACHE_LIMIT = 2_000;

/**
 * One subgraph request being routed: the operation, its variables, who asks, and the errors collected from the
 * regions. `ask` is the one place a region is called; a region that cannot answer becomes a located error.
 */
class RoutedRequest {
  readonly errors: GraphQLFormattedError[] = [];

  constructor(
    readonly operation: ParsedOperation,
    readonly query: string,
    readonly operationName: string | null | undefined,
    readonly variables: JsonObject,
    private readonly send: (region: RegionCode, body: RegionRequestBody) => Promise<GraphQLResponseBody>,
  ) {}

  /** The region's answer, or null (with `REGION_UNAVAILABLE` at `failurePath`) when it could not answer. */
  async ask(region: RegionCode, body: RegionRequestBody, failurePath?: ErrorPath): Promise<GraphQLResponseBody | null> {
    try {
      return await this.send(region, body);
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

  response(data: JsonObject | null): GatewayGraphQLResponse {
    return { data, ...(this.errors.length > 0 ? { errors: dedupe(this.errors) } : {}) };
  }
}

/**
 * The region router: a gateway data source for one logical subgraph that decides, per request, which regional
 * deployment(s) answer and merges what they return. The decisions are the pure functions it imports.
 */
export class RegionRouterDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly parsed = new Map<string, DocumentNode>();

  constructor(
    private readonly subgraph: SubgraphName,
    private readonly options: RegionRouterOptions,
  ) {}

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request: subgraphRequest } = options;
    const identity = (options.context as Partial<GatewayContext> | undefined)?.identity ?? SERVICE_IDENTITY;
    const query = subgraphRequest.query ?? '';
    const document = ('document' in options && options.document) || this.parse(query);
    const identityHeader = this.options.identityForwarder.headerFor(identity);
    const request = new RoutedRequest(
      parsedOperation(document, subgraphRequest.operationName),
      query,
      subgraphRequest.operationName,
      (subgraphRequest.variables ?? {}) as JsonObject,
      (region, body) =>
        sendToRegion({
          region,
          url: `${this.options.regionBaseUrls[region]}${SUBGRAPHS[this.subgraph].path}`,
          identityHeader,
          timeoutMs: this.options.timeoutMs,
          ...body,
        }),
    );
    const rootFields = fieldsOf(request.operation.operation.selectionSet, request.operation.fragments);
    if (rootFields.length === 1 && rootFields[0].name.value === '_entities') return this.resolveEntities(request);
    return this.answerRootFields(request, rootFields, identity);
  }

  private parse(query: string): DocumentNode {
    let document = this.parsed.get(query);
    if (!document) {
      document = parse(query);
      if (this.parsed.size >= PARSE_CACHE_LIMIT) this.parsed.clear();
      this.parsed.set(query, document);
    }
    return document;
  }

  /** `_entities`: each representation to its owner; fan-out entities to every region, merged. */
  private async resolveEntities(request: RoutedRequest): Promise<GatewayGraphQLResponse> {
    const representations = (request.variables.representations as unknown[] | undefined) ?? [];
    const fanOutPositions = representations.flatMap((representation, position) => (isFanOutRepresentation(this.subgraph, representation) ? [position] : []));
    const fanOut = new Set(fanOutPositions);
    const routed = splitRepresentations(representations.map((representation, position) => (fanOut.has(position) ? null : representation)));

    const ownedResults = Promise.all(routed.batches.map(async (batch) => ({ batch, entities: await this.entitiesOf(request, batch.region, batch, ['_entities', batch.positions[0]]) })));
    const fanOutResult = fanOutPositions.length === 0 ? Promise.resolve([]) : this.fanOutEntities(request, representations, fanOutPositions);
    const entities = reassembleEntities(representations.length, await ownedResults);
    const fanOutEntities = await fanOutResult;
    fanOutPositions.forEach((position, index) => {
      entities[position] = fanOutEntities[index] ?? null;
    });
    return request.response({ _entities: entities });
  }

  /** One region's `_entities` answer for a batch, with error paths mapped back to the original positions. */
  private async entitiesOf(request: RoutedRequest, region: RegionCode, batch: RegionBatch, failurePath: ErrorPath | undefined): Promise<unknown[] | null> {
    const variables = { ...request.variables, representations: batch.representations };
    const body = await request.ask(region, { query: request.query, operationName: request.operationName, variables }, failurePath);
    if (!body) return null;
    for (const error of body.errors ?? []) request.errors.push(remapEntityErrorPath(error, batch));
    return (body.data?._entities as unknown[] | undefined) ?? null;
  }

  /** Entities every region contributes to (an enterprise's records): asked of all regions, merged. */
  private async fanOutEntities(request: RoutedRequest, representations: unknown[], positions: number[]): Promise<unknown[]> {
    const batch: RegionBatch = { region: ALL_REGION_CODES[0], positions, representations: positions.map((position) => representations[position]) };
    const perRegion = await Promise.all(ALL_REGION_CODES.map((region) => this.entitiesOf(request, region, batch, undefined)));
    return mergeFannedOutEntities(perRegion, batch.representations.length);
  }

  private async answerRootFields(request: RoutedRequest, rootFields: FieldNode[], identity: Identity): Promise<GatewayGraphQLResponse> {
    const operationType = request.operation.operation.operation;
    const routes = rootFields.map((field) => routeRootField(this.options.routes, operationType, field, request.variables, identity.region));
    const onlyRegion = routes[0]?.kind === 'single' ? routes[0].region : undefined;
    if (onlyRegion && routes.every((route) => route.kind === 'single' && route.region === onlyRegion)) {
      // The whole operation goes to one region unchanged.
      const body = await request.ask(onlyRegion, { query: request.query, variables: request.variables, operationName: request.operationName }, [responseKey(rootFields[0])]);
      return body ? (body as GatewayGraphQLResponse) : request.response(null);
    }
    const data: JsonObject = {};
    const answer = async (field: FieldNode, index: number) => {
      const route = routes[index];
      const key = responseKey(field);
      if (route.kind === 'single') data[key] = await this.askOwner(request, field, route.region);
      else if (route.kind === 'connection') data[key] = await this.mergedPage(request, field, route.regions);
      else data[key] = await this.mergedStatistics(request, field, route.regions);
    };
    if (operationType === 'mutation') {
      for (const [index, field] of rootFields.entries()) await answer(field, index);
    } else {
      await Promise.all(rootFields.map(answer));
    }
    return request.response(data);
  }

  private async askOwner(request: RoutedRequest, field: FieldNode, region: RegionCode): Promise<unknown> {
    const key = responseKey(field);
    const body = await request.ask(region, singleFieldOperation(request.operation, field, request.variables), [key]);
    request.errors.push(...(body?.errors ?? []));
    return body?.data?.[key] ?? null;
  }

  private async mergedPage(request: RoutedRequest, field: FieldNode, regions: RegionCode[]): Promise<unknown> {
    const key = responseKey(field);
    const { operation, variables } = request;
    const answers = await request.askEach(regions, singleFieldOperation(operation, withConnectionKeys(field, operation.fragments), variables), [key]);
    const pages: RegionPage[] = answers.flatMap(({ region, body }) => {
      const connection = body.data?.[key] as JsonObject | null | undefined;
      return connection ? [{ region, connection }] : [];
    });
    const orderBy = argumentValue(field, 'orderBy', variables) as { direction?: string } | undefined;
    const merged = mergeConnectionPages(pages, {
      first: Number(argumentValue(field, 'first', variables) ?? 20),
      after: argumentValue(field, 'after', variables) as string | undefined,
      direction: orderBy?.direction === 'ASC' ? 1 : -1,
      clientField: field,
      fragments: operation.fragments,
    });
    for (const { region, body } of answers) {
      for (const error of body.errors ?? []) {
        const remapped = remapConnectionError(error, region, key, merged);
        if (remapped) request.errors.push(remapped);
      }
    }
    // No region asked (an empty `regions` filter) is an empty page, like statistics below; only failed regions give null.
    return pages.length > 0 || regions.length === 0 ? merged.connection : null;
  }

  private async mergedStatistics(request: RoutedRequest, field: FieldNode, regions: RegionCode[]): Promise<unknown> {
    const key = responseKey(field);
    const answers = await request.askEach(regions, singleFieldOperation(request.operation, withStatisticsKeys(field), request.variables), [key]);
    const groups = answers.flatMap(({ body }) => (Array.isArray(body.data?.[key]) ? [body.data![key] as JsonObject[]] : []));
    for (const { body } of answers) request.errors.push(...(body.errors ?? []));
    return groups.length > 0 || regions.length === 0 ? mergeStatistics(groups, field, request.operation.fragments) : null;
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
