import type { MongoClientOptions } from 'mongodb';
import { ALL_REGION_CODES, type RegionCode, type WorkingDayCalendar } from '../../kernel';
import { ConfigError, optionalHttpUrl, dayList, DEFAULT_HOST, DEFAULT_METRICS_PORTS, DEFAULT_LOG_LEVEL, DEFAULT_PORTS, integer, LOG_LEVELS, mongodbUri, oneOf, port, positiveNumber, readEnvironment, REGIONAL_DEFAULTS, secret, text, type LogLevel } from '../../platform/config';
import { clockPinProblem } from '../../platform/clock';
import { timeoutOrderProblems, type ConnectionBounds } from '../../platform/connectionBounds';
import { loadCalendar, type CalendarSettings } from './calendar/loadCalendar';
import type { Clock } from './clock';
import { defaultDatabaseName } from './model';

export interface RegionalServiceConfig {
  region: RegionCode;
  host: string;
  port: number;
  mongodbUri: string;
  databaseName: string;
  /** Shared with the gateway: verifies the identity it forwards (x-jjj-identity). */
  internalIdentitySecret: string;
  /** The working-day calendar at start. */
  calendar: WorkingDayCalendar;
  /** Where the calendar is read from again on SIGHUP (reloadCalendar); default: the built-in years only. */
  calendarSettings?: CalendarSettings;
  /** Extra options for the service's MongoClient (e.g. `monitorCommands: true` for tests and benchmarks). */
  mongoClientOptions?: MongoClientOptions;
  /** How long the event log keeps events (subscribers can resume within this period). */
  eventRetentionDays?: number;
  /** How long an idle client connection is kept open; the gateway closes its idle sockets before that. */
  keepAliveTimeoutMs?: number;
  /** Open connections, and the time to send a request's headers and the whole request (REGIONAL_DEFAULTS otherwise). */
  connectionBounds?: Partial<ConnectionBounds>;
  logLevel?: LogLevel;
  /** Port of the Prometheus /metrics endpoint (0: any free port); none: no metrics endpoint. */
  metricsPort?: number;
  /** Sent as maxTimeMS with every database command of a request. */
  dbCommandTimeoutMs?: number;
  /** How long the database may take to answer the readiness ping (/health/ready). */
  healthTimeoutMs?: number;
  /** Spans for requests and database commands (the process exports them when OTEL_EXPORTER_OTLP_ENDPOINT is set). */
  tracing?: boolean;
  /** Days after closure that a record keeps its personal data before the personal-data job anonymises it. */
  personalDataRetentionDays?: number;
  /** Days the audit log keeps an entry before the personal-data job deletes it. */
  auditLogRetentionDays?: number;
  /** Minutes between the personal-data job's sweeps (it also sweeps as the service starts). */
  personalDataSweepMinutes?: number;
  /** The region's time source (default: the system clock); tests pin it. */
  clock?: Clock;
  /** Base URLs of the other regions (PEER_URL_<REGION>), whose event streams this region follows to keep its back-links. */
  peerUrls?: Partial<Record<RegionCode, string>>;
  /** How often an idle follower of a region's events looks for new ones. */
  backLinkPollMs?: number;
}

const REGIONAL_ENVIRONMENT = {
  REGION: oneOf(ALL_REGION_CODES),
  HOST: text(DEFAULT_HOST),
  PORT: port(DEFAULT_PORTS.BJ),
  MONGODB_URI: mongodbUri(),
  MONGODB_DB: text(''),
  INTERNAL_IDENTITY_SECRET: secret(16, 'the secret shared with the gateway'),
  CALENDAR_DIR: text(''),
  EXTRA_HOLIDAYS: dayList(),
  EXTRA_MAKEUP_WORKDAYS: dayList(),
  EVENT_RETENTION_DAYS: positiveNumber(REGIONAL_DEFAULTS.eventRetentionDays),
  KEEP_ALIVE_TIMEOUT_MS: integer(REGIONAL_DEFAULTS.keepAliveTimeoutMs, 100, 600_000),
  MAX_CONNECTIONS: integer(REGIONAL_DEFAULTS.maxConnections, 1, 1_000_000),
  HEADERS_TIMEOUT_MS: integer(REGIONAL_DEFAULTS.headersTimeoutMs, 100, 600_000),
  REQUEST_TIMEOUT_MS: integer(REGIONAL_DEFAULTS.requestTimeoutMs, 100, 3_600_000),
  HEALTH_TIMEOUT_MS: integer(REGIONAL_DEFAULTS.healthTimeoutMs, 50, 60_000),
  DB_COMMAND_TIMEOUT_MS: integer(REGIONAL_DEFAULTS.dbCommandTimeoutMs, 50, 600_000),
  PERSONAL_DATA_RETENTION_DAYS: integer(REGIONAL_DEFAULTS.personalDataRetentionDays, 1, 36_500),
  AUDIT_LOG_RETENTION_DAYS: integer(REGIONAL_DEFAULTS.auditLogRetentionDays, 1, 36_500),
  PERSONAL_DATA_SWEEP_MINUTES: integer(REGIONAL_DEFAULTS.personalDataSweepMinutes, 1, 7 * 24 * 60),
  LOG_LEVEL: oneOf(LOG_LEVELS, DEFAULT_LOG_LEVEL),
  METRICS_PORT: port(DEFAULT_METRICS_PORTS.BJ),
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalHttpUrl('http://127.0.0.1:4318'),
  ...(Object.fromEntries(ALL_REGION_CODES.map((region) => [`PEER_URL_${region}`, optionalHttpUrl(`http://127.0.0.1:${DEFAULT_PORTS[region]}`)])) as Record<`PEER_URL_${RegionCode}`, ReturnType<typeof optionalHttpUrl>>),
  BACK_LINK_POLL_MS: integer(REGIONAL_DEFAULTS.backLinkPollMs, 20, 60_000),
  /** Read where a record's date is checked (data/validation.ts); listed here so that a bad value stops the start. */
  MAX_RECORD_AGE_YEARS: integer(REGIONAL_DEFAULTS.maxRecordAgeYears, 1, 100),
  /** The one clock's pin (platform/clock.ts), checked below. */
  JJJ_NOW: text(''),
};

/** Where the calendar comes from: CALENDAR_DIR's year files over the built-in ones, EXTRA_HOLIDAYS / EXTRA_MAKEUP_WORKDAYS on top. */
export function calendarSettingsFromEnv(env: NodeJS.ProcessEnv): CalendarSettings {
  const values = readEnvironment('calendar', { CALENDAR_DIR: text(''), EXTRA_HOLIDAYS: dayList(), EXTRA_MAKEUP_WORKDAYS: dayList() }, env);
  return { calendarDir: values.CALENDAR_DIR || null, extraHolidays: values.EXTRA_HOLIDAYS, extraMakeUpWorkdays: values.EXTRA_MAKEUP_WORKDAYS };
}

/** The working-day calendar: the built-in years, CALENDAR_DIR's, plus EXTRA_HOLIDAYS / EXTRA_MAKEUP_WORKDAYS. */
export function calendarFromEnv(env: NodeJS.ProcessEnv): WorkingDayCalendar {
  return loadCalendar(calendarSettingsFromEnv(env));
}

/** Reads one regional service's environment, refusing bad values with every problem in one message. */
export function regionalConfigFromEnv(env: NodeJS.ProcessEnv = process.env): RegionalServiceConfig {
  const values = readEnvironment('regional service', REGIONAL_ENVIRONMENT, env, (parsed) => [
    ...[clockPinProblem(env)].filter((problem): problem is string => problem !== null),
    ...timeoutOrderProblems(parsed.HEADERS_TIMEOUT_MS, parsed.REQUEST_TIMEOUT_MS),
  ]);
  const calendarSettings: CalendarSettings = { calendarDir: values.CALENDAR_DIR || null, extraHolidays: values.EXTRA_HOLIDAYS, extraMakeUpWorkdays: values.EXTRA_MAKEUP_WORKDAYS };
  let calendar: WorkingDayCalendar;
  try {
    calendar = loadCalendar(calendarSettings);
  } catch (error) {
    throw new ConfigError(`Invalid regional service configuration:\n  - CALENDAR_DIR / EXTRA_HOLIDAYS / EXTRA_MAKEUP_WORKDAYS: ${(error as Error).message}`);
  }
  return {
    region: values.REGION,
    host: values.HOST,
    port: values.PORT,
    mongodbUri: values.MONGODB_URI,
    databaseName: values.MONGODB_DB || defaultDatabaseName(values.REGION),
    internalIdentitySecret: values.INTERNAL_IDENTITY_SECRET,
    calendar,
    calendarSettings,
    eventRetentionDays: values.EVENT_RETENTION_DAYS,
    keepAliveTimeoutMs: values.KEEP_ALIVE_TIMEOUT_MS,
    connectionBounds: { maxConnections: values.MAX_CONNECTIONS, headersTimeoutMs: values.HEADERS_TIMEOUT_MS, requestTimeoutMs: values.REQUEST_TIMEOUT_MS },
    healthTimeoutMs: values.HEALTH_TIMEOUT_MS,
    dbCommandTimeoutMs: values.DB_COMMAND_TIMEOUT_MS,
    personalDataRetentionDays: values.PERSONAL_DATA_RETENTION_DAYS,
    auditLogRetentionDays: values.AUDIT_LOG_RETENTION_DAYS,
    personalDataSweepMinutes: values.PERSONAL_DATA_SWEEP_MINUTES,
    logLevel: values.LOG_LEVEL,
    metricsPort: values.METRICS_PORT,
    tracing: values.OTEL_EXPORTER_OTLP_ENDPOINT !== null,
    peerUrls: Object.fromEntries(ALL_REGION_CODES.flatMap((region) => (values[`PEER_URL_${region}`] ? [[region, values[`PEER_URL_${region}`]!]] : []))),
    backLinkPollMs: values.BACK_LINK_POLL_MS,
  };
}
