import { enumObject } from './enumValues';
import { REGION_ABBREVIATIONS } from './formats';
import type { RegionCode } from './regions';
import { shanghaiYear, type WorkingDayCalendar, type WorkingDayDeadline } from './time';

/**
 * Enforcement cooperation (执法协作) of the three regions: the vocabulary of cases (执法案件) and assistance requests
 * (协查请求), the official case number and the reply deadline in working days. Pure; "now" and the calendar are passed in.
 */

// ─── Enforcement cases ───────────────────────────────────────────────────────────────────────────────────────────────

/** The enforcement domains of the cooperation agreements (seed plan 十一, 十三, 十四, 二). */
export const ENFORCEMENT_DOMAINS = ['ADVERTISING', 'UNFAIR_COMPETITION', 'PYRAMID_SELLING', 'ONLINE_TRADE', 'TRADEMARK', 'PRODUCT_QUALITY'] as const;
export type EnforcementDomain = (typeof ENFORCEMENT_DOMAINS)[number];
export const EnforcementDomain = enumObject(ENFORCEMENT_DOMAINS);

export const ENFORCEMENT_DOMAIN_LABELS: Readonly<Record<EnforcementDomain, string>> = {
  ADVERTISING: '广告监管',
  UNFAIR_COMPETITION: '反不正当竞争',
  PYRAMID_SELLING: '打击传销',
  ONLINE_TRADE: '网络交易监管',
  TRADEMARK: '商标执法',
  PRODUCT_QUALITY: '产品质量（假冒伪劣）',
};

/** The character a bureau puts in its penalty decision numbers for the domain (津市监广罚, 京市监网罚…). */
export const ENFORCEMENT_DOMAIN_NUMBER_CODES: Readonly<Record<EnforcementDomain, string>> = {
  ADVERTISING: '广',
  UNFAIR_COMPETITION: '竞',
  PYRAMID_SELLING: '传',
  ONLINE_TRADE: '网',
  TRADEMARK: '商',
  PRODUCT_QUALITY: '质',
};

/** 立案 → 调查 → 处罚决定 / 不予处罚 → 结案, or 移送公安 (a crime: the case leaves the bureau). */
export const ENFORCEMENT_CASE_STATUSES = ['FILED', 'INVESTIGATING', 'PENALTY_DECIDED', 'NO_PENALTY', 'CLOSED', 'REFERRED_TO_POLICE'] as const;
export type EnforcementCaseStatus = (typeof ENFORCEMENT_CASE_STATUSES)[number];
export const EnforcementCaseStatus = enumObject(ENFORCEMENT_CASE_STATUSES);

export const ENFORCEMENT_CASE_STATUS_LABELS: Readonly<Record<EnforcementCaseStatus, string>> = {
  FILED: '立案',
  INVESTIGATING: '调查',
  PENALTY_DECIDED: '处罚决定',
  NO_PENALTY: '不予处罚',
  CLOSED: '结案',
  REFERRED_TO_POLICE: '移送公安',
};

export const CASE_PARTY_KINDS = ['ENTERPRISE', 'PERSON'] as const;
export type CasePartyKind = (typeof CASE_PARTY_KINDS)[number];
export const CASE_PARTY_KIND_LABELS: Readonly<Record<CasePartyKind, string>> = { ENTERPRISE: '单位', PERSON: '自然人' };

export const LICENCE_MEASURES = ['NONE', 'SUSPEND_BUSINESS', 'REVOKE_LICENCE', 'REVOKE_BUSINESS_LICENCE'] as const;
export type LicenceMeasure = (typeof LICENCE_MEASURES)[number];
export const LICENCE_MEASURE_LABELS: Readonly<Record<LicenceMeasure, string>> = {
  NONE: '无',
  SUSPEND_BUSINESS: '责令停产停业',
  REVOKE_LICENCE: '吊销许可证件',
  REVOKE_BUSINESS_LICENCE: '吊销营业执照',
};

/**
 * A penalty decision number (行政处罚决定书文号) such as `津市监广罚〔2026〕12号`: the bureau's region abbreviation, its
 * short name (市监, 朝市监…), the domain character, 罚, the year in 六角括号 〔〕 and the serial. The first character is
 * the owning region: a key (contract/keys.ts caseNumberOwner).
 */
const CASE_NUMBER = /^([京津冀])([\u4e00-\u9fa5]{1,8})罚〔(\d{4})〕([1-9]\d{0,7})号$/;

export const CASE_NUMBER_EXAMPLE = '津市监广罚〔2026〕12号';

export interface CaseNumberParts {
  region: RegionCode;
  /** What stands between the abbreviation and 罚, e.g. 市监广. */
  bureau: string;
  year: number;
  serial: number;
}

export function formatCaseNumber(region: RegionCode, domain: EnforcementDomain, year: number, serial: number): string {
  return `${REGION_ABBREVIATIONS[region]}市监${ENFORCEMENT_DOMAIN_NUMBER_CODES[domain]}罚〔${year}〕${serial}号`;
}

export function parseCaseNumber(value: unknown): CaseNumberParts | null {
  if (typeof value !== 'string') return null;
  const match = CASE_NUMBER.exec(value.trim());
  if (!match) return null;
  const region = (Object.keys(REGION_ABBREVIATIONS) as RegionCode[]).find((code) => REGION_ABBREVIATIONS[code] === match[1])!;
  return { region, bureau: match[2]!, year: Number(match[3]), serial: Number(match[4]) };
}

/** The region whose bureau gave a case number (its first character), or null when it is not one. */
export function regionOfCaseNumber(value: unknown): RegionCode | null {
  return parseCaseNumber(value)?.region ?? null;
}

/** Why `value` is not a case number `region` may give to a case filed at `filedAt`, or null. */
export function caseNumberProblem(value: string, region: RegionCode, filedAt: Date): string | null {
  const parts = parseCaseNumber(value);
  if (!parts) return `案件编号格式应为「${CASE_NUMBER_EXAMPLE}」: "${value}" is not a case number of the form <京|津|冀>…罚〔YYYY〕N号`;
  if (parts.region !== region) return `案件编号简称应为「${REGION_ABBREVIATIONS[region]}」: "${value}" carries the abbreviation of another region, but the case is filed by ${region}`;
  const year = shanghaiYear(filedAt);
  if (parts.year > year || parts.year < year - 1) return `案件编号年份不合理: the year ${parts.year} in "${value}" must be the filing year ${year} or the year before`;
  return null;
}

// ─── Assistance requests ─────────────────────────────────────────────────────────────────────────────────────────────

export const ASSISTANCE_TYPES = ['VERIFY_REGISTRATION', 'COLLECT_EVIDENCE', 'SERVE_DOCUMENTS', 'IDENTIFY_STORE_OPERATOR', 'TRANSFER_CLUE'] as const;
export type AssistanceType = (typeof ASSISTANCE_TYPES)[number];
export const AssistanceType = enumObject(ASSISTANCE_TYPES);

export const ASSISTANCE_TYPE_LABELS: Readonly<Record<AssistanceType, string>> = {
  VERIFY_REGISTRATION: '核查登记信息',
  COLLECT_EVIDENCE: '协助调查取证',
  SERVE_DOCUMENTS: '协助送达文书',
  IDENTIFY_STORE_OPERATOR: '核查网店经营者',
  TRANSFER_CLUE: '案件线索移送',
};

/** Default reply period of a request, in working days. */
export const DEFAULT_ASSISTANCE_REPLY_WORKING_DAYS = 15;

/** Reply period per type (working days): serving documents is quicker; the default elsewhere. */
export const ASSISTANCE_REPLY_WORKING_DAYS: Readonly<Record<AssistanceType, number>> = {
  VERIFY_REGISTRATION: DEFAULT_ASSISTANCE_REPLY_WORKING_DAYS,
  COLLECT_EVIDENCE: DEFAULT_ASSISTANCE_REPLY_WORKING_DAYS,
  SERVE_DOCUMENTS: 10,
  IDENTIFY_STORE_OPERATOR: DEFAULT_ASSISTANCE_REPLY_WORKING_DAYS,
  TRANSFER_CLUE: DEFAULT_ASSISTANCE_REPLY_WORKING_DAYS,
};

/** An extension adds at most this many working days at a time. */
export const MAX_ASSISTANCE_EXTENSION_WORKING_DAYS = 15;

/** sent → accepted → replied → closed, or declined with a reason. */
export const ASSISTANCE_STATUSES = ['SENT', 'ACCEPTED', 'REPLIED', 'CLOSED', 'DECLINED'] as const;
export type AssistanceStatus = (typeof ASSISTANCE_STATUSES)[number];
export const AssistanceStatus = enumObject(ASSISTANCE_STATUSES);

export const ASSISTANCE_STATUS_LABELS: Readonly<Record<AssistanceStatus, string>> = {
  SENT: '已发送',
  ACCEPTED: '已接收',
  REPLIED: '已回复',
  CLOSED: '已办结',
  DECLINED: '已退回',
};

/** Statuses in which the target region still owes a reply (the deadline runs). */
export const OPEN_ASSISTANCE_STATUSES: readonly AssistanceStatus[] = ['SENT', 'ACCEPTED'];

export const EXTENSION_DECISIONS = ['PENDING', 'GRANTED', 'REFUSED'] as const;
export type ExtensionDecision = (typeof EXTENSION_DECISIONS)[number];

/** The reply deadline of a request of `type` sent at `sentAt`, with `workingDays` overriding the type's period. */
export function assistanceReplyDeadline(sentAt: Date, type: AssistanceType, calendar: WorkingDayCalendar, workingDays = ASSISTANCE_REPLY_WORKING_DAYS[type]): WorkingDayDeadline {
  return calendar.deadline(sentAt, workingDays);
}

/** Past its reply deadline with no reply yet. */
export function isAssistanceOverdue(request: { status: AssistanceStatus; replyDeadline: Date }, now: Date): boolean {
  return OPEN_ASSISTANCE_STATUSES.includes(request.status) && request.replyDeadline.getTime() < now.getTime();
}

