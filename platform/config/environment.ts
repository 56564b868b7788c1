import { z } from 'zod';

/** A configuration that cannot be used; the message lists every problem at once, one per line. */
export class ConfigError extends Error {}

type Raw = string | undefined;

const isUnset = (raw: Raw): raw is undefined => raw === undefined || raw.trim() === '';
const shown = (raw: string) => `(got "${raw}")`;

/** Marks a variable without a default: unset is an error. */
const REQUIRED: unique symbol = Symbol('required');

/** One environment variable: unset → `fallback` (an error when REQUIRED), otherwise `parse`. */
function variable<T>(describe: string, parse: (raw: string) => T | undefined, fallback: { value: T } | typeof REQUIRED, options: { secret?: boolean } = {}) {
  return z.string().optional().transform((raw, context): T => {
    if (isUnset(raw)) {
      if (fallback !== REQUIRED) return fallback.value;
      context.addIssue({ code: 'custom', message: `must be set: ${describe}` });
      return z.NEVER;
    }
    const value = parse(raw.trim());
    if (value === undefined) {
      context.addIssue({ code: 'custom', message: `must be ${describe} ${options.secret ? `(got ${raw.length} characters)` : shown(raw)}` });
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

/** Unset → null (the feature is off). */
export function optionalHttpUrl(example: string) {
  return variable<string | null>(`an http(s) URL such as ${example}`, (raw) => {
    try {
      const url = new URL(raw);
      return url.protocol === 'http:' || url.protocol === 'https:' ? raw.replace(/\/+$/, '') : undefined;
    } catch {
      return undefined;
    }
  }, { value: null });
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
