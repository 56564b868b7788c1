import type { MongoClientOptions } from 'mongodb';
import { DEFAULT_HOLIDAYS, DEFAULT_MAKE_UP_WORKDAYS, WorkingDayCalendar, isRegionCode, type RegionCode } from '../../kernel';
import { defaultDatabaseName } from './model';

export interface RegionalServiceConfig {
  region: RegionCode;
  host: string;
  port: number;
  mongodbUri: string;
  databaseName: string;
  /** Shared with the gateway: verifies the identity it forwards (x-jjj-identity). */
  internalIdentitySecret: string;
  calendar: WorkingDayCalendar;
  /** Extra options for the service's MongoClient (e.g. `monitorCommands: true` for tests and benchmarks). */
  mongoClientOptions?: MongoClientOptions;
  /** How long the event log keeps events (subscribers can resume within this period); default 30. */
  eventRetentionDays?: number;
}

/** Comma-separated YYYY-MM-DD days added to the built-in holiday / make-up working day lists. */
function dayList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((day) => day.trim()).filter((day) => day.length > 0);
}

export function calendarFromEnv(env: NodeJS.ProcessEnv): WorkingDayCalendar {
  return new WorkingDayCalendar({
    holidays: [...DEFAULT_HOLIDAYS, ...dayList(env.EXTRA_HOLIDAYS)],
    makeUpWorkdays: [...DEFAULT_MAKE_UP_WORKDAYS, ...dayList(env.EXTRA_MAKEUP_WORKDAYS)],
  });
}

export class ConfigError extends Error {}

/** Reads REGION, PORT, HOST, MONGODB_URI and MONGODB_DB, refusing bad values with a readable message. */
export function regionalConfigFromEnv(env: NodeJS.ProcessEnv = process.env): RegionalServiceConfig {
  const problems: string[] = [];
  const region = (env.REGION ?? '').toUpperCase();
  if (!isRegionCode(region)) problems.push(`REGION must be one of BJ, TJ, HE (got "${env.REGION ?? ''}")`);
  const port = Number(env.PORT ?? 4001);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT must be an integer 0–65535 (got "${env.PORT}")`);
  const mongodbUri = env.MONGODB_URI ?? '';
  if (!/^mongodb(\+srv)?:\/\//.test(mongodbUri)) problems.push(`MONGODB_URI must be a mongodb:// URI (got "${mongodbUri}")`);
  const internalIdentitySecret = env.INTERNAL_IDENTITY_SECRET ?? '';
  if (internalIdentitySecret.length < 16) problems.push('INTERNAL_IDENTITY_SECRET must be set (at least 16 characters), the same value as the gateway’s');
  let calendar: WorkingDayCalendar | undefined;
  try {
    calendar = calendarFromEnv(env);
  } catch (error) {
    problems.push(`EXTRA_HOLIDAYS / EXTRA_MAKEUP_WORKDAYS: ${(error as Error).message}`);
  }
  const eventRetentionDays = Number(env.EVENT_RETENTION_DAYS ?? 30);
  if (!Number.isFinite(eventRetentionDays) || eventRetentionDays <= 0) problems.push(`EVENT_RETENTION_DAYS must be a positive number (got "${env.EVENT_RETENTION_DAYS}")`);
  if (problems.length > 0) throw new ConfigError(`Invalid regional service configuration:\n  - ${problems.join('\n  - ')}`);
  return {
    region: region as RegionCode,
    host: env.HOST ?? '127.0.0.1',
    port,
    mongodbUri,
    databaseName: env.MONGODB_DB ?? defaultDatabaseName(region as RegionCode),
    internalIdentitySecret,
    calendar: calendar!,
    eventRetentionDays,
  };
}
