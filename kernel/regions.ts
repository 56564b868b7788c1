import { enumObject, isOneOf } from './enumValues';

/** ISO 3166-2:CN subdivision codes of the three regions. */
export const ALL_REGION_CODES = ['BJ', 'TJ', 'HE'] as const;
export type RegionCode = (typeof ALL_REGION_CODES)[number];
export const RegionCode = enumObject(ALL_REGION_CODES);

/** Values of the GraphQL enum `Region`. */
export const ALL_REGION_NAMES = ['BEIJING', 'TIANJIN', 'HEBEI'] as const;
export type RegionName = (typeof ALL_REGION_NAMES)[number];
export const RegionName = enumObject(ALL_REGION_NAMES);

const NAME_BY_CODE: Readonly<Record<RegionCode, RegionName>> = { BJ: 'BEIJING', TJ: 'TIANJIN', HE: 'HEBEI' };
const CODE_BY_NAME: Readonly<Record<RegionName, RegionCode>> = { BEIJING: 'BJ', TIANJIN: 'TJ', HEBEI: 'HE' };

export const REGION_CHINESE_NAMES: Readonly<Record<RegionCode, string>> = { BJ: '北京', TJ: '天津', HE: '河北' };

/** Full administrative names, as they open an address or an agency's name. */
export const REGION_FULL_CHINESE_NAMES: Readonly<Record<RegionCode, string>> = {
  BJ: '北京市',
  TJ: '天津市',
  HE: '河北省',
};

/** First two digits of the GB/T 2260 administrative division code. */
export const REGION_DIVISION_PREFIXES: Readonly<Record<RegionCode, string>> = { BJ: '11', TJ: '12', HE: '13' };

export function isRegionCode(value: unknown): value is RegionCode {
  return isOneOf(ALL_REGION_CODES, value);
}

export function isRegionName(value: unknown): value is RegionName {
  return isOneOf(ALL_REGION_NAMES, value);
}

export function regionNameOf(code: RegionCode): RegionName {
  return NAME_BY_CODE[code];
}

export function regionCodeOf(name: RegionName): RegionCode {
  return CODE_BY_NAME[name];
}

export function regionChineseName(code: RegionCode): string {
  return REGION_CHINESE_NAMES[code];
}

/**
 * Region of a GB/T 2260 division code (2 to 6 digits, e.g. '12', '1201', '120116');
 * null when it is malformed or outside Beijing, Tianjin and Hebei.
 */
export function regionFromDivisionCode(divisionCode: string): RegionCode | null {
  if (!/^\d{2}(\d{2}){0,2}$/.test(divisionCode)) return null;
  const prefix = divisionCode.slice(0, 2);
  for (const code of ALL_REGION_CODES) {
    if (REGION_DIVISION_PREFIXES[code] === prefix) return code;
  }
  return null;
}
