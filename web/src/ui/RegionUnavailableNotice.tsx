import type { RegionCode } from '../../../kernel/regions';
import { regionCodeLabel } from '../labels';

const CONSEQUENCES = {
  list: '以下为其他地区的信息。',
  record: '请稍后再试。',
  references: '部分相关信息暂时无法显示。',
} as const;

/** Regions that did not respond: a list shows the others' records, a record or its references may be missing. */
export function RegionUnavailableNotice({ regions, shown = 'list', onRetry }: { regions: readonly RegionCode[]; shown?: keyof typeof CONSEQUENCES; onRetry?: () => void }) {
  if (regions.length === 0) return null;
  return (
    <div className="notice notice-warning" data-testid="region-unavailable" role="status">
      <p>
        {regions.map(regionCodeLabel).join('、')}数据暂不可用，{CONSEQUENCES[shown]}
      </p>
      {onRetry && (
        <button type="button" className="button button-secondary" onClick={onRetry}>
          重新加载
        </button>
      )}
    </div>
  );
}
