import { parseArgs } from 'node:util';
import jwt from 'jsonwebtoken';
import { SHANGHAI_OFFSET_MS } from '../kernel';
import { ConfigError, DEFAULT_PORTS, GATEWAY_STORE_DEFAULTS, MAX_TOKEN_LIFETIME_HOURS, mongodbUri, readEnvironment, text } from '../platform/config';
import { connectGatewayStore } from '../gateway/operationalStore/gatewayStore';
import { revokeToken } from '../gateway/operationalStore/tokenRevocations';

/**
 * `npm run revoke-token -- <token>` (or `--jti <id>`): puts a client token on the deny-list in the gateway's
 * operational database (GATEWAY_MONGODB_URI; npm start's embedded engine by default). Every gateway process refuses
 * it within about GATEWAY_STORE_SYNC_MS, on HTTP and WebSocket, and closes its open sockets with 4403. The token
 * is read, not verified: revoking needs access to the store, not the signing key. Bad arguments exit with 2.
 */

const USAGE = `usage: npm run revoke-token -- <token> [--reason <text>]
       npm run revoke-token -- --jti <token id> [--reason <text>]
  <token>   the token itself (its jti and expiry are read from it)
  --jti     the token's id (jti) when the token itself is not at hand; kept on the list for ${MAX_TOKEN_LIFETIME_HOURS} h
  --reason  why (kept with the entry; default "revoked by an operator")
GATEWAY_MONGODB_URI names the gateway's operational database (default: npm start's engine at 127.0.0.1:${DEFAULT_PORTS.engine}).`;

class UsageError extends Error {}

interface Revocation {
  tokenId: string;
  expiresAt: Date;
  reason: string;
  subject: string;
}

function revocationOf(argv: string[], nowMs: number): Revocation | 'help' {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, strict: true, allowPositionals: true, options: { jti: { type: 'string' }, reason: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const reason = values.reason?.trim() || 'revoked by an operator';
  if (reason.length > 500) throw new UsageError('--reason must be at most 500 characters');
  if (values.jti !== undefined) {
    if (positionals.length > 0) throw new UsageError('give a token or --jti, not both');
    if (!/^[\w.:-]{1,128}$/.test(values.jti)) throw new UsageError(`--jti must be a token id of letters, digits and -_.: (got "${values.jti}")`);
    return { tokenId: values.jti, expiresAt: new Date(nowMs + (MAX_TOKEN_LIFETIME_HOURS + 1) * 3600_000), reason, subject: `token id ${values.jti}` };
  }
  if (positionals.length !== 1) throw new UsageError('give exactly one token (or --jti <id>)');
  const claims = jwt.decode(positionals[0]!.replace(/^Bearer\s+/i, ''));
  if (!claims || typeof claims !== 'object') throw new UsageError('that is not a JSON Web Token');
  if (typeof claims.jti !== 'string' || claims.jti.length === 0) throw new UsageError('the token carries no id (jti): it cannot be revoked by id; it ends at its expiry');
  if (typeof claims.exp !== 'number') throw new UsageError('the token has no expiry (exp): the gateway refuses it anyway');
  if (claims.exp * 1000 <= nowMs) throw new UsageError(`the token expired at ${shanghaiTime(claims.exp * 1000)}: nothing to revoke`);
  return { tokenId: claims.jti, expiresAt: new Date(claims.exp * 1000), reason, subject: `${String(claims.agency ?? '?')} (${String(claims.kind ?? '?')}), token id ${claims.jti}` };
}

function shanghaiTime(epochMs: number): string {
  return `${new Date(epochMs + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let revocation: Revocation | 'help';
  try {
    revocation = revocationOf(argv, Date.now());
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`revoke-token: ${error.message}\n(npm run revoke-token -- --help lists the options)\n`);
    return 2;
  }
  if (revocation === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let store;
  try {
    const values = readEnvironment('revoke-token', { GATEWAY_MONGODB_URI: mongodbUri(), GATEWAY_MONGODB_DB: text(GATEWAY_STORE_DEFAULTS.databaseName) }, { GATEWAY_MONGODB_URI: `mongodb://127.0.0.1:${DEFAULT_PORTS.engine}/`, ...env });
    store = await connectGatewayStore({ uri: values.GATEWAY_MONGODB_URI, databaseName: values.GATEWAY_MONGODB_DB, syncMs: GATEWAY_STORE_DEFAULTS.syncMs });
  } catch (error) {
    process.stderr.write(`revoke-token: ${(error as Error).message}${error instanceof ConfigError ? '' : '\n(is the hub running? npm start keeps the gateway database in its embedded engine)'}\n`);
    return 1;
  }
  try {
    const { alreadyRevoked } = await revokeToken(store.db, { tokenId: revocation.tokenId, expiresAt: revocation.expiresAt, reason: revocation.reason, revokedBy: `revoke-token (${env.USER ?? 'operator'})` });
    process.stderr.write(`revoke-token: ${revocation.subject} ${alreadyRevoked ? 'was already revoked' : 'revoked'}; kept on the list until ${shanghaiTime(revocation.expiresAt.getTime())}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`revoke-token: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
