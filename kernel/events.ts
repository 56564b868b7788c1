import type { RegionCode } from './regions';

/** What happened to a record; the regions log these and the gateway's subscriptions filter on them. */
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

export type EventEntity = 'ProductRecall' | 'RiskAlert' | 'ConsumerComplaint' | 'ContractTemplate';

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
