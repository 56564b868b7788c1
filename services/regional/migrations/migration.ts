import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import type { RegionCode } from '../../../kernel';

/** What a migration is given: the region's database (official driver only; no transactions), its region and a logger. */
export interface MigrationContext {
  db: Db;
  region: RegionCode;
  /** A child logger bound to `{ migration: id }`. */
  logger: Logger;
  /** When this run of the migration started: use it for any timestamp it writes, so a repeat writes the same. */
  now: Date;
}

export interface MigrationOutcome {
  /** Documents the migration changed (recorded and logged); leave it out when it means nothing. */
  documentsChanged?: number;
}

/**
 * One data migration of a region's database. `id` orders migrations (they run in id order) and is recorded in the
 * `migrations` collection once `up` has succeeded: `YYYY-MM-DD-NN-what-it-does`, the same as its file name.
 *
 * `up` must be idempotent: a crash after it changed data but before it was recorded runs it again at the next
 * start, so it selects only what is still in the old shape and writes values that do not depend on when it runs.
 * It must also leave current-shape data alone: a freshly seeded database runs every migration (seeds/seedRegion.ts).
 */
export interface Migration {
  id: string;
  /** One line for operators: what it changes and why. */
  description: string;
  up(context: MigrationContext): Promise<MigrationOutcome | void>;
}

/** What the `migrations` collection holds for each migration that ran to the end. */
export interface MigrationRecord {
  _id: string;
  description: string;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  documentsChanged?: number;
  /** The runner that ran it (`host/pid/…`), for operators. */
  ranBy?: string;
}

/** `2026-12-06-01-outbox-pending-flag`: a date, a two-digit number within the day, then lower-case words. */
export const MIGRATION_ID = /^\d{4}-\d{2}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$/;
