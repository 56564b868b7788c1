import { RISK_LEVEL_RANKS, type RiskAlertDocument, type RiskAlertStatus } from '../../model';

/** Alert statuses and the ones each may move to (预警: 发布 → 升级 → 解除); RESOLVED is final. */
export const RISK_ALERT_TRANSITIONS: Readonly<Record<RiskAlertStatus, readonly RiskAlertStatus[]>> = {
  OPEN: ['ESCALATED', 'RESOLVED'],
  ESCALATED: ['ESCALATED', 'RESOLVED'],
  RESOLVED: [],
};

/** Why an alert cannot go from its status to `to`, or null (the service refuses with it). */
export function riskAlertTransitionRefusal(alert: Pick<RiskAlertDocument, '_id' | 'status'>, to: RiskAlertStatus): string | null {
  const allowed = RISK_ALERT_TRANSITIONS[alert.status];
  return allowed.includes(to) ? null : `risk alert ${alert._id} cannot go from ${alert.status} to ${to}; allowed: ${allowed.join(', ') || 'none'}`;
}

/** The lowest rank an escalation can leave: escalating needs a level above the current one, so never LOW. */
export const LOWEST_ESCALATED_RANK = 2;

/**
 * Why a stored alert is in a state createRiskAlert, escalateRiskAlert and resolveRiskAlert cannot produce, or empty:
 * the rank of its level, an escalation to LOW, resolvedAt set exactly when RESOLVED and not before issue.
 */
export function riskAlertStateProblems(alert: RiskAlertDocument): string[] {
  const problems: string[] = [];
  if (alert.riskLevelRank !== RISK_LEVEL_RANKS[alert.riskLevel]) problems.push(`riskLevelRank ${alert.riskLevelRank} is not the rank of ${alert.riskLevel}`);
  if (alert.status === 'ESCALATED' && RISK_LEVEL_RANKS[alert.riskLevel] < LOWEST_ESCALATED_RANK) problems.push('escalated to the lowest level, which escalation never gives');
  if ((alert.resolvedAt !== null) !== (alert.status === 'RESOLVED')) problems.push('resolvedAt is set exactly when the alert is RESOLVED');
  if (alert.resolvedAt && alert.resolvedAt.getTime() < alert.issuedAt.getTime()) problems.push('resolved before it was issued');
  if (alert.updatedAt.getTime() < alert.issuedAt.getTime()) problems.push('updated before it was issued');
  return problems;
}
