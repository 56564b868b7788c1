import { DIVISIONS, divisionFullName, FORMER_DIVISIONS, FORMER_NAMES, regionFromDivisionCode, requireDivision, type RegionCode } from '../../kernel';
import { currentPlaceNames } from '../../kernel/placeNames';

/**
 * The division table is complete: GB/T 2260 county-level divisions in force in 2024. Counts from the Ministry of Civil
 * Affairs (民政部 行政区划统计, 2024: 河北省 49 市辖区 + 21 县级市 + 91 县 + 6 自治县 = 167; 北京市 16 区; 天津市 16 区),
 * the codes cross-checked against the 2023 统计用区划代码 (modood/Administrative-divisions-of-China, dist/areas.csv,
 * without its statistics-only x7x codes).
 */
const HEBEI_CITY_CODES: Readonly<Record<string, string>> = {
  石家庄市: '1301',
  唐山市: '1302',
  秦皇岛市: '1303',
  邯郸市: '1304',
  邢台市: '1305',
  保定市: '1306',
  张家口市: '1307',
  承德市: '1308',
  沧州市: '1309',
  廊坊市: '1310',
  衡水市: '1311',
};

const all = [...DIVISIONS.values()];
const inRegion = (region: RegionCode) => all.filter((division) => division.region === region);

test('every county-level division of the three regions: 16, 16 and 167', () => {
  expect(inRegion('BJ')).toHaveLength(16);
  expect(inRegion('TJ')).toHaveLength(16);
  expect(inRegion('HE')).toHaveLength(167);
  const hebei = inRegion('HE');
  const kinds = { 区: 0, 市: 0, 县: 0, 自治县: 0 };
  for (const { name } of hebei) kinds[name.endsWith('自治县') ? '自治县' : name.endsWith('区') ? '区' : name.endsWith('市') ? '市' : '县'] += 1;
  expect(kinds).toEqual({ 区: 49, 市: 21, 县: 91, 自治县: 6 });
  // Per city, as the ministry lists them.
  const perCity = Object.fromEntries(Object.keys(HEBEI_CITY_CODES).map((city) => [city, hebei.filter((division) => division.city === city).length]));
  expect(perCity).toEqual({ 石家庄市: 22, 唐山市: 14, 秦皇岛市: 7, 邯郸市: 18, 邢台市: 18, 保定市: 24, 张家口市: 16, 承德市: 11, 沧州市: 16, 廊坊市: 10, 衡水市: 11 });
});

test('each code lies under its region and city; names are unique within a city; no statistics-only codes', () => {
  for (const division of all) {
    expect([division.code, regionFromDivisionCode(division.code)]).toEqual([division.code, division.region]);
    if (division.region === 'HE') expect([division.code, division.code.slice(0, 4)]).toEqual([division.code, HEBEI_CITY_CODES[division.city!]]);
    else expect([division.code, division.city, division.code.slice(2, 4)]).toEqual([division.code, undefined, '01']);
    expect([division.code, /^\d\d\d\d7\d$/.test(division.code)]).toEqual([division.code, false]);
  }
  const byCity = new Map<string, string[]>();
  for (const division of all) byCity.set(`${division.region}${division.city ?? ''}`, [...(byCity.get(`${division.region}${division.city ?? ''}`) ?? []), division.name]);
  for (const [city, names] of byCity) expect([city, new Set(names).size]).toEqual([city, names.length]);
});

test('雄安新区 counties, the directly administered cities and the 2020 邢台 changes', () => {
  expect(['雄县', '容城县', '安新县'].map((name) => requireDivision('d', `保定市${name}`).code)).toEqual(['130638', '130629', '130632']);
  expect(() => requireDivision('d', '雄安新区')).toThrow(/not a county-level division/);
  expect(requireDivision('d', '辛集市')).toMatchObject({ code: '130181', city: '石家庄市', provinceAdministered: true });
  expect(divisionFullName(requireDivision('d', '130682'))).toBe('河北省定州市');
  expect(requireDivision('d', '河北省定州市').code).toBe('130682');
  expect(['襄都区', '信都区', '任泽区', '南和区'].map((name) => requireDivision('d', name).code)).toEqual(['130502', '130503', '130505', '130506']);
  expect(() => requireDivision('d', '任县')).toThrow(/since 2020 it is 河北省邢台市任泽区 \(130505\)/);
  expect(() => requireDivision('d', '130521')).toThrow(/邢台县 \(130521\) no longer exists: since 2020 it is 河北省邢台市信都区 \(130503\)/);
  expect(() => requireDivision('d', '邢台市桥东区')).toThrow(/renamed in 2020: it is 河北省邢台市襄都区 \(130502\)/);
  // 桥东区 alone is 张家口's (current names win over former ones); 桥西区 names two current districts.
  expect(requireDivision('d', '桥东区').code).toBe('130702');
  expect(() => requireDivision('d', '桥西区')).toThrow(/names 2 divisions/);
  expect(() => requireDivision('d', '滦县')).toThrow(/河北省唐山市滦州市 \(130284\)/);
  expect(currentPlaceNames('河北省邢台市桥东区中兴东大街')).toBe('河北省邢台市襄都区中兴东大街');
  // A renamed division's kept code is current, not former; every successor is in force.
  expect(FORMER_DIVISIONS.has('130502')).toBe(false);
  for (const former of FORMER_NAMES) expect([former.name, DIVISIONS.has(former.successor?.code)]).toEqual([former.name, true]);
});
