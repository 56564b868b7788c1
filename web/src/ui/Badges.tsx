import type { RiskLevel } from '../../../clients/generated/graphql';
import { riskLevelLabel } from '../labels';

export function RiskLevelBadge({ level }: { level: RiskLevel }) {
  return <span className={`badge level level-${level.toLowerCase()}`}>{riskLevelLabel(level)}</span>;
}

/** The mark of a record that arrived live, with what happened (新发布召回, 预警升级…). */
export function NewBadge({ eventLabel }: { eventLabel: string }) {
  return (
    <span className="badge badge-new" title={eventLabel}>
      新<span className="visually-hidden">：{eventLabel}</span>
    </span>
  );
}
