import type { Collection, Db } from 'mongodb';
import type { Logger } from 'pino';

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
const PRUNE_EVERY_MS = 60_000;

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
 * This process's copy of the deny-list: read at start (before the gateway answers anything) and every `syncMs`,
 * so a token revoked by any process or by `npm run token -- --revoke` is refused here within about `syncMs`. Newly
 * revoked ids are told to the listeners (which close that token's WebSockets). When the store cannot be read the
 * last copy stays in force and the failure is logged once per outage.
 */
export class TokenRevocations {
  private revoked = new Set<string>();
  private readonly listeners: Array<(tokenIds: string[]) => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> | undefined;
  private failing = false;
  private lastPruneMs = 0;

  constructor(
    private readonly collection: Collection<RevokedTokenDocument>,
    private readonly syncMs: number,
    private readonly logger: Logger,
    private readonly nowMs: () => number = Date.now,
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

  async start(): Promise<void> {
    await this.sync();
    this.timer = setInterval(() => void this.sync(), this.syncMs);
    this.timer.unref();
  }

  stop(): Promise<void> {
    clearInterval(this.timer);
    return this.syncing ?? Promise.resolve();
  }

  /** Reads the deny-list now (one read at a time). */
  sync(): Promise<void> {
    this.syncing ??= this.read().finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  private async read(): Promise<void> {
    const now = this.nowMs();
    try {
      const documents = await this.collection.find({ expiresAt: { $gt: new Date(now) } }, { projection: { _id: 1 }, maxTimeMS: 2000 }).toArray();
      const next = new Set(documents.map((document) => document._id));
      const added = [...next].filter((tokenId) => !this.revoked.has(tokenId));
      this.revoked = next;
      if (this.failing) this.logger.info('the revoked-token list is readable again');
      this.failing = false;
      if (added.length > 0) {
        this.logger.info({ revoked: added.length }, 'tokens revoked');
        for (const listener of this.listeners) listener(added);
      }
      if (now - this.lastPruneMs >= PRUNE_EVERY_MS) {
        this.lastPruneMs = now;
        await this.collection.deleteMany({ expiresAt: { $lt: new Date(now - KEEP_AFTER_EXPIRY_MS) } }, { maxTimeMS: 2000 });
      }
    } catch (error) {
      if (!this.failing) this.logger.warn({ err: error }, 'the revoked-token list could not be read; the last copy stays in force');
      this.failing = true;
    }
  }
}
