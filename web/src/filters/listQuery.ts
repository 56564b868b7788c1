import type { ProductCategory, RiskLevel } from '../../../clients/generated/graphql';
import { isDayKey } from '../../../kernel/time';
import { isRegionCode, type RegionCode } from '../../../kernel/regions';
import { PRODUCT_CATEGORIES_IN_ORDER, REGION_CODES_IN_ORDER, RISK_LEVELS_IN_ORDER } from '../labels';

export type ListTab = 'recalls' | 'alerts';

/** What the reader filters by; an empty region list means all three regions. Dates are Beijing days. */
export interface ListFilters {
  regions: RegionCode[];
  category: ProductCategory | null;
  from: string | null;
  to: string | null;
  /** Risk alerts only: exactly this level. */
  level: RiskLevel | null;
}

/** The home page's state as kept in its URL, so a filtered view has a link. */
export interface ListQuery {
  tab: ListTab;
  filters: ListFilters;
}

export const NO_FILTERS: ListFilters = { regions: [], category: null, from: null, to: null, level: null };

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | null => (value !== null && (values as readonly string[]).includes(value) ? (value as T) : null);

/** Regions in the order BJ, TJ, HE; all three (or none) mean no region filter. */
export function normaliseRegions(regions: readonly RegionCode[]): RegionCode[] {
  const chosen = REGION_CODES_IN_ORDER.filter((region) => regions.includes(region));
  return chosen.length === REGION_CODES_IN_ORDER.length ? [] : chosen;
}

export function parseListQuery(search: string): ListQuery {
  const params = new URLSearchParams(search);
  const regions = (params.get('region') ?? '').split(',').filter(isRegionCode);
  const from = params.get('from');
  const to = params.get('to');
  return {
    tab: params.get('tab') === 'alerts' ? 'alerts' : 'recalls',
    filters: {
      regions: normaliseRegions(regions),
      category: oneOf(PRODUCT_CATEGORIES_IN_ORDER, params.get('category')),
      from: from && isDayKey(from) ? from : null,
      to: to && isDayKey(to) ? to : null,
      level: oneOf(RISK_LEVELS_IN_ORDER, params.get('level')),
    },
  };
}

/** The query string (without `?`) of a home-page state; the default state is the empty string. */
export function serialiseListQuery(query: ListQuery): string {
  const params = new URLSearchParams();
  const { filters } = query;
  if (query.tab === 'alerts') params.set('tab', 'alerts');
  const regions = normaliseRegions(filters.regions);
  if (regions.length > 0) params.set('region', regions.join(','));
  if (filters.category) params.set('category', filters.category);
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  if (filters.level) params.set('level', filters.level);
  // Commas need no escaping in a query string, and region=TJ,HE reads better in a shared link.
  return params.toString().replace(/%2C/g, ',');
}

/** A stable key of the filters, for effects that must restart when they change. */
export function filtersKey(filters: ListFilters): string {
  return serialiseListQuery({ tab: 'recalls', filters });
}
