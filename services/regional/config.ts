import { isRegionCode, type RegionCode } from '../../kernel';
import { defaultDatabaseName } from './model';

export interface RegionalServiceConfig {
  region: RegionCode;
  host: string;
  port: number;
  mongodbUri: string;
  databaseName: string;
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
  if (problems.length > 0) throw new ConfigError(`Invalid regional service configuration:\n  - ${problems.join('\n  - ')}`);
  return {
    region: region as RegionCode,
    host: env.HOST ?? '127.0.0.1',
    port,
    mongodbUri,
    databaseName: env.MONGODB_DB ?? defaultDatabaseName(region as RegionCode),
  };
}
