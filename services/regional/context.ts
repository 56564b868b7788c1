import type { RegionCode } from '../../kernel';
import type { RegionalDatabase } from './data/database';
import { createLoaders, type Loaders } from './data/loaders';

/** Who is calling, as verified from the gateway's signed identity (null when no identity was presented). */
export interface Caller {
  agency: string;
  region: RegionCode | null;
  scopes: string[];
  kind: 'agency' | 'public' | 'service';
}

export interface RegionalContext {
  region: RegionCode;
  database: RegionalDatabase;
  loaders: Loaders;
  caller: Caller | null;
}

export function createRegionalContext(region: RegionCode, database: RegionalDatabase, caller: Caller | null): RegionalContext {
  return { region, database, loaders: createLoaders(database), caller };
}
