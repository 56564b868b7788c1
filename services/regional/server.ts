import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { MongoClient, type CommandFailedEvent, type CommandStartedEvent, type CommandSucceededEvent } from 'mongodb';
import { context, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { GraphQLError } from 'graphql';
import { answerClientErrorsWithJson, apolloRequestHandler } from '../../platform/apolloHttp';
import { boundedServerOptions, type ConnectionBounds } from '../../platform/connectionBounds';
import { REGIONAL_DEFAULTS } from '../../platform/config';
import { closeServer, listen } from '../../platform/httpListen';
import { startMetricsServer } from '../../platform/metricsServer';
import { requestIdOf } from '../../platform/requestId';
import { extractTraceContext, inSpan, SpanKind, tracer } from '../../platform/tracing';
import { EXPORT_HEADER, EXPORT_ID_PATTERN, SUBGRAPHS, type SubgraphName } from '../../contract';
import { IDENTITY_HEADER, IdentityError, verifyInternalIdentity, type Identity, type InternalTarget } from '../../platform/identity';
import { createLogger, logReady } from '../../platform/logger';
import type { RegionalServiceConfig } from './config';
import { createRegionalContext, type RegionalContext } from './context';
import { connectDatabase, regionalDatabase, type RegionalDatabase } from './data/database';
import { requestScopedDatabase } from './data/requestScoped';
import { formatRegionalError } from './graphql/formatError';
import { attachEventStream } from './events/eventStreamServer';
import { ownGiAuthorisation, peerGiAuthorisations } from './entities/inspection/giAuthorisation';
import { eventLogCollection } from './events/eventLog';
import { OutboxRelay } from './events/outboxRelay';
import type { Migration } from './migrations/migration';
import { runMigrations } from './migrations/runner';
import { buildLinksSchema } from './links/links.schema';
import { RegionalMetrics } from './metrics';
import { PersonalDataJob } from './personalData/retentionJob';
import { buildRegionalSchema } from './schema';
import { regionalHealthRoutes } from './health';
import { representationCheckPlugin } from './graphql/representationCheck';
import { startBackLinks, type BackLinks } from './backLinks';
import { BUILT_IN_CALENDAR, compareCalendars, loadCalendar, type CalendarChange } from './calendar/loadCalendar';
import { DeadlineJob, type DeadlineRecompute } from './calendar/deadlineJob';
import type { WorkingDayCalendar } from '../../kernel';

export interface RunningRegionalService {
  relay: OutboxRelay;
  /** Follows every region's events and keeps this region's back-links. */
  backLinks: BackLinks;
  /** The personal-data job (anonymisation after PERSONAL_DATA_RETENTION_DAYS, audit-log retention). */
  personalData: PersonalDataJob;
  /** Keeps open complaints' stored deadlines in line with the calendar (at start and after each reload). */
  deadlines: DeadlineJob;
  /** The working-day calendar in force. */
  calendar(): WorkingDayCalendar;
  /**
   * Reads the calendar again (built-in years, CALENDAR_DIR, extra days; what SIGHUP does), logs the years added,
   * changed and removed, and recomputes the stored deadlines when anything changed. A calendar that cannot be read
   * is logged and the one in force is kept.
   */
  reloadCalendar(): Promise<CalendarReload>;
  /** The regional subgraph endpoint; the links subgraph is served at the same origin under /links. */
  url: string;
  linksUrl: string;
  port: number;
  database: RegionalDatabase;
  client: MongoClient;
  httpServer: Server;
  /** Prometheus metrics of this service, when it has a metrics port. */
  metricsUrl?: string;
  stop(): Promise<void>;
}

export type CalendarReload = { ok: true; change: CalendarChange; recompute: DeadlineRecompute | null } | { ok: false; error: Error };

/** Every request carries the gateway-signed identity; a bare, forged or expired one is refused before any resolver runs. */
function authenticate(header: string | string[] | undefined, secret: string, target: InternalTarget): Identity {
  try {
    return verifyInternalIdentity(Array.isArray(header) ? header[0] : header, secret, target);
  } catch (error) {
    const message = error instanceof IdentityError ? error.message : 'identity could not be verified';
    throw new GraphQLError(`Unauthenticated: ${message}`, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
  }
}

/** A span per database command, a child of the request that issued it (the driver's command monitoring). */
function traceCommands(client: MongoClient): void {
  const open = new Map<number, Span>();
  client.on('commandStarted', (event: CommandStartedEvent) => {
    // Only commands issued by a traced request: the outbox relay's polling would otherwise flood the exporter.
    if (!trace.getSpan(context.active())) return;
    if (open.size < 10_000) open.set(event.requestId, tracer().startSpan(`db ${event.commandName}`, { kind: SpanKind.CLIENT, attributes: { 'db.system': 'mongodb', 'db.operation.name': event.commandName } }));
  });
  const end = (event: CommandSucceededEvent | CommandFailedEvent, failed: boolean) => {
    const span = open.get(event.requestId);
    if (!span) return;
    open.delete(event.requestId);
    if (failed) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };
  client.on('commandSucceeded', (event: CommandSucceededEvent) => end(event, false));
  client.on('commandFailed', (event: CommandFailedEvent) => end(event, true));
}

/** One log line per request, with the gateway's request id: caller agency, endpoint, duration, outcome (no query text or data). */
function requestLog(logger: Logger, endpoint: 'regional' | 'links'): ApolloServerPlugin<RegionalContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async willSendResponse({ response }) {
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const code = body?.errors?.[0]?.extensions?.code;
          const { requestId, caller } = contextValue as RegionalContext & { requestId?: string };
          logger.info({ requestId, endpoint, agency: caller?.agency, durationMs: Math.round((performance.now() - started) * 10) / 10, outcome: typeof code === 'string' ? code : 'ok' }, 'request');
        },
      };
    },
  };
}

/**
 * Starts one region's subgraph: connects its database, ensures indexes, runs pending data migrations (before the
 * outbox relay starts and before it serves anything; `migrations` replaces the registry in tests) and serves
 * /graphql and /health.
 */
export async function startRegionalService(
  config: RegionalServiceConfig,
  logger: Logger = createLogger('regional', { region: config.region }),
  { migrations }: { migrations?: readonly Migration[] } = {},
): Promise<RunningRegionalService> {
  const monitorCommands = config.metricsPort !== undefined || config.tracing === true;
  const { client, database } = await connectDatabase(config.region, config.mongodbUri, config.databaseName, { ...(monitorCommands ? { monitorCommands: true } : {}), ...config.mongoClientOptions });
  try {
    await runMigrations(database.db, config.region, { logger, migrations });
  } catch (error) {
    await client.close();
    throw error;
  }
  const eventLog = eventLogCollection(database.db);
  const relay = new OutboxRelay(config.region, database, eventLog, logger, { retentionDays: config.eventRetentionDays });
  await relay.start();
  const personalData = new PersonalDataJob({
    region: config.region,
    database,
    logger,
    clock: config.clock,
    retentionDays: config.personalDataRetentionDays,
    auditLogRetentionDays: config.auditLogRetentionDays,
    sweepMinutes: config.personalDataSweepMinutes,
    commandTimeoutMs: config.dbCommandTimeoutMs,
    outboxWritten: () => relay.nudge(),
  });
  await personalData.start();
  let calendar = config.calendar;
  const deadlines = new DeadlineJob({
    region: config.region,
    database,
    logger,
    calendar: () => calendar,
    clock: config.clock,
    commandTimeoutMs: config.dbCommandTimeoutMs,
    outboxWritten: () => relay.nudge(),
  });
  deadlines.start();
  logger.info({ years: calendar.years.map((entry) => `${entry.year} ${entry.source}`) }, 'holiday calendar');
  const reloadCalendar = async (): Promise<CalendarReload> => {
    let next: WorkingDayCalendar;
    try {
      next = loadCalendar(config.calendarSettings ?? BUILT_IN_CALENDAR);
    } catch (error) {
      logger.error({ err: error }, 'holiday calendar reload failed: the calendar in force is kept');
      return { ok: false, error: error as Error };
    }
    const change = compareCalendars(calendar, next);
    calendar = next;
    logger.info({ added: change.added, changed: change.changed, removed: change.removed, differs: change.differs, years: next.years.map((entry) => `${entry.year} ${entry.source}`) }, 'holiday calendar reloaded');
    return { ok: true, change, recompute: change.differs ? await deadlines.run() : null };
  };
  const metrics = monitorCommands ? new RegionalMetrics(config.region, relay) : undefined;
  if (metrics) metrics.watchCommands(client);
  if (config.tracing) traceCommands(client);
  const { schema } = await buildRegionalSchema();
  const newApollo = (graphqlSchema: typeof schema, endpoint: 'regional' | 'links') =>
    new ApolloServer<RegionalContext>({
      schema: graphqlSchema,
      includeStacktraceInErrorResponses: false,
      formatError: formatRegionalError(logger),
      csrfPrevention: true,
      plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginCacheControlDisabled(), representationCheckPlugin(), requestLog(logger, endpoint), ...(metrics ? [metrics.plugin(endpoint)] : [])],
    });
  const apollo = newApollo(schema, 'regional');
  const linksApollo = newApollo(buildLinksSchema().schema, 'links');
  await Promise.all([apollo.start(), linksApollo.start()]);
  const commandTimeoutMs = config.dbCommandTimeoutMs ?? REGIONAL_DEFAULTS.dbCommandTimeoutMs;
  const peerGis = peerGiAuthorisations(config.region, config.peerUrls ?? {}, config.internalIdentitySecret);
  const contextFor = (endpoint: SubgraphName) => async (request: IncomingMessage, _body: unknown, response: ServerResponse) => {
    const caller = authenticate(request.headers[IDENTITY_HEADER], config.internalIdentitySecret, { region: config.region, endpoint });
    // The request's reads stop when it ends (the gateway gave up or went away); every command is bounded anyway.
    const ended = new AbortController();
    response.once('close', () => ended.abort());
    const scoped = requestScopedDatabase(database, { maxTimeMS: commandTimeoutMs, signal: ended.signal });
    // A page of a bulk export carries the export's id (the gateway's): the list counts it in the export's audit entry.
    const exportHeader = request.headers[EXPORT_HEADER];
    const exportId = typeof exportHeader === 'string' && EXPORT_ID_PATTERN.test(exportHeader) ? exportHeader : undefined;
    return { ...createRegionalContext(config.region, scoped, caller, calendar, () => relay.nudge()), requestId: requestIdOf(request), peerGiAuthorisations: peerGis, ...(exportId ? { exportId } : {}) };
  };
  const routes: Record<string, (request: IncomingMessage, response: ServerResponse) => Promise<void>> = {
    [SUBGRAPHS.regional.path]: apolloRequestHandler(apollo, contextFor('regional')),
    [SUBGRAPHS.links.path]: apolloRequestHandler(linksApollo, contextFor('links')),
  };

  let stopping: Promise<void> | undefined;
  const healthRoutes = regionalHealthRoutes({
    region: config.region,
    db: database.db,
    timeoutMs: config.healthTimeoutMs ?? REGIONAL_DEFAULTS.healthTimeoutMs,
    latestEventSeq: () => relay.lastSeq,
    stopping: () => stopping !== undefined,
  });
  const bounds: ConnectionBounds = { maxConnections: REGIONAL_DEFAULTS.maxConnections, headersTimeoutMs: REGIONAL_DEFAULTS.headersTimeoutMs, requestTimeoutMs: REGIONAL_DEFAULTS.requestTimeoutMs, ...config.connectionBounds };
  const httpServer: Server = createServer(boundedServerOptions(bounds), (request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const health = healthRoutes[path];
    if (health) {
      health(response);
      return;
    }
    const route = routes[path];
    if (route) {
      inSpan(`POST ${path}`, SpanKind.SERVER, { 'jjj.region': config.region }, () => route(request, response), extractTraceContext(request.headers)).catch((error) => {
        logger.error({ err: error }, 'request failed');
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
      });
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: 'not found' }));
  });
  // The gateway closes its idle sockets before this (GATEWAY_DEFAULTS.regionIdleSocketMs).
  httpServer.keepAliveTimeout = config.keepAliveTimeoutMs ?? REGIONAL_DEFAULTS.keepAliveTimeoutMs;
  httpServer.maxConnections = bounds.maxConnections;
  answerClientErrorsWithJson(httpServer);
  const port = await listen(httpServer, config.port, config.host);
  const eventStream = attachEventStream(httpServer, eventLog, relay, { secret: config.internalIdentitySecret, region: config.region }, (id) => ownGiAuthorisation(database, id));
  // A client of its own (a small pool): the back-link job's reads and writes never queue behind requests, and a
  // request's command monitoring sees only the request's commands.
  const backLinkClient = new MongoClient(config.mongodbUri, { maxPoolSize: 4, serverSelectionTimeoutMS: 3000 });
  const backLinks = startBackLinks({
    region: config.region,
    context: { region: config.region, database: regionalDatabase(backLinkClient.db(config.databaseName)), outboxWritten: () => relay.nudge(), ...(config.clock ? { clock: config.clock } : {}) },
    eventLog: eventLogCollection(backLinkClient.db(config.databaseName)),
    peerUrls: config.peerUrls ?? {},
    internalIdentitySecret: config.internalIdentitySecret,
    pollMs: config.backLinkPollMs ?? REGIONAL_DEFAULTS.backLinkPollMs,
    logger,
  });
  // This region's follower applies its own events as soon as they are logged, not at its next read.
  relay.onAppended(() => backLinks.nudge());
  const metricsServer = metrics && config.metricsPort !== undefined ? await startMetricsServer(metrics.registry, config.metricsPort, config.host) : undefined;
  const url = `http://${config.host}:${port}/graphql`;
  const linksUrl = `http://${config.host}:${port}/links`;
  logReady(logger, { url, database: config.databaseName, metricsUrl: metricsServer?.url }, 'regional subgraph listening');

  return {
    url,
    linksUrl,
    relay,
    backLinks,
    personalData,
    deadlines,
    calendar: () => calendar,
    reloadCalendar,
    port,
    database,
    client,
    httpServer,
    metricsUrl: metricsServer?.url,
    stop: () => {
      stopping ??= (async () => {
        for (const socket of eventStream.clients) socket.terminate();
        await new Promise<void>((resolve) => eventStream.close(() => resolve()));
        await closeServer(httpServer);
        await metricsServer?.stop();
        await backLinks.stop();
        await peerGis.close();
        await backLinkClient.close();
        await personalData.stop();
        await deadlines.stop();
        await relay.stop();
        await Promise.all([apollo.stop(), linksApollo.stop()]);
        await client.close();
        logger.info('regional subgraph stopped');
      })();
      return stopping;
    },
  };
}
