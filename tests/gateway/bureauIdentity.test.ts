/**
 * Identity for real bureaus, over the real system on loopback: agency tokens from an identity provider (RS256 keys
 * from a JWKS served here) and from a configured public key (ES256, on a second gateway over the same regions),
 * next to the hub's own HS256 tokens; what every client token must carry; district bureaus (区/县) writing their
 * region's records, named in its audit log; the same refusals on the WebSocket. Then, without the stack: the
 * configuration of these keys, key rotation and caching in the verifier, and the district rule.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import WebSocket from 'ws';
import { ClientTokenVerifier } from '../../gateway/clientTokens';
import { gatewayConfigFromEnv } from '../../gateway/config';
import { startGateway, type RunningGateway } from '../../gateway/server';
import { DEVELOPMENT_AGENCIES, DISTRICT_AGENCIES } from '../../platform/agencies';
import { ConfigError } from '../../platform/config';
import { districtProblem, SCOPES, signClientToken } from '../../platform/identity';
import { startStack, testGatewayConfig, TEST_INTERNAL_SECRET, TEST_JWT_SECRET, type GraphQLResult, type Stack } from '../helpers/stack';

jest.setTimeout(60_000);

/** The bureaus' identity provider, as the gateway under test is configured for it (JWT_ISSUER, JWT_AUDIENCE). */
const IDP_ISSUER = 'https://sso.jjj.example.gov.cn';
const IDP_AUDIENCE = 'jjj-hub-api';

const idpKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const EC_PUBLIC_PEM = ecKey.publicKey.export({ type: 'spki', format: 'pem' }).toString();

/** Key sets by path: the stack's gateway reads /stack; the verifier tests below rotate /rotation. */
const keySets = new Map<string, { keys: JWK[] }>();
let jwksServer: Server;
let jwksBase = '';

async function publicJwk(key: KeyObject, kid: string): Promise<JWK> {
  return { ...(await exportJWK(key)), kid, alg: 'RS256', use: 'sig' };
}

const BUREAU = { agency: 'tj-amr-sso', agencyName: '天津市市场监督管理委员会', region: 'TJ', scopes: [SCOPES.read, SCOPES.write], kind: 'agency' };

interface Signing {
  key?: KeyObject;
  alg?: 'RS256' | 'ES256';
  kid?: string;
  issuer?: string;
  audience?: string;
  /** false: no exp claim. */
  expires?: boolean;
}

/** A token as the identity provider would issue it (by default: RS256 with its current key). */
function idpToken(claims: JWTPayload, signing: Signing = {}): Promise<string> {
  const alg = signing.alg ?? 'RS256';
  let jwt = new SignJWT(claims)
    .setProtectedHeader({ alg, typ: 'JWT', ...(alg === 'RS256' ? { kid: signing.kid ?? 'idp-2026-1' } : {}) })
    .setIssuedAt()
    .setIssuer(signing.issuer ?? IDP_ISSUER)
    .setAudience(signing.audience ?? IDP_AUDIENCE);
  if (signing.expires !== false) jwt = jwt.setExpirationTime('10m');
  return jwt.sign(signing.key ?? idpKey.privateKey);
}

const RECALLS = '{ recalls(first: 2) { totalCount edges { node { id } } } }';

async function post(url: string, token: string, query: string, variables?: Record<string, unknown>): Promise<GraphQLResult> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  return { ...((await response.json()) as Omit<GraphQLResult, 'status'>), status: response.status };
}

function expectData(result: GraphQLResult): Record<string, any> {
  expect(result.errors ?? []).toEqual([]);
  expect(result.status).toBe(200);
  return result.data!;
}

function expectUnauthenticated(result: GraphQLResult, message: RegExp): void {
  expect(result.status).toBe(401);
  expect(result.data ?? null).toBeNull();
  expect(result.errors).toHaveLength(1);
  expect(result.errors![0]!.extensions?.code).toBe('UNAUTHENTICATED');
  expect(result.errors![0]!.message).toMatch(message);
}

let stack: Stack;
let keyGateway: RunningGateway | undefined;

beforeAll(async () => {
  keySets.set('/stack', { keys: [await publicJwk(idpKey.publicKey, 'idp-2026-1')] });
  jwksServer = createServer((request, response) => {
    const keySet = keySets.get(request.url ?? '');
    response.writeHead(keySet ? 200 : 404, { 'content-type': 'application/json' });
    response.end(JSON.stringify(keySet ?? { error: 'no such key set' }));
  });
  jwksServer.listen(0, '127.0.0.1');
  await once(jwksServer, 'listening');
  jwksBase = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}`;
  stack = await startStack({ gateway: { jwtJwksUrl: `${jwksBase}/stack`, jwtIssuer: IDP_ISSUER, jwtAudience: IDP_AUDIENCE, graphiql: false } });
}, 180_000);

afterAll(async () => {
  await keyGateway?.stop();
  await stack?.stop();
  jwksServer?.close();
}, 60_000);

describe('tokens of the identity provider (JWT_JWKS_URL)', () => {
  test('an RS256 token whose kid is in the key set is accepted: a real query returns data', async () => {
    const data = expectData(await post(stack.gatewayUrl, await idpToken(BUREAU), RECALLS));
    expect(data.recalls.totalCount).toBeGreaterThan(0);
    expect(data.recalls.edges).toHaveLength(2);
  });

  test('the hub’s own HS256 tokens still work beside them (development and public tokens)', async () => {
    expectData(await post(stack.gatewayUrl, stack.tokens.BJ, RECALLS));
    expectData(await post(stack.gatewayUrl, stack.tokens.PUBLIC, RECALLS));
  });

  test('refused with 401 UNAUTHENTICATED: another key, an unknown kid, a wrong issuer or audience, no exp, kind service, alg none', async () => {
    const refusals: Array<[Promise<string> | string, RegExp]> = [
      [idpToken(BUREAU, { key: strangerKey.privateKey }), /its signature does not verify with the key set at http/],
      [idpToken(BUREAU, { key: strangerKey.privateKey, kid: 'stranger-1' }), /no key in the key set .* matches its kid/],
      [idpToken(BUREAU, { issuer: 'jjj-hub' }), /its issuer \(iss\) is not "https:\/\/sso\.jjj\.example\.gov\.cn"/],
      [idpToken(BUREAU, { audience: 'another-api' }), /its audience \(aud\) is not "jjj-hub-api"/],
      [idpToken(BUREAU, { expires: false }), /token has no expiry \(exp\): client tokens must expire/],
      [idpToken({ ...BUREAU, region: null, kind: 'service' }), /may not claim kind "service"/],
      [signClientToken({ agency: 'jjj-gateway', agencyName: 'forged', region: null, scopes: [SCOPES.read], kind: 'service' }, TEST_JWT_SECRET), /may not claim kind "service"/],
      [`${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ ...BUREAU, iss: IDP_ISSUER, aud: IDP_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url')}.`, /signed with "none"; this gateway accepts HS256, RS256, ES256/],
    ];
    for (const [token, message] of refusals) expectUnauthenticated(await post(stack.gatewayUrl, await token, RECALLS), message);
  });

  test('an HS256 token without exp is refused too', async () => {
    const jwt = await new SignJWT({ ...DEVELOPMENT_AGENCIES.BJ }).setProtectedHeader({ alg: 'HS256' }).setIssuer('jjj-hub').setAudience('jjj-hub-api').sign(new TextEncoder().encode(TEST_JWT_SECRET));
    expectUnauthenticated(await post(stack.gatewayUrl, jwt, RECALLS), /no expiry/);
  });
});

describe('district bureaus (区/县)', () => {
  const CREATE_ALERT = 'mutation($input: CreateRiskAlertInput!) { createRiskAlert(input: $input) { id region } }';
  const AUDIT = 'query($id: ID!) { auditLog(recordId: $id) { agency agencyName agencyRegion agencyDistrict action } }';
  const alert = (title: string) => ({ title, description: '抽检发现充电器温升超标，存在起火风险。', productCategory: 'ELECTRIC_BICYCLE', hazardType: 'FIRE', riskLevel: 'HIGH', source: 'SAMPLING' });

  test('a district bureau writes a record of its region, and the region’s audit log names the district', async () => {
    const binhai = signClientToken(DISTRICT_AGENCIES.TJ_BINHAI, TEST_JWT_SECRET);
    const created = expectData(await post(stack.gatewayUrl, binhai, CREATE_ALERT, { input: alert('滨海新区抽检：电动自行车充电器过热') })).createRiskAlert;
    expect(created).toMatchObject({ id: expect.stringMatching(/^TJ-/), region: 'TIANJIN' });
    const entries = expectData(await post(stack.gatewayUrl, binhai, AUDIT, { id: created.id })).auditLog;
    expect(entries).toEqual([{ agency: 'tj-binhai-samr', agencyName: '天津市滨海新区市场监督管理局', agencyRegion: 'TIANJIN', agencyDistrict: '120116', action: 'CREATE' }]);
    const stored = await stack.db('TJ').collection('auditLog').findOne({ recordId: created.id });
    expect(stored).toMatchObject({ agency: 'tj-binhai-samr', agencyRegion: 'TJ', agencyDistrict: '120116' });
  });

  test('a district from the identity provider writes in its region too; a region-wide bureau’s entry names no district', async () => {
    const sanhe = await idpToken({ agency: 'he-sanhe-sso', agencyName: '三河市市场监督管理局', region: 'HE', district: '131082', scopes: [SCOPES.read, SCOPES.write], kind: 'agency' });
    const created = expectData(await post(stack.gatewayUrl, sanhe, CREATE_ALERT, { input: alert('三河市抽检：电动自行车电池过热') })).createRiskAlert;
    expect(created.region).toBe('HEBEI');
    const [entry] = expectData(await post(stack.gatewayUrl, stack.tokens.HE, AUDIT, { id: created.id })).auditLog;
    expect(entry).toMatchObject({ agency: 'he-sanhe-sso', agencyDistrict: '131082' });

    const byRegion = expectData(await post(stack.gatewayUrl, stack.tokens.HE, CREATE_ALERT, { input: alert('河北省抽检：充电器') })).createRiskAlert;
    const [regionEntry] = expectData(await post(stack.gatewayUrl, stack.tokens.HE, AUDIT, { id: byRegion.id })).auditLog;
    expect(regionEntry).toMatchObject({ agency: 'he-samr', agencyDistrict: null });
  });

  test('a district outside the token’s region, or not a district code, is refused with 401', async () => {
    expectUnauthenticated(await post(stack.gatewayUrl, await idpToken({ ...BUREAU, district: '131082' }), RECALLS), /district 131082 lies in 河北 \(HE\), not in the token's region 天津 \(TJ\)/);
    expectUnauthenticated(await post(stack.gatewayUrl, signClientToken({ ...DISTRICT_AGENCIES.TJ_BINHAI, region: 'BJ' }, TEST_JWT_SECRET), RECALLS), /district 120116 lies in 天津 \(TJ\), not in the token's region 北京 \(BJ\)/);
    expectUnauthenticated(await post(stack.gatewayUrl, await idpToken({ ...BUREAU, district: '120100' }), RECALLS), /not a district or county/);
    expectUnauthenticated(await post(stack.gatewayUrl, await idpToken({ ...BUREAU, district: 120116 }), RECALLS), /six-digit/);
  });
});

describe('the WebSocket path', () => {
  /** Opens a graphql-ws connection with `token`: acknowledged, or closed with a code and reason. */
  async function connect(url: string, token: string): Promise<{ acked: boolean; code?: number; reason?: string }> {
    const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    await once(socket, 'open');
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
    return new Promise((resolve) => {
      socket.on('message', (data) => {
        if ((JSON.parse(String(data)) as { type: string }).type !== 'connection_ack') return;
        resolve({ acked: true });
        socket.close(1000);
      });
      socket.on('close', (code, reason) => resolve({ acked: false, code, reason: reason.toString() }));
    });
  }

  test('an identity provider token connects; one signed by another key or claiming kind service is closed with 4401', async () => {
    expect(await connect(stack.gatewayUrl, await idpToken(BUREAU))).toEqual({ acked: true });
    expect(await connect(stack.gatewayUrl, await idpToken(BUREAU, { key: strangerKey.privateKey }))).toEqual({ acked: false, code: 4401, reason: expect.stringMatching(/^Unauthenticated: token is not valid: its signature/) });
    expect(await connect(stack.gatewayUrl, await idpToken({ ...BUREAU, region: null, kind: 'service' }))).toEqual({ acked: false, code: 4401, reason: expect.stringMatching(/kind "service"/) });
    expect(await connect(stack.gatewayUrl, await idpToken({ ...BUREAU, district: '110105' }))).toEqual({ acked: false, code: 4401, reason: expect.stringMatching(/district 110105 lies in 北京/) });
  });
});

describe('a public key (JWT_PUBLIC_KEY, here EC P-256) on a second gateway over the same regions', () => {
  beforeAll(async () => {
    keyGateway = await startGateway(testGatewayConfig(stack.regionUrls, { jwtPublicKey: EC_PUBLIC_PEM, graphiql: false }));
  }, 60_000);

  test('an ES256 token verifies against it (with the default issuer and audience); HS256 tokens still work', async () => {
    const token = await idpToken(BUREAU, { alg: 'ES256', key: ecKey.privateKey, issuer: 'jjj-hub' });
    expect(expectData(await post(keyGateway!.url, token, RECALLS)).recalls.totalCount).toBeGreaterThan(0);
    expectData(await post(keyGateway!.url, stack.tokens.TJ, RECALLS));
  });

  test('algorithms are pinned to the key: RS256 is refused, and so is HS256 keyed with the public key itself', async () => {
    expectUnauthenticated(await post(keyGateway!.url, await idpToken(BUREAU, { issuer: 'jjj-hub' }), RECALLS), /signed with "RS256"; this gateway accepts HS256, ES256$/);
    const confused = await new SignJWT({ ...BUREAU }).setProtectedHeader({ alg: 'HS256' }).setIssuer('jjj-hub').setAudience('jjj-hub-api').setExpirationTime('10m').sign(new TextEncoder().encode(EC_PUBLIC_PEM));
    expectUnauthenticated(await post(keyGateway!.url, confused, RECALLS), /invalid signature/);
    expectUnauthenticated(await post(keyGateway!.url, await idpToken(BUREAU, { alg: 'ES256', key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, issuer: 'jjj-hub' }), RECALLS), /signature does not verify with JWT_PUBLIC_KEY/);
  });
});

describe('the verifier: key rotation and cache', () => {
  test('a key that rotates in by kid is fetched; the retired one is refused; a verified token is remembered', async () => {
    const next = generateKeyPairSync('rsa', { modulusLength: 2048 });
    keySets.set('/rotation', { keys: [await publicJwk(idpKey.publicKey, 'idp-2026-1')] });
    const verifier = new ClientTokenVerifier({ secret: TEST_JWT_SECRET, publicKey: null, jwksUrl: `${jwksBase}/rotation`, issuer: IDP_ISSUER, audience: IDP_AUDIENCE, keySetCooldownMs: 0, maxLifetimeSeconds: 12 * 3600 });
    const before = await idpToken(BUREAU);
    const identity = await verifier.verify(before);
    expect(identity).toMatchObject({ agency: 'tj-amr-sso', region: 'TJ', kind: 'agency' });
    expect(await verifier.verify(before)).toBe(identity);

    keySets.set('/rotation', { keys: [await publicJwk(next.publicKey, 'idp-2026-2')] });
    await expect(verifier.verify(await idpToken(BUREAU, { key: next.privateKey, kid: 'idp-2026-2' }))).resolves.toMatchObject({ agency: 'tj-amr-sso' });
    await expect(verifier.verify(await idpToken({ ...BUREAU, agency: 'another' }))).rejects.toThrow(/no key in the key set .* matches its kid/);
  });

  test('an unreachable key set refuses the token and is reported', async () => {
    const reported: Error[] = [];
    const verifier = new ClientTokenVerifier({ secret: TEST_JWT_SECRET, publicKey: null, jwksUrl: `${jwksBase}/missing`, issuer: IDP_ISSUER, audience: IDP_AUDIENCE, onKeySetError: (error) => reported.push(error), maxLifetimeSeconds: 12 * 3600 });
    await expect(verifier.verify(await idpToken(BUREAU))).rejects.toThrow(/the key set at http:\/\/127\.0\.0\.1:\d+\/missing could not be fetched/);
    expect(reported).toHaveLength(1);
  });
});

describe('configuration', () => {
  const BASE_ENV = {
    REGION_URL_BJ: 'http://127.0.0.1:4001',
    REGION_URL_TJ: 'http://127.0.0.1:4002',
    REGION_URL_HE: 'http://127.0.0.1:4003',
    JWT_SECRET: TEST_JWT_SECRET,
    INTERNAL_IDENTITY_SECRET: TEST_INTERNAL_SECRET,
  };
  const problems = (env: NodeJS.ProcessEnv): string => {
    try {
      gatewayConfigFromEnv({ ...BASE_ENV, ...env });
    } catch (error) {
      if (error instanceof ConfigError) return error.message;
      throw error;
    }
    throw new Error('expected a ConfigError');
  };

  test('JWT_PUBLIC_KEY as a PEM file or PEM text (also with \\n escapes); JWT_ISSUER and JWT_AUDIENCE default to the hub’s', () => {
    const folder = mkdtempSync(join(tmpdir(), 'jjj-keys-'));
    try {
      const file = join(folder, 'bureaus.pem');
      writeFileSync(file, EC_PUBLIC_PEM);
      expect(gatewayConfigFromEnv({ ...BASE_ENV, JWT_PUBLIC_KEY: file })).toMatchObject({ jwtPublicKey: EC_PUBLIC_PEM, jwtJwksUrl: null, jwtIssuer: 'jjj-hub', jwtAudience: 'jjj-hub-api' });
      expect(gatewayConfigFromEnv({ ...BASE_ENV, JWT_PUBLIC_KEY: EC_PUBLIC_PEM.trim().replace(/\n/g, '\\n') }).jwtPublicKey).toBe(EC_PUBLIC_PEM.trim());
      const edPem = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
      writeFileSync(join(folder, 'ed25519.pem'), edPem);
      expect(problems({ JWT_PUBLIC_KEY: join(folder, 'ed25519.pem') })).toMatch(/JWT_PUBLIC_KEY must be a PEM public key, RSA of at least 2048 bits \(RS256\) or EC P-256 \(ES256\), .*a file that is not such a key/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    expect(problems({ JWT_PUBLIC_KEY: '/nonexistent/bureaus.pem' })).toContain('(got "/nonexistent/bureaus.pem": no such file)');
    expect(gatewayConfigFromEnv({ ...BASE_ENV, JWT_JWKS_URL: 'https://sso.example.gov.cn/jwks/', JWT_ISSUER: IDP_ISSUER, JWT_AUDIENCE: 'hub' })).toMatchObject({ jwtJwksUrl: 'https://sso.example.gov.cn/jwks/', jwtIssuer: IDP_ISSUER, jwtAudience: 'hub' });
  });

  test('both key sources at once, or a JWKS URL that is not http(s), are refused by name', () => {
    expect(problems({ JWT_PUBLIC_KEY: EC_PUBLIC_PEM, JWT_JWKS_URL: 'https://sso.example.gov.cn/jwks' })).toContain('JWT_PUBLIC_KEY and JWT_JWKS_URL: set one of them, not both');
    expect(problems({ JWT_JWKS_URL: 'ftp://sso.example.gov.cn/jwks' })).toMatch(/JWT_JWKS_URL must be an http\(s\) URL/);
  });
});

describe('district codes', () => {
  test.each([
    ['120116', 'TJ', null],
    ['110105', 'BJ', null],
    ['131082', 'HE', null],
    ['131082', 'TJ', /lies in 河北 \(HE\), not in the token's region 天津 \(TJ\)/],
    ['310115', 'BJ', /lies in none of Beijing/],
    ['130100', 'HE', /not a district or county/],
    ['130000', 'HE', /not a district or county/],
    ['12011', 'TJ', /six-digit/],
    ['120116', null, /needs the token to name its region/],
  ] as const)('%s in %s', (district, region, problem) => {
    const found = districtProblem(district, region);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });
});
