import type { EventSnapshot, RegionCode } from '../../kernel';

/** An event as the regional stream delivers it (snapshot parsed). */
export interface RegionEvent {
  seq: number;
  eventId: string;
  type: string;
  entity: string;
  recordId: string;
  region: RegionCode;
  at: string;
  snapshot: EventSnapshot;
}

export const REGION_EVENT_FIELDS = 'seq eventId type entity recordId region at snapshot';

export function parseRegionEvent(raw: Record<string, unknown>): RegionEvent {
  return { ...(raw as unknown as RegionEvent), snapshot: JSON.parse(String(raw.snapshot)) as EventSnapshot };
}
