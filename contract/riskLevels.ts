import { enumObject } from '../kernel';

export const RISK_LEVELS = ['LOW', 'MEDIUM', 'HIGH', 'SEVERE'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const RiskLevel = enumObject(RISK_LEVELS);

/**
 * Stored beside the level as `riskLevelRank` so that ranges and sorting use numbers; events carry the rank, and
 * the gateway's `minimumLevel` subscription filter compares it.
 */
export const RISK_LEVEL_RANKS: Readonly<Record<RiskLevel, 1 | 2 | 3 | 4>> = { LOW: 1, MEDIUM: 2, HIGH: 3, SEVERE: 4 };
