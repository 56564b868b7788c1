import { join } from 'node:path';
import { ALL_REGION_CODES, type RegionCode } from '../../kernel';
import { startTsProcess, type ManagedProcess } from '../../platform/childProcess';
import type { ShutdownStack } from '../../platform/shutdownStack';
import { generateSeedData, type SeedData } from '../../seeds/generate';
import { seedRegion } from '../../seeds/seedRegion';
import { startEngine } from '../../services/engine';
import { connectRegionClient } from '../../services/regional/data/connect';
import type { SystemOptions } from './options';

export interface StartedDatabases {
  uris: Record<RegionCode, string>;
  /** The engine processes of regions that have one of their own (`separateEngineRegions`). */
  engineProcesses: Partial<Record<RegionCode, ManagedProcess>>;
  /** The gateway's operational database: GATEWAY_MONGODB_URI, else the shared engine, else an engine of its own. */
  gatewayUri: string;
}

/**
 * Where each region's database lives: a given MONGODB_URI, or an embedded engine (one shared, or one per region;
 * a region in `separateEngineRegions` gets an engine process of its own in any case).
 */
export async function startDatabases(options: SystemOptions, dataDir: string, stack: ShutdownStack): Promise<StartedDatabases> {
  const uris = {} as Record<RegionCode, string>;
  const engineProcesses: StartedDatabases['engineProcesses'] = {};
  for (const region of ALL_REGION_CODES) if (options.mongodbUris[region]) uris[region] = options.mongodbUris[region]!;
  const needing = ALL_REGION_CODES.filter((region) => !options.mongodbUris[region]);
  const separate = needing.filter((region) => options.engines === 'per-region' || options.separateEngineRegions?.includes(region));
  const shared = needing.filter((region) => !separate.includes(region));
  let gatewayUri = options.gatewayMongodbUri ?? '';
  const gatewayNeedsOwnEngine = !gatewayUri && shared.length === 0;
  await Promise.all([
    ...(gatewayNeedsOwnEngine
      ? [
          startEngineFor('engine-gateway', 0, join(dataDir, 'engine-gateway'), options, stack).then((started) => {
            gatewayUri = started.uri;
          }),
        ]
      : []),
    ...separate.map(async (region) => {
      const name = `engine-${region}`;
      const started = await startEngineFor(name, 0, join(dataDir, name), { ...options, inProcess: options.inProcess && !options.separateEngineRegions?.includes(region) }, stack);
      uris[region] = started.uri;
      if (started.process) engineProcesses[region] = started.process;
    }),
    ...(shared.length > 0
      ? [
          startEngineFor('engine', options.ports.engine, join(dataDir, 'engine'), options, stack).then((started) => {
            for (const region of shared) uris[region] = started.uri;
            gatewayUri ||= started.uri;
          }),
        ]
      : []),
  ]);
  return { uris, engineProcesses, gatewayUri };
}

async function startEngineFor(name: string, port: number, dataDir: string, options: SystemOptions, stack: ShutdownStack): Promise<{ uri: string; process?: ManagedProcess }> {
  if (options.inProcess) {
    const engine = stack.defer(name, await startEngine({ port, host: options.host, dataDir }), (started) => started.close());
    return { uri: engine.uri };
  }
  const child = startTsProcess(name, 'services/engine/main.ts', { ...options.engineEnv, ENGINE_PORT: String(port), ENGINE_HOST: options.host, ENGINE_DATA_DIR: dataDir }, {
    readyMessage: 'engine listening',
    startTimeoutMs: options.startTimeoutMs,
    forwardOutput: options.forwardOutput,
    nodeFlags: options.engineNodeFlags,
  });
  stack.defer(name, child, (started: ManagedProcess) => started.stop());
  return { uri: String(((await child.ready) as { uri: string }).uri), process: child };
}

/** Seeds each region's database: always, never, or only when it holds no recalls yet (a first start). */
export async function seedDatabases(options: SystemOptions, uris: Record<RegionCode, string>, databaseNames: Record<RegionCode, string>, seedData: SeedData | undefined): Promise<void> {
  if (options.seed === 'never') return;
  let data = seedData;
  for (const region of ALL_REGION_CODES) {
    const client = await connectRegionClient(region, uris[region]);
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
