import jwt from 'jsonwebtoken';
import { IdentityForwarder } from '../../gateway/router/identityForwarding';
import { DEVELOPMENT_AGENCIES } from '../../platform/agencies';
import { INTERNAL_IDENTITY_MAX_SECONDS, verifyInternalIdentity, type Identity } from '../../platform/identity';

const SECRET = 'internal-identity-test-secret-0123456789';
// The forwarder reads this pinned clock; it starts at the real second because the regions verify against real time.
const START_MS = Math.floor(Date.now() / 1000) * 1000;

function claimsOf(header: string): { exp: number; iat: number; aud: string } {
  return jwt.decode(header) as { exp: number; iat: number; aud: string };
}

describe('the identity forwarded to a region', () => {
  let nowMs = START_MS;
  const forwarder = new IdentityForwarder(SECRET, () => nowMs);
  const agency = (expiresAtSeconds: number): Identity => ({ ...DEVELOPMENT_AGENCIES.BJ, session: { tokenId: 'a', expiresAtSeconds } });

  beforeEach(() => {
    nowMs = START_MS;
  });

  test('lives seconds, bound to one region and endpoint', () => {
    const header = forwarder.headerFor(agency(START_MS / 1000 + 12 * 3600), { region: 'TJ', endpoint: 'links' });
    const { exp, iat, aud } = claimsOf(header);
    expect(exp - iat).toBe(INTERNAL_IDENTITY_MAX_SECONDS);
    expect(aud).toBe('jjj-hub-subgraph:TJ:links');
    expect(verifyInternalIdentity(header, SECRET, { region: 'TJ', endpoint: 'links' }).agency).toBe('bj-samr');
    expect(() => verifyInternalIdentity(header, SECRET, { region: 'TJ', endpoint: 'regional' })).toThrow(/audience/);
    expect(() => verifyInternalIdentity(header, SECRET, { region: 'HE', endpoint: 'links' })).toThrow(/audience/);
  });

  test('never expires after the client token it stands for', () => {
    const clientExpiry = START_MS / 1000 + 4;
    const header = forwarder.headerFor(agency(clientExpiry), { region: 'TJ', endpoint: 'regional' });
    expect(claimsOf(header).exp).toBe(clientExpiry);
  });

  test('is reused for under half its lifetime, then signed afresh', () => {
    const target = { region: 'BJ', endpoint: 'regional' } as const;
    const identity = agency(START_MS / 1000 + 3600);
    const first = forwarder.headerFor(identity, target);
    nowMs += (INTERNAL_IDENTITY_MAX_SECONDS * 1000) / 2 - 100;
    expect(forwarder.headerFor(identity, target)).toBe(first);
    nowMs += 200;
    const second = forwarder.headerFor(identity, target);
    expect(second).not.toBe(first);
    // What a region receives always has more than half of its lifetime left.
    expect(claimsOf(second).exp * 1000 - nowMs).toBeGreaterThan((INTERNAL_IDENTITY_MAX_SECONDS * 1000) / 2);
  });

  test('two tokens of one agency with different expiries get different headers', () => {
    const target = { region: 'HE', endpoint: 'regional' } as const;
    const short = forwarder.headerFor(agency(START_MS / 1000 + 5), target);
    const long = forwarder.headerFor(agency(START_MS / 1000 + 3600), target);
    expect(claimsOf(short).exp).toBe(START_MS / 1000 + 5);
    expect(claimsOf(long).exp).toBe(START_MS / 1000 + INTERNAL_IDENTITY_MAX_SECONDS);
  });
});
