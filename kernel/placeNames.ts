import { FORMER_NAMES } from './divisions';

/**
 * Former place names in texts (addresses, agency and company names) and the names in force, from the one table of
 * former divisions (divisions.ts): 蓟县 → 蓟州区. A Hebei name is replaced only after its city (石家庄市藁城市 →
 * 石家庄市藁城区), since county-level names repeat across cities (桥西区 is a district of 石家庄 today).
 */
export const RENAMED_PLACES: readonly (readonly [former: string, current: string])[] = FORMER_NAMES.map((former) =>
  former.successor.region === 'HE'
    ? [`${former.successor.city ?? ''}${former.name}`, `${former.successor.city ?? ''}${former.successor.name}`]
    : [former.name, former.successor.name],
);

/** Matches a text holding any former name: almost no text does, and one test is far cheaper than a split per name. */
const ANY_FORMER_NAME = new RegExp(RENAMED_PLACES.map(([former]) => former.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));

/** The text with every former place name replaced by the current one (the same string when it holds none). */
export function currentPlaceNames(text: string): string {
  if (!ANY_FORMER_NAME.test(text)) return text;
  let result = text;
  for (const [former, current] of RENAMED_PLACES) result = result.split(former).join(current);
  return result;
}

/** The former place names a text still uses. */
export function formerPlaceNamesIn(text: string): string[] {
  return RENAMED_PLACES.filter(([former]) => text.includes(former)).map(([former]) => former);
}
