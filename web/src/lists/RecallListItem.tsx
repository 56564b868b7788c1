import { Link } from 'wouter';
import { formatDay } from '../format/dates';
import { formatCount } from '../format/numbers';
import { productCategoryLabel, recallRemedyLabel, recallStatusLabel, regionLabel } from '../labels';
import { NewBadge } from '../ui/Badges';
import type { ShownRecord } from './mergeLive';
import type { RecallItem } from './recallFeed';

export function RecallListItem({ record }: { record: ShownRecord<RecallItem> }) {
  const { item: recall, liveEventLabel } = record;
  return (
    <li className={`record${liveEventLabel ? ' record-new' : ''}`} data-testid="recall-item" data-id={recall.id} data-new={liveEventLabel ? 'true' : undefined}>
      <div className="record-heading">
        {liveEventLabel && <NewBadge eventLabel={liveEventLabel} />}
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
        <span>{recallStatusLabel(recall.status)}</span>
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
