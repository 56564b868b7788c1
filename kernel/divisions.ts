/**
 * County-level administrative divisions (GB/T 2260) of Beijing, Tianjin and Hebei that records name as places — a
 * geographical indication's protection area, an inspection's district. All of them, as in force in 2024: Beijing's 16
 * and Tianjin's 16 districts, Hebei's 167 county-level units (49 districts, 21 county-level cities, 91 counties and 6
 * autonomous counties, the Ministry of Civil Affairs' count since the 2020 邢台 changes), under their 11 prefecture-level
 * cities. Source: the Ministry of Civil Affairs' 县级以上行政区划代码, cross-checked against the 2023 统计用区划代码 as
 * published in modood/Administrative-divisions-of-China (dist/areas.csv) without its statistics-only x7x codes (开发区,
 * 管理区: no divisions of GB/T 2260). 雄安新区 is no division: its 雄县, 容城县 and 安新县 are 保定市's counties. 辛集市 and
 * 定州市 are administered by the province directly (省直管县级市) but keep their 石家庄市/保定市 codes (130181, 130682).
 * Divisions abolished or renamed are kept with their successor, so that a former name (蓟县, before 2016) is refused
 * pointing to the current one (蓟州区).
 */
import { KernelValidationError } from './errors';
import { regionFromDivisionCode, REGION_FULL_CHINESE_NAMES, type RegionCode } from './regions';

export interface Division {
  code: string;
  /** e.g. 蓟州区, 三河市 */
  name: string;
  /** Prefecture-level city for Hebei's counties (e.g. 廊坊市), by code; absent for Beijing's and Tianjin's districts. */
  city?: string;
  region: RegionCode;
  /** 辛集市, 定州市: administered by the province directly, named without their city (河北省辛集市). */
  provinceAdministered?: true;
}

/** County-level cities the province administers directly (their codes still lie under a city). */
const PROVINCE_ADMINISTERED: ReadonlySet<string> = new Set(['130181', '130682']);

const BEIJING = '110101 东城区,110102 西城区,110105 朝阳区,110106 丰台区,110107 石景山区,110108 海淀区,110109 门头沟区,110111 房山区,110112 通州区,110113 顺义区,110114 昌平区,110115 大兴区,110116 怀柔区,110117 平谷区,110118 密云区,110119 延庆区';
const TIANJIN = '120101 和平区,120102 河东区,120103 河西区,120104 南开区,120105 河北区,120106 红桥区,120110 东丽区,120111 西青区,120112 津南区,120113 北辰区,120114 武清区,120115 宝坻区,120116 滨海新区,120117 宁河区,120118 静海区,120119 蓟州区';
const HEBEI: Readonly<Record<string, string>> = {
  石家庄市: '130102 长安区,130104 桥西区,130105 新华区,130107 井陉矿区,130108 裕华区,130109 藁城区,130110 鹿泉区,130111 栾城区,130121 井陉县,130123 正定县,130125 行唐县,130126 灵寿县,130127 高邑县,130128 深泽县,130129 赞皇县,130130 无极县,130131 平山县,130132 元氏县,130133 赵县,130181 辛集市,130183 晋州市,130184 新乐市',
  唐山市: '130202 路南区,130203 路北区,130204 古冶区,130205 开平区,130207 丰南区,130208 丰润区,130209 曹妃甸区,130224 滦南县,130225 乐亭县,130227 迁西县,130229 玉田县,130281 遵化市,130283 迁安市,130284 滦州市',
  秦皇岛市: '130302 海港区,130303 山海关区,130304 北戴河区,130306 抚宁区,130321 青龙满族自治县,130322 昌黎县,130324 卢龙县',
  邯郸市: '130402 邯山区,130403 丛台区,130404 复兴区,130406 峰峰矿区,130407 肥乡区,130408 永年区,130423 临漳县,130424 成安县,130425 大名县,130426 涉县,130427 磁县,130430 邱县,130431 鸡泽县,130432 广平县,130433 馆陶县,130434 魏县,130435 曲周县,130481 武安市',
  邢台市: '130502 襄都区,130503 信都区,130505 任泽区,130506 南和区,130522 临城县,130523 内丘县,130524 柏乡县,130525 隆尧县,130528 宁晋县,130529 巨鹿县,130530 新河县,130531 广宗县,130532 平乡县,130533 威县,130534 清河县,130535 临西县,130581 南宫市,130582 沙河市',
  保定市: '130602 竞秀区,130606 莲池区,130607 满城区,130608 清苑区,130609 徐水区,130623 涞水县,130624 阜平县,130626 定兴县,130627 唐县,130628 高阳县,130629 容城县,130630 涞源县,130631 望都县,130632 安新县,130633 易县,130634 曲阳县,130635 蠡县,130636 顺平县,130637 博野县,130638 雄县,130681 涿州市,130682 定州市,130683 安国市,130684 高碑店市',
  张家口市: '130702 桥东区,130703 桥西区,130705 宣化区,130706 下花园区,130708 万全区,130709 崇礼区,130722 张北县,130723 康保县,130724 沽源县,130725 尚义县,130726 蔚县,130727 阳原县,130728 怀安县,130730 怀来县,130731 涿鹿县,130732 赤城县',
  承德市: '130802 双桥区,130803 双滦区,130804 鹰手营子矿区,130821 承德县,130822 兴隆县,130824 滦平县,130825 隆化县,130826 丰宁满族自治县,130827 宽城满族自治县,130828 围场满族蒙古族自治县,130881 平泉市',
  沧州市: '130902 新华区,130903 运河区,130921 沧县,130922 青县,130923 东光县,130924 海兴县,130925 盐山县,130926 肃宁县,130927 南皮县,130928 吴桥县,130929 献县,130930 孟村回族自治县,130981 泊头市,130982 任丘市,130983 黄骅市,130984 河间市',
  廊坊市: '131002 安次区,131003 广阳区,131022 固安县,131023 永清县,131024 香河县,131025 大城县,131026 文安县,131028 大厂回族自治县,131081 霸州市,131082 三河市',
  衡水市: '131102 桃城区,131103 冀州区,131121 枣强县,131122 武邑县,131123 武强县,131124 饶阳县,131125 安平县,131126 故城县,131127 景县,131128 阜城县,131182 深州市',
};

/**
 * Former divisions: code, name, the successor's code and the year it changed. A code kept by a renamed division
 * (邢台's 桥东区 130502, 襄都区 since 2020) appears here with its former name; a division split between several takes the
 * one that got its seat or most of its area as successor.
 */
const FORMER: ReadonlyArray<readonly [string, string, string, number]> = [
  ['120225', '蓟县', '120119', 2016],
  ['120221', '宁河县', '120117', 2015],
  ['120223', '静海县', '120118', 2015],
  ['120224', '宝坻县', '120115', 2001],
  ['120222', '武清县', '120114', 2000],
  ['120107', '塘沽区', '120116', 2009],
  ['120108', '汉沽区', '120116', 2009],
  ['120109', '大港区', '120116', 2009],
  ['110228', '密云县', '110118', 2015],
  ['110229', '延庆县', '110119', 2015],
  ['110103', '崇文区', '110101', 2010],
  ['110104', '宣武区', '110102', 2010],
  ['130182', '藁城市', '130109', 2014],
  ['130185', '鹿泉市', '130110', 2014],
  ['130124', '栾城县', '130111', 2014],
  ['130230', '唐海县', '130209', 2012],
  ['130223', '滦县', '130284', 2018],
  ['130323', '抚宁县', '130306', 2015],
  ['130428', '肥乡县', '130407', 2016],
  ['130429', '永年县', '130408', 2016],
  ['130502', '桥东区', '130502', 2020],
  ['130503', '桥西区', '130503', 2020],
  ['130521', '邢台县', '130503', 2020],
  ['130526', '任县', '130505', 2020],
  ['130527', '南和县', '130506', 2020],
  ['130602', '新市区', '130602', 2015],
  ['130603', '北市区', '130606', 2015],
  ['130604', '南市区', '130606', 2015],
  ['130621', '满城县', '130607', 2015],
  ['130622', '清苑县', '130608', 2015],
  ['130625', '徐水县', '130609', 2015],
  ['130721', '宣化县', '130705', 2016],
  ['130729', '万全县', '130708', 2016],
  ['130733', '崇礼县', '130709', 2016],
  ['130823', '平泉县', '130881', 2017],
  ['131181', '冀州市', '131103', 2016],
];

function parse(list: string, region: RegionCode, city?: string): Division[] {
  return list.split(',').map((entry) => {
    const [code, name] = entry.split(' ');
    return { code: code!, name: name!, region, ...(city ? { city } : {}), ...(PROVINCE_ADMINISTERED.has(code!) ? { provinceAdministered: true as const } : {}) };
  });
}

export const DIVISIONS: ReadonlyMap<string, Division> = new Map(
  [...parse(BEIJING, 'BJ'), ...parse(TIANJIN, 'TJ'), ...Object.entries(HEBEI).flatMap(([city, list]) => parse(list, 'HE', city))].map((division) => [division.code, division]),
);

export interface FormerDivision {
  code: string;
  name: string;
  successor: Division;
  changedIn: number;
}

/** Every former name, renamed ones whose code lives on included (placeNames.ts replaces them in texts). */
export const FORMER_NAMES: readonly FormerDivision[] = FORMER.map(([code, name, successor, changedIn]) => ({ code, name, successor: DIVISIONS.get(successor)!, changedIn }));

/** Former divisions by their code, for the codes no longer in force (a renamed division's kept code is current). */
export const FORMER_DIVISIONS: ReadonlyMap<string, FormerDivision> = new Map(FORMER_NAMES.filter((former) => !DIVISIONS.has(former.code)).map((former) => [former.code, former]));

/** e.g. 天津市蓟州区, 河北省廊坊市三河市, 河北省辛集市. */
export function divisionFullName(division: Division): string {
  return `${REGION_FULL_CHINESE_NAMES[division.region]}${division.provinceAdministered ? '' : (division.city ?? '')}${division.name}`;
}

/** The names a division is given by: 三河市, 廊坊市三河市, 河北省廊坊市三河市 (and 河北省石家庄市辛集市 beside 河北省辛集市). */
function namesOf(name: string, region: RegionCode, city: string | undefined): string[] {
  const province = REGION_FULL_CHINESE_NAMES[region];
  return city ? [name, `${city}${name}`, `${province}${name}`, `${province}${city}${name}`] : [name, `${province}${name}`];
}

/** The reason code of a refused division, for clients (`extensions.reason`). */
export type DivisionProblem = 'FORMER_DIVISION' | 'UNKNOWN_DIVISION' | 'OUTSIDE_JJJ' | 'AMBIGUOUS_DIVISION';

export class DivisionError extends KernelValidationError {
  constructor(
    field: string,
    message: string,
    readonly reason: DivisionProblem,
  ) {
    super(field, message);
  }
}

function formerRefusal(field: string, former: FormerDivision): DivisionError {
  return new DivisionError(
    field,
    former.code === former.successor.code
      ? `${field}: ${former.name} (${former.code}) was renamed in ${former.changedIn}: it is ${divisionFullName(former.successor)} (${former.successor.code})`
      : `${field}: ${former.name} (${former.code}) no longer exists: since ${former.changedIn} it is ${divisionFullName(former.successor)} (${former.successor.code})`,
    'FORMER_DIVISION',
  );
}

/**
 * A current division from its six-digit code or its name (蓟州区, 三河市, 天津市蓟州区, 河北省廊坊市三河市). A former one
 * is refused naming its successor; a code or name the table does not hold is refused as unknown.
 */
export function requireDivision(field: string, value: string): Division {
  const text = (value ?? '').trim();
  if (/^\d{6}$/.test(text)) {
    const division = DIVISIONS.get(text);
    if (division) return division;
    const former = FORMER_DIVISIONS.get(text);
    if (former) throw formerRefusal(field, former);
    if (!regionFromDivisionCode(text)) throw new DivisionError(field, `${field}: ${text} is not a division of Beijing, Tianjin or Hebei`, 'OUTSIDE_JJJ');
    throw new DivisionError(field, `${field}: ${text} is not a county-level division the hub knows (GB/T 2260)`, 'UNKNOWN_DIVISION');
  }
  const matches = [...DIVISIONS.values()].filter((division) => namesOf(division.name, division.region, division.city).includes(text));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new DivisionError(field, `${field}: ${text} names ${matches.length} divisions (${matches.map((division) => `${divisionFullName(division)} ${division.code}`).join(', ')}); give the code or the full name`, 'AMBIGUOUS_DIVISION');
  }
  const former = FORMER_NAMES.find((division) => namesOf(division.name, division.successor.region, division.successor.city).includes(text));
  if (former) throw formerRefusal(field, former);
  throw new DivisionError(field, `${field}: "${text}" is not a county-level division of Beijing, Tianjin or Hebei the hub knows; give its six-digit GB/T 2260 code`, 'UNKNOWN_DIVISION');
}
