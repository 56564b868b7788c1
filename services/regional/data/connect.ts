import { MongoClient, type MongoClientOptions } from 'mongodb';
import { regionNameOf, type RegionCode } from '../../../kernel';
import { redactedUri } from '../../../platform/redactedUri';

/** How long finding a usable server may take before a region's database counts as unreachable. */
export const DATABASE_SELECTION_TIMEOUT_MS = 3000;

/** A region's database could not be reached; the message names the region and where it was looked for. */
export class DatabaseUnreachableError extends Error {
  constructor(
    readonly region: RegionCode,
    uri: string,
    reason: string,
    /** How long the attempt took before it was given up. */
    readonly elapsedMs: number,
  ) {
    super(`${regionNameOf(region)} database unreachable at ${redactedUri(uri)} (gave up after ${elapsedMs} ms): ${reason}`);
  }
}

export { redactedUri };

/**
 * Connects to a region's database and fails fast when it cannot: after DATABASE_SELECTION_TIMEOUT_MS (not the
 * driver's 30 s), with an error naming the region.
 */
export async function connectRegionClient(region: RegionCode, uri: string, options: MongoClientOptions = {}): Promise<MongoClient> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: DATABASE_SELECTION_TIMEOUT_MS, connectTimeoutMS: DATABASE_SELECTION_TIMEOUT_MS, ...options });
  const started = Date.now();
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.close().catch(() => undefined);
    throw new DatabaseUnreachableError(region, uri, (error as Error).message, Date.now() - started);
  }
}
