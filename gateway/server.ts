import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled, ApolloServerPluginUsageReportingDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { WebSocketServer } from 'ws';
import { CONTRACT, deriveRootFieldRoutes, EVENTS_PATH, isSubgraphName, SUBGRAPH_NAMES, SUBGRAPHS, type HubContract, type SubgraphName } from '../contract';
import { ALL_REGION_CODES, type RegionCode } from '../kernel';
import { answerClientErrorsWithJson, apolloRequestHandler } from '../platform/apolloHttp';
import { closeServer, listen } from '../platform/httpListen';
import { createLogger, logReady } from '../platform/logger';
import { startMetricsServer } from '../platform/metricsServer';
import { REQUEST_ID_HEADER, requestIdOf } from '../platform/requestId';
import { extractTraceContext, inSpan, SpanKind } from '../platform/tracing';
import { startWithStack, type ShutdownStack } from '../platform/shutdownStack';
import { authenticateClient, authorizationHeader } from './authentication';
import { ClientTokenVerifier } from './clientTokens';
import { ClientSchemaGateway } from './clientSchemaGateway';
import { corsHandler } from './cors';
import { httpSubscriptionRefusalPlugin } from './httpSubscriptionRefusal';
import { publicTokenHandler } from './publicToken';
import { GatewayMetrics, OPERATIONS_DIR } from './metrics';
import { errorLocationsPlugin } from './errorLocationsPlugin';
import { fastPath } from './fastPath/fastPath';
import { FastOperations } from './fastPath/fastOperations';
import { metricsPlugin } from './metricsPlugin';
import { requestLogPlugin } from './requestLogPlugin';
import { withResponseCompression } from './responseCompression';
import { loadWebApp } from './webApp';
import type { GatewayConfig } from './config';
import { graphiqlPage, serveGraphiqlAsset } from './graphiql';
import { RegionHealthMonitor } from './health';
import { RequestLimits } from './limits/requestLimits';
import { startSharedState } from './operationalStore/sharedState';
import type { TokenBuckets } from './limits/tokenBuckets';
import { SessionRegistry } from './subscriptions/sessionRegistry';
import { pricingModel } from './limits/pricingModel';
import { trustedOperationHashes } from './limits/trustedDocuments';
import { requestContextFactory } from './requestContext';
import { IdentityForwarder } from './router/identityForwarding';
import { RegionClient, type RegionCall } from './router/regionClient';
import { RegionRouterDataSource, type GatewayContext } from './router/regionRouterDataSource';
import { clientApiSchema, committedSchemaSource, federatedApiSchema, type SchemaSource } from './schemaSource';
import { checkRegionalSchemas } from './sdlCheck';
import { RegionEventConsumer } from './subscriptions/regionEventConsumer';
import { SubscriptionHub } from './subscriptions/subscriptionHub';
import { attachSubscriptions } from './subscriptions/subscriptionServer';
import { GATEWAY_VALIDATION_RULES } from './validationRules';
import { AllowedHosts, guardUpgrades, HOST_NOT_ALLOWED_STATUS, hostRefusalBody } from './allowedHosts';
import { publicSchemaDetailsPlugin } from './publicSchemaDetails';
import { referenceCheckPlugin } from './references/referenceCheckPlugin';
import { setSecurityHeaders } from './securityHeaders';
import { EXPORT_PATH_PREFIX, exportHandler } from './export/exportHandler';
import { boundedServerOptions } from '../platform/connectionBounds';

export interface RunningGateway {
  url: string;
  /** Prometheus metrics of this gateway (on METRICS_PORT); '' when metrics are off. */
  metricsUrl: string;
  hub: SubscriptionHub;
  /** The graphql-ws server (tests drop its sockets to simulate a lost connection). */
  webSocketServer: WebSocketServer;
  port: number;
  httpServer: Server;
  stop(): Promise<void>;
}

export interface GatewayOptions {
  logger?: Logger;
  /** The composition to serve; the committed schema/ by default. */
  schema?: SchemaSource;
  /** The gateway–region contract; the project's by default (tests pass an extended one). */
  contract?: HubContract;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

/** Apollo Gateway over one region router per logical subgraph, behind Apollo Server with the query limits. */
async function startApollo(config: GatewayConfig, schema: SchemaSource, clientSchema: GraphQLSchema, routers: ReadonlyMap<SubgraphName, RegionRouterDataSource>, identityForwarder: IdentityForwarder, client: RegionClient, metrics: GatewayMetrics, logger: Logger): Promise<ApolloServer<GatewayContext>> {
  // Apollo Gateway otherwise sends usage metrics to usage-reporting.api.apollographql.com: this hub talks to no third party.
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  const gateway = new ApolloGateway({
    supergraphSdl: schema.supergraphSdl,
    // Each fetch carries its parsed document to the router, which then never parses a subgraph query itself.
    queryPlannerConfig: { exposeDocumentNodeInFetchNode: true },
    buildService: ({ name }) => {
      const router = isSubgraphName(name) ? routers.get(name) : undefined;
      if (!router) throw new Error(`the supergraph names an unknown subgraph "${name}"`);
      return router;
    },
  });
  const schemaDetails = publicSchemaDetailsPlugin(!config.publicSchemaDetails);
  const apollo = new ApolloServer<GatewayContext>({
    gateway: new ClientSchemaGateway(gateway, clientSchema),
    includeStacktraceInErrorResponses: false,
    // Apollo's default would turn introspection off for every caller in production: agencies keep it; the public
    // kind loses it (and "Did you mean" suggestions) per request, by the schema-details plugin.
    introspection: true,
    csrfPrevention: true,
    // Clients send whole documents (public tokens only the trusted ones): no automatic persisted queries, whose hash
    // mismatch Apollo reports without a code.
    persistedQueries: false,
    validationRules: [...GATEWAY_VALIDATION_RULES],
    // The limits per caller (RequestLimits) parse first with their own token limit; this bounds any path that reaches Apollo without them.
    parseOptions: { maxTokens: Math.max(config.callerLimits.agency.maxTokens, config.callerLimits.public.maxTokens) },
    // No HTTP cache hints or usage reporting here: they cost time on every request and field for nothing we use.
    plugins: [
      ...(config.metrics ? [metricsPlugin(metrics)] : []),
      ...(config.requestLog ? [requestLogPlugin(logger)] : []),
      httpSubscriptionRefusalPlugin(),
      errorLocationsPlugin(),
      schemaDetails,
      referenceCheckPlugin({ client, identityForwarder, regionBaseUrls: config.regionBaseUrls, timeoutMs: config.regionTimeoutMs, registry: config.metrics ? metrics.registry : null }),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
    ],
  });
  schemaDetails.register(apollo);
  await apollo.start();
  return apollo;
}

/** One consumer of each region's durable event stream, feeding the hub. */
function startEventConsumers(config: GatewayConfig, hub: SubscriptionHub, identityForwarder: IdentityForwarder, logger: Logger, stack: ShutdownStack): Map<RegionCode, RegionEventConsumer> {
  const consumers = new Map<RegionCode, RegionEventConsumer>();
  for (const region of ALL_REGION_CODES) {
    const url = `${config.regionBaseUrls[region].replace(/^http/, 'ws')}${EVENTS_PATH}`;
    const consumer = new RegionEventConsumer(region, url, identityForwarder, (event) => hub.onEvent(event), logger);
    consumers.set(region, stack.defer(`event consumer ${region}`, consumer, (started) => started.stop()));
  }
  hub.attachConsumers(consumers);
  for (const consumer of consumers.values()) consumer.start();
  return consumers;
}

const WEB_APP_MISSING = '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>京津冀缺陷产品召回与风险预警</title><p>公众页面尚未构建：运行 <code>npm run build:web</code>（<code>npm start</code> 会自动构建）。API 位于 /graphql，GraphiQL 位于 /graphiql。</p></html>';

/**
 * The HTTP routes: /health, the public web app at /, /public-token, GraphiQL and its assets, /graphql (CORS on the
 * API routes). Every answer carries the security headers; a Host not in ALLOWED_HOSTS is refused on every route
 * but the orchestrator's probes (/health/live, /health/ready).
 */
function httpHandler(config: GatewayConfig, tokens: ClientTokenVerifier, limits: RequestLimits, apollo: ApolloServer<GatewayContext>, hub: SubscriptionHub, metrics: GatewayMetrics, logger: Logger, hosts: AllowedHosts, buckets: TokenBuckets, handleExport: (request: IncomingMessage, response: ServerResponse) => void, shortcut: ReturnType<typeof fastPath> | undefined): (request: IncomingMessage, response: ServerResponse) => void {
  const handleGraphql = apolloRequestHandler(
    apollo,
    requestContextFactory({ tokens, limits, metrics: config.metrics ? metrics : null, logger: config.requestLog ? logger : null }),
    { maxBodyBytes: config.maxBodyBytes, shortcut },
  );
  const handlePublicToken = publicTokenHandler({ jwtSecret: config.jwtSecret, lifetimeSeconds: config.publicTokenSeconds, perMinute: config.publicTokensPerMinute, buckets });
  const withCors = corsHandler(config.corsOrigins);
  const regionHealth = new RegionHealthMonitor(config.regionBaseUrls, config.healthTimeoutMs);
  const webApp = loadWebApp(config.webDir);
  if (!webApp) logger.warn({ webDir: config.webDir }, 'the web app is not built; / says how to build it');
  return (request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const wantsHtml = request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
    setSecurityHeaders(request, response);
    if (!hosts.allowsRequest(request, path)) {
      response.writeHead(HOST_NOT_ALLOWED_STATUS, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      response.end(hostRefusalBody(request.headers.host));
      return;
    }
    if (path === '/health/live') {
      sendJson(response, 200, { status: 'live' });
      return;
    }
    if (path === '/health/ready' || path === '/health') {
      // Ready: the schema is loaded (it is before the server listens) and at least one region can answer.
      void regionHealth.check().then((health) => {
        if (path === '/health') sendJson(response, health.status === 'ok' ? 200 : 503, { ...health, subscriptions: { subscribers: hub.subscriberCount, groups: hub.groupCount } });
        else sendJson(response, health.status === 'down' ? 503 : 200, { status: health.status === 'down' ? 'not-ready' : 'ready', regions: Object.fromEntries(Object.entries(health.regions).map(([region, detail]) => [region, detail.ready])) });
      });
      return;
    }
    if (config.graphiql && (path === '/graphiql' || (path === '/graphql' && wantsHtml))) {
      setSecurityHeaders(request, response, 'graphiql');
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
      response.end(graphiqlPage({ endpoint: '/graphql' }));
      return;
    }
    if (config.graphiql && path.startsWith('/graphiql/assets/') && serveGraphiqlAsset(path.slice('/graphiql/assets/'.length), response)) return;
    if (path.startsWith(EXPORT_PATH_PREFIX)) {
      const requestId = requestIdOf(request);
      request.headers[REQUEST_ID_HEADER] = requestId;
      response.setHeader(REQUEST_ID_HEADER, requestId);
      withCors(request, response, () => handleExport(request, response));
      return;
    }
    if (path === '/graphql' || path === '/public-token') {
      // The same id is in the response, this request's log line and the regions' log lines.
      const requestId = requestIdOf(request);
      request.headers[REQUEST_ID_HEADER] = requestId;
      response.setHeader(REQUEST_ID_HEADER, requestId);
      withCors(request, response, () => {
        if (path === '/public-token') return handlePublicToken(request, response);
        inSpan('POST /graphql', SpanKind.SERVER, { 'http.request_id': requestId }, () => handleGraphql(request, response), extractTraceContext(request.headers)).catch((error) => {
          logger.error({ err: error }, 'request failed');
          if (!response.headersSent) sendJson(response, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
          else response.end();
        });
      });
      return;
    }
    if (webApp?.serve(path, response, request)) return;
    if (path === '/' && !webApp) {
      response.writeHead(503, { 'content-type': 'text/html; charset=utf-8' });
      response.end(WEB_APP_MISSING);
      return;
    }
    sendJson(response, 404, { error: `no route for ${path}; the API is at /graphql` });
  };
}

/** Region calls by region, subgraph and outcome, and their duration. */
function recordRegionCall(metrics: GatewayMetrics, call: RegionCall): void {
  const subgraph = SUBGRAPH_NAMES.find((name) => SUBGRAPHS[name].path === call.path) ?? 'other';
  metrics.regionCalls.inc({ region: call.region, subgraph, outcome: call.outcome });
  metrics.regionCallSeconds.observe({ region: call.region, subgraph }, call.seconds);
}

function closeWebSockets(server: WebSocketServer): Promise<void> {
  for (const socket of server.clients) socket.close(1001, 'gateway shutting down');
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * Starts the gateway in steps (routes, schema check, Apollo, subscriptions hub and event consumers, HTTP, WebSocket),
 * each registering how it stops; a failing step stops what the earlier ones started.
 */
export function startGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger('gateway', {}, config.logLevel);
  const schema = options.schema ?? committedSchemaSource();
  const contract = options.contract ?? CONTRACT;
  return startWithStack(async (stack) => {
    // Fails before anything starts when a root field has no route or a key argument no decoder.
    const routes = deriveRootFieldRoutes(federatedApiSchema(schema.supergraphSdl), contract.explicitRoutes);
    const identityForwarder = new IdentityForwarder(config.internalIdentitySecret);
    const shared = await startSharedState(config, logger, stack);
    const tokens = new ClientTokenVerifier({
      secret: config.jwtSecret,
      publicKey: config.jwtPublicKey,
      jwksUrl: config.jwtJwksUrl,
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
      onKeySetError: (error) => logger.warn({ err: error, jwksUrl: config.jwtJwksUrl }, 'the identity provider key set could not be fetched: external tokens are refused meanwhile'),
      maxLifetimeSeconds: config.maxTokenLifetimeSeconds,
      isRevoked: (tokenId) => shared.revocations?.isRevoked(tokenId) ?? false,
    });
    if (config.jwtPublicKey || config.jwtJwksUrl) logger.info({ accepted: tokens.accepted }, 'client tokens');
    let subscriptionCounts = () => ({ connections: 0, subscribers: 0, groups: 0, catchUpLogReads: {} as Partial<Record<string, number>> });
    let eventPositions = (): Partial<Record<RegionCode, number>> => ({});
    const metrics = new GatewayMetrics(() => subscriptionCounts(), () => eventPositions());
    const client = stack.defer('region client', new RegionClient({ idleSocketMs: config.regionIdleSocketMs, connections: config.regionConnections, concurrencyPerRegion: config.regionConcurrency, waitingPerCaller: config.regionWaitingPerCaller, onCall: config.metrics ? (call) => recordRegionCall(metrics, call) : undefined }), (started) => started.close());
    await checkRegionalSchemas(config.regionBaseUrls, schema.subgraphSdl, identityForwarder, logger, config.regionTimeoutMs);
    const clientSchema = clientApiSchema(schema.supergraphSdl, contract);
    const limits = new RequestLimits(pricingModel(clientSchema, schema.supergraphSdl, routes), config.callerLimits, config.trustedDocuments === 'public' ? trustedOperationHashes(OPERATIONS_DIR) : null, shared.buckets);
    const routers = new Map(SUBGRAPH_NAMES.map((name) => [name, new RegionRouterDataSource(name, { regionBaseUrls: config.regionBaseUrls, timeoutMs: config.regionTimeoutMs, identityForwarder, routes, client })]));
    const apollo = stack.defer('apollo', await startApollo(config, schema, clientSchema, routers, identityForwarder, client, metrics, logger), (started) => started.stop());
    // Queries one subgraph answers from the root skip Apollo's pipeline and executor (gateway/fastPath).
    const shortcut = config.fastPath
      ? fastPath({ operations: new FastOperations(clientSchema, schema.supergraphSdl), routers, clientSchema, metrics: config.metrics ? metrics : null, logger: config.requestLog ? logger : null })
      : undefined;
    const hub = stack.defer('subscription hub', new SubscriptionHub(new Map(), apollo, { maxQueuedPerSubscriber: config.maxQueuedEventsPerSubscriber, maxPendingLivePerSubscriber: 10_000 }, logger), (started) => started.close());
    const consumers = startEventConsumers(config, hub, identityForwarder, logger, stack);
    eventPositions = () => Object.fromEntries([...consumers].map(([region, consumer]) => [region, consumer.lastSeq]));

    const hosts = new AllowedHosts(config.allowedHosts, config.host);
    // Bulk exports read the regions' list fields themselves (planned against the regional SDL at start).
    const handleExport = exportHandler({ declarations: contract.exports, regionalSdl: schema.subgraphSdl.regional, routes, regionBaseUrls: config.regionBaseUrls, timeoutMs: config.exportRegionTimeoutMs, tokens, limits, client, identityForwarder, metrics: config.metrics ? metrics : null, logger });
    const httpServer = createServer(
      boundedServerOptions(config),
      withResponseCompression(httpHandler(config, tokens, limits, apollo, hub, metrics, logger, hosts, shared.buckets, handleExport, shortcut)),
    );
    // Every connection holds a socket and buffers before anyone is authenticated: a bound, WebSockets included.
    httpServer.maxConnections = config.maxConnections;
    answerClientErrorsWithJson(httpServer);
    const port = await listen(httpServer, config.port, config.host);
    stack.defer('http server', httpServer, closeServer);
    // The default names carry the port listened on; the WebSocket upgrades meet the same check (verifyUpgrade).
    guardUpgrades(httpServer, hosts.listeningOn(port));
    // A token revoked anywhere closes this process's WebSockets opened with it (4403), within one read of the list.
    const sessions = new SessionRegistry();
    shared.revocations?.onRevoked(() => {
      const closed = sessions.closeRevoked((tokenId) => shared.revocations!.isRevoked(tokenId));
      if (closed > 0) logger.info({ closed }, 'closed the WebSockets of revoked tokens');
    });
    const subscriptionServer = attachSubscriptions(httpServer, {
      schema: clientSchema,
      subscriptions: contract.subscriptions,
      allowedOrigins: config.corsOrigins,
      maxBodyBytes: config.maxBodyBytes,
      sessions,
      apollo,
      hub,
      tokens,
      limits,
      metrics: config.metrics ? metrics : null,
      logger,
    });
    stack.defer('websocket server', subscriptionServer, closeWebSockets);
    subscriptionCounts = () => ({ connections: subscriptionServer.clients.size, subscribers: hub.subscriberCount, groups: hub.groupCount, catchUpLogReads: hub.catchUpLogReads });
    const metricsServer = config.metrics ? stack.defer('metrics server', await startMetricsServer(metrics.registry, config.metricsPort, config.host), (started) => started.stop()) : undefined;
    const url = `http://${config.host}:${port}/graphql`;
    logReady(logger, { url, metricsUrl: metricsServer?.url ?? null, allowedHosts: hosts.description }, 'gateway listening');
    return {
      url,
      metricsUrl: metricsServer?.url ?? '',
      port,
      hub,
      httpServer,
      webSocketServer: subscriptionServer,
      stop: async () => {
        await stack.stop();
        logger.info('gateway stopped');
      },
    };
  }, (name, error) => logger.error({ err: error, step: name }, 'failed to stop cleanly'));
}
