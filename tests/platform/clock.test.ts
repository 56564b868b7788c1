/**
 * The one clock (platform/clock.ts): JJJ_NOW pins every business "now", malformed values and a pin in production
 * (unless JJJ_NOW_IN_PRODUCTION) are refused at start, and the seed data's dates follow the pinned clock.
 */
import { clockPinProblem, now, parseClockPin, pinnedNow } from '../../platform/clock';
import { regionalConfigFromEnv } from '../../services/regional/config';
import { DEFAULT_SEED_OPTIONS, seedDatesAsOfClock } from '../../seeds/generate';

const saved = process.env.JJJ_NOW;
afterEach(() => {
  if (saved === undefined) delete process.env.JJJ_NOW;
  else process.env.JJJ_NOW = saved;
});

test('JJJ_NOW pins now, read on every call; unset, now is the system time', () => {
  process.env.JJJ_NOW = '2026-12-01T09:00:00+08:00';
  expect(now().toISOString()).toBe('2026-12-01T01:00:00.000Z');
  expect(pinnedNow()?.toISOString()).toBe('2026-12-01T01:00:00.000Z');
  process.env.JJJ_NOW = '2027-01-04T00:00:00Z';
  expect(now().toISOString()).toBe('2027-01-04T00:00:00.000Z');
  delete process.env.JJJ_NOW;
  expect(pinnedNow()).toBeNull();
  expect(Math.abs(now().getTime() - Date.now())).toBeLessThan(1000);
});

test.each(['2026-12-01', 'tomorrow', '2026-12-01T09:00:00', '2026-13-01T00:00:00Z'])('a malformed JJJ_NOW %p is refused', (value) => {
  expect(parseClockPin(value)).toEqual(expect.stringMatching(/^JJJ_NOW must be an ISO 8601 instant/));
  expect(clockPinProblem({ JJJ_NOW: value })).toMatch(/JJJ_NOW must be/);
});

test('a pin is refused in production unless JJJ_NOW_IN_PRODUCTION=true, and stops a regional service’s start', () => {
  const pin = { JJJ_NOW: '2026-12-01T00:00:00Z' };
  expect(clockPinProblem(pin)).toBeNull();
  expect(clockPinProblem({ ...pin, NODE_ENV: 'production' })).toMatch(/refused in production/);
  expect(clockPinProblem({ ...pin, NODE_ENV: 'production', JJJ_NOW_IN_PRODUCTION: 'true' })).toBeNull();
  const base = { REGION: 'TJ', MONGODB_URI: 'mongodb://127.0.0.1:27018', INTERNAL_IDENTITY_SECRET: 'a-secret-of-enough-length' };
  expect(() => regionalConfigFromEnv({ ...base, ...pin, NODE_ENV: 'production' })).toThrow(/JJJ_NOW pins the clock/);
  expect(() => regionalConfigFromEnv({ ...base, JJJ_NOW: 'yesterday' })).toThrow(/JJJ_NOW must be/);
  expect(() => regionalConfigFromEnv({ ...base, MAX_RECORD_AGE_YEARS: '0' })).toThrow(/MAX_RECORD_AGE_YEARS/);
  expect(regionalConfigFromEnv({ ...base, ...pin }).region).toBe('TJ');
});

test('seed dates follow the pinned clock: the default instant gives the default dates, another shifts them', () => {
  expect(seedDatesAsOfClock(null)).toEqual({ from: DEFAULT_SEED_OPTIONS.from, to: DEFAULT_SEED_OPTIONS.to, asOf: DEFAULT_SEED_OPTIONS.asOf });
  expect(seedDatesAsOfClock(DEFAULT_SEED_OPTIONS.asOf)).toEqual({ from: DEFAULT_SEED_OPTIONS.from, to: DEFAULT_SEED_OPTIONS.to, asOf: DEFAULT_SEED_OPTIONS.asOf });
  const pinned = new Date(DEFAULT_SEED_OPTIONS.asOf.getTime() + 365 * 86_400_000);
  const shifted = seedDatesAsOfClock(pinned);
  expect(shifted.asOf).toEqual(pinned);
  expect(shifted.to.getTime() - DEFAULT_SEED_OPTIONS.to.getTime()).toBe(365 * 86_400_000);
  expect(shifted.from.getTime() - DEFAULT_SEED_OPTIONS.from.getTime()).toBe(365 * 86_400_000);
  process.env.JJJ_NOW = pinned.toISOString();
  expect(seedDatesAsOfClock().asOf).toEqual(pinned);
});
