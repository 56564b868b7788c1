import { MongoClient, type Db } from 'mongodb';
import { redactedUri } from '../../platform/redactedUri';
import type { GatewayStoreConfig } from '../config';

/** How long finding the store's server may take before the gateway gives up starting (as for the regions' databases). */
const SELECTION_TIMEOUT_MS = 3000;

export interface GatewayStore {
  client: MongoClient;
  db: Db;
  close(): Promise<void>;
}

/**
 * Connects to the gateway's own operational database (revoked tokens, shared rate counts; never business data),
 * failing fast with the redacted URI in the message.
 */
export async function connectGatewayStore(config: GatewayStoreConfig): Promise<GatewayStore> {
  const client = new MongoClient(config.uri, { serverSelectionTimeoutMS: SELECTION_TIMEOUT_MS, connectTimeoutMS: SELECTION_TIMEOUT_MS });
  const started = Date.now();
  try {
    await client.connect();
  } catch (error) {
    await client.close().catch(() => undefined);
    throw new Error(`the gateway's operational database is unreachable at ${redactedUri(config.uri)} (gave up after ${Date.now() - started} ms): ${(error as Error).message}`);
  }
  return { client, db: client.db(config.databaseName), close: () => client.close() };
}
