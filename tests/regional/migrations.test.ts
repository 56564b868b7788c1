/**
 * Data migrations (services/regional/migrations/): the runner through the real regional service over the embedded
 * engine (in process, in memory), the runner alone where the service adds nothing, and the `npm run migrate` CLI.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MongoClient, type Db, type Document } from 'mongodb';
import pino, { type Logger } from 'pino';
import { generateSeedData } from '../../seeds/generate';
import { seedRegion } from '../../seeds/seedRegion';
import { startEngine, type RunningEngine } from '../../services/engine';
import { calendarFromEnv, type RegionalServiceConfig } from '../../services/regional/config';
import { eventLogCollection } from '../../services/regional/events/eventLog';
import { migrateCli } from '../../services/regional/migrations/cli';
import { MIGRATION_ID, type Migration, type MigrationRecord } from '../../services/regional/migrations/migration';
import { MIGRATIONS } from '../../services/regional/migrations/registry';
import { MIGRATION_LOCK_COLLECTION, MIGRATIONS_COLLECTION, migrationStatus, runMigrations } from '../../services/regional/migrations/runner';
import { COLLECTIONS } from '../../services/regional/model';
import { startRegionalService } from '../../services/regional/server';

/** Documents keyed by string ids, of any shape (old shapes included). */
type Loose = Document & { _id: string };

const ROOT = join(__dirname, '..', '..');
const MIGRATIONS_DIR = join(ROOT, 'services', 'regional', 'migrations');
const SMALL_SEED = { counts: { enterprises: 15, riskAlerts: 4, recalls: 6, contractTemplates: 2, complaints: 5 } };

let engine: RunningEngine;
let client: MongoClient;

beforeAll(async () => {
  engine = await startEngine({ port: 0 });
  client = await MongoClient.connect(engine.uri);
});

afterAll(async () => {
  await client?.close();
  await engine?.close();
});

/** A pino logger whose lines the test reads back. */
function capturingLogger(): { logger: Logger; lines: Array<Record<string, any>> } {
  const lines: Array<Record<string, any>> = [];
  return { lines, logger: pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, any>) }) };
}

function config(databaseName: string): RegionalServiceConfig {
  return {
    region: 'TJ',
    host: '127.0.0.1',
    port: 0,
    mongodbUri: engine.uri,
    databaseName,
    internalIdentitySecret: 'migrations-test-secret-0123456789',
    calendar: calendarFromEnv({}),
  };
}

/** A migration that counts its runs and leaves a mark in the database. */
function countingMigration(id: string, runs: Map<string, number>, behaviour: () => Promise<void> = async () => undefined): Migration {
  return {
    id,
    description: `test migration ${id}`,
    async up({ db }) {
      runs.set(id, (runs.get(id) ?? 0) + 1);
      await behaviour();
      await db.collection('marks').updateOne({ _id: id as never }, { $inc: { times: 1 } }, { upsert: true });
      return { documentsChanged: 1 };
    },
  };
}

async function records(db: Db): Promise<MigrationRecord[]> {
  return db.collection<MigrationRecord>(MIGRATIONS_COLLECTION).find({}, { sort: { _id: 1 } }).toArray();
}

const startedIds = (lines: Array<Record<string, any>>) => lines.filter((line) => line.msg === 'migration started').map((line) => line.migration as string);

describe('the registry', () => {
  it('lists every migration file of the folder once, in id order, each id its file name', () => {
    const ids = MIGRATIONS.map((migration) => migration.id);
    expect(ids.every((id) => MIGRATION_ID.test(id))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const files = readdirSync(MIGRATIONS_DIR).filter((file) => /^\d{4}-/.test(file)).map((file) => file.replace(/\.ts$/, ''));
    expect(files.sort()).toEqual(ids);
    expect(MIGRATIONS.every((migration) => migration.description.length > 0)).toBe(true);
  });
});

describe('migrations at the start of a regional service', () => {
  it('run each migration once across two starts; the outbox-flag migration makes an old record’s event reach the log', async () => {
    const db = client.db('migrations_restart');
    const [recall] = generateSeedData(SMALL_SEED).TJ.recalls;
    const [alert] = generateSeedData(SMALL_SEED).TJ.riskAlerts;
    const event = { eventId: 'old-event-1', type: 'RECALL_UPDATED', entity: 'ProductRecall', recordId: recall!._id, at: new Date('2026-11-30T02:00:00Z'), snapshot: { region: 'TJ', status: 'ANNOUNCED' } };
    // Old shapes: events in the outbox without the flag the relay looks for; a flag with no outbox at all.
    await db.collection<Loose>(COLLECTIONS.recalls).insertOne({ ...recall!, outbox: [event] });
    await db.collection<Loose>(COLLECTIONS.riskAlerts).insertOne({ ...alert!, outboxPending: true });

    const runs = new Map<string, number>();
    const migrations = [...MIGRATIONS, countingMigration('2099-12-31-01-count-runs', runs)];
    const first = capturingLogger();
    const service = await startRegionalService(config(db.databaseName), first.logger, { migrations });
    await service.stop();
    expect(startedIds(first.lines)).toEqual(migrations.map((migration) => migration.id));
    const applied = await records(db);
    expect(applied.map((record) => record._id)).toEqual(migrations.map((migration) => migration.id));
    expect(applied[0]).toMatchObject({ _id: '2026-12-06-01-outbox-pending-flag', documentsChanged: 2, description: expect.stringContaining('outboxPending') });
    expect(applied[0]!.finishedAt.getTime()).toBeGreaterThanOrEqual(applied[0]!.startedAt.getTime());
    expect(typeof applied[0]!.durationMs).toBe('number');
    const finished = first.lines.find((line) => line.msg === 'migration finished' && line.migration === '2026-12-06-01-outbox-pending-flag');
    expect(finished).toMatchObject({ level: 30, documentsChanged: 2, durationMs: expect.any(Number) });

    // The relay, started after the migration, found the old record and logged its event.
    expect(await eventLogCollection(db).findOne({ _id: 'old-event-1' })).toMatchObject({ recordId: recall!._id, type: 'RECALL_UPDATED' });
    expect(await db.collection(COLLECTIONS.recalls).findOne({ _id: recall!._id as never })).toMatchObject({ outbox: [] });
    expect(await db.collection(COLLECTIONS.recalls).findOne({ _id: recall!._id as never, outboxPending: { $exists: true } })).toBeNull();
    expect(await db.collection(COLLECTIONS.riskAlerts).findOne({ _id: alert!._id as never, outboxPending: { $exists: true } })).toBeNull();

    const second = capturingLogger();
    const again = await startRegionalService(config(db.databaseName), second.logger, { migrations });
    await again.stop();
    expect(startedIds(second.lines)).toEqual([]);
    expect(second.lines.find((line) => line.msg === 'migrations up to date')).toMatchObject({ applied: migrations.length });
    expect(runs.get('2099-12-31-01-count-runs')).toBe(1);
    expect(await db.collection('marks').findOne({ _id: '2099-12-31-01-count-runs' as never })).toMatchObject({ times: 1 });
    expect(await records(db)).toEqual(applied);
  });

  it('stop at a failing migration naming it and the region, record nothing for it, and run it again at the next start', async () => {
    const db = client.db('migrations_failing');
    // A record with an event waiting: the relay must not start (nor the service serve) before migrations succeed.
    const [recall] = generateSeedData(SMALL_SEED).TJ.recalls;
    const event = { eventId: 'waiting-1', type: 'RECALL_PUBLISHED', entity: 'ProductRecall', recordId: recall!._id, at: new Date('2026-12-01T00:00:00Z'), snapshot: { region: 'TJ' } };
    await db.collection<Loose>(COLLECTIONS.recalls).insertOne({ ...recall!, outbox: [event], outboxPending: true });
    const runs = new Map<string, number>();
    let broken = true;
    const migrations = [
      countingMigration('2099-01-01-01-before', runs),
      countingMigration('2099-01-01-02-breaks', runs, async () => {
        if (broken) throw new Error('price field holds text');
      }),
      countingMigration('2099-01-01-03-after', runs),
    ];

    const failed = capturingLogger();
    await expect(startRegionalService(config(db.databaseName), failed.logger, { migrations })).rejects.toThrow(
      /migration 2099-01-01-02-breaks failed in region TJ \(database migrations_failing\): price field holds text/,
    );
    expect((await records(db)).map((record) => record._id)).toEqual(['2099-01-01-01-before']);
    expect(await db.collection(MIGRATION_LOCK_COLLECTION).countDocuments()).toBe(0);
    expect(await eventLogCollection(db).countDocuments()).toBe(0);
    expect(runs.get('2099-01-01-03-after')).toBeUndefined();
    expect(failed.lines.find((line) => line.msg === 'migration failed')).toMatchObject({ level: 50, migration: '2099-01-01-02-breaks', err: { message: 'price field holds text' } });

    broken = false;
    const service = await startRegionalService(config(db.databaseName), pino({ level: 'silent' }), { migrations });
    await service.stop();
    expect(Object.fromEntries(runs)).toEqual({ '2099-01-01-01-before': 1, '2099-01-01-02-breaks': 2, '2099-01-01-03-after': 1 });
    expect((await records(db)).map((record) => record._id)).toEqual(migrations.map((migration) => migration.id));
    expect(await eventLogCollection(db).findOne({ _id: 'waiting-1' })).not.toBeNull();
  });
});

describe('the runner', () => {
  it('runs a migration once when two runners start at once; the other waits for it', async () => {
    const db = client.db('migrations_concurrent');
    const runs = new Map<string, number>();
    const slow = countingMigration('2099-02-01-01-slow', runs, () => new Promise((resolve) => setTimeout(resolve, 150)));
    const a = capturingLogger();
    const b = capturingLogger();
    const results = await Promise.all([
      runMigrations(db, 'TJ', { logger: a.logger, migrations: [slow], holder: 'runner-a', lockPollMs: 20 }),
      runMigrations(db, 'TJ', { logger: b.logger, migrations: [slow], holder: 'runner-b', lockPollMs: 20 }),
    ]);
    expect(runs.get(slow.id)).toBe(1);
    expect(results.map((result) => result.ran.length).sort()).toEqual([0, 1]);
    expect(await records(db)).toEqual([expect.objectContaining({ _id: slow.id, ranBy: expect.stringMatching(/^runner-[ab]$/) })]);
    expect([...a.lines, ...b.lines].some((line) => line.msg === 'waiting for another instance to finish migrations')).toBe(true);
    expect(await db.collection(MIGRATION_LOCK_COLLECTION).countDocuments()).toBe(0);
  });

  it('takes over the lock of a runner that crashed once it expires, and gives up on a live one naming its holder', async () => {
    const db = client.db('migrations_lock');
    const locks = db.collection<Loose>(MIGRATION_LOCK_COLLECTION);
    const runs = new Map<string, number>();
    const first = countingMigration('2099-03-01-01-first', runs);
    await locks.insertOne({ _id: 'migrations', holder: 'crashed-host/4242/x', acquiredAt: new Date(Date.now() - 120_000), expiresAt: new Date(Date.now() - 60_000) });
    const { logger, lines } = capturingLogger();
    await runMigrations(db, 'TJ', { logger, migrations: [first], lockPollMs: 20 });
    expect(runs.get(first.id)).toBe(1);
    expect(lines.find((line) => line.msg?.startsWith('took over an expired migration lock'))).toMatchObject({ level: 40, previousHolder: 'crashed-host/4242/x' });

    await locks.insertOne({ _id: 'migrations', holder: 'live-host/7/y', acquiredAt: new Date(), expiresAt: new Date(Date.now() + 60_000) });
    const second = countingMigration('2099-03-01-02-second', runs);
    await expect(runMigrations(db, 'TJ', { logger, migrations: [first, second], lockPollMs: 20, lockWaitMs: 100 })).rejects.toThrow(
      /region TJ: gave up after 100 ms waiting for the migration lock held by live-host\/7\/y/,
    );
    expect(runs.get(second.id)).toBeUndefined();
  });

  it('warns about a recorded migration this version does not know and runs the rest', async () => {
    const db = client.db('migrations_unknown');
    const at = new Date('2027-03-01T00:00:00Z');
    await db.collection<Loose>(MIGRATIONS_COLLECTION).insertOne({ _id: '2027-03-01-01-from-a-newer-version', description: 'newer', startedAt: at, finishedAt: at, durationMs: 5 });
    const { logger, lines } = capturingLogger();
    const result = await runMigrations(db, 'TJ', { logger });
    expect(result.unknown).toEqual(['2027-03-01-01-from-a-newer-version']);
    expect(result.ran.map((record) => record._id)).toEqual(MIGRATIONS.map((migration) => migration.id));
    expect(lines.find((line) => line.level === 40)).toMatchObject({ migrations: ['2027-03-01-01-from-a-newer-version'], msg: expect.stringContaining('does not know') });
    expect(lines.some((line) => line.level >= 50)).toBe(false);
  });

  it('changes nothing in a freshly seeded database (seed data is current-shape)', async () => {
    const db = client.db('migrations_seeded');
    await seedRegion(db, 'HE', { data: generateSeedData(SMALL_SEED).HE, progress: () => undefined });
    const { ran } = await runMigrations(db, 'HE', { logger: pino({ level: 'silent' }) });
    expect(ran.map((record) => [record._id, record.documentsChanged ?? 0])).toEqual(MIGRATIONS.map((migration) => [migration.id, 0]));
  });
});

describe('npm run migrate', () => {
  const newer = { _id: '2027-03-01-01-from-a-newer-version', description: 'newer', startedAt: new Date('2027-03-01T00:00:00Z'), finishedAt: new Date('2027-03-01T00:00:01Z'), durationMs: 1000 };

  it('is registered in package.json and lists pending migrations with --status (as a process)', async () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.migrate).toBe('node -r @swc-node/register services/regional/migrations/cli.ts');
    const db = client.db('migrations_cli_process');
    await db.collection<Loose>(MIGRATIONS_COLLECTION).insertOne(newer);
    const { stdout } = await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', 'services/regional/migrations/cli.ts', '--region', 'tj', '--uri', engine.uri, '--db', db.databaseName, '--status'], { cwd: ROOT });
    expect(stdout.split('\n')).toEqual([
      `region TJ, database migrations_cli_process: 0 applied, ${MIGRATIONS.length} pending, 1 unknown`,
      ...MIGRATIONS.map((migration) => expect.stringMatching(new RegExp(`^pending  ${migration.id}  +${migration.description.slice(0, 20)}`))),
      'unknown  2027-03-01-01-from-a-newer-version  2027-03-01T00:00:01.000Z    not in this version (a newer version ran it)',
      '',
    ]);
    expect(await db.collection(MIGRATIONS_COLLECTION).countDocuments()).toBe(1);
  });

  it('applies pending migrations with progress on stderr, then lists them as applied', async () => {
    const db = client.db('migrations_cli');
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (text: string) => void out.push(text), stderr: (text: string) => void err.push(text), env: {} };
    const runs = new Map<string, number>();
    const migrations = [countingMigration('2099-04-01-01-one', runs), countingMigration('2099-04-01-02-two', runs)];
    await db.collection<Loose>(MIGRATIONS_COLLECTION).insertOne({ ...newer, _id: '2099-04-01-01-one' });

    expect(await migrateCli(['--region', 'TJ', '--uri', engine.uri, '--db', db.databaseName], io, migrations)).toBe(0);
    expect(runs).toEqual(new Map([['2099-04-01-02-two', 1]]));
    const progress = err.join('').trim().split('\n').map((line) => JSON.parse(line) as Record<string, any>);
    expect(progress.filter((line) => line.migration).map((line) => `${line.migration} ${line.msg}`)).toEqual(['2099-04-01-02-two migration started', '2099-04-01-02-two migration finished']);
    expect(progress.every((line) => line.region === 'TJ')).toBe(true);
    const lines = out.join('').split('\n');
    expect(lines[0]).toBe('region TJ, database migrations_cli: 2 applied, 0 pending, 0 unknown');
    expect(lines[1]).toMatch(/^applied  2099-04-01-01-one  2027-03-01T00:00:01\.000Z  1000 ms$/);
    expect(lines[2]).toMatch(/^applied  2099-04-01-02-two  \d{4}-\d\d-\d\dT[\d:.]+Z  +[\d.]+ ms +1 changed$/);
    expect((await migrationStatus(db, migrations)).pending).toEqual([]);
  });

  it('refuses bad arguments with the usage (exit code 2)', async () => {
    const err: string[] = [];
    const io = { stdout: () => undefined, stderr: (text: string) => void err.push(text), env: {} };
    expect(await migrateCli(['--region', 'SH', '--uri', engine.uri], io)).toBe(2);
    expect(err.join('')).toContain('Unknown region "SH"');
    expect(await migrateCli(['--uri', engine.uri], io)).toBe(2);
    expect(err.join('')).toContain('--region is required');
    expect(await migrateCli(['--region', 'BJ'], io)).toBe(2);
    expect(err.join('')).toContain('Usage: npm run migrate');
  });
});
