import { hostname } from 'node:os';
import { MongoClient } from 'mongodb';
import pino from 'pino';
import { isRegionCode, type RegionCode } from '../../../kernel';
import { defaultDatabaseName } from '../model';
import type { Migration } from './migration';
import { MIGRATIONS } from './registry';
import { migrationStatus, runMigrations, type MigrationStatus } from './runner';

const USAGE = `Usage: npm run migrate -- --region BJ|TJ|HE [--uri URI] [--db NAME] [--status]
  --region BJ|TJ|HE   the region whose database to migrate
  --uri URI           MongoDB connection string (default: $MONGODB_URI_<REGION>, then $MONGODB_URI)
  --db NAME           database name (default: the URI's, else jjj_<region>, e.g. jjj_tj)
  --status            list applied, pending and unknown migrations and change nothing
Without --status, runs the pending migrations (as a starting regional service does), logging progress on
standard error, then lists the status. Exit code 1 when a migration fails, 2 for bad arguments.`;

export interface MigrateCliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
}

interface CliArgs {
  region: RegionCode;
  uri: string;
  db: string;
  statusOnly: boolean;
}

class UsageError extends Error {}

/** The database named in a connection string's path, if any (read as the seed command reads it). */
function databaseNameInUri(uri: string): string | null {
  const match = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]*)/.exec(uri);
  return match && match[1] ? decodeURIComponent(match[1]) : null;
}

function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): CliArgs {
  let region: RegionCode | undefined;
  let uri: string | undefined;
  let db: string | undefined;
  let statusOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value.`);
      return next;
    };
    if (flag === '--region') {
      const code = value().toUpperCase();
      if (!isRegionCode(code)) throw new UsageError(`Unknown region "${code}"; expected BJ, TJ or HE.`);
      region = code;
    } else if (flag === '--uri') uri = value();
    else if (flag === '--db') db = value();
    else if (flag === '--status') statusOnly = true;
    else throw new UsageError(`Unknown argument "${flag}".`);
  }
  if (!region) throw new UsageError('--region is required.');
  uri ??= env[`MONGODB_URI_${region}`] ?? env.MONGODB_URI;
  if (!uri) throw new UsageError(`No database URI: pass --uri or set MONGODB_URI_${region} or MONGODB_URI.`);
  return { region, uri, db: db ?? databaseNameInUri(uri) ?? defaultDatabaseName(region), statusOnly };
}

/** The status as a small table: one line per migration, applied ones with when they finished and what they changed. */
export function formatStatus(region: RegionCode, database: string, status: MigrationStatus): string {
  const rows: string[][] = [
    ...status.applied.map((record) => ['applied', record._id, record.finishedAt.toISOString(), `${record.durationMs} ms`, record.documentsChanged === undefined ? '' : `${record.documentsChanged} changed`]),
    ...status.pending.map((migration) => ['pending', migration.id, '', '', migration.description]),
    ...status.unknown.map((record) => ['unknown', record._id, record.finishedAt.toISOString(), '', 'not in this version (a newer version ran it)']),
  ];
  const widths = rows.reduce((max, row) => row.map((cell, i) => Math.max(max[i] ?? 0, cell.length)), [] as number[]);
  const lines = rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd());
  const summary = `region ${region}, database ${database}: ${status.applied.length} applied, ${status.pending.length} pending, ${status.unknown.length} unknown`;
  return `${[summary, ...lines].join('\n')}\n`;
}

/** `npm run migrate`: returns the exit code. */
export async function migrateCli(argv: readonly string[], io: MigrateCliIo, migrations: readonly Migration[] = MIGRATIONS): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv, io.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  const client = new MongoClient(args.uri, { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.connect();
    const db = client.db(args.db);
    if (!args.statusOnly) {
      const logger = pino({ name: 'migrate', base: { region: args.region }, level: io.env.LOG_LEVEL ?? 'info' }, { write: (line: string) => io.stderr(line) });
      await runMigrations(db, args.region, { logger, migrations, holder: `${hostname()}/${process.pid}/migrate-cli` });
    }
    io.stdout(formatStatus(args.region, args.db, await migrationStatus(db, migrations)));
    return 0;
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await client.close();
  }
}

if (require.main === module) {
  const io: MigrateCliIo = { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text), env: process.env };
  migrateCli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
