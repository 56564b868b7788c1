import { createSecretKey, type KeyObject } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import jwt from 'jsonwebtoken';
import { isRegionCode, type RegionCode } from '../kernel';

/**
 * Who is calling. Agencies (a bureau of one region) read everything shared and write their region's records;
 * the public token reads recalls and risk alerts only; the service identity is the gateway's own.
 */
export type CallerKind = 'agency' | 'public' | 'service';

export const SCOPES = {
  read: 'records:read',
  write: 'records:write',
  publicRead: 'public:read',
} as const;

export interface Identity {
  /** Agency identifier, e.g. `tj-amr` (天津市市场监督管理委员会). */
  agency: string;
  agencyName: string;
  region: RegionCode | null;
  scopes: string[];
  kind: CallerKind;
}

import { IDENTITY_HEADER } from '../contract/protocol';

export { IDENTITY_HEADER };

const CLIENT_AUDIENCE = 'jjj-hub-api';
const INTERNAL_AUDIENCE = 'jjj-hub-subgraph';
const ISSUER = 'jjj-hub';

export class IdentityError extends Error {
  constructor(
    message: string,
    readonly reason: 'missing' | 'expired' | 'invalid',
  ) {
    super(message);
  }
}

function toClaims(identity: Identity): jwt.JwtPayload {
  return { agency: identity.agency, agencyName: identity.agencyName, region: identity.region, scopes: identity.scopes, kind: identity.kind };
}

function fromClaims(payload: string | jwt.JwtPayload): Identity {
  if (typeof payload === 'string') throw new IdentityError('token payload is not an object', 'invalid');
  const { agency, agencyName, region, scopes, kind } = payload;
  if (typeof agency !== 'string' || agency.length === 0) throw new IdentityError('token names no agency', 'invalid');
  if (region !== null && !isRegionCode(region)) throw new IdentityError('token names an unknown region', 'invalid');
  if (!Array.isArray(scopes) || !scopes.every((scope) => typeof scope === 'string')) throw new IdentityError('token scopes are malformed', 'invalid');
  if (kind !== 'agency' && kind !== 'public' && kind !== 'service') throw new IdentityError('token kind is unknown', 'invalid');
  if (kind === 'agency' && region === null) throw new IdentityError('an agency token must name its region', 'invalid');
  return { agency, agencyName: typeof agencyName === 'string' ? agencyName : agency, region, scopes, kind };
}

const secretKeys = new Map<string, KeyObject>();

/** A key object per secret: given a plain string, jsonwebtoken first tries (and fails) to parse it as a public key on every call. */
function secretKey(secret: string): KeyObject {
  let key = secretKeys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    secretKeys.set(secret, key);
  }
  return key;
}

function verify(token: string, secret: string, audience: string): Identity {
  try {
    return fromClaims(jwt.verify(token, secretKey(secret), { algorithms: ['HS256'], audience, issuer: ISSUER }));
  } catch (error) {
    if (error instanceof IdentityError) throw error;
    if (error instanceof jwt.TokenExpiredError) throw new IdentityError('token has expired', 'expired');
    throw new IdentityError(`token is not valid: ${(error as Error).message}`, 'invalid');
  }
}

/** A bearer token for API clients (development tokens are printed at start). */
export function signClientToken(identity: Identity, secret: string, expiresInSeconds = 12 * 3600): string {
  return jwt.sign(toClaims(identity), secretKey(secret), { algorithm: 'HS256', audience: CLIENT_AUDIENCE, issuer: ISSUER, expiresIn: expiresInSeconds });
}

const verifiedClientTokens = new LRUCache<string, Identity>({ max: 10_000, ttlAutopurge: false });

/**
 * Verifies a client bearer token. A token verified once is remembered (keyed by its exact text, which includes
 * the signature, and by the secret) until it expires, so repeat requests skip the HMAC and JSON parsing.
 */
export function verifyClientToken(token: string, secret: string): Identity {
  const cacheKey = `${secret.length}:${secret}\u0000${token}`;
  const cached = verifiedClientTokens.get(cacheKey);
  if (cached) return cached;
  const identity = verify(token, secret, CLIENT_AUDIENCE);
  const expiresAtSeconds = (jwt.decode(token) as jwt.JwtPayload | null)?.exp;
  const remainingMs = expiresAtSeconds ? expiresAtSeconds * 1000 - Date.now() : 0;
  // Remembered only until the token expires (an entry past its TTL is never returned).
  if (remainingMs > 0) verifiedClientTokens.set(cacheKey, identity, { ttl: remainingMs });
  return identity;
}

/** Short-lived identity the gateway forwards to subgraphs; they accept nothing else. */
export function signInternalIdentity(identity: Identity, secret: string, expiresInSeconds = 120): string {
  return jwt.sign(toClaims(identity), secretKey(secret), { algorithm: 'HS256', audience: INTERNAL_AUDIENCE, issuer: ISSUER, expiresIn: expiresInSeconds });
}

export function verifyInternalIdentity(token: string | undefined, secret: string): Identity {
  if (!token) throw new IdentityError(`missing ${IDENTITY_HEADER} header: subgraphs are called through the gateway`, 'missing');
  return verify(token, secret, INTERNAL_AUDIENCE);
}

/** `Authorization: Bearer <token>` → token; anything else → undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

export const SERVICE_IDENTITY: Identity = { agency: 'jjj-gateway', agencyName: 'JJJ Hub gateway', region: null, scopes: [SCOPES.read], kind: 'service' };
