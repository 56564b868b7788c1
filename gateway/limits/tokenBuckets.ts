import { LRUCache } from 'lru-cache';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Callers remembered at once; one evicted early starts again with a full bucket (a burst more, no less safety). */
const MAX_BUCKETS = 100_000;

export type TakeOutcome = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Token buckets per caller key: a caller may take `burst` requests at once and `perSecond` more every second.
 * Written here (a dozen lines) because rate-limiter-flexible's memory limiter counts fixed windows, which lets a
 * caller send two full windows back to back. These are one process's buckets; SharedTokenBuckets keeps them in
 * step with the other gateway processes'.
 */
export class TokenBuckets {
  private readonly buckets = new LRUCache<string, Bucket>({ max: MAX_BUCKETS });

  constructor(protected readonly now: () => number = Date.now) {}

  /** Takes one token for `key`; when none is left, the seconds until one will be (Infinity when nothing refills). */
  take(key: string, burst: number, perSecond: number): TakeOutcome {
    const bucket = this.refilled(key, burst, perSecond);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: perSecond > 0 ? Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond)) : Infinity };
  }

  /** Sets what `key` has left (what all processes together have left, as the shared counts say). */
  protected set(key: string, tokens: number): void {
    this.buckets.set(key, { tokens, updatedAt: this.now() });
  }

  private refilled(key: string, burst: number, perSecond: number): Bucket {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: burst, updatedAt: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * perSecond);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    return bucket;
  }
}
