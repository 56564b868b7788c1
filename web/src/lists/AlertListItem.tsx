import { Link } from 'wouter';
import { formatDay } from '../format/dates';
import { hazardTypeLabel, productCategoryLabel, regionLabel, riskAlertStatusLabel, riskSourceLabel } from '../labels';
import { NewBadge, RiskLevelBadge } from '../ui/Badges';
import type { AlertItem } from './alertFeed';
import type { ShownRecord } from './mergeLive';

export function AlertListItem({ record }: { record: ShownRecord<AlertItem> }) {
  const { item: alert, liveEventLabel } = record;
  return (
    <li className={`record${liveEventLabel ? ' record-new' : ''}`} data-testid="alert-item" data-id={alert.id} data-new={liveEventLabel ? 'true' : undefined}>
      <div className="record-heading">
        {liveEventLabel && <NewBadge eventLabel={liveEventLabel} />}
        <RiskLevelBadge level={alert.riskLevel} />
        <h3 className="record-title">
          <Link href={`/alert/${encodeURIComponent(alert.id)}`} className="record-link">
            {alert.title}
          </Link>
        </h3>
      </div>
      <p className="record-meta">
        <span className="tag">{regionLabel(alert.region)}</span>
        <span className="tag">{productCategoryLabel(alert.productCategory)}</span>
        <span className="tag">{hazardTypeLabel(alert.hazardType)}</span>
        <span>{riskAlertStatusLabel(alert.status)}</span>
      </p>
      <p className="record-detail">
        <span>
          发布日期 <time dateTime={alert.issuedAt}>{formatDay(alert.issuedAt)}</time>
        </span>
        <span>信息来源 {riskSourceLabel(alert.source)}</span>
      </p>
    </li>
  );
}
