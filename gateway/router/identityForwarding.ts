import { LRUCache } from 'lru-cache';
import { signInternalIdentity, type Identity } from '../../platform/identity';

const TOKEN_LIFETIME_SECONDS = 120;
/** Well inside the token's lifetime, so a reused token never expires on its way to a region. */
const REUSE_FOR_MS = 60_000;

/** Signs the identity forwarded to subgraphs, reusing a token for a minute per distinct identity. */
export class IdentityForwarder {
  private readonly tokens = new LRUCache<string, string>({ max: 10_000, ttl: REUSE_FOR_MS });

  constructor(private readonly secret: string) {}

  headerFor(identity: Identity): string {
    const key = `${identity.kind}|${identity.agency}|${identity.region}|${identity.district ?? ''}|${identity.scopes.join(',')}`;
    let token = this.tokens.get(key);
    if (!token) {
      token = signInternalIdentity(identity, this.secret, TOKEN_LIFETIME_SECONDS);
      this.tokens.set(key, token);
    }
    return token;
  }
}
