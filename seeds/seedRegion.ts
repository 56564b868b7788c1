import type { AnyBulkWriteOperation, Db, Document } from 'mongodb';
import { isRegionCode, type RegionCode } from '../kernel';
import { COLLECTIONS, REGION_INDEXES, type CollectionName } from '../services/regional/model';
import { generateSeedData, SEED_ENTITIES, type RegionSeedData, type SeedEntity, type SeedOptionsInput } from './generate';

export const SEED_BATCH_SIZE = 500;

export interface SeedRegionOptions {
  /** The region's documents; generated from `generator` when absent. */
  data?: RegionSeedData;
  generator?: SeedOptionsInput;
  batchSize?: number;
  /** Receives lines like `seed TJ recalls 400/400`; default: standard error. */
  progress?: (line: string) => void;
}

export type SeedRegionResult = Record<SeedEntity, number>;

/** Seed entities are named after their collections; this map keeps the two in step. */
const COLLECTION_OF: Readonly<Record<SeedEntity, CollectionName>> = {
  enterprises: COLLECTIONS.enterprises,
  riskAlerts: COLLECTIONS.riskAlerts,
  recalls: COLLECTIONS.recalls,
  contractTemplates: COLLECTIONS.contractTemplates,
  complaints: COLLECTIONS.complaints,
  inspectionComparisons: COLLECTIONS.inspectionComparisons,
  geographicalIndications: COLLECTIONS.geographicalIndications,
  inspections: COLLECTIONS.inspections,
  enforcementCases: COLLECTIONS.enforcementCases,
  assistanceRequests: COLLECTIONS.assistanceRequests,
  licenceReviews: COLLECTIONS.licenceReviews,
};

/** Creates every index of a region's database (a no-op for indexes that already exist). */
export async function ensureRegionIndexes(db: Db): Promise<void> {
  for (const [collection, indexes] of Object.entries(REGION_INDEXES)) {
    await db.collection(collection).createIndexes([...indexes]);
  }
}

/**
 * Loads a region's seed documents idempotently: indexes first, then each collection by
 * `replaceOne` upserts keyed by `_id`, in batches. Running it again leaves the same data.
 *
 * Data migrations (services/regional/migrations/): seeding records none as applied; it lets them run,
 * harmlessly. The seed documents have the current shape, so at the regional service's next start every
 * migration runs and changes nothing (a test checks this on seed data). Marking them applied here instead
 * would skip them for older records of a database that is seeded again (`npm run seed` on a used database).
 */
export async function seedRegion(db: Db, region: RegionCode, options: SeedRegionOptions = {}): Promise<SeedRegionResult> {
  if (!isRegionCode(region)) throw new Error(`Unknown region "${String(region)}"; expected one of BJ, TJ, HE.`);
  const data = options.data ?? generateSeedData(options.generator)[region];
  const batchSize = options.batchSize ?? SEED_BATCH_SIZE;
  const progress = options.progress ?? ((line: string) => process.stderr.write(`${line}\n`));

  await ensureRegionIndexes(db);
  const result = {} as SeedRegionResult;
  for (const entity of SEED_ENTITIES) {
    const documents = data[entity] as readonly (Document & { _id: string })[];
    const collection = db.collection<Document & { _id: string }>(COLLECTION_OF[entity]);
    for (let start = 0; start < documents.length; start += batchSize) {
      const batch = documents.slice(start, start + batchSize);
      const operations: AnyBulkWriteOperation<Document & { _id: string }>[] = batch.map((doc) => ({
        replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true },
      }));
      await collection.bulkWrite(operations, { ordered: true });
      progress(`seed ${region} ${entity} ${start + batch.length}/${documents.length}`);
    }
    if (documents.length === 0) progress(`seed ${region} ${entity} 0/0`);
    result[entity] = documents.length;
  }
  return result;
}
