import { enumObject, type ProductCategory, type RegionCode } from '../../../kernel';
import { RISK_LEVEL_RANKS, RISK_LEVELS, RiskLevel } from '../../../contract/riskLevels';
import type { Timestamps } from './collections';

export { RISK_LEVEL_RANKS, RISK_LEVELS, RiskLevel };

export const HAZARD_TYPES = ['FIRE', 'ELECTRIC_SHOCK', 'CHOKING', 'CHEMICAL', 'MECHANICAL', 'BURN', 'EXPLOSION', 'OTHER'] as const;
export type HazardType = (typeof HAZARD_TYPES)[number];
export const HazardType = enumObject(HAZARD_TYPES);

export const RISK_SOURCES = ['SAMPLING', 'COMPLAINT', 'INJURY_MONITORING', 'PUBLIC_OPINION'] as const;
export type RiskSource = (typeof RISK_SOURCES)[number];
export const RiskSource = enumObject(RISK_SOURCES);

export const RISK_ALERT_STATUSES = ['OPEN', 'ESCALATED', 'RESOLVED'] as const;
export type RiskAlertStatus = (typeof RISK_ALERT_STATUSES)[number];
export const RiskAlertStatus = enumObject(RISK_ALERT_STATUSES);

/** 风险预警, collection `riskAlerts`; `_id` is a `{region}-RSK-…` ID. */
export interface RiskAlertDocument extends Timestamps {
  _id: string;
  region: RegionCode;
  title: string;
  description: string;
  productCategory: ProductCategory;
  hazardType: HazardType;
  riskLevel: RiskLevel;
  riskLevelRank: 1 | 2 | 3 | 4;
  source: RiskSource;
  status: RiskAlertStatus;
  issuedAt: Date;
  /** Set exactly when status is RESOLVED. */
  resolvedAt: Date | null;
  /** Enterprises concerned (credit codes, any region). */
  enterpriseCreditCodes: string[];
  /** Recalls that followed this alert (IDs, any region); mirrors `ProductRecallDocument.riskAlertIds`. */
  relatedRecallIds: string[];
}
