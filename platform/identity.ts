import { createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { isRegionCode, regionChineseName, regionFromDivisionCode, type RegionCode } from '../kernel';
import { CLIENT_TOKEN_CLAIMS } from './config/defaults';

/**
 * Who is calling. Agencies (a bureau of one region, or a district/county bureau within it) read everything shared
 * and write their region's records; the public token reads recalls and risk alerts only; the service identity is
 * the gateway's own and never comes from a client.
 */
export type CallerKind = 'agency' | 'public' | 'service';

export const SCOPES = {
  read: 'records:read',
  write: 'records:write',
  publicRead: 'public:read',
  /** A data-protection officer (个人信息保护负责人): reads the whole audit log of the token's region, with filters. */
  auditRead: 'audit:read',
} as const;

export interface Identity {
  /** Agency identifier, e.g. `tj-samr` (天津市市场监督管理委员会). */
  agency: string;
  agencyName: string;
  region: RegionCode | null;
  scopes: string[];
  kind: CallerKind;
  /**
   * A district or county bureau (区/县市场监管局): its GB/T 2260 six-digit division code, within `region`
   * (e.g. `120116` 天津市滨海新区). Absent for a bureau of the whole region.
   */
  district?: string;
  /**
   * The client token this identity came from: its `jti` (what a revocation names; absent when the issuer sets none)
   * and its `exp` in seconds since the epoch. Never forwarded to the regions as such: the internal identity's own
   * expiry is bounded by it.
   */
  session?: { tokenId: string | null; expiresAtSeconds: number };
}

import { IDENTITY_HEADER, type SubgraphName } from '../contract/protocol';

export { IDENTITY_HEADER };

const CLIENT_AUDIENCE = CLIENT_TOKEN_CLAIMS.audience;
const INTERNAL_AUDIENCE = 'jjj-hub-subgraph';
const ISSUER = CLIENT_TOKEN_CLAIMS.issuer;

export class IdentityError extends Error {
  constructor(
    message: string,
    readonly reason: 'missing' | 'expired' | 'invalid' | 'revoked',
  ) {
    super(message);
  }
}

/**
 * Why `district` cannot be a district bureau of `region`, or null when it can: a six-digit GB/T 2260 code of a
 * district or county (区/县, neither the province nor a prefecture: the last two digits and the middle two are not
 * 00) whose first two digits are the region's (11 Beijing, 12 Tianjin, 13 Hebei).
 */
export function districtProblem(district: string, region: RegionCode | null): string | null {
  if (!/^\d{6}$/.test(district)) return `district must be a six-digit GB/T 2260 division code such as 120116 (got "${district}")`;
  if (district.endsWith('00') || district.slice(2, 4) === '00') return `district ${district} is not a district or county (区/县) code: a province or prefecture code ends in 00`;
  if (region === null) return `district ${district} needs the token to name its region`;
  const districtRegion = regionFromDivisionCode(district);
  if (districtRegion !== region) {
    const where = districtRegion ? `${regionChineseName(districtRegion)} (${districtRegion})` : 'none of Beijing (11), Tianjin (12) or Hebei (13)';
    return `district ${district} lies in ${where}, not in the token's region ${regionChineseName(region)} (${region})`;
  }
  return null;
}

function toClaims(identity: Identity): jwt.JwtPayload {
  return {
    agency: identity.agency,
    agencyName: identity.agencyName,
    region: identity.region,
    scopes: identity.scopes,
    kind: identity.kind,
    ...(identity.district ? { district: identity.district } : {}),
  };
}

function fromClaims(payload: string | jwt.JwtPayload): Identity {
  if (typeof payload === 'string') throw new IdentityError('token payload is not an object', 'invalid');
  const { agency, agencyName, region, scopes, kind, district } = payload;
  if (typeof agency !== 'string' || agency.length === 0) throw new IdentityError('token names no agency', 'invalid');
  if (region !== null && !isRegionCode(region)) throw new IdentityError('token names an unknown region', 'invalid');
  if (!Array.isArray(scopes) || !scopes.every((scope) => typeof scope === 'string')) throw new IdentityError('token scopes are malformed', 'invalid');
  if (kind !== 'agency' && kind !== 'public' && kind !== 'service') throw new IdentityError('token kind is unknown', 'invalid');
  if (kind === 'agency' && region === null) throw new IdentityError('an agency token must name its region', 'invalid');
  const identity: Identity = { agency, agencyName: typeof agencyName === 'string' ? agencyName : agency, region, scopes, kind };
  if (district === undefined || district === null) return identity;
  if (kind !== 'agency') throw new IdentityError('only an agency token may name a district', 'invalid');
  if (typeof district !== 'string') throw new IdentityError('token district must be a six-digit GB/T 2260 division code', 'invalid');
  const problem = districtProblem(district, region);
  if (problem) throw new IdentityError(problem, 'invalid');
  return { ...identity, district };
}

/**
 * What a client token must also satisfy, however it was signed: an expiry, and never the service identity
 * (which only the gateway itself uses, towards the regions).
 */
export function clientIdentityFromClaims(payload: string | jwt.JwtPayload): Identity {
  if (typeof payload === 'string' || typeof payload.exp !== 'number') throw new IdentityError('token has no expiry (exp): client tokens must expire', 'invalid');
  const identity = fromClaims(payload);
  if (identity.kind === 'service') throw new IdentityError('a client token may not claim kind "service": the service identity is internal to the hub', 'invalid');
  return { ...identity, session: { tokenId: typeof payload.jti === 'string' && payload.jti.length > 0 ? payload.jti : null, expiresAtSeconds: payload.exp } };
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

function verifyHs256(token: string, secret: string, audience: string, toIdentity: (payload: string | jwt.JwtPayload) => Identity, maxAgeSeconds?: number): Identity {
  try {
    return toIdentity(jwt.verify(token, secretKey(secret), { algorithms: ['HS256'], audience, issuer: ISSUER, ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }) }));
  } catch (error) {
    if (error instanceof IdentityError) throw error;
    if (error instanceof jwt.TokenExpiredError) throw new IdentityError('token has expired', 'expired');
    throw new IdentityError(`token is not valid: ${(error as Error).message}`, 'invalid');
  }
}

/** A bearer token for API clients (development tokens are printed at start; `npm run token` mints others). */
export function signClientToken(identity: Identity, secret: string, expiresInSeconds = 12 * 3600): string {
  // A token id of its own: two public tokens issued in the same second are two callers, each with its own limits.
  return jwt.sign(toClaims(identity), secretKey(secret), { algorithm: 'HS256', audience: CLIENT_AUDIENCE, issuer: ISSUER, expiresIn: expiresInSeconds, jwtid: randomUUID() });
}

/**
 * Verifies one of the hub's own client tokens (HS256 with the JWT secret, the hub's issuer and audience). The
 * gateway verifies through its ClientTokenVerifier, which also accepts external tokens and remembers verified ones.
 */
export function verifyClientToken(token: string, secret: string): Identity {
  return verifyHs256(token, secret, CLIENT_AUDIENCE, clientIdentityFromClaims);
}

/**
 * Where an internal identity may be used: one region's one endpoint (a subgraph, or the event stream). A header
 * captured on its way to Tianjin's links subgraph is worth nothing at Beijing or at Tianjin's /graphql.
 */
export interface InternalTarget {
  region: RegionCode;
  endpoint: SubgraphName | 'events';
}

/** The longest an internal identity lives: seconds, never the client token's hours. */
export const INTERNAL_IDENTITY_MAX_SECONDS = 30;

const internalAudience = (target: InternalTarget) => `${INTERNAL_AUDIENCE}:${target.region}:${target.endpoint}`;

/**
 * The identity the gateway forwards to one region's endpoint; the regions accept nothing else. It expires at
 * `expiresAtSeconds` (epoch seconds), which the gateway keeps within INTERNAL_IDENTITY_MAX_SECONDS and never later
 * than the client token's own expiry.
 */
export function signInternalIdentity(identity: Identity, secret: string, target: InternalTarget, expiresAtSeconds?: number, issuedAtSeconds = Math.floor(Date.now() / 1000)): string {
  const exp = expiresAtSeconds ?? issuedAtSeconds + INTERNAL_IDENTITY_MAX_SECONDS;
  return jwt.sign({ ...toClaims(identity), iat: issuedAtSeconds, exp }, secretKey(secret), { algorithm: 'HS256', audience: internalAudience(target), issuer: ISSUER });
}

/** The identity in an internal identity header, if it was signed for exactly this region and endpoint and has not expired. */
export function verifyInternalIdentity(token: string | undefined, secret: string, target: InternalTarget): Identity {
  if (!token) throw new IdentityError(`missing ${IDENTITY_HEADER} header: subgraphs are called through the gateway`, 'missing');
  const identity = verifyHs256(token, secret, internalAudience(target), fromClaims, INTERNAL_IDENTITY_MAX_SECONDS);
  const { exp, iat } = jwt.decode(token) as jwt.JwtPayload;
  // Signed by the gateway, yet living longer than an internal identity may: refused, as a leaked long-lived one would be.
  if (typeof exp !== 'number' || typeof iat !== 'number' || exp - iat > INTERNAL_IDENTITY_MAX_SECONDS) throw new IdentityError(`internal identity lives longer than ${INTERNAL_IDENTITY_MAX_SECONDS} s`, 'invalid');
  return identity;
}

/** `Authorization: Bearer <token>` → token; anything else → undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

export const SERVICE_IDENTITY: Identity = { agency: 'jjj-gateway', agencyName: 'JJJ Hub gateway', region: null, scopes: [SCOPES.read], kind: 'service' };
