import { createPublicKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

/** A configuration that cannot be used; the message lists every problem at once, one per line. */
export class ConfigError extends Error {}

type Raw = string | undefined;

const isUnset = (raw: Raw): raw is undefined => raw === undefined || raw.trim() === '';
const shown = (raw: string) => `(got "${raw}")`;

/** Marks a variable without a default: unset is an error. */
const REQUIRED: unique symbol = Symbol('required');

/**
 * One environment variable: unset → `fallback` (an error when REQUIRED), otherwise `parse`. A refused value is
 * echoed in the message, except a secret (its length only) or as `show` words it.
 */
function variable<T>(describe: string, parse: (raw: string) => T | undefined, fallback: { value: T } | typeof REQUIRED, options: { secret?: boolean; show?: (raw: string) => string } = {}) {
  return z.string().optional().transform((raw, context): T => {
    if (isUnset(raw)) {
      if (fallback !== REQUIRED) return fallback.value;
      context.addIssue({ code: 'custom', message: `must be set: ${describe}` });
      return z.NEVER;
    }
    const value = parse(raw.trim());
    if (value === undefined) {
      const got = options.secret ? `(got ${raw.length} characters)` : options.show ? options.show(raw.trim()) : shown(raw);
      context.addIssue({ code: 'custom', message: `must be ${describe} ${got}` });
      return z.NEVER;
    }
    return value;
  });
}

export function integer(fallback: number, min: number, max: number) {
  return variable(`an integer from ${min} to ${max}`, (raw) => {
    const value = Number(raw);
    return /^-?\d+$/.test(raw) && value >= min && value <= max ? value : undefined;
  }, { value: fallback });
}

export function positiveNumber(fallback: number) {
  return variable('a positive number', (raw) => {
    const value = Number(raw);
    return Number.isFinite(value) && value > 0 ? value : undefined;
  }, { value: fallback });
}

export function port(fallback: number) {
  return variable('a port number from 0 to 65535 (0: any free port)', (raw) => {
    const value = Number(raw);
    return /^\d+$/.test(raw) && value <= 65535 ? value : undefined;
  }, { value: fallback });
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

export function boolean(fallback: boolean) {
  return variable('true or false (also 1/0, yes/no, on/off)', (raw) => {
    const word = raw.toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
    return undefined;
  }, { value: fallback });
}

export function oneOf<const T extends string>(values: readonly T[], fallback: T | typeof REQUIRED = REQUIRED) {
  return variable(`one of ${values.join(', ')}`, (raw) => values.find((value) => value.toLowerCase() === raw.toLowerCase()), fallback === REQUIRED ? REQUIRED : { value: fallback });
}

export function text(fallback: string) {
  return variable('a non-empty text', (raw) => raw, { value: fallback });
}

/**
 * Node and V8 command-line flags for a child process (`--max-old-space-size=12288 --no-memory-reducer`): split at
 * white space, each starting with `--` (a flag, never a script or a positional argument). Unset → none.
 */
export function nodeFlags() {
  return variable<string[]>('Node/V8 flags separated by spaces, each starting with -- (such as --max-old-space-size=12288)', (raw) => {
    const flags = raw.split(/\s+/).filter(Boolean);
    return flags.every((flag) => /^--[a-z0-9][a-z0-9_-]*(=[\w.,:/+-]+)?$/i.test(flag)) ? flags : undefined;
  }, { value: [] });
}

/** A secret is never echoed in a message, only its length. */
export function secret(minLength: number, purpose: string) {
  return variable(`${purpose}, at least ${minLength} characters`, (raw) => (raw.length >= minLength ? raw : undefined), REQUIRED, { secret: true });
}

/** Unset → null (the caller generates one). */
export function optionalSecret(minLength: number, purpose: string) {
  return variable<string | null>(`${purpose}, at least ${minLength} characters`, (raw) => (raw.length >= minLength ? raw : undefined), { value: null }, { secret: true });
}

export function httpUrl(example: string) {
  return variable(`an http(s) base URL such as ${example}`, (raw) => {
    try {
      const url = new URL(raw);
      return url.protocol === 'http:' || url.protocol === 'https:' ? raw.replace(/\/+$/, '') : undefined;
    } catch {
      return undefined;
    }
  }, REQUIRED);
}

/** Unset → null (the feature is off). A base URL loses its trailing slashes; `exact` keeps the URL as given (a document's address). */
export function optionalHttpUrl(example: string, options: { exact?: boolean } = {}) {
  return variable<string | null>(`an http(s) URL such as ${example}`, (raw) => {
    try {
      const url = new URL(raw);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
      return options.exact ? raw : raw.replace(/\/+$/, '');
    } catch {
      return undefined;
    }
  }, { value: null });
}

const PEM_TEXT = /^-----BEGIN [A-Z ]+-----/;

/** What a public key is for: RSA of at least 2048 bits verifies RS256, EC P-256 verifies ES256; anything else is refused. */
export function publicKeyAlgorithm(pem: string): 'RS256' | 'ES256' | undefined {
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048) return 'RS256';
    if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
    return undefined;
  } catch {
    return undefined;
  }
}

/**
 * A PEM public key given as its text or as the path of a PEM file (read at start); unset → null. The value is
 * the PEM text. A refused one is described, never echoed (a PEM text spans lines).
 */
export function optionalPublicKey() {
  const isText = (raw: string) => PEM_TEXT.test(raw);
  const pemOf = (raw: string): string | undefined => {
    if (isText(raw)) return raw.replace(/\\n/g, '\n');
    try {
      return readFileSync(raw, 'utf8');
    } catch {
      return undefined;
    }
  };
  return variable<string | null>(
    'a PEM public key, RSA of at least 2048 bits (RS256) or EC P-256 (ES256), as the PEM text or the path of a PEM file',
    (raw) => {
      const pem = pemOf(raw);
      return pem !== undefined && publicKeyAlgorithm(pem) ? pem : undefined;
    },
    { value: null },
    { show: (raw) => (isText(raw) ? '(got a PEM text that is not such a key)' : existsSync(raw) ? `(got "${raw}", a file that is not such a key)` : `(got "${raw}": no such file)`) },
  );
}

const parseMongodbUri = (raw: string) => (/^mongodb(\+srv)?:\/\/\S+$/.test(raw) ? raw : undefined);

export function mongodbUri() {
  return variable('a mongodb:// or mongodb+srv:// URI', parseMongodbUri, REQUIRED);
}

/** Unset → null (the embedded engine is used). */
export function optionalMongodbUri() {
  return variable<string | null>('a mongodb:// or mongodb+srv:// URI', parseMongodbUri, { value: null });
}

/** Comma-separated web origins (scheme://host[:port], no path), e.g. https://samr.beijing.gov.cn; unset → none. */
export function originList() {
  return variable('comma-separated origins such as https://portal.example.gov.cn,http://localhost:5173 (no path)', (raw) => {
    const origins = raw.split(',').map((origin) => origin.trim()).filter((origin) => origin.length > 0);
    const valid = origins.every((origin) => {
      try {
        const url = new URL(origin);
        return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === origin.replace(/\/$/, '');
      } catch {
        return false;
      }
    });
    return valid ? origins.map((origin) => origin.replace(/\/$/, '')) : undefined;
  }, { value: [] as string[] });
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Comma-separated YYYY-MM-DD days. */
export function dayList() {
  return variable('comma-separated days as YYYY-MM-DD', (raw) => {
    const days = raw.split(',').map((day) => day.trim()).filter((day) => day.length > 0);
    return days.every((day) => DAY.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00Z`))) ? days : undefined;
  }, { value: [] as string[] });
}

/** A JSON value checked against `shape`; unset → undefined. */
export function json<T>(describe: string, shape: z.ZodType<T>) {
  return variable<T | undefined>(describe, (raw) => {
    try {
      const parsed = shape.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }, { value: undefined }, { secret: true });
}

export type EnvironmentShape = Record<string, z.ZodType<unknown, string | undefined>>;
export type EnvironmentValues<S extends EnvironmentShape> = { [K in keyof S]: z.output<S[K]> };

/**
 * Reads the variables of `shape` from `env`. Every problem, including those `crossChecks` finds in the parsed
 * values, is reported in one ConfigError titled `title`.
 */
export function readEnvironment<S extends EnvironmentShape>(
  title: string,
  shape: S,
  env: NodeJS.ProcessEnv,
  crossChecks: (values: EnvironmentValues<S>) => string[] = () => [],
): EnvironmentValues<S> {
  const raw = Object.fromEntries(Object.keys(shape).map((name) => [name, env[name]]));
  const result = z.object(shape).safeParse(raw);
  const problems = result.success
    ? crossChecks(result.data as EnvironmentValues<S>)
    : result.error.issues.map((issue) => `${String(issue.path[0] ?? '')} ${issue.message}`.trim());
  if (problems.length > 0) throw new ConfigError(`Invalid ${title} configuration:\n  - ${problems.join('\n  - ')}`);
  return result.data as EnvironmentValues<S>;
}
