import type { Logger } from 'pino';
import type { RegionCode } from '../../kernel';
import { DEFAULT_HOST, DEFAULT_METRICS_PORTS, DEFAULT_PORTS } from '../../platform/config';
import type { GatewayConfig } from '../../gateway/config';
import type { SeedData } from '../../seeds/generate';

export interface SystemSecrets {
  jwtSecret: string;
  internalIdentitySecret: string;
}

/** How to run the whole system: what `npm start`, the test harness and the benchmarks choose between. */
export interface SystemOptions {
  host: string;
  /** 0: any free port. */
  ports: Record<'gateway' | 'engine' | RegionCode, number>;
  /** Prometheus /metrics ports of the gateway and each region (0: any free port). */
  metricsPorts: Record<'gateway' | RegionCode, number>;
  /** The engine's files (and, for `npm start`, the development secrets); null: a temporary folder removed at stop. */
  dataDir: string | null;
  /** One embedded engine for all regions, or one per region (as real deployments have one database each). */
  engines: 'shared' | 'per-region';
  /** Regions whose embedded engine runs as a process of its own even with `engines: 'shared'` or `inProcess` (a test freezes it). */
  separateEngineRegions?: RegionCode[];
  /** A region with a URI here uses that MongoDB instead of an embedded engine. */
  mongodbUris: Partial<Record<RegionCode, string>>;
  /** The gateway's operational database (revoked tokens, shared rate counts); an embedded engine otherwise. */
  gatewayMongodbUri?: string;
  /** Database name per region; the model's default name otherwise. */
  databaseNames: Partial<Record<RegionCode, string>>;
  seed: 'if-empty' | 'always' | 'never';
  /** The seed documents; generated from the default seed options otherwise. */
  seedData?: SeedData;
  /** Engine and gateway inside this process (the tests), or every server its own process (npm start, benchmarks). Regions are always processes. */
  inProcess: boolean;
  /** Whether to start the gateway at all (a harness may only need the regions). */
  gateway: boolean;
  /** Build the web app (web/dist) first when it is missing or older than its sources. */
  buildWebApp: boolean;
  /** Gateway settings over the shared defaults (in-process), also passed as environment to a gateway process. */
  gatewayConfig: Partial<GatewayConfig>;
  gatewayEnv: NodeJS.ProcessEnv;
  regionEnv: NodeJS.ProcessEnv;
  /** Environment of engine processes. */
  engineEnv: NodeJS.ProcessEnv;
  /** Node/V8 flags of engine processes (heap and young-generation sizes for millions of documents: see the README). */
  engineNodeFlags: readonly string[];
  secrets: SystemSecrets;
  startTimeoutMs: number;
  /** The in-process gateway's logger (its own silent-in-jest default otherwise). */
  gatewayLogger?: Logger;
  /** Log lines of the child processes. */
  forwardOutput?: (line: string) => void;
  progress: (message: string) => void;
  seedProgress?: (line: string) => void;
}

export function systemOptions(secrets: SystemSecrets, overrides: Partial<SystemOptions> = {}): SystemOptions {
  return {
    host: DEFAULT_HOST,
    ports: { ...DEFAULT_PORTS },
    metricsPorts: { ...DEFAULT_METRICS_PORTS },
    dataDir: null,
    engines: 'shared',
    mongodbUris: {},
    databaseNames: {},
    seed: 'if-empty',
    inProcess: false,
    gateway: true,
    buildWebApp: false,
    gatewayConfig: {},
    gatewayEnv: {},
    regionEnv: {},
    engineEnv: {},
    engineNodeFlags: [],
    secrets,
    startTimeoutMs: 150_000,
    progress: () => undefined,
    ...overrides,
  };
}
