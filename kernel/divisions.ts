/**
 * County-level administrative divisions (GB/T 2260) of Beijing, Tianjin and Hebei that records name as places — a
 * geographical indication's protection area, an inspection's district. Beijing's and Tianjin's districts are all here;
 * Hebei's 167 county-level units are listed where the hub's records need them (extend the table when a record needs
 * another: an unknown code is refused, not guessed). Divisions abolished or renamed are kept with their successor, so
 * that a former name (蓟县, before 2016) is refused pointing to the current one (蓟州区).
 */
import { KernelValidationError } from './errors';
import { regionFromDivisionCode, REGION_FULL_CHINESE_NAMES, type RegionCode } from './regions';

export interface Division {
  code: string;
  /** e.g. 蓟州区, 三河市 */
  name: string;
  /** Prefecture-level city for Hebei's counties (e.g. 廊坊市); absent for Beijing's and Tianjin's districts. */
  city?: string;
  region: RegionCode;
}

const BEIJING = '110101 东城区,110102 西城区,110105 朝阳区,110106 丰台区,110107 石景山区,110108 海淀区,110109 门头沟区,110111 房山区,110112 通州区,110113 顺义区,110114 昌平区,110115 大兴区,110116 怀柔区,110117 平谷区,110118 密云区,110119 延庆区';
const TIANJIN = '120101 和平区,120102 河东区,120103 河西区,120104 南开区,120105 河北区,120106 红桥区,120110 东丽区,120111 西青区,120112 津南区,120113 北辰区,120114 武清区,120115 宝坻区,120116 滨海新区,120117 宁河区,120118 静海区,120119 蓟州区';
const HEBEI: Readonly<Record<string, string>> = {
  石家庄市: '130102 长安区,130104 桥西区,130105 新华区,130108 裕华区,130109 藁城区,130133 赵县,130183 晋州市',
  唐山市: '130202 路南区,130203 路北区,130208 丰润区,130227 迁西县,130281 遵化市,130283 迁安市',
  秦皇岛市: '130302 海港区,130321 青龙满族自治县,130322 昌黎县,130324 卢龙县',
  邯郸市: '130402 邯山区,130403 丛台区,130481 武安市',
  邢台市: '130502 襄都区,130522 临城县,130523 内丘县,130532 平乡县',
  保定市: '130602 竞秀区,130606 莲池区,130632 安新县,130684 高碑店市',
  张家口市: '130702 桥东区,130705 宣化区,130730 怀来县,130731 涿鹿县',
  承德市: '130802 双桥区,130821 承德县,130822 兴隆县,130824 滦平县,130825 隆化县,130827 宽城满族自治县,130881 平泉市',
  沧州市: '130903 运河区,130921 沧县,130929 献县,130981 泊头市,130983 黄骅市',
  廊坊市: '131003 广阳区,131024 香河县,131028 大厂回族自治县,131081 霸州市,131082 三河市',
  衡水市: '131102 桃城区,131125 安平县,131182 深州市',
};

/** Former divisions: code, name, the successor's code and the year it changed. */
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
];

function parse(list: string, region: RegionCode, city?: string): Division[] {
  return list.split(',').map((entry) => {
    const [code, name] = entry.split(' ');
    return { code: code!, name: name!, region, ...(city ? { city } : {}) };
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

export const FORMER_DIVISIONS: ReadonlyMap<string, FormerDivision> = new Map(
  FORMER.map(([code, name, successor, changedIn]) => [code, { code, name, successor: DIVISIONS.get(successor)!, changedIn }]),
);

/** e.g. 天津市蓟州区, 河北省廊坊市三河市. */
export function divisionFullName(division: Division): string {
  return `${REGION_FULL_CHINESE_NAMES[division.region]}${division.city ?? ''}${division.name}`;
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
    `${field}: ${former.name} (${former.code}) no longer exists: since ${former.changedIn} it is ${divisionFullName(former.successor)} (${former.successor.code})`,
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
  const matches = [...DIVISIONS.values()].filter((division) => division.name === text || divisionFullName(division) === text || `${division.city ?? ''}${division.name}` === text);
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new DivisionError(field, `${field}: ${text} names ${matches.length} divisions (${matches.map((division) => `${divisionFullName(division)} ${division.code}`).join(', ')}); give the code or the full name`, 'AMBIGUOUS_DIVISION');
  }
  const former = [...FORMER_DIVISIONS.values()].find((division) => division.name === text || `天津市${division.name}` === text || `北京市${division.name}` === text);
  if (former) throw formerRefusal(field, former);
  throw new DivisionError(field, `${field}: "${text}" is not a county-level division of Beijing, Tianjin or Hebei the hub knows; give its six-digit GB/T 2260 code`, 'UNKNOWN_DIVISION');
}
