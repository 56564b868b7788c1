import { formatDayKey } from '../format/dates';
import { productCategoryLabel, regionCodeLabel, riskLevelLabel } from '../labels';
import type { ListFilters, ListTab } from './listQuery';

/** The applied filters in words, e.g. ["天津、河北", "玩具", "2026年7月1日至2026年7月31日"]. */
export function describeFilters(filters: ListFilters, tab: ListTab): string[] {
  const parts: string[] = [];
  if (filters.regions.length > 0) parts.push(filters.regions.map(regionCodeLabel).join('、'));
  if (filters.category) parts.push(productCategoryLabel(filters.category));
  if (filters.from && filters.to) parts.push(`${formatDayKey(filters.from)}至${formatDayKey(filters.to)}`);
  else if (filters.from) parts.push(`${formatDayKey(filters.from)}起`);
  else if (filters.to) parts.push(`${formatDayKey(filters.to)}前`);
  if (filters.level && tab === 'alerts') parts.push(riskLevelLabel(filters.level));
  return parts;
}

export function activeFilterCount(filters: ListFilters): number {
  return [filters.regions.length > 0, filters.category, filters.from || filters.to, filters.level].filter(Boolean).length;
}
