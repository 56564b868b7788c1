import type { Region } from '../../../clients/generated/graphql';
import { ALL_REGION_CODES, regionNameOf, type RegionCode } from '../../../kernel/regions';
import { shanghaiDayKey } from '../../../kernel/time';
import { dayRangeInstants } from '../format/dates';

/** What a chart's filter form holds; each chart uses the fields it has. */
export interface AnalysisFilters {
  /** Regions chosen; empty means all three. */
  regions: RegionCode[];
  /** Beijing days, YYYY-MM-DD; either end may be open. */
  from: string | null;
  to: string | null;
  category: string | null;
  level: string | null;
  /** A view choice that does not change the query (the complaint stage charted). */
  view: string | null;
}

export const NO_ANALYSIS_FILTERS: AnalysisFilters = { regions: [], from: null, to: null, category: null, level: null, view: null };

/** The twelve Beijing months up to today: from the first day eleven months back to today. */
export function lastTwelveMonths(now: Date = new Date()): Pick<AnalysisFilters, 'from' | 'to'> {
  const today = shanghaiDayKey(now);
  const [year, month] = today.split('-').map(Number) as [number, number];
  const startMonth = year * 12 + (month - 1) - 11;
  const from = `${Math.floor(startMonth / 12)}-${String((startMonth % 12) + 1).padStart(2, '0')}-01`;
  return { from, to: today };
}

/** The API's Region values of the chosen regions, or undefined for all three (no condition). */
export function regionValues(filters: AnalysisFilters): Region[] | undefined {
  if (filters.regions.length === 0 || filters.regions.length === ALL_REGION_CODES.length) return undefined;
  return ALL_REGION_CODES.filter((code) => filters.regions.includes(code)).map(regionNameOf);
}

/** The instants that bound the chosen days (Beijing midnight to the last millisecond of the last day). */
export const dateBounds = (filters: AnalysisFilters): { from?: string; to?: string } => dayRangeInstants(filters.from, filters.to);

/** Query parameters of an export: lists comma-separated, empty conditions left out. */
export function exportParameters(entries: Record<string, string | readonly string[] | boolean | undefined>): URLSearchParams {
  const parameters = new URLSearchParams();
  for (const [name, value] of Object.entries(entries)) {
    if (value === undefined) continue;
    if (typeof value === 'boolean') parameters.set(name, String(value));
    else if (typeof value === 'string') parameters.set(name, value);
    else if (value.length > 0) parameters.set(name, value.join(','));
  }
  return parameters;
}

/** Drops undefined members, so the variables shown and sent hold only the conditions chosen. */
export function definedOnly<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}
