import { ALL_REGION_CODES, isRegionName, regionCodeOf, type RegionCode } from '../../kernel';

/** `filter.regions` as region codes (all regions when absent or not a list of Region enum names). */
export function regionsFromFilterValue(regions: unknown): RegionCode[] {
  if (!Array.isArray(regions)) return [...ALL_REGION_CODES];
  const codes = regions.filter(isRegionName).map(regionCodeOf);
  return ALL_REGION_CODES.filter((code) => codes.includes(code));
}
