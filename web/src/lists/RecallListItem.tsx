import { Link } from 'wouter';
import { formatDay } from '../format/dates';
import { formatCount } from '../format/numbers';
import { productCategoryLabel, recallRemedyLabel, recallStatusLabel, regionLabel } from '../labels';
import { ChangedBadge, NewBadge, WithdrawnBadge } from '../ui/Badges';
import type { ShownRecord } from './mergeLive';
import type { RecallItem } from './recallFeed';

export function RecallListItem({ record }: { record: ShownRecord<RecallItem> }) {
  const { item: recall, liveEventLabel, changedLive } = record;
  // A cancelled recall stays listed, marked withdrawn (struck through), so a reader who saw it learns it was withdrawn.
  const withdrawn = recall.status === 'CANCELLED';
  const classes = ['record', liveEventLabel ? 'record-new' : null, withdrawn ? 'record-withdrawn' : null].filter(Boolean).join(' ');
  return (
    <li
      className={classes}
      data-testid="recall-item"
      data-id={recall.id}
      data-new={liveEventLabel && !changedLive ? 'true' : undefined}
      data-changed={liveEventLabel && changedLive ? 'true' : undefined}
      data-withdrawn={withdrawn ? 'true' : undefined}
    >
      <div className="record-heading">
        {liveEventLabel && (changedLive ? <ChangedBadge eventLabel={liveEventLabel} /> : <NewBadge eventLabel={liveEventLabel} />)}
        {withdrawn && <WithdrawnBadge />}
        <h3 className="record-title">
          <Link href={`/recall/${encodeURIComponent(recall.id)}`} className="record-link">
            {recall.productName}
            <span className="record-brand">（{recall.brand}）</span>
          </Link>
        </h3>
      </div>
      <p className="record-meta">
        <span className="tag">{regionLabel(recall.region)}</span>
        <span className="tag">{productCategoryLabel(recall.productCategory)}</span>
        <span className="tag tag-remedy">{recallRemedyLabel(recall.remedy)}</span>
        {!withdrawn && <span>{recallStatusLabel(recall.status)}</span>}
      </p>
      <p className="record-detail">
        <span>
          发布日期 <time dateTime={recall.announcedAt}>{formatDay(recall.announcedAt)}</time>
        </span>
        <span>召回数量 {formatCount(recall.quantityToRecall)}</span>
        <span>生产者 {recall.manufacturer.name}</span>
      </p>
    </li>
  );
}
