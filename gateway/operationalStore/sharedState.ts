import type { Logger } from 'pino';
import type { ShutdownStack } from '../../platform/shutdownStack';
import type { GatewayConfig } from '../config';
import { SharedTokenBuckets } from '../limits/sharedTokenBuckets';
import { TokenBuckets } from '../limits/tokenBuckets';
import { connectGatewayStore } from './gatewayStore';
import { StoreSync } from './storeSync';
import { revokedTokens, TokenRevocations } from './tokenRevocations';

/** What the gateway processes share through the operational database; without one, this process's own buckets. */
export interface SharedState {
  buckets: TokenBuckets;
  /** null: no store, so no revocations. */
  revocations: TokenRevocations | null;
}

/**
 * Connects the gateway's operational database and starts what keeps this process in step with it: the revoked-token
 * list (read once before the gateway answers anything) and the shared rate buckets, in one exchange every `syncMs`.
 */
export async function startSharedState(config: GatewayConfig, logger: Logger, stack: ShutdownStack): Promise<SharedState> {
  if (!config.gatewayStore) {
    logger.warn('GATEWAY_MONGODB_URI is not set: rate limits hold per gateway process and no token can be revoked');
    return { buckets: new TokenBuckets(), revocations: null };
  }
  const store = stack.defer('gateway operational database', await connectGatewayStore(config.gatewayStore), (started) => started.close());
  const revocations = new TokenRevocations(revokedTokens(store.db), logger);
  const buckets = new SharedTokenBuckets(SharedTokenBuckets.collectionIn(store.db), logger);
  const sync = new StoreSync(store.client, store.db.databaseName, [revocations, buckets], config.gatewayStore.syncMs);
  buckets.whenNewKey(() => void sync.sync());
  await sync.start();
  stack.defer('revoked-token list and shared rate counts', sync, (started) => started.stop());
  return { buckets, revocations };
}
