import type { RegionCode } from '../../../kernel/regions';

/** What every console chart shares: Chinese font, a grid that keeps the axis labels inside, a tooltip drawn on the canvas. */
export const FONT_FAMILY = "'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

export const REGION_COLOURS: Readonly<Record<RegionCode, string>> = { BJ: '#c0392b', TJ: '#1f5fa8', HE: '#2e8b57' };

export const baseOption = {
  textStyle: { fontFamily: FONT_FAMILY, fontSize: 13 },
  aria: { enabled: true },
  animation: false,
  // richText: the tooltip is drawn on the canvas, not as HTML with inline styles (the page's CSP forbids those).
  tooltip: { trigger: 'axis', renderMode: 'richText', axisPointer: { type: 'shadow' } },
  legend: { top: 0, textStyle: { fontSize: 13 } },
  grid: { left: 16, right: 24, top: 56, bottom: 16, containLabel: true },
} as const;

/** A value axis named above its top end, the name starting at the axis (so it is never cut off on the left). */
export const valueAxis = (name: string) => ({ type: 'value', name, nameTextStyle: { align: 'left' }, minInterval: 1 }) as const;

/** Bar labels for counts: none on zero bars, so an empty category does not fill with 0s. */
export const countLabel = { show: true, position: 'top', formatter: ({ value }: { value: unknown }) => (typeof value === 'number' && value !== 0 ? cell(value) : '') } as const;

/** A number for a table cell: counts as 1,234, means with one decimal, absent values as —. */
export function cell(value: number | null | undefined, decimals = 0): string {
  if (value === null || value === undefined) return '—';
  return value.toLocaleString('zh-CN', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}
