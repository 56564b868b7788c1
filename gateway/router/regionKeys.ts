import { ALL_REGION_CODES, isRegionName, regionCodeOf, regionOfCreditCode, regionOfRecordId, type RegionCode } from '../../kernel';

/** The region that owns an entity key: the prefix of a record ID or the division code inside a credit code. */
export function regionOfKey(key: unknown): RegionCode | null {
  if (typeof key !== 'string') return null;
  return regionOfRecordId(key) ?? regionOfCreditCode(key);
}

/** The owner of an `_entities` representation (`{__typename, id}` or `{__typename: 'Enterprise', creditCode}`). */
export function regionOfRepresentation(representation: unknown): RegionCode | null {
  if (!representation || typeof representation !== 'object') return null;
  const { id, creditCode } = representation as { id?: unknown; creditCode?: unknown };
  return regionOfKey(id ?? creditCode);
}

/** `filter.regions` as region codes (all regions when absent or not a list of Region enum names). */
export function regionsFromFilterValue(regions: unknown): RegionCode[] {
  if (!Array.isArray(regions)) return [...ALL_REGION_CODES];
  const codes = regions.filter(isRegionName).map(regionCodeOf);
  return ALL_REGION_CODES.filter((code) => codes.includes(code));
}
