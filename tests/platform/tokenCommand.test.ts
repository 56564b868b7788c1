/**
 * `npm run token` as a user runs it (a child process through @swc-node/register): only the token on stdout, and
 * it verifies with the configured secret and carries the claims asked for; a one-line summary on stderr; bad
 * arguments exit with 2 and say what is wrong; the development secret of `npm start` when JWT_SECRET is unset.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { verifyClientToken } from '../../platform/identity';

const ROOT = join(__dirname, '..', '..');
const SECRET = 'token-command-secret-0123456789ab';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function token(args: string[], env: NodeJS.ProcessEnv = { JWT_SECRET: SECRET }): Promise<Run> {
  const environment: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!('JWT_SECRET' in env)) delete environment.JWT_SECRET;
  return new Promise((resolve) => {
    execFile(process.execPath, ['-r', '@swc-node/register', 'scripts/token.ts', ...args], { cwd: ROOT, env: environment }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

function secondsLeft(printed: string): number {
  return (jwt.decode(printed) as jwt.JwtPayload).exp! - Date.now() / 1000;
}

test('a known agency: the token alone on stdout, verifying with JWT_SECRET, with its claims and lifetime; a summary on stderr', async () => {
  const run = await token(['--agency', 'tj-samr', '--hours', '12']);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  expect(verifyClientToken(run.stdout.trim(), SECRET)).toEqual({ agency: 'tj-samr', agencyName: '天津市市场监督管理委员会', region: 'TJ', scopes: ['records:read', 'records:write'], kind: 'agency', session: { tokenId: expect.any(String), expiresAtSeconds: expect.any(Number) } });
  expect(secondsLeft(run.stdout.trim())).toBeGreaterThan(12 * 3600 - 60);
  expect(secondsLeft(run.stdout.trim())).toBeLessThanOrEqual(12 * 3600);
  expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^token: tj-samr 天津市市场监督管理委员会 \(TJ\) · records:read records:write · until .*\+08:00 \(12 h\) · HS256 with JWT_SECRET$/)]);
}, 30_000);

test('an agency not known here, with region, district, read-only and name; a known district bureau; the development secret when JWT_SECRET is unset', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'jjj-token-'));
  try {
    writeFileSync(join(dataDir, 'dev-secrets.json'), JSON.stringify({ jwtSecret: 'development-secret-0123456789abcd', internalIdentitySecret: 'internal-secret-0123456789abcdef' }));
    const [custom, district] = await Promise.all([
      token(['--agency', 'tj-hexi-samr', '--region', 'tj', '--district', '120103', '--read-only', '--hours', '0.5', '--name', '天津市河西区市场监督管理局']),
      token(['--agency', 'bj-chaoyang-samr'], { DATA_DIR: dataDir }),
    ]);
    expect(custom.code).toBe(0);
    expect(verifyClientToken(custom.stdout.trim(), SECRET)).toEqual({ agency: 'tj-hexi-samr', agencyName: '天津市河西区市场监督管理局', region: 'TJ', district: '120103', scopes: ['records:read'], kind: 'agency', session: { tokenId: expect.any(String), expiresAtSeconds: expect.any(Number) } });
    expect(secondsLeft(custom.stdout.trim())).toBeLessThanOrEqual(1800);
    expect(district.code).toBe(0);
    expect(verifyClientToken(district.stdout.trim(), 'development-secret-0123456789abcd')).toMatchObject({ agency: 'bj-chaoyang-samr', region: 'BJ', district: '110105' });
    expect(district.stderr).toContain(`HS256 with ${join(dataDir, 'dev-secrets.json')}`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 30_000);

test('bad arguments exit with 2 and a clear message, and print nothing on stdout', async () => {
  const cases: Array<[string[], RegExp]> = [
    [[], /--agency is required/],
    [['--agency', 'tj-amr'], /agency "tj-amr" is not known here: give its --region \(BJ\|TJ\|HE\), or use a known agency: bj-samr, tj-samr/],
    [['--agency', 'x-bureau', '--region', 'SH'], /--region must be one of BJ, TJ, HE \(got "SH"\)/],
    [['--agency', 'x-bureau', '--region', 'TJ', '--district', '131082'], /--district: district 131082 lies in 河北 \(HE\), not in the token's region 天津 \(TJ\)/],
    [['--agency', 'tj-samr', '--hours', '13'], /--hours must be a number of hours more than 0 and at most 12 \(got "13"\)/],
    [['--agency', 'tj-samr', '--hours', '0'], /--hours must be/],
    [['--agency', 'tj-samr', '--region', 'BJ'], /--region BJ contradicts agency tj-samr, whose region is TJ/],
    [['--agency', 'tj-samr', '--verbose'], /Unknown option '--verbose'/],
  ];
  const runs = await Promise.all(cases.map(([args]) => token(args)));
  runs.forEach((run, index) => {
    expect({ args: cases[index]![0], code: run.code, stdout: run.stdout }).toEqual({ args: cases[index]![0], code: 2, stdout: '' });
    expect(run.stderr).toMatch(cases[index]![1]);
  });
}, 60_000);

test('no JWT_SECRET and no development secret: exit 1, saying what to do', async () => {
  const run = await token(['--agency', 'tj-samr'], { DATA_DIR: join(tmpdir(), 'jjj-token-nothing-here') });
  expect(run.code).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/No JWT secret: set JWT_SECRET, or run npm start once/);
}, 30_000);
