import { join } from 'node:path';
import type { RegionCode } from '../../kernel';

/**
 * Every default of every process in one place: the environment schemas, `startSystem()`, the test harness and
 * the benchmarks all read these, so a default is never written twice.
 */
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_LOG_LEVEL = 'info';
/** Relative to the repository root: the engine's files and the generated development secrets. */
export const DEFAULT_DATA_DIR = '.data';
/** Where `scripts/buildWeb.ts` writes the web app the gateway serves at / (absolute: the repository's web/dist). */
export const DEFAULT_WEB_DIR = join(__dirname, '..', '..', 'web', 'dist');

export const DEFAULT_PORTS: Readonly<Record<'gateway' | 'engine' | RegionCode, number>> = {
  gateway: 4000,
  BJ: 4001,
  TJ: 4002,
  HE: 4003,
  engine: 27018,
};

/** Prometheus /metrics of each process, on ports of their own (never the public ones). */
export const DEFAULT_METRICS_PORTS: Readonly<Record<'gateway' | RegionCode, number>> = {
  gateway: 9400,
  BJ: 9401,
  TJ: 9402,
  HE: 9403,
};

export const GATEWAY_DEFAULTS = {
  regionTimeoutMs: 3000,
  /** A bulk export's page (its first counts every match of the filter): longer than an interactive request may wait. */
  exportRegionTimeoutMs: 30_000,
  maxBodyBytes: 256 * 1024,
  maxQueuedEventsPerSubscriber: 1000,
  graphiql: true,
  /**
   * Host names the gateway answers to (ALLOWED_HOSTS); null: localhost, 127.0.0.1 and [::1] with the gateway's port,
   * and HOST unless it is a wildcard. Requests under any other Host are refused (DNS rebinding), except the probes.
   */
  allowedHosts: null,
  /** Public tokens may introspect and get "Did you mean" suggestions (production turns this off: PUBLIC_SCHEMA_DETAILS). */
  publicSchemaDetails: true,
  /** Prometheus metrics on METRICS_PORT (off only to measure what they cost). */
  metrics: true,
  /** One log line per request (off only to measure what it costs). */
  requestLog: true,
  /**
   * How long an idle socket to a region is kept for reuse. It must stay below the regions' keep-alive timeout
   * (REGIONAL_DEFAULTS.keepAliveTimeoutMs), or a request meets a socket the region is closing.
   */
  regionIdleSocketMs: 4000,
  /** Open sockets per region at most. */
  regionConnections: 128,
  /** Calls to one region at once (its bulkhead); more wait, the slots shared fairly between callers. */
  regionConcurrency: 16,
  /** Calls one caller may have waiting for one region; more are answered REGION_UNAVAILABLE (overloaded) at once. */
  regionWaitingPerCaller: 256,
  /** Web origins besides the gateway's own pages that may call the API from a browser. */
  corsOrigins: [] as readonly string[],
  /** Lifetime of a token from POST /public-token (the public pages renew it before it ends). */
  publicTokenSeconds: 900,
  /** POST /public-token calls per client address per minute. */
  publicTokensPerMinute: 20,
  /** A region whose /health/ready has not answered within this counts as not ready (above the regions' own database bound). */
  healthTimeoutMs: 2000,
  /** Client connections open at once (HTTP and WebSocket, of all callers, before any is authenticated); more are closed as they arrive. */
  maxConnections: 20_000,
  /** A client must send a request's headers within this (a connection trickling them is answered 408 and closed). */
  headersTimeoutMs: 10_000,
  /** ... and the whole request, body included, within this. */
  requestTimeoutMs: 30_000,
} as const;

export const REGIONAL_DEFAULTS = {
  eventRetentionDays: 30,
  /**
   * Connections open at once (the gateways' pools, the other regions' event streams, probes); more are closed as
   * they arrive. Only callers with the internal identity get an answer, but any host on the network can open sockets.
   */
  maxConnections: 4096,
  /** A caller must send a request's headers within this, and the whole request within the next (408 otherwise). */
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  /** Node's own default; the gateway's idle sockets expire before it. */
  keepAliveTimeoutMs: 5000,
  /** A database that has not answered a ping within this makes the region not ready (/health/ready). */
  healthTimeoutMs: 1000,
  /** maxTimeMS of every database command a request sends: no longer than the gateway waits for the region. */
  dbCommandTimeoutMs: 3000,
  /**
   * Days after its closure that a record keeps its personal data (complaints: the consumer's name, phone, address
   * and what was typed of them into the texts); then the personal-data job anonymises it. PIPL art. 19 asks for the
   * shortest period the purpose needs, unless a law sets one; we found none for the complainant's data in the
   * complaint procedure rules (市场监督管理投诉举报处理暂行办法), which set only the handling deadlines. A closed
   * complaint's personal data serves a dispute that may still follow: the consumer's civil claim against the business
   * prescribes after three years (Civil Code art. 188), the longest of the periods the record is evidence for (a
   * challenge of the bureau's own decision: 60 days for reconsideration, 6 months for a lawsuit). Hence 3 years
   * (1,095 days); the record itself (category, business, amounts, timeline) stays for statistics and the bureau's
   * archives. A bureau whose archive rules ask for longer sets its own.
   */
  personalDataRetentionDays: 1095,
  /**
   * Days the audit log keeps an entry. Five years: longer than the personal data it accounts for is kept (3 years
   * after closure, handling included), so every read of a consumer's data stays answerable (PIPL art. 45) for
   * years after the data is gone; above PIPL art. 56's 3 years for records of processing and the Cybersecurity
   * Law's 6 months for logs.
   */
  auditLogRetentionDays: 1825,
  /** Minutes between two sweeps of the personal-data job (it also sweeps as the service starts). */
  personalDataSweepMinutes: 60,
  /** How often an idle follower of a region's events (the back-links) looks for new ones: a back-link appears within about this. */
  backLinkPollMs: 250,
  /**
   * Years back a new record's business date (a recall's announcement, an alert's issue, a complaint's receipt, a
   * workflow step) may lie: records are entered as they happen, and a bureau back-filling its archive goes back a
   * few years at most. Ten keeps every seeded record (2022 on) and refuses a typo like 1950 or 0026.
   */
  maxRecordAgeYears: 10,
} as const;

/**
 * The longest a client token may live (exp − iat, and exp − now): a leaked token is worth hours, not weeks.
 * MAX_TOKEN_HOURS changes it for the gateway; every token the hub mints fits the default.
 */
export const MAX_TOKEN_LIFETIME_HOURS = 12;

/** Lifetime of the development tokens `npm start` prints (restart it, or `npm run token`, for fresh ones). */
export const DEVELOPMENT_TOKEN_SECONDS = MAX_TOKEN_LIFETIME_HOURS * 3600;

/**
 * The gateway's own operational database (GATEWAY_MONGODB_URI; the embedded engine by default): the revoked-token
 * list and the rate counters all gateway processes share. Never business data.
 */
export const GATEWAY_STORE_DEFAULTS = {
  databaseName: 'jjj_gateway',
  /** How often each gateway process reads the revocations and exchanges its rate counts (a revoked token is refused within about this). */
  syncMs: 250,
} as const;

/**
 * Issuer and audience of the hub's own client tokens (HS256: development tokens, POST /public-token, `npm run token`),
 * and the defaults of JWT_ISSUER / JWT_AUDIENCE, which external tokens (RS256/ES256) must carry.
 */
export const CLIENT_TOKEN_CLAIMS = { issuer: 'jjj-hub', audience: 'jjj-hub-api' } as const;

/** `npm run token`: the lifetime of a token unless --hours says otherwise, and the longest it mints. */
export const TOKEN_COMMAND_DEFAULTS = { hours: 12, maxHours: MAX_TOKEN_LIFETIME_HOURS } as const;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Production mode (`NODE_ENV=production`, as `npm run start:prod` sets): secrets must be given, no development
 * tokens, GraphiQL off unless GRAPHIQL says otherwise, no seeding unless SEED says otherwise.
 */
export function isProduction(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === 'production';
}

/** What one caller may ask of the hub; one row per kind of caller in CALLER_LIMITS. */
export interface CallerLimits {
  /** Lexical tokens in one document (checked while parsing, before anything else). */
  maxTokens: number;
  /** Aliased fields in one operation, fragments expanded. */
  maxAliases: number;
  /** Directives in one operation, fragments expanded. */
  maxDirectives: number;
  maxDepth: number;
  /** Cost of one operation as the contract prices it (contract/cost.ts). */
  maxCost: number;
  /** Token bucket of requests (HTTP requests and WebSocket operations): `burst` at once, refilled at `perSecond`. */
  rate: { burst: number; perSecond: number };
  /** Requests running at once, per caller. */
  maxConcurrentRequests: number;
  /** Requests running at once for all callers of this kind together (what one gateway process gives the kind). */
  maxConcurrentRequestsOfKind: number;
  /** Open WebSockets. */
  maxSockets: number;
  /** Subscriptions open on one WebSocket. */
  maxSubscriptionsPerSocket: number;
  /** Rows one bulk export (GET /export/…) may have, by its merged totalCount; a larger one is refused before its first byte. */
  maxExportRows: number;
  /** Bulk exports running at once, per caller. */
  maxConcurrentExports: number;
}

export type LimitedCallerKind = 'agency' | 'public';

/**
 * The only table of request limits. An agency's limits hold per agency (each district bureau its own), the
 * public's per issued public token (POST /public-token is itself limited per client address), each in one
 * gateway process. CALLER_LIMITS_JSON overrides parts of it (e.g. {"public":{"rate":{"perSecond":0}}}).
 */
export const CALLER_LIMITS: Readonly<Record<LimitedCallerKind, CallerLimits>> = {
  agency: {
    maxTokens: 5000,
    maxAliases: 30,
    maxDirectives: 50,
    maxDepth: 12,
    maxCost: 50_000,
    rate: { burst: 200, perSecond: 100 },
    maxConcurrentRequests: 32,
    maxConcurrentRequestsOfKind: 10_000,
    maxSockets: 50,
    maxSubscriptionsPerSocket: 50,
    // Every recall, alert and template of the three regions many times over; a bigger table is no spreadsheet.
    maxExportRows: 1_000_000,
    maxConcurrentExports: 1,
  },
  public: {
    maxTokens: 2000,
    maxAliases: 10,
    maxDirectives: 20,
    maxDepth: 10,
    // The page's largest request (a list of 100 recalls) costs ~1,340; no statistics (one costs 1,530 at least).
    maxCost: 1_500,
    rate: { burst: 30, perSecond: 5 },
    maxConcurrentRequests: 4,
    // However many tokens it holds, the public cannot take more of the gateway's time than this.
    maxConcurrentRequestsOfKind: 8,
    maxSockets: 2,
    maxSubscriptionsPerSocket: 5,
    // The public reads the published recalls and alerts; an export of them is bounded like its pages.
    maxExportRows: 10_000,
    maxConcurrentExports: 1,
  },
};

/** Deep partial override of CALLER_LIMITS (CALLER_LIMITS_JSON, or a test's configuration). */
export type CallerLimitsOverride = { [Kind in LimitedCallerKind]?: Partial<Omit<CallerLimits, 'rate'>> & { rate?: Partial<CallerLimits['rate']> } };

export function callerLimitsWith(override: CallerLimitsOverride | undefined, base: Readonly<Record<LimitedCallerKind, CallerLimits>> = CALLER_LIMITS): Record<LimitedCallerKind, CallerLimits> {
  const merged = { agency: { ...base.agency, rate: { ...base.agency.rate } }, public: { ...base.public, rate: { ...base.public.rate } } };
  for (const kind of ['agency', 'public'] as const) {
    const { rate, ...rest } = override?.[kind] ?? {};
    merged[kind] = { ...merged[kind], ...rest, rate: { ...merged[kind].rate, ...rate } };
  }
  return merged;
}
