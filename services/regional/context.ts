import { DEFAULT_WORKING_DAY_CALENDAR, type RegionCode, type WorkingDayCalendar } from '../../kernel';
import type { Identity } from '../../platform/identity';
import type { RegionalDatabase } from './data/database';
import { createLoaders, type Loaders } from './data/loaders';


export interface RegionalContext {
  region: RegionCode;
  database: RegionalDatabase;
  loaders: Loaders;
  /** Verified from the gateway-signed identity header; null only in unit tests of unprotected paths. */
  caller: Identity | null;
  calendar: WorkingDayCalendar;
}

export function createRegionalContext(
  region: RegionCode,
  database: RegionalDatabase,
  caller: Identity | null,
  calendar: WorkingDayCalendar = DEFAULT_WORKING_DAY_CALENDAR,
): RegionalContext {
  return { region, database, loaders: createLoaders(database), caller, calendar };
}
