import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SystemSecrets } from './options';

const SECRETS_FILE = 'dev-secrets.json';

/** The development secrets `npm start` keeps in the data folder (`.data/dev-secrets.json`), or null before its first start. */
export function storedDevelopmentSecrets(dataDir: string): Partial<SystemSecrets> | null {
  const file = join(dataDir, SECRETS_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<SystemSecrets>) : null;
}

/**
 * The secrets `npm start` runs with: each one given in the environment is used as given (either alone too);
 * a missing one is read from the data folder, or generated there on the first start and kept for the next.
 */
export function developmentSecrets(dataDir: string, given: { jwtSecret: string | null; internalIdentitySecret: string | null }): SystemSecrets {
  const file = join(dataDir, SECRETS_FILE);
  const stored = storedDevelopmentSecrets(dataDir) ?? {};
  const generated = { jwtSecret: stored.jwtSecret ?? randomBytes(32).toString('hex'), internalIdentitySecret: stored.internalIdentitySecret ?? randomBytes(32).toString('hex') };
  if (stored.jwtSecret !== generated.jwtSecret || stored.internalIdentitySecret !== generated.internalIdentitySecret) writeFileSync(file, JSON.stringify(generated), { mode: 0o600 });
  return { jwtSecret: given.jwtSecret ?? generated.jwtSecret, internalIdentitySecret: given.internalIdentitySecret ?? generated.internalIdentitySecret };
}
