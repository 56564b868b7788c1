import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { ALL_REGION_CODES, isRegionCode, type RegionCode } from '../kernel';
import { defaultDatabaseName } from '../services/regional/model';
import { generateSeedData, SEED_ENTITIES, type SeedCounts, type SeedData, type SeedEntity, type SeedOptionsInput } from './generate';
import { seedRegion } from './seedRegion';

const USAGE = `Usage: node -r @swc-node/register seeds/cli.ts [options]
  --region BJ|TJ|HE|all   region to seed or dump (repeatable; default: all)
  --uri URI               MongoDB connection string (default: $MONGODB_URI_<REGION>, then $MONGODB_URI)
  --db NAME               database name (default: the URI's, else jjj_<region>, e.g. jjj_tj)
  --dump DIR              write the generated data as JSON: DIR/<region>/<collection>.json
  --seed N                generator seed (default 20180427)
  --count ENTITY=N        records per region, e.g. --count recalls=100000 (repeatable)
At least one of a database URI and --dump is needed.`;

interface CliArgs {
  regions: RegionCode[];
  uri?: string;
  db?: string;
  dump?: string;
  generator: SeedOptionsInput;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

export function parseArgs(argv: readonly string[]): CliArgs {
  const regions = new Set<RegionCode>();
  const counts: Partial<SeedCounts> = {};
  const args: CliArgs = { regions: [], generator: {} };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string => argv[++i] ?? fail(`${flag} needs a value.`);
    switch (flag) {
      case '--region': {
        const region = value().toUpperCase();
        if (region === 'ALL') ALL_REGION_CODES.forEach((r) => regions.add(r));
        else if (isRegionCode(region)) regions.add(region);
        else fail(`Unknown region "${region}".`);
        break;
      }
      case '--uri':
        args.uri = value();
        break;
      case '--db':
        args.db = value();
        break;
      case '--dump':
        args.dump = value();
        break;
      case '--seed':
        args.generator.seed = Number(value());
        if (!Number.isInteger(args.generator.seed)) fail('--seed needs an integer.');
        break;
      case '--count': {
        const match = /^(\w+)=(\d+)$/.exec(value());
        if (!match || !(SEED_ENTITIES as readonly string[]).includes(match[1]!)) fail(`--count needs ENTITY=N with ENTITY one of ${SEED_ENTITIES.join(', ')}.`);
        counts[match[1] as SeedEntity] = Number(match[2]);
        break;
      }
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
      // eslint-disable-next-line no-fallthrough
      default:
        fail(`Unknown argument "${flag}".`);
    }
  }
  args.regions = regions.size > 0 ? [...regions] : [...ALL_REGION_CODES];
  args.generator.counts = counts;
  return args;
}

/** The database named in a connection string's path, if any. */
export function databaseNameInUri(uri: string): string | null {
  const match = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]*)/.exec(uri);
  return match && match[1] ? decodeURIComponent(match[1]) : null;
}

export async function dumpSeedData(data: SeedData, regions: readonly RegionCode[], dir: string): Promise<void> {
  for (const region of regions) {
    await mkdir(join(dir, region), { recursive: true });
    for (const entity of SEED_ENTITIES) {
      await writeFile(join(dir, region, `${entity}.json`), `${JSON.stringify(data[region][entity], null, 1)}\n`);
    }
    process.stderr.write(`dump ${region} -> ${join(dir, region)}\n`);
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const uriFor = (region: RegionCode): string | undefined => args.uri ?? process.env[`MONGODB_URI_${region}`] ?? process.env.MONGODB_URI;
  const seeding = args.regions.filter((region) => uriFor(region) !== undefined);
  if (!args.dump && seeding.length === 0) fail('No database URI (--uri, MONGODB_URI_<REGION> or MONGODB_URI) and no --dump.');

  const data = generateSeedData(args.generator);
  if (args.dump) await dumpSeedData(data, args.regions, args.dump);

  for (const region of seeding) {
    const uri = uriFor(region)!;
    const dbName = args.db ?? databaseNameInUri(uri) ?? defaultDatabaseName(region);
    const client = new MongoClient(uri);
    try {
      await client.connect();
      const counts = await seedRegion(client.db(dbName), region, { data: data[region] });
      process.stderr.write(`seeded ${region} into ${dbName}: ${JSON.stringify(counts)}\n`);
    } finally {
      await client.close();
    }
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
