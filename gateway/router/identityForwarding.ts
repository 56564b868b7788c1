import { signInternalIdentity, type Identity } from '../../platform/identity';

const TOKEN_LIFETIME_SECONDS = 120;
const REUSE_FOR_MS = 60_000;

/** Signs the identity forwarded to subgraphs, reusing a token for a minute (well inside its lifetime). */
export class IdentityForwarder {
  private readonly cache = new Map<string, { token: string; until: number }>();

  constructor(private readonly secret: string) {}

  headerFor(identity: Identity): string {
    const key = `${identity.kind}|${identity.agency}|${identity.region}|${identity.scopes.join(',')}`;
    const now = Date.now();
    const cached = this.cache.get(key);
    if (cached && cached.until > now) return cached.token;
    const token = signInternalIdentity(identity, this.secret, TOKEN_LIFETIME_SECONDS);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, { token, until: now + REUSE_FOR_MS });
    return token;
  }
}
