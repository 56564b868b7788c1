import type { RegionCode } from '../../kernel';

/** What tests/helpers/sharedRegionsServer.ts writes once its regions serve (read by tests/helpers/sharedStack.ts). */
export interface SharedRegionsInfo {
  pid: number;
  /** The jest process the regions belong to. */
  parentPid: number;
  /** POST /acquire and /release. */
  controlUrl: string;
  regionUrls: Record<RegionCode, string>;
  databaseUris: Record<RegionCode, string>;
  databaseNames: Record<RegionCode, string>;
  gatewayStoreUri: string;
}

/**
 * The shared regions' environment, the same for every suite that shares them: a database command may take up to
 * 30 s (a loaded two-core machine; the analyst statistics ask for every measure at once). No shared suite depends
 * on a command timing out.
 */
export const SHARED_REGION_ENV: NodeJS.ProcessEnv = { DB_COMMAND_TIMEOUT_MS: '30000' };
