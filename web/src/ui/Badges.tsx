import type { RiskLevel } from '../../../clients/generated/graphql';
import { recallStatusLabel, riskLevelLabel } from '../labels';

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

/** The mark of a listed record that changed live, with what happened (召回信息更新, 召回已撤销…). */
export function ChangedBadge({ eventLabel }: { eventLabel: string }) {
  return (
    <span className="badge badge-changed" title={eventLabel}>
      更新<span className="visually-hidden">：{eventLabel}</span>
    </span>
  );
}

/** A cancelled recall: withdrawn by its producer or the regulator, no longer to be acted on. */
export function WithdrawnBadge() {
  return (
    <span className="badge badge-withdrawn" data-testid="withdrawn-badge">
      {recallStatusLabel('CANCELLED')}
    </span>
  );
}
