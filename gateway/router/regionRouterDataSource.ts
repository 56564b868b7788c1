import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { parse, type DocumentNode, type FieldNode, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { ALL_REGION_CODES, type RegionCode } from '../../kernel';
import { SERVICE_IDENTITY, type Identity } from '../../platform/identity';
import { SUBGRAPHS, type SubgraphName } from '../subgraphs';
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
  logger: Logger;
}

type JsonObject = Record<string, unknown>;

const PARSE_CACHE_LIMIT = 2_000;

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
    const { request } = options;
    const identity = (options.context as Partial<GatewayContext> | undefined)?.identity ?? SERVICE_IDENTITY;
    const query = request.query ?? '';
    const document = ('document' in options && options.document) || this.parse(query);
    const operation = parsedOperation(document, request.operationName);
    const variables = (request.variables ?? {}) as JsonObject;
    const rootFields = fieldsOf(operation.operation.selectionSet, operation.fragments);
    const call = (region: RegionCode, body: { query: string; variables?: JsonObject; operationName?: string | null }) =>
      sendToRegion({
        region,
        url: `${this.options.regionBaseUrls[region]}${SUBGRAPHS[this.subgraph].path}`,
        identityHeader: this.options.identityForwarder.headerFor(identity),
        timeoutMs: this.options.timeoutMs,
        ...body,
      });
    if (rootFields.length === 1 && rootFields[0].name.value === '_entities') {
      return this.routeEntities(query, request.operationName, variables, call);
    }
    return this.routeRootFields(operation, query, request.operationName, variables, rootFields, identity, call);
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

  private async routeEntities(query: string, operationName: string | null | undefined, variables: JsonObject, call: RegionCall): Promise<GatewayGraphQLResponse> {
    const representations = (variables.representations as unknown[] | undefined) ?? [];
    const errors: GraphQLFormattedError[] = [];
    const fanOutPositions = this.subgraph === 'links' ? representations.flatMap((representation, position) => (isEnterprise(representation) ? [position] : [])) : [];
    const fanOut = new Set(fanOutPositions);
    const routed = splitRepresentations(representations.map((representation, position) => (fanOut.has(position) ? null : representation)));

    const batchResults = Promise.all(
      routed.batches.map(async (batch) => {
        try {
          const body = await call(batch.region, { query, operationName, variables: { ...variables, representations: batch.representations } });
          for (const error of body.errors ?? []) errors.push(remapEntityErrorPath(error, batch));
          return { batch, entities: (body.data?._entities as unknown[] | undefined) ?? null };
        } catch (error) {
          errors.push(...regionFailure(error, batch.positions.map((position) => ['_entities', position])));
          return { batch, entities: null };
        }
      }),
    );
    const fanOutResult = fanOutPositions.length === 0 ? Promise.resolve([]) : this.fanOutEntities(query, operationName, variables, representations, fanOutPositions, call, errors);
    const entities = reassembleEntities(representations.length, await batchResults);
    const fanOutEntities = await fanOutResult;
    fanOutPositions.forEach((position, index) => {
      entities[position] = fanOutEntities[index] ?? null;
    });
    return { data: { _entities: entities }, ...(errors.length > 0 ? { errors: dedupe(errors) } : {}) };
  }

  /** Entities every region contributes to (an enterprise's records): asked of all regions, merged. */
  private async fanOutEntities(
    query: string,
    operationName: string | null | undefined,
    variables: JsonObject,
    representations: unknown[],
    positions: number[],
    call: RegionCall,
    errors: GraphQLFormattedError[],
  ): Promise<unknown[]> {
    const subset = positions.map((position) => representations[position]);
    const batch: RegionBatch = { region: ALL_REGION_CODES[0], positions, representations: subset };
    const perRegion = await Promise.all(
      ALL_REGION_CODES.map(async (region) => {
        try {
          const body = await call(region, { query, operationName, variables: { ...variables, representations: subset } });
          for (const error of body.errors ?? []) errors.push(remapEntityErrorPath(error, batch));
          return (body.data?._entities as unknown[] | undefined) ?? null;
        } catch (error) {
          errors.push(...regionFailure(error));
          return null;
        }
      }),
    );
    return mergeFannedOutEntities(perRegion, subset.length);
  }

  private async routeRootFields(
    operation: ParsedOperation,
    query: string,
    operationName: string | null | undefined,
    variables: JsonObject,
    rootFields: FieldNode[],
    identity: Identity,
    call: RegionCall,
  ): Promise<GatewayGraphQLResponse> {
    const routes = rootFields.map((field) => routeRootField(field, variables, identity.region));
    const onlyRegion = routes[0]?.kind === 'single' ? routes[0].region : undefined;
    if (onlyRegion && routes.every((route) => route.kind === 'single' && route.region === onlyRegion)) {
      try {
        return (await call(onlyRegion, { query, variables, operationName })) as GatewayGraphQLResponse;
      } catch (error) {
        return { data: null, errors: regionFailure(error, rootFields.map((field) => [responseKey(field)])) };
      }
    }
    const data: JsonObject = {};
    const errors: GraphQLFormattedError[] = [];
    const answer = async (field: FieldNode, index: number) => {
      const route = routes[index];
      const key = responseKey(field);
      if (route.kind === 'single') data[key] = await this.single(operation, field, variables, route.region, call, errors);
      else if (route.kind === 'connection') data[key] = await this.connection(operation, field, variables, route.regions, call, errors);
      else data[key] = await this.statistics(operation, field, variables, route.regions, call, errors);
    };
    if (operation.operation.operation === 'mutation') {
      for (const [index, field] of rootFields.entries()) await answer(field, index);
    } else {
      await Promise.all(rootFields.map(answer));
    }
    return { data, ...(errors.length > 0 ? { errors: dedupe(errors) } : {}) };
  }

  private async single(operation: ParsedOperation, field: FieldNode, variables: JsonObject, region: RegionCode, call: RegionCall, errors: GraphQLFormattedError[]) {
    const key = responseKey(field);
    try {
      const body = await call(region, singleFieldOperation(operation, field, variables));
      errors.push(...(body.errors ?? []));
      return body.data?.[key] ?? null;
    } catch (error) {
      errors.push(...regionFailure(error, [[key]]));
      return null;
    }
  }

  private async connection(operation: ParsedOperation, field: FieldNode, variables: JsonObject, regions: RegionCode[], call: RegionCall, errors: GraphQLFormattedError[]) {
    const key = responseKey(field);
    const request = singleFieldOperation(operation, withConnectionKeys(field, operation.fragments), variables);
    const answers = await this.askRegions(regions, request, call, key, errors);
    const pages: RegionPage[] = answers.flatMap(({ region, body }) => {
      const connection = body.data?.[key] as JsonObject | null | undefined;
      return connection ? [{ region, connection }] : [];
    });
    const first = Number(argumentValue(field, 'first', variables) ?? 20);
    const orderBy = argumentValue(field, 'orderBy', variables) as { direction?: string } | undefined;
    const merged = mergeConnectionPages(pages, {
      first,
      after: argumentValue(field, 'after', variables) as string | undefined,
      direction: orderBy?.direction === 'ASC' ? 1 : -1,
      clientField: field,
      fragments: operation.fragments,
    });
    for (const { region, body } of answers) {
      for (const error of body.errors ?? []) {
        const remapped = remapConnectionError(error, region, key, merged);
        if (remapped) errors.push(remapped);
      }
    }
    // No region asked (an empty `regions` filter) is an empty page, like statistics below; only failed regions give null.
    return pages.length > 0 || regions.length === 0 ? merged.connection : null;
  }

  private async statistics(operation: ParsedOperation, field: FieldNode, variables: JsonObject, regions: RegionCode[], call: RegionCall, errors: GraphQLFormattedError[]) {
    const key = responseKey(field);
    const request = singleFieldOperation(operation, withStatisticsKeys(field), variables);
    const answers = await this.askRegions(regions, request, call, key, errors);
    const groups = answers.flatMap(({ body }) => (Array.isArray(body.data?.[key]) ? [body.data![key] as JsonObject[]] : []));
    for (const { body } of answers) errors.push(...(body.errors ?? []));
    return groups.length > 0 || regions.length === 0 ? mergeStatistics(groups, field, operation.fragments) : null;
  }

  /** Sends one request to several regions at once; regions that cannot answer become named errors. */
  private async askRegions(
    regions: RegionCode[],
    request: { query: string; variables: JsonObject },
    call: RegionCall,
    key: string,
    errors: GraphQLFormattedError[],
  ): Promise<Array<{ region: RegionCode; body: GraphQLResponseBody }>> {
    const settled = await Promise.all(
      regions.map(async (region) => {
        try {
          return { region, body: await call(region, request) };
        } catch (error) {
          errors.push(...regionFailure(error, [[key]]));
          return null;
        }
      }),
    );
    return settled.filter((answer): answer is { region: RegionCode; body: GraphQLResponseBody } => answer !== null);
  }
}

type RegionCall = (region: RegionCode, body: { query: string; variables?: JsonObject; operationName?: string | null }) => Promise<GraphQLResponseBody>;

function isEnterprise(representation: unknown): boolean {
  return (representation as { __typename?: unknown } | null)?.__typename === 'Enterprise';
}

function regionFailure(error: unknown, paths: Array<ReadonlyArray<string | number>> = []): GraphQLFormattedError[] {
  if (!(error instanceof RegionUnavailableError)) throw error;
  return [error.toGraphQLError(paths[0])];
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
