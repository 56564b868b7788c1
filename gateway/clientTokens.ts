import { createPublicKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
import { publicKeyAlgorithm } from '../platform/config';
import { clientIdentityFromClaims, IdentityError, verifyClientToken, type Identity } from '../platform/identity';

export interface ClientTokenOptions {
  /** HS256: the hub's own tokens (development tokens, POST /public-token, `npm run token`). */
  secret: string;
  /** A PEM public key (RSA → RS256, EC P-256 → ES256) for external tokens; null: none. */
  publicKey: string | null;
  /** The identity provider's JWKS URL for external tokens (RS256 and ES256, key by `kid`); null: none. */
  jwksUrl: string | null;
  /** What external tokens must carry as `iss` and `aud`. */
  issuer: string;
  audience: string;
  /** Told when the key set cannot be fetched (the token is then refused). */
  onKeySetError?: (error: Error) => void;
  /** How soon a token naming a `kid` the cached key set lacks may fetch the set again (jose's 30 s unless given). */
  keySetCooldownMs?: number;
  /** The longest a token may live, from its `iat` and from now (MAX_TOKEN_HOURS). */
  maxLifetimeSeconds: number;
  /** Whether a token id has been revoked (the shared deny-list); checked on every use, cached or not. */
  isRevoked?: (tokenId: string) => boolean;
}

/** Clocks of the issuer and the gateway may differ by this much. */
const CLOCK_SKEW_SECONDS = 60;

type ExternalAlgorithm = 'RS256' | 'ES256';

/** How external tokens are checked: the algorithms the key(s) allow, pinned, and the key or key set. */
interface ExternalVerification {
  algorithms: ExternalAlgorithm[];
  key: KeyObject | JWTVerifyGetKey;
  /** For messages and the start log line. */
  source: string;
}

/** The key set could not be fetched or read: not the token's fault, but it cannot be verified either. */
class KeySetUnavailable extends Error {}

/**
 * The identity provider's keys, fetched when first needed and cached (jose: refetched after 10 minutes, and at
 * once — at most every 30 s — when a token names a `kid` the cached set lacks, which is how keys rotate).
 */
function remoteKeySet(url: string, cooldownMs: number | undefined): JWTVerifyGetKey {
  const keySet = createRemoteJWKSet(new URL(url), cooldownMs === undefined ? {} : { cooldownDuration: cooldownMs });
  return async (header, token) => {
    try {
      return await keySet(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) throw error;
      throw new KeySetUnavailable((error as Error).message, { cause: error });
    }
  };
}

function externalVerification(options: ClientTokenOptions): ExternalVerification | null {
  if (options.publicKey) {
    const algorithm = publicKeyAlgorithm(options.publicKey);
    if (!algorithm) throw new Error('JWT_PUBLIC_KEY is not an RSA (≥ 2048 bits) or EC P-256 public key');
    return { algorithms: [algorithm], key: createPublicKey(options.publicKey), source: 'JWT_PUBLIC_KEY' };
  }
  if (options.jwksUrl) return { algorithms: ['RS256', 'ES256'], key: remoteKeySet(options.jwksUrl, options.keySetCooldownMs), source: `the key set at ${options.jwksUrl}` };
  return null;
}

const MISSING_EXPIRY = 'token has no expiry (exp): client tokens must expire';

/** jose's refusals in the words the hub's own tokens get; the key set not being reachable is told apart. */
function identityErrorOf(error: unknown, verification: ExternalVerification, options: ClientTokenOptions): IdentityError {
  if (error instanceof IdentityError) return error;
  if (error instanceof errors.JWTExpired) return new IdentityError('token has expired', 'expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'exp' && error.reason === 'missing') return new IdentityError(MISSING_EXPIRY, 'invalid');
    if (error.claim === 'iss') return new IdentityError(`token is not valid: its issuer (iss) is not "${options.issuer}"`, 'invalid');
    if (error.claim === 'aud') return new IdentityError(`token is not valid: its audience (aud) is not "${options.audience}"`, 'invalid');
    return new IdentityError(`token is not valid: ${error.message}`, 'invalid');
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return new IdentityError(`token is not valid: its signature does not verify with ${verification.source}`, 'invalid');
  if (error instanceof errors.JWKSNoMatchingKey) return new IdentityError(`token is not valid: no key in ${verification.source} matches its kid and algorithm`, 'invalid');
  if (error instanceof KeySetUnavailable) {
    options.onKeySetError?.(error);
    return new IdentityError(`token could not be verified: ${verification.source} could not be fetched (${error.message})`, 'invalid');
  }
  return new IdentityError(`token is not valid: ${(error as Error).message}`, 'invalid');
}

/**
 * Verifies client bearer tokens: HS256 with the JWT secret (the hub's own tokens, the hub's issuer and audience),
 * or RS256/ES256 against JWT_PUBLIC_KEY or the JWKS of JWT_JWKS_URL (JWT_ISSUER and JWT_AUDIENCE). The algorithm
 * picks the key and each key allows only its own algorithm: never `none`, never HS256 with a public key. Every
 * client token must expire and may not claim the service identity. A verified token is remembered (keyed by its
 * exact text, signature included) until it expires, so repeat requests skip verification.
 */
export class ClientTokenVerifier {
  private readonly verified = new LRUCache<string, Identity>({ max: 10_000, ttlAutopurge: false });
  private readonly external: ExternalVerification | null;

  constructor(private readonly options: ClientTokenOptions) {
    this.external = externalVerification(options);
  }

  /** The accepted algorithms and keys, e.g. for the gateway's start log line. */
  get accepted(): string {
    return this.external ? `HS256 (JWT_SECRET); ${this.external.algorithms.join(', ')} (${this.external.source}, iss ${this.options.issuer}, aud ${this.options.audience})` : 'HS256 (JWT_SECRET)';
  }

  async verify(token: string): Promise<Identity> {
    const identity = this.verified.get(token) ?? (await this.verifyAndRemember(token));
    const tokenId = identity.session?.tokenId;
    if (tokenId && this.options.isRevoked?.(tokenId)) throw new IdentityError('token has been revoked', 'revoked');
    return identity;
  }

  private async verifyAndRemember(token: string): Promise<Identity> {
    const { identity, expiresAtSeconds } = await this.verifyUncached(token);
    this.checkLifetime(token, expiresAtSeconds);
    const remainingMs = expiresAtSeconds * 1000 - Date.now();
    // Remembered only until the token expires (an entry past its TTL is never returned).
    if (remainingMs > 0) this.verified.set(token, identity, { ttl: remainingMs });
    return identity;
  }

  /** A token living longer than MAX_TOKEN_HOURS is refused, whoever signed it: counted from its `iat` and from now. */
  private checkLifetime(token: string, expiresAtSeconds: number): void {
    const maxSeconds = this.options.maxLifetimeSeconds;
    const issuedAt = payloadOf(token).iat;
    const fromNow = expiresAtSeconds - Date.now() / 1000;
    const fromIssue = typeof issuedAt === 'number' ? expiresAtSeconds - issuedAt : fromNow;
    if (Math.max(fromNow, fromIssue) > maxSeconds + CLOCK_SKEW_SECONDS) {
      throw new IdentityError(`token lives too long: client tokens may live at most ${formatHours(maxSeconds)} (MAX_TOKEN_HOURS); this one ${formatHours(Math.max(fromNow, fromIssue))}`, 'invalid');
    }
  }

  private async verifyUncached(token: string): Promise<{ identity: Identity; expiresAtSeconds: number }> {
    let algorithm: unknown;
    try {
      algorithm = decodeProtectedHeader(token).alg;
    } catch {
      throw new IdentityError('token is not valid: not a JSON Web Token', 'invalid');
    }
    if (algorithm === 'HS256') {
      const identity = verifyClientToken(token, this.options.secret);
      return { identity, expiresAtSeconds: expiryOf(token) };
    }
    const external = this.external;
    if (!external || !external.algorithms.includes(algorithm as ExternalAlgorithm)) {
      const accepted = ['HS256', ...(external?.algorithms ?? [])].join(', ');
      throw new IdentityError(`token is not valid: it is signed with ${JSON.stringify(algorithm ?? null)}; this gateway accepts ${accepted}`, 'invalid');
    }
    try {
      const { payload } = await jwtVerify(token, external.key, { algorithms: external.algorithms, issuer: this.options.issuer, audience: this.options.audience, requiredClaims: ['exp'] });
      return { identity: clientIdentityFromClaims(payload), expiresAtSeconds: payload.exp! };
    } catch (error) {
      throw identityErrorOf(error, external, this.options);
    }
  }
}

/** The claims of a token whose signature has been verified. */
function payloadOf(token: string): { exp: number; iat?: unknown } {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { exp: number; iat?: unknown };
}

function expiryOf(token: string): number {
  return payloadOf(token).exp;
}

function formatHours(seconds: number): string {
  return `${Math.round((seconds / 3600) * 10) / 10} h`;
}
