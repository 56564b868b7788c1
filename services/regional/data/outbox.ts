import { randomUUID } from 'node:crypto';
import type { RegionCode } from '../../../kernel';

/** What happened to a record; the gateway's subscriptions filter on these and on the snapshot. */
export type RecordEventType =
  | 'RECALL_PUBLISHED'
  | 'RECALL_UPDATED'
  | 'RISK_ALERT_RAISED'
  | 'RISK_ALERT_ESCALATED'
  | 'RISK_ALERT_RESOLVED'
  | 'RISK_ALERT_UPDATED'
  | 'COMPLAINT_REGISTERED'
  | 'COMPLAINT_CHANGED'
  | 'CONTRACT_TEMPLATE_CHANGED';

/** The fields subscription filters use, copied at the time of the change. */
export interface EventSnapshot {
  region: RegionCode;
  category?: string;
  status?: string;
  riskLevelRank?: number;
  enterpriseCreditCodes?: string[];
  /** Complaints: the regions whose agencies may see this event. */
  regions?: RegionCode[];
}

/**
 * An event waiting in its record's `outbox` array. It is written in the same single-document write as the
 * change itself, so a crash can neither lose it nor publish it for a change that never happened; the relay
 * moves it into the region's ordered event log.
 */
export interface OutboxEvent {
  eventId: string;
  type: RecordEventType;
  entity: 'ProductRecall' | 'RiskAlert' | 'ConsumerComplaint' | 'ContractTemplate';
  recordId: string;
  at: Date;
  snapshot: EventSnapshot;
}

export function outboxEvent(type: RecordEventType, entity: OutboxEvent['entity'], recordId: string, snapshot: EventSnapshot, at = new Date()): OutboxEvent {
  return { eventId: randomUUID(), type, entity, recordId, at, snapshot };
}
