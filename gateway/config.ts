import { z } from 'zod';
import { ALL_REGION_CODES, type RegionCode } from '../kernel';
import { timeoutOrderProblems } from '../platform/connectionBounds';
import { parseAllowedHosts, type AllowedHostsSetting } from './allowedHosts';
import { boolean, CLIENT_TOKEN_CLAIMS, GATEWAY_STORE_DEFAULTS, MAX_TOKEN_LIFETIME_HOURS, optionalMongodbUri, optionalHttpUrl, optionalPublicKey, DEFAULT_HOST, DEFAULT_METRICS_PORTS, DEFAULT_WEB_DIR, originList, DEFAULT_LOG_LEVEL, DEFAULT_PORTS, GATEWAY_DEFAULTS, httpUrl, integer, isProduction, callerLimitsWith, type CallerLimits, type LimitedCallerKind, json, LOG_LEVELS, oneOf, port, readEnvironment, secret, text, type LogLevel } from '../platform/config';

export interface GatewayConfig {
  host: string;
  port: number;
  /** Base URL of each regional deployment (it serves /graphql, /links, /events and /health). */
  regionBaseUrls: Record<RegionCode, string>;
  /** Verifies client bearer tokens signed with HS256 (and signs the public tokens). */
  jwtSecret: string;
  /** Verifies external client tokens (RS256 or ES256, by the key's type): a PEM public key; null: none. */
  jwtPublicKey: string | null;
  /** Verifies external client tokens (RS256/ES256, key by `kid`): the identity provider's JWKS URL, fetched and cached; null: none. */
  jwtJwksUrl: string | null;
  /** The `iss` and `aud` external client tokens must carry (the hub's own HS256 tokens always carry the hub's). */
  jwtIssuer: string;
  jwtAudience: string;
  /** The longest a client token may live (MAX_TOKEN_HOURS), from its `iat` and from now. */
  maxTokenLifetimeSeconds: number;
  /**
   * The gateway's own operational database (GATEWAY_MONGODB_URI): the revoked-token list and the rate counts all
   * gateway processes share. null: this process keeps its counts alone and knows no revocations (a warning at start).
   */
  gatewayStore: GatewayStoreConfig | null;
  /** Signs the identity forwarded to subgraphs. */
  internalIdentitySecret: string;
  regionTimeoutMs: number;
  /** How long one page of a bulk export may take a region (its first page counts every match). */
  exportRegionTimeoutMs: number;
  /** A region whose /health/ready has not answered within this counts as not ready. */
  healthTimeoutMs: number;
  /** Idle sockets to a region are closed after this long (below the region's keep-alive timeout). */
  regionIdleSocketMs: number;
  /** Open sockets per region at most. */
  regionConnections: number;
  /** Calls to one region at once; more wait, fairly shared between callers. */
  regionConcurrency: number;
  /** Calls one caller may have waiting for one region. */
  regionWaitingPerCaller: number;
  /** `public`: public tokens may run only the published operations (clients/operations); `off`: any operation. */
  trustedDocuments: 'public' | 'off';
  /** Request limits per kind of caller (CALLER_LIMITS with CALLER_LIMITS_JSON over it). */
  callerLimits: Record<LimitedCallerKind, CallerLimits>;
  maxBodyBytes: number;
  /** Client connections open at once; more are closed as they arrive (MAX_CONNECTIONS). */
  maxConnections: number;
  /** Time a client has to send a request's headers (HEADERS_TIMEOUT_MS) and the whole request (REQUEST_TIMEOUT_MS). */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /** Undelivered events a subscriber may have before it is disconnected as too slow. */
  maxQueuedEventsPerSubscriber: number;
  /** Web origins (besides the gateway's own) allowed to call /graphql and /public-token and to open WebSockets. */
  corsOrigins: readonly string[];
  /** Lifetime of public tokens from POST /public-token, in seconds (at most 900). */
  publicTokenSeconds: number;
  /** POST /public-token calls allowed per client address per minute. */
  publicTokensPerMinute: number;
  /** The built web app (public pages) served at /; none → / says how to build it. */
  webDir: string | null;
  /** Port of the Prometheus /metrics endpoint (0: any free port). */
  metricsPort: number;
  /** Collect and serve Prometheus metrics. */
  metrics: boolean;
  /** Log one line per request. */
  requestLog: boolean;
  /**
   * Answer queries that one subgraph answers from the root without Apollo's pipeline and executor (FAST_PATH; on by
   * default): the same answer, limits, metrics and log line, at a fraction of the CPU (gateway/fastPath).
   */
  fastPath: boolean;
  /** Serve the GraphiQL page (it embeds no token: it asks for one and keeps it in the browser). */
  graphiql: boolean;
  /**
   * The Host names the gateway answers to (ALLOWED_HOSTS): `host:port` or `host` (any port) entries, or `*` (no
   * check: unsafe). null: the loopback names (localhost, 127.0.0.1, [::1]) and HOST unless a wildcard, with the
   * port the gateway listens on. /health/live and /health/ready answer any Host.
   */
  allowedHosts: AllowedHostsSetting | null;
  /** Public tokens may introspect and get "Did you mean" suggestions (PUBLIC_SCHEMA_DETAILS; off in production). */
  publicSchemaDetails: boolean;
  logLevel: LogLevel;
}

export interface GatewayStoreConfig {
  uri: string;
  databaseName: string;
  /** How often revocations are read and rate counts exchanged. */
  syncMs: number;
}

const nonNegative = z.number().min(0).max(1e9);
const limitsShape = z
  .object({
    maxTokens: nonNegative,
    maxAliases: nonNegative,
    maxDirectives: nonNegative,
    maxDepth: nonNegative,
    maxCost: nonNegative,
    rate: z.object({ burst: nonNegative, perSecond: nonNegative }).partial().strict(),
    maxConcurrentRequests: nonNegative,
    maxConcurrentRequestsOfKind: nonNegative,
    maxSockets: nonNegative,
    maxSubscriptionsPerSocket: nonNegative,
    maxExportRows: nonNegative,
    maxConcurrentExports: nonNegative,
  })
  .partial()
  .strict();
/** ALLOWED_HOSTS: comma-separated `host:port` or `host` entries, or `*`; unset → null (the default list). */
const ALLOWED_HOSTS_VARIABLE = z.string().optional().transform((raw, context): AllowedHostsSetting | null => {
  if (raw === undefined || raw.trim() === '') return null;
  const parsed = parseAllowedHosts(raw);
  if (parsed) return parsed;
  context.addIssue({ code: 'custom', message: `must be comma-separated host:port or host entries such as hub.example.gov.cn,127.0.0.1:4000, or * (no check: unsafe) (got "${raw}")` });
  return z.NEVER;
});

const CALLER_LIMITS_OVERRIDE_SHAPE = z.object({ agency: limitsShape, public: limitsShape }).partial().strict();

const regionUrlVariables = Object.fromEntries(
  ALL_REGION_CODES.map((region) => [`REGION_URL_${region}`, httpUrl(`http://127.0.0.1:${DEFAULT_PORTS[region]}`)]),
) as Record<`REGION_URL_${RegionCode}`, ReturnType<typeof httpUrl>>;

const GATEWAY_ENVIRONMENT = {
  HOST: text(DEFAULT_HOST),
  PORT: port(DEFAULT_PORTS.gateway),
  ...regionUrlVariables,
  JWT_SECRET: secret(16, 'the secret that verifies client tokens'),
  JWT_PUBLIC_KEY: optionalPublicKey(),
  JWT_JWKS_URL: optionalHttpUrl('https://sso.example.gov.cn/.well-known/jwks.json', { exact: true }),
  JWT_ISSUER: text(CLIENT_TOKEN_CLAIMS.issuer),
  JWT_AUDIENCE: text(CLIENT_TOKEN_CLAIMS.audience),
  MAX_TOKEN_HOURS: integer(MAX_TOKEN_LIFETIME_HOURS, 1, 720),
  GATEWAY_MONGODB_URI: optionalMongodbUri(),
  GATEWAY_MONGODB_DB: text(GATEWAY_STORE_DEFAULTS.databaseName),
  GATEWAY_STORE_SYNC_MS: integer(GATEWAY_STORE_DEFAULTS.syncMs, 20, 10_000),
  INTERNAL_IDENTITY_SECRET: secret(16, 'the secret shared with the regional services'),
  REGION_TIMEOUT_MS: integer(GATEWAY_DEFAULTS.regionTimeoutMs, 50, 120_000),
  EXPORT_REGION_TIMEOUT_MS: integer(GATEWAY_DEFAULTS.exportRegionTimeoutMs, 50, 600_000),
  HEALTH_TIMEOUT_MS: integer(GATEWAY_DEFAULTS.healthTimeoutMs, 50, 60_000),
  REGION_IDLE_SOCKET_MS: integer(GATEWAY_DEFAULTS.regionIdleSocketMs, 100, 600_000),
  REGION_CONNECTIONS: integer(GATEWAY_DEFAULTS.regionConnections, 1, 10_000),
  REGION_CONCURRENCY: integer(GATEWAY_DEFAULTS.regionConcurrency, 1, 10_000),
  REGION_WAITING_PER_CALLER: integer(GATEWAY_DEFAULTS.regionWaitingPerCaller, 0, 100_000),
  TRUSTED_DOCUMENTS: oneOf(['public', 'off'] as const, 'off'),
  CALLER_LIMITS_JSON: json('a JSON object overriding parts of CALLER_LIMITS, e.g. {"public":{"maxCost":5000,"rate":{"perSecond":2}}}', CALLER_LIMITS_OVERRIDE_SHAPE),
  MAX_REQUEST_BYTES: integer(GATEWAY_DEFAULTS.maxBodyBytes, 1024, 64 * 1024 * 1024),
  MAX_CONNECTIONS: integer(GATEWAY_DEFAULTS.maxConnections, 1, 1_000_000),
  HEADERS_TIMEOUT_MS: integer(GATEWAY_DEFAULTS.headersTimeoutMs, 100, 600_000),
  REQUEST_TIMEOUT_MS: integer(GATEWAY_DEFAULTS.requestTimeoutMs, 100, 3_600_000),
  MAX_QUEUED_EVENTS_PER_SUBSCRIBER: integer(GATEWAY_DEFAULTS.maxQueuedEventsPerSubscriber, 1, 1_000_000),
  GRAPHIQL: boolean(GATEWAY_DEFAULTS.graphiql),
  ALLOWED_HOSTS: ALLOWED_HOSTS_VARIABLE,
  PUBLIC_SCHEMA_DETAILS: boolean(GATEWAY_DEFAULTS.publicSchemaDetails),
  CORS_ORIGINS: originList(),
  PUBLIC_TOKEN_SECONDS: integer(GATEWAY_DEFAULTS.publicTokenSeconds, 5, 900),
  PUBLIC_TOKENS_PER_MINUTE: integer(GATEWAY_DEFAULTS.publicTokensPerMinute, 1, 10_000),
  WEB_DIR: text(DEFAULT_WEB_DIR),
  METRICS_PORT: port(DEFAULT_METRICS_PORTS.gateway),
  METRICS: boolean(GATEWAY_DEFAULTS.metrics),
  REQUEST_LOG: boolean(GATEWAY_DEFAULTS.requestLog),
  FAST_PATH: boolean(true),
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalHttpUrl('http://127.0.0.1:4318'),
  LOG_LEVEL: oneOf(LOG_LEVELS, DEFAULT_LOG_LEVEL),
};

/** Reads the gateway's environment; every problem is reported at once, in words. */
export function gatewayConfigFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const values = readEnvironment('gateway', GATEWAY_ENVIRONMENT, env, (parsed) => [
    ...(parsed.JWT_SECRET === parsed.INTERNAL_IDENTITY_SECRET ? ['JWT_SECRET and INTERNAL_IDENTITY_SECRET must differ'] : []),
    ...(parsed.JWT_PUBLIC_KEY && parsed.JWT_JWKS_URL ? ['JWT_PUBLIC_KEY and JWT_JWKS_URL: set one of them, not both'] : []),
    ...timeoutOrderProblems(parsed.HEADERS_TIMEOUT_MS, parsed.REQUEST_TIMEOUT_MS),
  ]);
  return {
    host: values.HOST,
    port: values.PORT,
    regionBaseUrls: Object.fromEntries(ALL_REGION_CODES.map((region) => [region, values[`REGION_URL_${region}`]])) as Record<RegionCode, string>,
    jwtSecret: values.JWT_SECRET,
    jwtPublicKey: values.JWT_PUBLIC_KEY,
    jwtJwksUrl: values.JWT_JWKS_URL,
    jwtIssuer: values.JWT_ISSUER,
    jwtAudience: values.JWT_AUDIENCE,
    maxTokenLifetimeSeconds: values.MAX_TOKEN_HOURS * 3600,
    gatewayStore: values.GATEWAY_MONGODB_URI ? { uri: values.GATEWAY_MONGODB_URI, databaseName: values.GATEWAY_MONGODB_DB, syncMs: values.GATEWAY_STORE_SYNC_MS } : null,
    internalIdentitySecret: values.INTERNAL_IDENTITY_SECRET,
    regionTimeoutMs: values.REGION_TIMEOUT_MS,
    exportRegionTimeoutMs: values.EXPORT_REGION_TIMEOUT_MS,
    healthTimeoutMs: values.HEALTH_TIMEOUT_MS,
    regionIdleSocketMs: values.REGION_IDLE_SOCKET_MS,
    regionConnections: values.REGION_CONNECTIONS,
    regionConcurrency: values.REGION_CONCURRENCY,
    regionWaitingPerCaller: values.REGION_WAITING_PER_CALLER,
    callerLimits: callerLimitsWith(values.CALLER_LIMITS_JSON),
    // Production accepts from public tokens only the operations the hub publishes, unless TRUSTED_DOCUMENTS=off.
    trustedDocuments: env.TRUSTED_DOCUMENTS?.trim() ? values.TRUSTED_DOCUMENTS : isProduction(env) ? 'public' : 'off',
    maxBodyBytes: values.MAX_REQUEST_BYTES,
    maxConnections: values.MAX_CONNECTIONS,
    headersTimeoutMs: values.HEADERS_TIMEOUT_MS,
    requestTimeoutMs: values.REQUEST_TIMEOUT_MS,
    maxQueuedEventsPerSubscriber: values.MAX_QUEUED_EVENTS_PER_SUBSCRIBER,
    // GraphiQL is a development convenience: off in production unless GRAPHIQL asks for it.
    graphiql: env.GRAPHIQL?.trim() ? values.GRAPHIQL : !isProduction(env),
    allowedHosts: values.ALLOWED_HOSTS,
    // Introspection and suggestions for public tokens: off in production unless PUBLIC_SCHEMA_DETAILS asks for them.
    publicSchemaDetails: env.PUBLIC_SCHEMA_DETAILS?.trim() ? values.PUBLIC_SCHEMA_DETAILS : !isProduction(env),
    corsOrigins: values.CORS_ORIGINS,
    publicTokenSeconds: values.PUBLIC_TOKEN_SECONDS,
    publicTokensPerMinute: values.PUBLIC_TOKENS_PER_MINUTE,
    webDir: values.WEB_DIR,
    metricsPort: values.METRICS_PORT,
    metrics: values.METRICS,
    requestLog: values.REQUEST_LOG,
    fastPath: values.FAST_PATH,
    logLevel: values.LOG_LEVEL,
  };
}

/** A gateway configuration from the shared defaults plus what the caller must give (the test harness, the system start). */
export function gatewayConfig(required: Pick<GatewayConfig, 'regionBaseUrls' | 'jwtSecret' | 'internalIdentitySecret'>, overrides: Partial<GatewayConfig> = {}): GatewayConfig {
  return {
    host: DEFAULT_HOST,
    port: DEFAULT_PORTS.gateway,
    logLevel: DEFAULT_LOG_LEVEL,
    webDir: DEFAULT_WEB_DIR,
    metricsPort: DEFAULT_METRICS_PORTS.gateway,
    jwtPublicKey: null,
    jwtJwksUrl: null,
    jwtIssuer: CLIENT_TOKEN_CLAIMS.issuer,
    jwtAudience: CLIENT_TOKEN_CLAIMS.audience,
    maxTokenLifetimeSeconds: MAX_TOKEN_LIFETIME_HOURS * 3600,
    gatewayStore: null,
    callerLimits: callerLimitsWith(undefined),
    trustedDocuments: 'off',
    fastPath: true,
    ...GATEWAY_DEFAULTS,
    ...required,
    ...overrides,
  };
}
