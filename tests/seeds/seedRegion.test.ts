import { MongoClient, type Db } from 'mongodb';
import { startEngine, type RunningEngine } from '../../services/engine';
import { COLLECTIONS, REGION_INDEXES, type ProductRecallDocument } from '../../services/regional/model';
import { generateSeedData, SEED_ENTITIES, type SeedData } from '../../seeds/generate';
import { seedRegion } from '../../seeds/seedRegion';

const COUNTS = { enterprises: 40, riskAlerts: 60, recalls: 70, contractTemplates: 12, complaints: 60, inspectionComparisons: 6, geographicalIndications: 3, inspections: 10, enforcementCases: 12, assistanceRequests: 6, licenceReviews: 8 };

let engine: RunningEngine;
let client: MongoClient;
let db: Db;
let data: SeedData;

beforeAll(async () => {
  engine = await startEngine();
  client = await new MongoClient(engine.uri).connect();
  db = client.db('jjj_tj_seed_test');
  data = generateSeedData({ counts: COUNTS });
});

afterAll(async () => {
  await client?.close();
  await engine?.close();
});

async function countAll(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of Object.values(COLLECTIONS)) counts[name] = await db.collection(name).countDocuments({});
  return counts;
}

describe('seedRegion against the embedded engine', () => {
  it('creates the indexes, loads the data in batches with progress lines, and is idempotent', async () => {
    const lines: string[] = [];
    const first = await seedRegion(db, 'TJ', { data: data.TJ, batchSize: 25, progress: (line) => lines.push(line) });
    expect(first).toEqual(COUNTS);
    expect(lines).toContain('seed TJ recalls 25/70');
    expect(lines).toContain('seed TJ recalls 70/70');
    expect(lines).toContain('seed TJ contractTemplates 12/12');
    const afterFirst = await countAll();
    expect(afterFirst).toEqual(Object.fromEntries(SEED_ENTITIES.map((entity) => [entity, COUNTS[entity]])));

    await seedRegion(db, 'TJ', { data: data.TJ, progress: () => undefined });
    expect(await countAll()).toEqual(afterFirst);

    for (const [collection, indexes] of Object.entries(REGION_INDEXES)) {
      const names = (await db.collection(collection).listIndexes().toArray()).map((index) => index.name as string);
      for (const index of indexes) expect(names).toContain(index.name);
    }
  });

  it('stores documents as generated (dates stay dates)', async () => {
    const expected = data.TJ.recalls[0]!;
    const stored = await db.collection<ProductRecallDocument>(COLLECTIONS.recalls).findOne({ _id: expected._id });
    expect(stored).toEqual(expected);
    expect(stored!.announcedAt).toBeInstanceOf(Date);
  });
});
