import {
  ALL_REGION_CODES,
  isRegionCode,
  isRegionName,
  REGION_CHINESE_NAMES,
  REGION_DIVISION_PREFIXES,
  regionCodeOf,
  regionFromDivisionCode,
  regionNameOf,
  RegionCode,
} from '../../kernel';

describe('regions', () => {
  it('lists the three ISO 3166-2:CN codes', () => {
    expect(ALL_REGION_CODES).toEqual(['BJ', 'TJ', 'HE']);
    expect(RegionCode.TJ).toBe('TJ');
  });

  it('converts codes to GraphQL enum names and back', () => {
    expect(regionNameOf('BJ')).toBe('BEIJING');
    expect(regionNameOf('TJ')).toBe('TIANJIN');
    expect(regionNameOf('HE')).toBe('HEBEI');
    for (const code of ALL_REGION_CODES) expect(regionCodeOf(regionNameOf(code))).toBe(code);
  });

  it('has Chinese names and GB/T 2260 prefixes', () => {
    expect(REGION_CHINESE_NAMES).toEqual({ BJ: '北京', TJ: '天津', HE: '河北' });
    expect(REGION_DIVISION_PREFIXES).toEqual({ BJ: '11', TJ: '12', HE: '13' });
  });

  it('reads the region of a division code', () => {
    expect(regionFromDivisionCode('110105')).toBe('BJ'); // 朝阳区
    expect(regionFromDivisionCode('120116')).toBe('TJ'); // 滨海新区
    expect(regionFromDivisionCode('130102')).toBe('HE'); // 石家庄市长安区
    expect(regionFromDivisionCode('13')).toBe('HE');
    expect(regionFromDivisionCode('1201')).toBe('TJ');
    expect(regionFromDivisionCode('310101')).toBeNull(); // Shanghai
    expect(regionFromDivisionCode('1')).toBeNull();
    expect(regionFromDivisionCode('12011')).toBeNull();
    expect(regionFromDivisionCode('12A116')).toBeNull();
  });

  it('guards', () => {
    expect(isRegionCode('HE')).toBe(true);
    expect(isRegionCode('HB')).toBe(false);
    expect(isRegionCode('bj')).toBe(false);
    expect(isRegionName('HEBEI')).toBe(true);
    expect(isRegionName('HE')).toBe(false);
  });
});
