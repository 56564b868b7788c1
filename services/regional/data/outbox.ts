import { randomUUID } from 'node:crypto';
import { now as clockNow } from '../../../platform/clock';
import { activeTraceparent } from '../../../platform/tracing';
import type { EventEntity, EventSnapshot, RecordEventType } from '../../../contract';

export type { EventSnapshot, RecordEventType };

/**
 * An event waiting in its record's `outbox` array. It is written in the same single-document write as the
 * change itself, so a crash can neither lose it nor publish it for a change that never happened; the relay
 * moves it into the region's ordered event log.
 */
export interface OutboxEvent {
  eventId: string;
  type: RecordEventType;
  entity: EventEntity;
  recordId: string;
  at: Date;
  snapshot: EventSnapshot;
  /** The trace of the request that made the change, so the relay and the gateway's delivery join it. */
  traceparent?: string;
}

export function outboxEvent(type: RecordEventType, entity: OutboxEvent['entity'], recordId: string, snapshot: EventSnapshot, at = clockNow()): OutboxEvent {
  const traceparent = activeTraceparent();
  return { eventId: randomUUID(), type, entity, recordId, at, snapshot, ...(traceparent ? { traceparent } : {}) };
}
