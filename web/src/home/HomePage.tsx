import { useCallback, useState } from 'react';
import { activeFilterCount, describeFilters } from '../filters/filterSummary';
import { FilterPanel, FiltersToggle } from '../filters/FilterPanel';
import type { ListFilters, ListTab } from '../filters/listQuery';
import { useListQuery } from '../filters/useListQuery';
import { useAlertFeed } from '../lists/alertFeed';
import { AlertListItem } from '../lists/AlertListItem';
import { useRecallFeed } from '../lists/recallFeed';
import { RecallListItem } from '../lists/RecallListItem';
import { RecordList } from '../lists/RecordList';
import { LiveStatus } from '../live/LiveStatus';
import { SiteLayout } from '../ui/SiteLayout';
import { tabId, tabPanelId, Tabs, type TabDefinition } from '../ui/Tabs';
import { usePageTitle } from '../ui/usePageTitle';

const TAB_NAMES: Record<ListTab, string> = { recalls: '缺陷产品召回', alerts: '风险预警' };

/**
 * The public home page. Recalls and risk alerts are two tabs, not one merged timeline: they are different
 * notices (a producer's recall plan versus a regulator's warning) with different fields and filters, and
 * readers look for one or the other. Both lists stay loaded and live while either tab is shown, so the
 * other tab can say how many new records arrived.
 */
export function HomePage() {
  const [query, setQuery] = useListQuery();
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [cursorExpired, setCursorExpired] = useState(false);
  const onCursorExpired = useCallback(() => setCursorExpired(true), []);
  const recalls = useRecallFeed(query.filters, onCursorExpired);
  const alerts = useAlertFeed(query.filters, onCursorExpired);
  usePageTitle(query.tab === 'alerts' ? TAB_NAMES.alerts : null);

  const arrivals: Record<ListTab, number> = { recalls: recalls.arrivals, alerts: alerts.arrivals };
  const tabs: TabDefinition<ListTab>[] = (['recalls', 'alerts'] as const).map((key) => ({
    key,
    testId: `tab-${key}`,
    label: (
      <>
        {TAB_NAMES[key]}
        {key !== query.tab && arrivals[key] > 0 && <span className="tab-new">{arrivals[key]} 条新</span>}
      </>
    ),
  }));
  const applyFilters = (filters: ListFilters) => setQuery({ ...query, filters });
  const summary = describeFilters(query.filters, query.tab);

  return (
    <SiteLayout isHome navigation={<Tabs label="信息类别" tabs={tabs} selected={query.tab} onSelect={(tab) => setQuery({ ...query, tab })} />}>
      <div className="toolbar">
        <FiltersToggle open={filtersOpen} activeCount={activeFilterCount(query.filters)} onToggle={() => setFiltersOpen((open) => !open)} />
        <LiveStatus />
      </div>
      {summary.length > 0 && <p className="filter-summary">当前筛选：{summary.join(' · ')}</p>}
      <FilterPanel open={filtersOpen} applied={query.filters} onApply={applyFilters} />
      {cursorExpired && (
        <div className="notice notice-info" data-testid="cursor-expired" role="status">
          <p>离线时间过长，已刷新为最新列表。</p>
          <button type="button" className="button button-secondary" onClick={() => setCursorExpired(false)}>
            知道了
          </button>
        </div>
      )}
      <div role="tabpanel" id={tabPanelId(query.tab)} aria-labelledby={tabId(query.tab)} className="tab-panel">
        <h2 className="visually-hidden">{TAB_NAMES[query.tab]}列表</h2>
        {query.tab === 'recalls' ? (
          <RecordList feed={recalls} noun="召回" renderRecord={(record) => <RecallListItem key={record.item.id} record={record} />} />
        ) : (
          <RecordList feed={alerts} noun="预警" renderRecord={(record) => <AlertListItem key={record.item.id} record={record} />} />
        )}
      </div>
    </SiteLayout>
  );
}
