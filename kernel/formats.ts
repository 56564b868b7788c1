import { REGION_CHINESE_NAMES, type RegionCode } from './regions';
import { shanghaiYear } from './time';

/**
 * Official formats the hub checks at its edge (recall numbers, telephone numbers, resident ID numbers, business dates)
 * and the personal-data patterns found inside free text. Pure: every "now" is passed in (platform/clock.ts gives it).
 */

// ─── Recall numbers ──────────────────────────────────────────────────────────────────────────────────────────────────

/** The one-character abbreviation (简称) each region's bureau puts before its document numbers: 京召字, 津召字, 冀召字. */
export const REGION_ABBREVIATIONS: Readonly<Record<RegionCode, string>> = { BJ: '京', TJ: '津', HE: '冀' };

/** `津召字〔2026〕第12号`: abbreviation, 召字, the year in 六角括号 〔〕, 第 serial 号 (1–8 digits, no leading zero). */
const RECALL_NUMBER = /^([京津冀])召字〔(\d{4})〕第([1-9]\d{0,7})号$/;

export interface RecallNumberParts {
  region: RegionCode;
  year: number;
  serial: number;
}

export const RECALL_NUMBER_EXAMPLE = '津召字〔2026〕第12号';

export function formatRecallNumber(parts: RecallNumberParts): string {
  return `${REGION_ABBREVIATIONS[parts.region]}召字〔${parts.year}〕第${parts.serial}号`;
}

export function parseRecallNumber(value: unknown): RecallNumberParts | null {
  if (typeof value !== 'string') return null;
  const match = RECALL_NUMBER.exec(value.trim());
  if (!match) return null;
  const region = (Object.keys(REGION_ABBREVIATIONS) as RegionCode[]).find((code) => REGION_ABBREVIATIONS[code] === match[1])!;
  return { region, year: Number(match[2]), serial: Number(match[3]) };
}

/**
 * Why `value` is not a recall number `region` may give to a recall announced at `announcedAt`, or null: the official
 * form, the owning region's abbreviation, and a year that is the announcement's (Shanghai) year or the one before
 * (a plan filed in late December and announced in January).
 */
export function recallNumberProblem(value: string, region: RegionCode, announcedAt: Date): string | null {
  const parts = parseRecallNumber(value);
  if (!parts) return `召回编号格式应为「${RECALL_NUMBER_EXAMPLE}」: "${value}" is not a recall number of the form <京|津|冀>召字〔YYYY〕第N号`;
  if (parts.region !== region) {
    return `召回编号简称应为「${REGION_ABBREVIATIONS[region]}」: "${value}" carries the abbreviation of ${REGION_CHINESE_NAMES[parts.region]}, but the recall is published by ${REGION_CHINESE_NAMES[region]} (${region})`;
  }
  const announcedYear = shanghaiYear(announcedAt);
  if (parts.year > announcedYear || parts.year < announcedYear - 1) {
    return `召回编号年份不合理: the year ${parts.year} in "${value}" must be the announcement's year ${announcedYear} or the year before`;
  }
  return null;
}

// ─── Telephone numbers ──────────────────────────────────────────────────────────────────────────────────────────────

/** A mainland mobile number: 11 digits 1[3-9]…, optionally +86/0086 and spaces or hyphens between the 3-4-4 groups. */
const MOBILE = /^(?:(?:\+|00)86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}$/;
/**
 * A fixed line: area code (010, 02X, or 0 and three digits such as 0311) and a local number of 7 or 8 digits not
 * starting with 0, the area code optionally in brackets or followed by a hyphen or space, an extension optionally
 * after -, 转 or ext.
 */
const LANDLINE = /^(?:\(0(?:10|2\d|[3-9]\d{2})\)|（0(?:10|2\d|[3-9]\d{2})）|0(?:10|2\d|[3-9]\d{2})[\s-]?)[1-9]\d{6,7}(?:(?:-|转|ext\.?\s?)\d{1,6})?$/;
/** 400 and 800 service numbers (企业客服热线), 10 digits: 400-xxx-xxxx. */
const SERVICE_NUMBER = /^[48]00[\s-]?\d{3}[\s-]?\d{4}$/;

export type PhoneKind = 'MOBILE' | 'LANDLINE' | 'SERVICE';

/** What kind of mainland telephone number `value` is, or null. */
export function phoneKindOf(value: unknown): PhoneKind | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (MOBILE.test(text)) return 'MOBILE';
  if (LANDLINE.test(text)) return 'LANDLINE';
  if (SERVICE_NUMBER.test(text)) return 'SERVICE';
  return null;
}

// ─── Resident ID numbers (GB 11643-1999) ─────────────────────────────────────────────────────────────────────────────

const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_ID_CHECK = '10X98765432';

/** An 18-character resident identity card number whose ISO 7064 MOD 11-2 check character is right. */
export function isResidentIdNumber(candidate: string): boolean {
  if (!/^[1-9]\d{16}[\dXx]$/.test(candidate)) return false;
  const sum = RESIDENT_ID_WEIGHTS.reduce((total, weight, index) => total + weight * Number(candidate[index]), 0);
  return RESIDENT_ID_CHECK[sum % 11] === candidate[17]!.toUpperCase();
}

// ─── Personal data inside free text ──────────────────────────────────────────────────────────────────────────────────

/** A mainland mobile number inside text, optionally with +86 and spaces or hyphens between its groups (not inside a longer number). */
export const MOBILE_IN_TEXT = /(?<![0-9])(?:(?:\+|00)?86[\s-]?)?1[3-9][0-9](?:[\s-]?[0-9]{4}){2}(?![0-9])/g;
/** Candidates for a resident ID number inside text; the check character decides (a credit code or order number rarely passes). */
export const RESIDENT_ID_IN_TEXT = /(?<![0-9A-Za-z])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])/g;
/** An e-mail address inside text (ASCII local part and domain with a dot). */
export const EMAIL_IN_TEXT = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])/g;

// ─── Business dates ─────────────────────────────────────────────────────────────────────────────────────────────────

/** How far ahead of "now" a business date may be: the clocks of a bureau's PC and the hub differ a little. */
export const RECORD_DATE_SKEW_MS = 5 * 60_000;

/** The earliest business date a record may carry when records may be at most `maxAgeYears` old. */
export function oldestRecordDate(now: Date, maxAgeYears: number): Date {
  const oldest = new Date(now.getTime());
  oldest.setUTCFullYear(oldest.getUTCFullYear() - maxAgeYears);
  return oldest;
}

/** Why `date` is not a business date a record can carry at `now`, or null; `reason` tells a client which bound. */
export function recordDateProblem(date: Date, now: Date, maxAgeYears: number): { reason: 'IN_FUTURE' | 'TOO_OLD'; message: string } | null {
  if (date.getTime() > now.getTime() + RECORD_DATE_SKEW_MS) {
    return { reason: 'IN_FUTURE', message: `${date.toISOString()} is in the future (now is ${now.toISOString()}; at most ${RECORD_DATE_SKEW_MS / 60_000} minutes ahead are accepted)` };
  }
  const oldest = oldestRecordDate(now, maxAgeYears);
  if (date.getTime() < oldest.getTime()) {
    return { reason: 'TOO_OLD', message: `${date.toISOString()} is more than ${maxAgeYears} years ago (the oldest accepted is ${oldest.toISOString()}, MAX_RECORD_AGE_YEARS)` };
  }
  return null;
}

// ─── Provinces (GB/T 2260 first two digits), for businesses outside Jing-Jin-Ji ───────────────────────────────────────

export const PROVINCE_NAMES: Readonly<Record<string, string>> = {
  '11': '北京市', '12': '天津市', '13': '河北省', '14': '山西省', '15': '内蒙古自治区',
  '21': '辽宁省', '22': '吉林省', '23': '黑龙江省',
  '31': '上海市', '32': '江苏省', '33': '浙江省', '34': '安徽省', '35': '福建省', '36': '江西省', '37': '山东省',
  '41': '河南省', '42': '湖北省', '43': '湖南省', '44': '广东省', '45': '广西壮族自治区', '46': '海南省',
  '50': '重庆市', '51': '四川省', '52': '贵州省', '53': '云南省', '54': '西藏自治区',
  '61': '陕西省', '62': '甘肃省', '63': '青海省', '64': '宁夏回族自治区', '65': '新疆维吾尔自治区',
  '71': '台湾省', '81': '香港特别行政区', '82': '澳门特别行政区',
};

/** The province (or equivalent) a GB/T 2260 division code belongs to, or null for an unknown prefix. */
export function provinceOfDivisionCode(divisionCode: string): string | null {
  return PROVINCE_NAMES[divisionCode.slice(0, 2)] ?? null;
}
