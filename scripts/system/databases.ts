import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { ALL_REGION_CODES, type RegionCode } from '../../kernel';
import { startTsProcess, type ManagedProcess } from '../../platform/childProcess';
import type { ShutdownStack } from '../../platform/shutdownStack';
import { generateSeedData, type SeedData } from '../../seeds/generate';
import { seedRegion } from '../../seeds/seedRegion';
import { startEngine } from '../../services/engine';
import type { SystemOptions } from './options';

/** Where each region's database lives: a given MONGODB_URI, or an embedded engine (one shared, or one per region). */
export async function startDatabases(options: SystemOptions, dataDir: string, stack: ShutdownStack): Promise<Record<RegionCode, string>> {
  const uris = {} as Record<RegionCode, string>;
  const needing = ALL_REGION_CODES.filter((region) => !options.mongodbUris[region]);
  for (const region of ALL_REGION_CODES) if (options.mongodbUris[region]) uris[region] = options.mongodbUris[region]!;
  if (needing.length === 0) return uris;
  const engineNames = options.engines === 'per-region' ? needing.map((region) => `engine-${region}`) : ['engine'];
  const engineUris = await Promise.all(
    engineNames.map((name, index) => startEngineFor(name, options.engines === 'per-region' || index > 0 ? 0 : options.ports.engine, join(dataDir, name), options, stack)),
  );
  needing.forEach((region, index) => {
    uris[region] = engineUris[options.engines === 'per-region' ? index : 0]!;
  });
  return uris;
}

async function startEngineFor(name: string, port: number, dataDir: string, options: SystemOptions, stack: ShutdownStack): Promise<string> {
  if (options.inProcess) {
    const engine = stack.defer(name, await startEngine({ port, host: options.host, dataDir }), (started) => started.close());
    return engine.uri;
  }
  const child = startTsProcess(name, 'services/engine/main.ts', { ENGINE_PORT: String(port), ENGINE_HOST: options.host, ENGINE_DATA_DIR: dataDir }, {
    readyMessage: 'engine listening',
    startTimeoutMs: options.startTimeoutMs,
    forwardOutput: options.forwardOutput,
  });
  stack.defer(name, child, (started: ManagedProcess) => started.stop());
  return String(((await child.ready) as { uri: string }).uri);
}

/** Seeds each region's database: always, never, or only when it holds no recalls yet (a first start). */
export async function seedDatabases(options: SystemOptions, uris: Record<RegionCode, string>, databaseNames: Record<RegionCode, string>, seedData: SeedData | undefined): Promise<void> {
  if (options.seed === 'never') return;
  let data = seedData;
  for (const region of ALL_REGION_CODES) {
    const client = await MongoClient.connect(uris[region]);
    try {
      const db = client.db(databaseNames[region]);
      if (options.seed === 'if-empty' && (await db.collection('recalls').estimatedDocumentCount()) > 0) continue;
      options.progress(`seeding ${region} (${databaseNames[region]})`);
      data ??= generateSeedData();
      await seedRegion(db, region, { data: data[region], progress: options.seedProgress ?? (() => undefined) });
    } finally {
      await client.close();
    }
  }
}
