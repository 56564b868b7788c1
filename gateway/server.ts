import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled, ApolloServerPluginUsageReportingDisabled } from '@apollo/server/plugin/disabled';
import type { Logger } from 'pino';
import { CONTRACT, deriveRootFieldRoutes, EVENTS_PATH, isSubgraphName, type HubContract } from '../contract';
import { ALL_REGION_CODES } from '../kernel';
import { RegionEventConsumer } from './subscriptions/regionEventConsumer';
import { SubscriptionHub } from './subscriptions/subscriptionHub';
import { attachSubscriptions } from './subscriptions/subscriptionServer';
import { apolloRequestHandler } from '../platform/apolloHttp';
import { createLogger, logReady } from '../platform/logger';
import { authenticateClient, authorizationHeader } from './authentication';
import type { GatewayConfig } from './config';
import { graphiqlPage, serveGraphiqlAsset } from './graphiql';
import { checkRegions } from './health';
import { queryLimitsPlugin } from './queryLimits';
import { IdentityForwarder } from './router/identityForwarding';
import { RegionRouterDataSource, type GatewayContext } from './router/regionRouterDataSource';
import { clientApiSchema, committedSchemaSource, federatedApiSchema, type SchemaSource } from './schemaSource';
import { checkRegionalSchemas } from './sdlCheck';

export interface RunningGateway {
  url: string;
  hub: SubscriptionHub;
  port: number;
  httpServer: Server;
  stop(): Promise<void>;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

export interface GatewayOptions {
  logger?: Logger;
  /** The composition to serve; the committed schema/ by default. */
  schema?: SchemaSource;
  /** The gateway–region contract; the project's by default (tests pass an extended one). */
  contract?: HubContract;
}

/** Starts the gateway: schema check, Apollo Gateway over the region router, GraphiQL, /health, on one HTTP server. */
export async function startGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger('gateway');
  const schema = options.schema ?? committedSchemaSource();
  const contract = options.contract ?? CONTRACT;
  // Fails before anything listens when a root field has no route or a key argument no decoder.
  const routes = deriveRootFieldRoutes(federatedApiSchema(schema.supergraphSdl), contract.explicitRoutes);
  const identityForwarder = new IdentityForwarder(config.internalIdentitySecret);
  await checkRegionalSchemas(config.regionBaseUrls, schema.subgraphSdl, identityForwarder, logger, config.regionTimeoutMs);

  const gateway = new ApolloGateway({
    supergraphSdl: schema.supergraphSdl,
    buildService: ({ name }) => {
      if (!isSubgraphName(name)) throw new Error(`the supergraph names an unknown subgraph "${name}"`);
      return new RegionRouterDataSource(name, { regionBaseUrls: config.regionBaseUrls, timeoutMs: config.regionTimeoutMs, identityForwarder, routes, logger });
    },
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // No HTTP cache hints or usage reporting here: they cost time on every request and field for nothing we use.
    plugins: [
      queryLimitsPlugin({ maxDepth: config.maxDepth, maxCost: config.maxCost }),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
    ],
  });
  await apollo.start();

  const hub = new SubscriptionHub(new Map(), apollo, { maxQueuedPerSubscriber: config.maxQueuedEventsPerSubscriber, maxPendingLivePerSubscriber: 10_000 }, logger);
  const consumers = new Map(
    ALL_REGION_CODES.map((region) => [
      region,
      new RegionEventConsumer(region, `${config.regionBaseUrls[region].replace(/^http/, 'ws')}${EVENTS_PATH}`, identityForwarder, (event) => hub.onEvent(event), logger),
    ]),
  );
  hub.attachConsumers(consumers);
  for (const consumer of consumers.values()) consumer.start();
  const handleGraphql = apolloRequestHandler(
    apollo,
    async (request: IncomingMessage) => ({ identity: authenticateClient(authorizationHeader(request), config.jwtSecret) }),
    { maxBodyBytes: config.maxBodyBytes },
  );

  const httpServer = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const wantsHtml = request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
    if (path === '/health') {
      checkRegions(config.regionBaseUrls, Math.min(config.regionTimeoutMs, 2000))
        .then((health) => sendJson(response, health.status === 'ok' ? 200 : 503, { ...health, subscriptions: { subscribers: hub.subscriberCount, groups: hub.groupCount } }))
        .catch((error) => sendJson(response, 500, { status: 'error', error: String(error) }));
      return;
    }
    if (config.graphiql && (path === '/' || path === '/graphiql' || (path === '/graphql' && wantsHtml))) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(graphiqlPage({ endpoint: '/graphql', headers: config.developmentTokens ? { Authorization: `Bearer ${config.developmentTokens.BJ}` } : undefined }));
      return;
    }
    if (config.graphiql && path.startsWith('/graphiql/assets/') && serveGraphiqlAsset(path.slice('/graphiql/assets/'.length), response)) return;
    if (path === '/graphql') {
      handleGraphql(request, response).catch((error) => {
        logger.error({ err: error }, 'request failed');
        if (!response.headersSent) sendJson(response, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
        else response.end();
      });
      return;
    }
    sendJson(response, 404, { error: `no route for ${path}; the API is at /graphql` });
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const subscriptionServer = attachSubscriptions(httpServer, {
    schema: clientApiSchema(schema.supergraphSdl, contract),
    subscriptions: contract.subscriptions,
    apollo,
    hub,
    jwtSecret: config.jwtSecret,
    maxDepth: config.maxDepth,
    logger,
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${config.host}:${port}/graphql`;
  logReady(logger, { url }, 'gateway listening');

  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    hub,
    httpServer,
    stop: () => {
      stopping ??= (async () => {
        hub.close();
        for (const socket of subscriptionServer.clients) socket.close(1001, 'gateway shutting down');
        await new Promise<void>((resolve) => subscriptionServer.close(() => resolve()));
        await Promise.all([...consumers.values()].map((consumer) => consumer.stop()));
        await new Promise<void>((resolve) => {
          httpServer.close(() => resolve());
          httpServer.closeAllConnections();
        });
        await apollo.stop();
        logger.info('gateway stopped');
      })();
      return stopping;
    },
  };
}
