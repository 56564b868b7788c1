import type { CombinedError } from 'urql';
import { ALL_REGION_CODES, isRegionCode, isRegionName, regionCodeOf, type RegionCode } from '../../../kernel/regions';

function codesOf(error: CombinedError | undefined): Array<{ code: unknown; extensions: Record<string, unknown> }> {
  return (error?.graphQLErrors ?? []).map((graphQLError) => ({ code: graphQLError.extensions?.code, extensions: graphQLError.extensions ?? {} }));
}

/** Regions named by `REGION_UNAVAILABLE` errors of a partial answer, in the order BJ, TJ, HE. */
export function unavailableRegionsOf(error: CombinedError | undefined): RegionCode[] {
  const regions = new Set<RegionCode>();
  for (const { code, extensions } of codesOf(error)) {
    if (code !== 'REGION_UNAVAILABLE') continue;
    if (isRegionCode(extensions.regionCode)) regions.add(extensions.regionCode);
    else if (isRegionName(extensions.region)) regions.add(regionCodeOf(extensions.region));
  }
  return ALL_REGION_CODES.filter((region) => regions.has(region));
}

export function hasErrorCode(error: CombinedError | undefined, code: string): boolean {
  return codesOf(error).some((entry) => entry.code === code);
}

/** The server refused the stored resume cursor as malformed (not merely expired). */
export function isInvalidCursor(error: CombinedError | undefined): boolean {
  return codesOf(error).some((entry) => entry.code === 'BAD_USER_INPUT' && entry.extensions.field === 'after');
}
