import { ALL_REGION_CODES, type RegionCode } from '../kernel';

export interface GatewayConfig {
  host: string;
  port: number;
  /** Base URL of each regional deployment (it serves /graphql, /links, /events and /health). */
  regionBaseUrls: Record<RegionCode, string>;
  /** Verifies client bearer tokens. */
  jwtSecret: string;
  /** Signs the identity forwarded to subgraphs. */
  internalIdentitySecret: string;
  regionTimeoutMs: number;
  maxDepth: number;
  maxCost: number;
  maxBodyBytes: number;
  /** Undelivered events a subscriber may have before it is disconnected as too slow. */
  maxQueuedEventsPerSubscriber: number;
  /** Serve the GraphiQL page (with development tokens pre-filled when given). */
  graphiql: boolean;
  developmentTokens?: Record<string, string>;
}

export class GatewayConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  return value;
}

/** Reads the gateway's environment; every problem is reported at once, in words. */
export function gatewayConfigFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const problems: string[] = [];
  const regionBaseUrls = {} as Record<RegionCode, string>;
  for (const region of ALL_REGION_CODES) {
    const name = `REGION_URL_${region}`;
    const value = env[name] ?? '';
    try {
      const url = new URL(value);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
      regionBaseUrls[region] = value.replace(/\/+$/, '');
    } catch {
      problems.push(`${name} must be the base URL of the ${region} regional service, e.g. http://127.0.0.1:4001 (got "${value}")`);
    }
  }
  const jwtSecret = env.JWT_SECRET ?? '';
  if (jwtSecret.length < 16) problems.push('JWT_SECRET must be set (at least 16 characters)');
  const internalIdentitySecret = env.INTERNAL_IDENTITY_SECRET ?? '';
  if (internalIdentitySecret.length < 16) problems.push('INTERNAL_IDENTITY_SECRET must be set (at least 16 characters), the same value as the subgraphs’');
  if (jwtSecret && jwtSecret === internalIdentitySecret) problems.push('JWT_SECRET and INTERNAL_IDENTITY_SECRET must differ');
  const config: GatewayConfig = {
    host: env.HOST ?? '127.0.0.1',
    port: integer(env, 'PORT', 4000, 0, 65535, problems),
    regionBaseUrls,
    jwtSecret,
    internalIdentitySecret,
    regionTimeoutMs: integer(env, 'REGION_TIMEOUT_MS', 3000, 50, 120_000, problems),
    maxDepth: integer(env, 'MAX_QUERY_DEPTH', 12, 2, 100, problems),
    maxCost: integer(env, 'MAX_QUERY_COST', 50_000, 10, 10_000_000, problems),
    maxBodyBytes: integer(env, 'MAX_REQUEST_BYTES', 256 * 1024, 1024, 64 * 1024 * 1024, problems),
    maxQueuedEventsPerSubscriber: integer(env, 'MAX_QUEUED_EVENTS_PER_SUBSCRIBER', 1000, 1, 1_000_000, problems),
    graphiql: (env.GRAPHIQL ?? 'true') !== 'false',
  };
  if (problems.length > 0) throw new GatewayConfigError(`Invalid gateway configuration:\n  - ${problems.join('\n  - ')}`);
  return config;
}
