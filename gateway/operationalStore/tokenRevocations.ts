import type { Collection, Db, Document } from 'mongodb';
import type { Logger } from 'pino';
import type { StoreRead, StoreSyncPart } from './storeSync';

/** A revoked client token: kept until the token would have expired anyway (then it is refused for that). */
export interface RevokedTokenDocument {
  /** The token's `jti`. */
  _id: string;
  expiresAt: Date;
  revokedAt: Date;
  reason: string;
  revokedBy: string;
}

export const REVOKED_TOKENS_COLLECTION = 'revokedTokens';

/** Revocations past their token's expiry are deleted this long after it (a late clock still sees them). */
const KEEP_AFTER_EXPIRY_MS = 3600_000;

export function revokedTokens(db: Db): Collection<RevokedTokenDocument> {
  return db.collection<RevokedTokenDocument>(REVOKED_TOKENS_COLLECTION);
}

/** Adds a token id to the deny-list every gateway process reads (idempotent: revoking twice keeps the first entry). */
export async function revokeToken(db: Db, revocation: { tokenId: string; expiresAt: Date; reason: string; revokedBy: string }, now = new Date()): Promise<{ alreadyRevoked: boolean }> {
  const result = await revokedTokens(db).updateOne(
    { _id: revocation.tokenId },
    { $setOnInsert: { expiresAt: revocation.expiresAt, revokedAt: now, reason: revocation.reason, revokedBy: revocation.revokedBy } },
    { upsert: true },
  );
  return { alreadyRevoked: result.upsertedCount === 0 };
}

/**
 * This process's copy of the deny-list, read by StoreSync at start (before the gateway answers anything) and every
 * `syncMs`, so a token revoked by any process or by `npm run token -- --revoke` is refused here within about
 * `syncMs`. Newly revoked ids are told to the listeners (which close that token's WebSockets). When the store cannot
 * be read the last copy stays in force and the failure is logged once per outage.
 */
export class TokenRevocations implements StoreSyncPart {
  private revoked = new Set<string>();
  private readonly listeners: Array<(tokenIds: string[]) => void> = [];
  private failing = false;

  constructor(
    private readonly collection: Collection<RevokedTokenDocument>,
    private readonly logger: Logger,
  ) {}

  get size(): number {
    return this.revoked.size;
  }

  /** Whether the store answered the last read (for /health). */
  get current(): boolean {
    return !this.failing;
  }

  isRevoked(tokenId: string): boolean {
    return this.revoked.has(tokenId);
  }

  onRevoked(listener: (tokenIds: string[]) => void): void {
    this.listeners.push(listener);
  }

  async send(): Promise<void> {
    // Revocations are written by revokeToken(), never by the sync.
  }

  read(nowMs: number): StoreRead {
    return { collection: this.collection.collectionName, pipeline: [{ $match: { expiresAt: { $gt: new Date(nowMs) } } }, { $project: { _id: 1 } }] };
  }

  receive(documents: Document[]): void {
    const next = new Set(documents.map((document) => document._id as string));
    const added = [...next].filter((tokenId) => !this.revoked.has(tokenId));
    this.revoked = next;
    if (this.failing) this.logger.info('the revoked-token list is readable again');
    this.failing = false;
    if (added.length > 0) {
      this.logger.info({ revoked: added.length }, 'tokens revoked');
      for (const listener of this.listeners) listener(added);
    }
  }

  async prune(nowMs: number): Promise<void> {
    await this.collection.deleteMany({ expiresAt: { $lt: new Date(nowMs - KEEP_AFTER_EXPIRY_MS) } }, { maxTimeMS: 2000 });
  }

  fail(error: unknown): void {
    if (!this.failing) this.logger.warn({ err: error }, 'the revoked-token list could not be read; the last copy stays in force');
    this.failing = true;
  }
}
