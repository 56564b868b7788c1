/**
 * The one clock for business time: every "now" a record, a deadline, a statistic, a validation bound or the seed data
 * depends on is read here. `JJJ_NOW` (an ISO 8601 instant with its offset, e.g. `2026-12-01T09:00:00+08:00`) pins it
 * for tests, seeds and demonstrations, so nothing depends on the day a suite runs.
 *
 * Not read here: infrastructure time (token expiry, rate buckets, timeouts, locks, retention sweeps' scheduling),
 * which must follow the real clock whatever the data's date is — a JWT's `exp` is checked against real time by every
 * verifier.
 *
 * A pinned clock in production would freeze every deadline and "overdue" and shift the validation bounds, silently:
 * it is refused there unless `JJJ_NOW_IN_PRODUCTION=true` says it is meant (a rehearsal on a copy of the data).
 */
export type Clock = () => Date;

/** The variable that pins the clock. */
export const CLOCK_VARIABLE = 'JJJ_NOW';

/** ISO 8601 instant with date, time and an offset (Z or ±hh:mm), seconds and fractions optional. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** The pinned instant of a `JJJ_NOW` value, or an error message naming the variable. */
export function parseClockPin(value: string): Date | string {
  const text = value.trim();
  const date = INSTANT.test(text) ? new Date(text) : null;
  if (!date || Number.isNaN(date.getTime())) return `${CLOCK_VARIABLE} must be an ISO 8601 instant with its offset, e.g. 2026-12-01T09:00:00+08:00 (got "${value}")`;
  return date;
}

/** Why `env` may not pin the clock (production without JJJ_NOW_IN_PRODUCTION, or a malformed value); null when it may. */
export function clockPinProblem(env: NodeJS.ProcessEnv = process.env): string | null {
  const value = env[CLOCK_VARIABLE];
  if (value === undefined || value.trim() === '') return null;
  const pinned = parseClockPin(value);
  if (typeof pinned === 'string') return pinned;
  if (env.NODE_ENV === 'production' && !/^(true|1|yes|on)$/i.test(env.JJJ_NOW_IN_PRODUCTION ?? '')) {
    return `${CLOCK_VARIABLE} pins the clock (deadlines, "overdue", validation bounds) and is refused in production; set JJJ_NOW_IN_PRODUCTION=true if that is meant`;
  }
  return null;
}

let cached: { raw: string; date: Date } | null = null;

/** The instant `JJJ_NOW` pins, or null when it is unset; a malformed value throws (processes check it at start). */
export function pinnedNow(env: NodeJS.ProcessEnv = process.env): Date | null {
  const raw = env[CLOCK_VARIABLE];
  if (raw === undefined || raw.trim() === '') return null;
  if (cached?.raw !== raw) {
    const pinned = parseClockPin(raw);
    if (typeof pinned === 'string') throw new Error(pinned);
    cached = { raw, date: pinned };
  }
  return new Date(cached.date.getTime());
}

/** Business "now": the pinned instant when `JJJ_NOW` is set, else the system time. Read on every call, so a test may set it. */
export const now: Clock = () => pinnedNow() ?? new Date();
