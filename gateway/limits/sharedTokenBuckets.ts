import type { AnyBulkWriteOperation, Collection, Db, Document } from 'mongodb';
import type { Logger } from 'pino';
import type { StoreRead, StoreSyncPart } from '../operationalStore/storeSync';
import { TokenBuckets, type TakeOutcome } from './tokenBuckets';

/**
 * One caller's bucket as all gateway processes share it. With a refill, it is GCRA's theoretical arrival time:
 * `tatMs` moves 1/perSecond ahead per request taken and never lags behind now, so what is left at time t is
 * burst − max(0, tatMs − t)·perSecond. Without a refill it is the count `taken`. Processes only ever apply $max and
 * $inc to these, in that order per exchange, so interleaved exchanges of several processes add up exactly, and no
 * process's count is lost to another's write.
 */
export interface RateBucketDocument {
  _id: string;
  tatMs?: number;
  taken?: number;
  /** When the document may be deleted: the bucket is full again by then (or a day, when nothing refills). */
  expiresAt: Date;
}

export const RATE_BUCKETS_COLLECTION = 'rateBuckets';

interface Rate {
  burst: number;
  perSecond: number;
}

interface Tracked extends Rate {
  lastUsedMs: number;
}

/** Keys not used here for this long are no longer read back. */
const TRACK_FOR_MS = 60_000;
const MAX_TRACKED = 20_000;

/**
 * Token buckets that hold across gateway processes: each process decides at once from its own copy; StoreSync sends
 * what it took to the gateway's operational database every `syncMs` and reads back what all processes took, so a
 * caller gets its burst once whatever the number of processes (at most one sync interval's worth more). A key new to
 * this process asks for an exchange at once (in the background): its first request here is decided on a full bucket.
 */
export class SharedTokenBuckets extends TokenBuckets implements StoreSyncPart {
  private pending = new Map<string, number>();
  private readonly tracked = new Map<string, Tracked>();
  private failing = false;
  private syncSoon: () => void = () => undefined;

  constructor(
    private readonly collection: Collection<RateBucketDocument>,
    private readonly logger: Logger,
    now: () => number = Date.now,
  ) {
    super(now);
  }

  static collectionIn(db: Db): Collection<RateBucketDocument> {
    return db.collection<RateBucketDocument>(RATE_BUCKETS_COLLECTION);
  }

  /** What to call when a key is new here (StoreSync's sync()). */
  whenNewKey(syncSoon: () => void): void {
    this.syncSoon = syncSoon;
  }

  override take(callerKey: string, burst: number, perSecond: number): TakeOutcome {
    // A bucket per caller and rate: gateways configured with other limits (a rollout, a test) keep their own.
    const key = `${callerKey}@${burst}/${perSecond}`;
    const isNew = !this.tracked.has(key);
    if (isNew && this.tracked.size >= MAX_TRACKED) this.forgetOldest();
    this.tracked.set(key, { burst, perSecond, lastUsedMs: this.now() });
    const outcome = super.take(key, burst, perSecond);
    if (outcome.ok) this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
    if (isNew) this.syncSoon();
    return outcome;
  }

  /** Sends what was taken here since the last exchange; what could not be sent is counted again next time. */
  async send(nowMs: number): Promise<void> {
    const sent = this.pending;
    this.pending = new Map();
    if (sent.size === 0) return;
    try {
      await this.collection.bulkWrite([...sent].flatMap(([key, taken]) => this.debit(key, taken, nowMs)), { ordered: true, maxTimeMS: 2000 });
    } catch (error) {
      for (const [key, taken] of sent) this.pending.set(key, (this.pending.get(key) ?? 0) + taken);
      throw error;
    }
  }

  /** Every tracked key's shared state. */
  read(): StoreRead | null {
    const keys = [...this.tracked.keys()];
    return keys.length > 0 ? { collection: this.collection.collectionName, pipeline: [{ $match: { _id: { $in: keys } } }] } : null;
  }

  receive(documents: Document[], nowMs: number): void {
    for (const document of documents as RateBucketDocument[]) {
      const rate = this.tracked.get(document._id);
      if (!rate) continue;
      const owed = rate.perSecond > 0 ? (Math.max(0, (document.tatMs ?? nowMs) - nowMs) / 1000) * rate.perSecond : (document.taken ?? 0);
      // Taken here while this exchange ran: not in the document yet.
      const takenMeanwhile = this.pending.get(document._id) ?? 0;
      this.set(document._id, rate.burst - owed - takenMeanwhile);
    }
    this.forgetIdle(nowMs);
    if (this.failing) this.logger.info('the shared rate counts are reachable again');
    this.failing = false;
  }

  async prune(nowMs: number): Promise<void> {
    await this.collection.deleteMany({ expiresAt: { $lt: new Date(nowMs) } }, { maxTimeMS: 2000 });
  }

  fail(error: unknown): void {
    if (!this.failing) this.logger.warn({ err: error }, 'the shared rate counts could not be exchanged; this process limits on its own counts meanwhile');
    this.failing = true;
  }

  /** What `taken` requests of `key` do to the shared bucket: first bring it up to now, then move it on. */
  private debit(key: string, taken: number, now: number): Array<AnyBulkWriteOperation<RateBucketDocument>> {
    const rate = this.tracked.get(key) ?? { burst: 0, perSecond: 0 };
    if (rate.perSecond <= 0) return [{ updateOne: { filter: { _id: key }, update: { $inc: { taken }, $max: { expiresAt: new Date(now + 86_400_000) } }, upsert: true } }];
    const fullAgainMs = (rate.burst / rate.perSecond) * 1000 + 60_000;
    return [
      { updateOne: { filter: { _id: key }, update: { $max: { tatMs: now, expiresAt: new Date(now + fullAgainMs) } }, upsert: true } },
      { updateOne: { filter: { _id: key }, update: { $inc: { tatMs: (taken / rate.perSecond) * 1000 } } } },
    ];
  }

  private forgetIdle(now: number): void {
    for (const [key, tracked] of this.tracked) if (now - tracked.lastUsedMs > TRACK_FOR_MS && !this.pending.has(key)) this.tracked.delete(key);
  }

  private forgetOldest(): void {
    const oldest = this.tracked.keys().next();
    if (!oldest.done) this.tracked.delete(oldest.value);
  }
}
