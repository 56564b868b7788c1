import { isAbsolute, join } from 'node:path';
import { parseArgs } from 'node:util';
import { ALL_REGION_CODES, isRegionCode, SHANGHAI_OFFSET_MS, type RegionCode } from '../kernel';
import { KNOWN_AGENCIES } from '../platform/agencies';
import { REPO_ROOT } from '../platform/childProcess';
import { ConfigError, DEFAULT_DATA_DIR, optionalSecret, readEnvironment, text, TOKEN_COMMAND_DEFAULTS } from '../platform/config';
import { districtProblem, SCOPES, signClientToken, type Identity } from '../platform/identity';
import { storedDevelopmentSecrets } from './system/developmentSecrets';

/**
 * `npm run token -- --agency tj-samr --hours 12`: mints an HS256 agency token with the configured JWT secret
 * (JWT_SECRET, else the development secret `npm start` keeps in DATA_DIR). Only the token goes to stdout, so
 * `TOKEN=$(npm run -s token -- …)` works; a one-line summary goes to stderr. Bad arguments exit with code 2.
 */

const USAGE = `usage: npm run token -- --agency <id> [--region BJ|TJ|HE] [--district <code>] [--read-only] [--hours <n>] [--name <name>]
  --agency     agency id; a known one (${KNOWN_AGENCIES.map((identity) => identity.agency).join(', ')}) fills name, region and scopes
  --region     the agency's region (needed for an agency not known here)
  --district   six-digit GB/T 2260 code of a district or county bureau in that region, e.g. 120116
  --read-only  only the records:read scope (agencies otherwise also get records:write)
  --hours      lifetime, more than 0 and at most ${TOKEN_COMMAND_DEFAULTS.maxHours} (default ${TOKEN_COMMAND_DEFAULTS.hours})
  --name       the agency's name (default: the known agency's, else the id)
JWT_SECRET signs the token; unset, the development secret of npm start (DATA_DIR/dev-secrets.json) does.`;

class UsageError extends Error {}

interface Request {
  identity: Identity;
  hours: number;
}

const AGENCY_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

function hoursOf(raw: string | undefined): number {
  if (raw === undefined) return TOKEN_COMMAND_DEFAULTS.hours;
  const hours = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || hours <= 0 || hours > TOKEN_COMMAND_DEFAULTS.maxHours) {
    throw new UsageError(`--hours must be a number of hours more than 0 and at most ${TOKEN_COMMAND_DEFAULTS.maxHours} (got "${raw}")`);
  }
  return hours;
}

function regionOf(raw: string | undefined): RegionCode | undefined {
  if (raw === undefined) return undefined;
  const region = raw.toUpperCase();
  if (!isRegionCode(region)) throw new UsageError(`--region must be one of ${ALL_REGION_CODES.join(', ')} (got "${raw}")`);
  return region;
}

/** The identity a known agency has, with what the options may add (a name, read-only) but never contradict. */
function knownIdentity(known: Identity, region: RegionCode | undefined, district: string | undefined): Identity {
  if (region !== undefined && region !== known.region) throw new UsageError(`--region ${region} contradicts agency ${known.agency}, whose region is ${known.region ?? 'none'}`);
  if (district !== undefined && district !== known.district) {
    throw new UsageError(`--district ${district} contradicts agency ${known.agency}, ${known.district ? `the bureau of district ${known.district}` : 'a bureau of the whole region'}: a district bureau has an agency id of its own`);
  }
  return { ...known, scopes: [...known.scopes] };
}

function parse(argv: string[]): Request | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        agency: { type: 'string' },
        region: { type: 'string' },
        district: { type: 'string' },
        'read-only': { type: 'boolean' },
        hours: { type: 'string' },
        name: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const agency = values.agency;
  if (!agency) throw new UsageError('--agency is required');
  const region = regionOf(values.region);
  const hours = hoursOf(values.hours);
  if (values.name !== undefined && values.name.trim() === '') throw new UsageError('--name must not be empty');
  const known = KNOWN_AGENCIES.find((identity) => identity.agency === agency);
  let identity: Identity;
  if (known) identity = knownIdentity(known, region, values.district);
  else {
    if (!AGENCY_ID.test(agency)) throw new UsageError(`--agency must be an id of lowercase letters, digits and hyphens such as tj-samr (got "${agency}")`);
    if (!region) {
      throw new UsageError(`agency "${agency}" is not known here: give its --region (${ALL_REGION_CODES.join('|')}), or use a known agency: ${KNOWN_AGENCIES.map((identity) => identity.agency).join(', ')}`);
    }
    identity = { agency, agencyName: agency, region, scopes: [SCOPES.read, SCOPES.write], kind: 'agency', ...(values.district !== undefined ? { district: values.district } : {}) };
  }
  if (identity.district !== undefined) {
    const problem = districtProblem(identity.district, identity.region);
    if (problem) throw new UsageError(`--district: ${problem}`);
  }
  if (values.name !== undefined) identity.agencyName = values.name.trim();
  if (values['read-only'] && identity.kind === 'agency') identity.scopes = [SCOPES.read];
  return { identity, hours };
}

/** The JWT secret and where it came from; a ConfigError when there is none. */
function signingSecret(env: NodeJS.ProcessEnv): { secret: string; source: string } {
  const values = readEnvironment('token command', { JWT_SECRET: optionalSecret(16, 'the secret that verifies client tokens'), DATA_DIR: text(DEFAULT_DATA_DIR) }, env);
  if (values.JWT_SECRET) return { secret: values.JWT_SECRET, source: 'JWT_SECRET' };
  const dataDir = isAbsolute(values.DATA_DIR) ? values.DATA_DIR : join(REPO_ROOT, values.DATA_DIR);
  const stored = storedDevelopmentSecrets(dataDir)?.jwtSecret;
  if (!stored) throw new ConfigError(`No JWT secret: set JWT_SECRET, or run npm start once so that it keeps a development secret in ${join(dataDir, 'dev-secrets.json')}`);
  return { secret: stored, source: join(values.DATA_DIR, 'dev-secrets.json') };
}

function shanghaiTime(epochMs: number): string {
  return `${new Date(epochMs + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

function main(argv: string[], env: NodeJS.ProcessEnv): number {
  let request: Request | 'help';
  try {
    request = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`token: ${error.message}\n(npm run token -- --help lists the options)\n`);
    return 2;
  }
  if (request === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let signing;
  try {
    signing = signingSecret(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`token: ${error.message}\n`);
    return 1;
  }
  const { identity, hours } = request;
  const seconds = Math.max(1, Math.round(hours * 3600));
  const token = signClientToken(identity, signing.secret, seconds);
  process.stdout.write(`${token}\n`);
  const where = [identity.region ?? 'all regions', ...(identity.district ? [`district ${identity.district}`] : [])].join(', ');
  process.stderr.write(`token: ${identity.agency} ${identity.agencyName} (${where}) · ${identity.scopes.join(' ')} · until ${shanghaiTime(Date.now() + seconds * 1000)} (${hours} h) · HS256 with ${signing.source}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2), process.env);
