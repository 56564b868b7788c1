import { DEFAULT_WORKING_DAY_CALENDAR, type RegionCode, type WorkingDayCalendar } from '../../kernel';
import type { Identity } from '../../platform/identity';
import type { RegionalDatabase } from './data/database';
import { createLoaders, type Loaders } from './data/loaders';
import type { PeerGiAuthorisations } from './entities/inspection/giAuthorisation';

export interface RegionalContext {
  region: RegionCode;
  database: RegionalDatabase;
  loaders: Loaders;
  /** Verified from the gateway-signed identity header; null only in unit tests of unprotected paths. */
  caller: Identity | null;
  calendar: WorkingDayCalendar;
  /** Tells the outbox relay that a write just put an event in an outbox (it also polls, so this only cuts latency). */
  outboxWritten: () => void;
  /** Set when the request is a page of a bulk export (the gateway's EXPORT_HEADER): the list audits the export. */
  exportId?: string;
  /** Asks other regions about their geographical indications (an inspection checks the producer's authorisation). */
  peerGiAuthorisations?: PeerGiAuthorisations;
}

export function createRegionalContext(
  region: RegionCode,
  database: RegionalDatabase,
  caller: Identity | null,
  calendar: WorkingDayCalendar = DEFAULT_WORKING_DAY_CALENDAR,
  outboxWritten: () => void = () => undefined,
): RegionalContext {
  return { region, database, loaders: createLoaders(database), caller, calendar, outboxWritten };
}
