import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoServerError, type Collection, type Db } from 'mongodb';
import type { Logger } from 'pino';
import type { RegionCode } from '../../../kernel';
import { MIGRATION_ID, type Migration, type MigrationRecord } from './migration';
import { MIGRATIONS } from './registry';

/** What ran: one record per migration, keyed by its id. */
export const MIGRATIONS_COLLECTION = 'migrations';
/** One document while a runner holds the right to migrate this database. */
export const MIGRATION_LOCK_COLLECTION = 'migrationLock';
const LOCK_ID = 'migrations';

interface MigrationLockDocument {
  _id: string;
  holder: string;
  acquiredAt: Date;
  expiresAt: Date;
}

/** A migration failed, or the runner could not get or keep the lock; the message names the region (and migration). */
export class MigrationError extends Error {
  constructor(
    message: string,
    readonly region: RegionCode,
    readonly migrationId?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

export interface RunMigrationsOptions {
  logger: Logger;
  /** Default: the registry (registry.ts); tests pass their own. */
  migrations?: readonly Migration[];
  /** Names this runner in the lock and in the records; default `host/pid/random`. */
  holder?: string;
  /** The lock expires this long after its last renewal (renewed every third of it while migrations run). */
  lockTtlMs?: number;
  /** How often a runner that finds the lock held looks again. */
  lockPollMs?: number;
  /** How long a runner waits for a lock that stays held (renewed by a live holder) before it gives up. */
  lockWaitMs?: number;
}

export const MIGRATION_LOCK_DEFAULTS = { lockTtlMs: 60_000, lockPollMs: 500, lockWaitMs: 15 * 60_000 } as const;

export interface MigrationStatus {
  /** Migrations of this code that the database records as done, in id order. */
  applied: MigrationRecord[];
  /** Migrations of this code not recorded yet, in the order they will run. */
  pending: Migration[];
  /** Records of migrations this code does not know: a newer version ran them. */
  unknown: MigrationRecord[];
}

export interface MigrationRunResult {
  /** What this runner ran, in order (empty when another instance did it or nothing was pending). */
  ran: MigrationRecord[];
  unknown: string[];
}

/** The list in id order, after checking every id's form and that no id appears twice. */
export function orderedMigrations(migrations: readonly Migration[]): Migration[] {
  const seen = new Set<string>();
  for (const { id } of migrations) {
    if (!MIGRATION_ID.test(id)) throw new Error(`migration id "${id}" is not of the form YYYY-MM-DD-NN-words`);
    if (seen.has(id)) throw new Error(`migration id "${id}" appears twice`);
    seen.add(id);
  }
  return [...migrations].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function migrationRecords(db: Db): Collection<MigrationRecord> {
  return db.collection<MigrationRecord>(MIGRATIONS_COLLECTION);
}

/** Applied, pending and unknown migrations of a database, read from its `migrations` collection. */
export async function migrationStatus(db: Db, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrationStatus> {
  const known = orderedMigrations(migrations);
  const records = await migrationRecords(db).find({}, { sort: { _id: 1 } }).toArray();
  const recorded = new Map(records.map((record) => [record._id, record]));
  const knownIds = new Set(known.map((migration) => migration.id));
  return {
    applied: known.flatMap((migration) => recorded.get(migration.id) ?? []),
    pending: known.filter((migration) => !recorded.has(migration.id)),
    unknown: records.filter((record) => !knownIds.has(record._id)),
  };
}

function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 11000;
}

function roundMs(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** The right to migrate one database, held by one runner at a time and renewed while it works. */
class MigrationLock {
  private readonly locks: Collection<MigrationLockDocument>;
  private renewal: NodeJS.Timeout | undefined;

  constructor(
    db: Db,
    private readonly region: RegionCode,
    private readonly holder: string,
    private readonly ttlMs: number,
    private readonly logger: Logger,
  ) {
    this.locks = db.collection<MigrationLockDocument>(MIGRATION_LOCK_COLLECTION);
  }

  /**
   * Claims the lock with a unique insert; if it is held, takes it over once its holder has stopped renewing it
   * (crashed), else looks again every `pollMs` for at most `waitMs`.
   */
  async acquire(pollMs: number, waitMs: number): Promise<void> {
    const giveUpAt = Date.now() + waitMs;
    let announced = false;
    for (;;) {
      const now = new Date();
      const claim = { holder: this.holder, acquiredAt: now, expiresAt: new Date(now.getTime() + this.ttlMs) };
      try {
        await this.locks.insertOne({ _id: LOCK_ID, ...claim });
        return this.keepRenewing();
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const expired = await this.locks.findOneAndUpdate({ _id: LOCK_ID, expiresAt: { $lte: now } }, { $set: claim }, { returnDocument: 'before' });
      if (expired) {
        this.logger.warn({ previousHolder: expired.holder, expiredAt: expired.expiresAt }, 'took over an expired migration lock (its holder stopped)');
        return this.keepRenewing();
      }
      const current = await this.locks.findOne({ _id: LOCK_ID });
      if (Date.now() >= giveUpAt) {
        throw new MigrationError(`region ${this.region}: gave up after ${waitMs} ms waiting for the migration lock held by ${current?.holder ?? 'another runner'}`, this.region);
      }
      if (!announced && current) {
        this.logger.info({ holder: current.holder, expiresAt: current.expiresAt }, 'waiting for another instance to finish migrations');
        announced = true;
      }
      await sleep(pollMs);
    }
  }

  private keepRenewing(): void {
    this.renewal = setInterval(() => {
      this.renew().catch((error: unknown) => this.logger.warn({ err: error }, 'could not renew the migration lock'));
    }, Math.max(10, Math.floor(this.ttlMs / 3)));
    this.renewal.unref();
  }

  /** Pushes the expiry on; fails when another runner has taken the lock over (this one stalled past its expiry). */
  async renew(): Promise<void> {
    const { matchedCount } = await this.locks.updateOne({ _id: LOCK_ID, holder: this.holder }, { $set: { expiresAt: new Date(Date.now() + this.ttlMs) } });
    if (matchedCount === 0) throw new MigrationError(`region ${this.region}: lost the migration lock (held for longer than ${this.ttlMs} ms without renewal)`, this.region);
  }

  async release(): Promise<void> {
    clearInterval(this.renewal);
    await this.locks.deleteOne({ _id: LOCK_ID, holder: this.holder });
  }
}

/**
 * Brings a region's database up to date: runs every migration the `migrations` collection does not record, one at a
 * time in id order, and records each once it has succeeded. Called at start, before the service relays events or
 * serves requests, and by `npm run migrate`.
 *
 * Instances of one region starting together take turns through a lock document with an expiry: one runs the
 * migrations, the others wait for it and then find nothing pending; a holder that crashed stops renewing, and the
 * lock is taken over once it expires. A failing migration stops the run with a `MigrationError` naming it and the
 * region; it is not recorded, so the next start runs it again (migrations are idempotent). Records of migrations
 * this code does not know (a newer version ran) are only logged as a warning.
 */
export async function runMigrations(db: Db, region: RegionCode, options: RunMigrationsOptions): Promise<MigrationRunResult> {
  const migrations = options.migrations ?? MIGRATIONS;
  const logger = options.logger;
  const before = await migrationStatus(db, migrations);
  const unknown = before.unknown.map((record) => record._id);
  if (unknown.length > 0) logger.warn({ migrations: unknown, database: db.databaseName }, 'the database records migrations this version does not know (a newer version ran them); starting anyway');
  if (before.pending.length === 0) {
    logger.info({ applied: before.applied.length, database: db.databaseName }, 'migrations up to date');
    return { ran: [], unknown };
  }

  const holder = options.holder ?? `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
  const lock = new MigrationLock(db, region, holder, options.lockTtlMs ?? MIGRATION_LOCK_DEFAULTS.lockTtlMs, logger);
  await lock.acquire(options.lockPollMs ?? MIGRATION_LOCK_DEFAULTS.lockPollMs, options.lockWaitMs ?? MIGRATION_LOCK_DEFAULTS.lockWaitMs);
  const ran: MigrationRecord[] = [];
  try {
    // Read again under the lock: another instance may have run some or all of them while this one waited.
    const { pending } = await migrationStatus(db, migrations);
    for (const migration of pending) {
      await lock.renew();
      ran.push(await runOne(db, region, migration, holder, logger));
    }
  } finally {
    await lock.release();
  }
  logger.info({ ran: ran.map((record) => record._id), database: db.databaseName }, ran.length > 0 ? 'migrations done' : 'migrations up to date (another instance ran them)');
  return { ran, unknown };
}

async function runOne(db: Db, region: RegionCode, migration: Migration, holder: string, parentLogger: Logger): Promise<MigrationRecord> {
  const logger = parentLogger.child({ migration: migration.id });
  const startedAt = new Date();
  const started = performance.now();
  logger.info({ description: migration.description }, 'migration started');
  let documentsChanged: number | undefined;
  try {
    documentsChanged = (await migration.up({ db, region, logger, now: startedAt }))?.documentsChanged;
  } catch (error) {
    logger.error({ err: error, durationMs: roundMs(performance.now() - started) }, 'migration failed');
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`migration ${migration.id} failed in region ${region} (database ${db.databaseName}): ${reason}`, region, migration.id, { cause: error });
  }
  const durationMs = roundMs(performance.now() - started);
  const record: MigrationRecord = {
    _id: migration.id,
    description: migration.description,
    startedAt,
    finishedAt: new Date(),
    durationMs,
    ...(documentsChanged !== undefined ? { documentsChanged } : {}),
    ranBy: holder,
  };
  try {
    await migrationRecords(db).insertOne(record);
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    throw new MigrationError(`migration ${migration.id} in region ${region} was recorded by another runner meanwhile (this one lost the lock)`, region, migration.id);
  }
  logger.info({ durationMs, documentsChanged }, 'migration finished');
  return record;
}
