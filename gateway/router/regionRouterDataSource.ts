import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { parse, type DocumentNode, type FieldNode } from 'graphql';
import { isFanOutRepresentation, SUBGRAPHS, type RootFieldRoutes, type SubgraphName } from '../../contract';
import { ALL_REGION_CODES, type RegionCode } from '../../kernel';
import { SERVICE_IDENTITY, type Identity } from '../../platform/identity';
import { mergeConnectionPages, remapConnectionError, withConnectionKeys, type RegionPage } from './connectionMerge';
import { mergeFannedOutEntities, reassembleEntities, remapEntityErrorPath, splitRepresentations, type RegionBatch } from './entityRouting';
import type { CancelSignal } from './callCancellation';
import type { IdentityForwarder } from './identityForwarding';
import { argumentValue, fieldsOf, parsedOperation, responseKey, singleFieldOperation } from './operations';
import { PUBLIC_LANE, RegionUnavailableError, type RegionClient } from './regionClient';
import { RoutedRequest, type ErrorPath, type JsonObject } from './routedRequest';
import { routeRootField } from './rootFieldRoutes';
import { mergeStatistics, orderedRegionGroups, withStatisticsKeyOnly, withStatisticsKeys } from './statisticsMerge';

export interface GatewayContext {
  identity: Identity;
  /** The request's id (x-request-id), forwarded to every region asked. */
  requestId?: string;
  /** Every region call of the request, for its log line. */
  regionCalls?: Array<{ region: RegionCode; ms: number; ok: boolean }>;
  /** Whom the request counts against (its agency or public token): the regions' slots are shared fairly between these. */
  callerKey?: string;
  /** Aborted when the client's request ends (it went away, or the answer is sent): its region calls stop. */
  signal?: CancelSignal;
  /**
   * Regions (by region and subgraph) that could not answer this request already: a request the fast path hands back
   * to the executor gets the same failure at once instead of waiting for the region a second time.
   */
  regionFailures?: Map<string, RegionUnavailableError>;
  /** Whether the request was answered by the fast path (gateway/fastPath), for its log line. */
  fastPath?: boolean;
}

export interface RegionRouterOptions {
  /** Base URL of each regional deployment, e.g. http://127.0.0.1:4001 */
  regionBaseUrls: Record<RegionCode, string>;
  timeoutMs: number;
  identityForwarder: IdentityForwarder;
  /** How each root field routes, derived from the supergraph by the contract. */
  routes: RootFieldRoutes;
  client: RegionClient;
}

/**
 * The region router: a gateway data source for one logical subgraph that decides, per request, which regional
 * deployment(s) answer and merges what they return. The decisions are the pure functions it imports.
 */
export class RegionRouterDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly urls: Record<RegionCode, string>;

  constructor(
    private readonly subgraph: SubgraphName,
    private readonly options: RegionRouterOptions,
  ) {
    this.urls = Object.fromEntries(ALL_REGION_CODES.map((region) => [region, `${options.regionBaseUrls[region]}${SUBGRAPHS[subgraph].path}`])) as Record<RegionCode, string>;
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request: subgraphRequest } = options;
    const query = subgraphRequest.query ?? '';
    // The query planner hands over the fetch's parsed document (exposeDocumentNodeInFetchNode); other callers may not.
    const document = ('document' in options && options.document) || parse(query);
    return this.answer(document, query, subgraphRequest.operationName, (subgraphRequest.variables ?? {}) as JsonObject, options.context as Partial<GatewayContext> | undefined);
  }

  /**
   * Answers one operation of this subgraph (`query` is `document`'s text, sent as is when one region answers all of
   * it): the query planner's fetches, and whole client operations the fast path found to need this subgraph only.
   */
  async answer(document: DocumentNode, query: string, operationName: string | null | undefined, variables: JsonObject, context: Partial<GatewayContext> | undefined): Promise<GatewayGraphQLResponse> {
    const identity = context?.identity ?? SERVICE_IDENTITY;
    const request = new RoutedRequest(parsedOperation(document, operationName), query, operationName, variables, identity, async (region, body, retryable) => {
      const failureKey = `${region}\u0000${this.subgraph}`;
      const failed = context?.regionFailures?.get(failureKey);
      if (failed) throw failed;
      const started = performance.now();
      let ok = false;
      try {
        const answer = await this.options.client.send({
          region,
          url: this.urls[region],
          identityHeader: this.options.identityForwarder.headerFor(identity, { region, endpoint: this.subgraph }),
          requestId: context?.requestId,
          timeoutMs: this.options.timeoutMs,
          retryable,
          // The public shares one lane of the regions' slots, whatever number of tokens it holds; each agency has its own.
          caller: identity.kind === 'public' ? PUBLIC_LANE : (context?.callerKey ?? `${identity.kind}:${identity.agency}`),
          signal: context?.signal,
          ...body,
        });
        ok = true;
        return answer;
      } catch (error) {
        if (error instanceof RegionUnavailableError) context?.regionFailures?.set(failureKey, error);
        throw error;
      } finally {
        context?.regionCalls?.push({ region, ms: Math.round((performance.now() - started) * 10) / 10, ok });
      }
    });
    const rootFields = fieldsOf(request.operation.operation.selectionSet, request.operation.fragments);
    if (rootFields.length === 1 && rootFields[0].name.value === '_entities') return this.resolveEntities(request);
    return this.answerRootFields(request, rootFields);
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
    const body = await request.ask(region, { ...request.unchanged, variables }, failurePath);
    if (!body) return null;
    request.collect(body.errors?.map((error) => remapEntityErrorPath(error, batch)));
    return (body.data?._entities as unknown[] | undefined) ?? null;
  }

  /** Entities every region contributes to (an enterprise's records): asked of all regions, merged. */
  private async fanOutEntities(request: RoutedRequest, representations: unknown[], positions: number[]): Promise<unknown[]> {
    const batch: RegionBatch = { region: ALL_REGION_CODES[0], positions, representations: positions.map((position) => representations[position]) };
    const perRegion = await Promise.all(ALL_REGION_CODES.map((region) => this.entitiesOf(request, region, batch, undefined)));
    return mergeFannedOutEntities(perRegion, batch.representations.length);
  }

  /** Root fields: the whole operation to one region when all fields route there, otherwise field by field. */
  private async answerRootFields(request: RoutedRequest, rootFields: FieldNode[]): Promise<GatewayGraphQLResponse> {
    const operationType = request.operation.operation.operation;
    const routes = rootFields.map((field) => routeRootField(this.options.routes, operationType, field, request.variables, request.identity.region));
    const onlyRegion = routes[0]?.kind === 'single' ? routes[0].region : undefined;
    if (onlyRegion && routes.every((route) => route.kind === 'single' && route.region === onlyRegion)) {
      const body = await request.ask(onlyRegion, request.unchanged, [responseKey(rootFields[0])]);
      return body ? (body as GatewayGraphQLResponse) : request.response(null);
    }
    const data: JsonObject = {};
    const answerField = async (field: FieldNode, index: number) => {
      const route = routes[index];
      const key = responseKey(field);
      if (route.kind === 'single') data[key] = await this.ownerAnswer(request, field, route.region);
      else if (route.kind === 'connection') data[key] = await this.mergedPage(request, field, route.regions);
      else data[key] = await this.mergedStatistics(request, field, route.regions);
    };
    if (operationType === 'mutation') {
      // Mutations run in document order, as GraphQL requires.
      for (const [index, field] of rootFields.entries()) await answerField(field, index);
    } else {
      await Promise.all(rootFields.map(answerField));
    }
    return request.response(data);
  }

  private async ownerAnswer(request: RoutedRequest, field: FieldNode, region: RegionCode): Promise<unknown> {
    const key = responseKey(field);
    const body = await request.ask(region, singleFieldOperation(request.operation, field, request.variables), [key]);
    request.collect(body?.errors);
    return body?.data?.[key] ?? null;
  }

  private async mergedPage(request: RoutedRequest, field: FieldNode, regions: RegionCode[]): Promise<unknown> {
    const key = responseKey(field);
    const { operation, variables } = request;
    // An empty `regions` filter selects nothing; one region (the caller's) still answers, with its own empty page
    // (its filter matches nothing either), so that the page is whole: `__typename` is known only to a subgraph.
    const asked = regions.length > 0 ? regions : [request.identity.region ?? ALL_REGION_CODES[0]];
    const answers = await request.askEach(asked, singleFieldOperation(operation, withConnectionKeys(field, operation.fragments), variables), [key]);
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
      request.collect(body.errors?.flatMap((error) => remapConnectionError(error, region, key, merged) ?? []));
    }
    // An empty `regions` filter is the asked region's empty page; only failed regions give null.
    return pages.length > 0 ? merged.connection : null;
  }

  private async mergedStatistics(request: RoutedRequest, field: FieldNode, regions: RegionCode[]): Promise<unknown> {
    const key = responseKey(field);
    if (regions.length === 1) {
      // One region: its measures are final. Only the merge's group order is applied; a region that reports an error
      // in its groups is asked for states as below, so the errors are the merge's.
      const body = await request.ask(regions[0]!, singleFieldOperation(request.operation, withStatisticsKeyOnly(field, argumentValue(field, 'groupBy', request.variables)), request.variables), [key]);
      if (!body) return null;
      const groups = body.data?.[key];
      if (!body.errors?.length) return Array.isArray(groups) ? orderedRegionGroups(groups as JsonObject[]) : (groups ?? null);
    }
    const answers = await request.askEach(regions, singleFieldOperation(request.operation, withStatisticsKeys(field), request.variables), [key]);
    const groups = answers.flatMap(({ body }) => (Array.isArray(body.data?.[key]) ? [body.data![key] as JsonObject[]] : []));
    for (const { body } of answers) request.collect(body.errors);
    return groups.length > 0 || regions.length === 0 ? mergeStatistics(groups, field, request.operation.fragments) : null;
  }
}
