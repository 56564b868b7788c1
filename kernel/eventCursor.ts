import { ALL_REGION_CODES, isRegionCode, type RegionCode } from './regions';
import { KernelValidationError } from './errors';

/**
 * Subscription cursor: the last event sequence number seen in each region, as base64url JSON
 * `{"BJ":12,"TJ":7,"HE":0}`. Sequence numbers are the regions' own, so a cursor is valid on any gateway instance.
 */
export type EventPositions = Partial<Record<RegionCode, number>>;

const MAX_EVENT_CURSOR_LENGTH = 200;

export function encodeEventCursor(positions: EventPositions): string {
  const ordered: EventPositions = {};
  for (const region of ALL_REGION_CODES) if (positions[region] !== undefined) ordered[region] = positions[region];
  return Buffer.from(JSON.stringify(ordered), 'utf8').toString('base64url');
}

export function decodeEventCursor(cursor: string): EventPositions {
  const fail = (reason: string): never => {
    throw new KernelValidationError('after', `Invalid subscription cursor: ${reason}`);
  };
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > MAX_EVENT_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) fail('not a base64url string of the right length');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    fail('its content is not JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) fail('expected an object of region sequence numbers');
  const positions: EventPositions = {};
  for (const [region, seq] of Object.entries(parsed as Record<string, unknown>)) {
    if (!isRegionCode(region)) fail(`unknown region "${region}"`);
    if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 0) fail(`the position of ${region} is not a sequence number`);
    positions[region as RegionCode] = seq as number;
  }
  return positions;
}
