import { LRUCache } from 'lru-cache';
import { INTERNAL_IDENTITY_MAX_SECONDS, signInternalIdentity, type Identity, type InternalTarget } from '../../platform/identity';

interface SignedIdentity {
  header: string;
  /** Reused until then: under half its lifetime, so a reused header never expires on its way to a region. */
  reuseUntilMs: number;
}

/**
 * Signs the identity forwarded to one region's endpoint: bound to that region and endpoint, expiring within
 * INTERNAL_IDENTITY_MAX_SECONDS and never after the client token it stands for. A header is reused for under half
 * its lifetime per identity, token expiry and target, so the hot path signs nothing.
 */
export class IdentityForwarder {
  private readonly signed = new LRUCache<string, SignedIdentity>({ max: 20_000 });

  constructor(
    private readonly secret: string,
    private readonly nowMs: () => number = Date.now,
  ) {}

  headerFor(identity: Identity, target: InternalTarget): string {
    const tokenExpiry = identity.session?.expiresAtSeconds;
    const key = `${target.region}|${target.endpoint}|${identity.kind}|${identity.agency}|${identity.region}|${identity.district ?? ''}|${identity.scopes.join(',')}|${tokenExpiry ?? ''}`;
    const now = this.nowMs();
    const cached = this.signed.get(key);
    if (cached && now < cached.reuseUntilMs) return cached.header;
    const nowSeconds = Math.floor(now / 1000);
    const expiresAtSeconds = Math.min(nowSeconds + INTERNAL_IDENTITY_MAX_SECONDS, tokenExpiry ?? Infinity);
    const header = signInternalIdentity(identity, this.secret, target, expiresAtSeconds, nowSeconds);
    this.signed.set(key, { header, reuseUntilMs: now + (expiresAtSeconds * 1000 - now) / 2 });
    return header;
  }
}
