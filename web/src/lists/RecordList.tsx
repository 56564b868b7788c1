import type { ReactNode } from 'react';
import { formatCount } from '../format/numbers';
import { RegionUnavailableNotice } from '../ui/RegionUnavailableNotice';
import type { ShownRecord } from './mergeLive';
import { useAutoLoad } from './useAutoLoad';
import type { RecordFeed } from './useRecordFeed';

/**
 * One tab's list: notices, the records, and paging as the reader scrolls (an IntersectionObserver on a
 * sentinel), with a 加载更多 button for keyboards and old browsers.
 */
export function RecordList<TItem extends { id: string }>({ feed, noun, renderRecord }: { feed: RecordFeed<TItem>; noun: string; renderRecord(record: ShownRecord<TItem>): ReactNode }) {
  const sentinel = useAutoLoad(feed.loadMore, feed.status === 'ready' && feed.hasNextPage);

  return (
    <section className="record-list-section" aria-busy={feed.status === 'loading' || feed.loadingMore}>
      <RegionUnavailableNotice regions={feed.unavailableRegions} onRetry={feed.reload} />
      {feed.status === 'failed' && (
        <div className="notice notice-error" role="alert">
          <p>{noun}信息暂时无法加载，请稍后重试。</p>
          <button type="button" className="button button-secondary" onClick={feed.reload}>
            重试
          </button>
        </div>
      )}
      {feed.status === 'loading' && <p className="list-status">正在加载{noun}信息…</p>}
      {feed.status === 'ready' && (
        <p className="list-status" aria-live="polite">
          共 {formatCount(feed.totalCount)} 条{noun}信息
          {feed.arrivals > 0 && `，其中 ${formatCount(feed.arrivals)} 条为刚刚发布`}
        </p>
      )}
      {feed.status === 'ready' && feed.records.length === 0 && <p className="empty">暂无符合条件的{noun}信息。</p>}
      {feed.records.length > 0 && <ol className="record-list">{feed.records.map(renderRecord)}</ol>}
      {feed.status === 'ready' && feed.hasNextPage && (
        <div className="load-more">
          <div ref={sentinel} className="load-more-sentinel" aria-hidden="true" />
          <button type="button" className="button button-secondary" data-testid="load-more" onClick={feed.loadMore} disabled={feed.loadingMore}>
            {feed.loadingMore ? '正在加载…' : '加载更多'}
          </button>
        </div>
      )}
      {feed.status === 'ready' && !feed.hasNextPage && feed.records.length > 0 && <p className="list-end">已显示全部{noun}信息</p>}
    </section>
  );
}
