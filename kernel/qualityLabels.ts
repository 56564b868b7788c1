/**
 * Enum values and Chinese labels of the quality-infrastructure records (issue 21): proficiency-testing rounds,
 * geographical indications and their inspections, joint licence reviews. Keyed by the GraphQL enum values.
 */
import { enumObject } from './enumValues';

/** 检测领域 of a proficiency-testing round. */
export const TESTING_FIELDS = ['FOOD', 'AGRICULTURAL', 'ELECTRICAL', 'TEXTILE', 'CHEMICAL', 'BUILDING_MATERIALS', 'ENVIRONMENT', 'MECHANICAL'] as const;
export type TestingField = (typeof TESTING_FIELDS)[number];
export const TestingField = enumObject(TESTING_FIELDS);
export const TESTING_FIELD_LABELS: Readonly<Record<TestingField, string>> = {
  FOOD: '食品检测',
  AGRICULTURAL: '农产品检测',
  ELECTRICAL: '电器安全检测',
  TEXTILE: '纺织品检测',
  CHEMICAL: '化学分析',
  BUILDING_MATERIALS: '建筑材料检测',
  ENVIRONMENT: '环境检测',
  MECHANICAL: '机械性能检测',
};

/** A round collects results, then its report is published (results are final then). */
export const COMPARISON_STATUSES = ['OPEN', 'REPORT_PUBLISHED'] as const;
export type ComparisonStatus = (typeof COMPARISON_STATUSES)[number];
export const COMPARISON_STATUS_LABELS: Readonly<Record<ComparisonStatus, string>> = {
  OPEN: '结果征集中',
  REPORT_PUBLISHED: '报告已发布',
};

/** 能力验证计划 / 实验室间比对. */
export const COMPARISON_SCHEMES = ['PROFICIENCY_TESTING', 'INTERLABORATORY_COMPARISON'] as const;
export type ComparisonScheme = (typeof COMPARISON_SCHEMES)[number];
export const COMPARISON_SCHEME_LABELS: Readonly<Record<ComparisonScheme, string>> = {
  PROFICIENCY_TESTING: '能力验证',
  INTERLABORATORY_COMPARISON: '实验室间比对',
};

/** The outcome of one participant: its z-score's class, or no result yet. */
export const PARTICIPANT_OUTCOMES = ['PENDING', 'SATISFACTORY', 'QUESTIONABLE', 'UNSATISFACTORY'] as const;
export type ParticipantOutcome = (typeof PARTICIPANT_OUTCOMES)[number];

export const GEOGRAPHICAL_INDICATION_STATUSES = ['PROTECTED', 'SUSPENDED', 'REVOKED'] as const;
export type GeographicalIndicationStatus = (typeof GEOGRAPHICAL_INDICATION_STATUSES)[number];
export const GEOGRAPHICAL_INDICATION_STATUS_LABELS: Readonly<Record<GeographicalIndicationStatus, string>> = {
  PROTECTED: '保护中',
  SUSPENDED: '暂停保护',
  REVOKED: '已撤销',
};

/** A producer's authorisation to use a GI's special mark (专用标志使用): suspended ↔ authorised; revoked is final. */
export const GI_PRODUCER_STATUSES = ['AUTHORISED', 'SUSPENDED', 'REVOKED'] as const;
export type GiProducerStatus = (typeof GI_PRODUCER_STATUSES)[number];
export const GI_PRODUCER_STATUS_LABELS: Readonly<Record<GiProducerStatus, string>> = {
  AUTHORISED: '准予使用',
  SUSPENDED: '暂停使用',
  REVOKED: '撤销使用',
};

/** Of an inspection of an authorised producer (专用标志使用核查). */
export const INSPECTION_RESULTS = ['CONFORMING', 'RECTIFICATION_REQUIRED', 'NONCONFORMING'] as const;
export type InspectionResult = (typeof INSPECTION_RESULTS)[number];
export const INSPECTION_RESULT_LABELS: Readonly<Record<InspectionResult, string>> = {
  CONFORMING: '符合',
  RECTIFICATION_REQUIRED: '限期整改',
  NONCONFORMING: '不符合',
};

/** applied → panel formed → on-site review → concluded → licence issued / refused. */
export const LICENCE_REVIEW_STATUSES = ['APPLIED', 'PANEL_FORMED', 'ON_SITE_REVIEW', 'CONCLUDED', 'LICENCE_ISSUED', 'LICENCE_REFUSED'] as const;
export type LicenceReviewStatus = (typeof LICENCE_REVIEW_STATUSES)[number];
export const LICENCE_REVIEW_STATUS_LABELS: Readonly<Record<LicenceReviewStatus, string>> = {
  APPLIED: '已申请',
  PANEL_FORMED: '审查组已组建',
  ON_SITE_REVIEW: '现场审查中',
  CONCLUDED: '审查结论已作出',
  LICENCE_ISSUED: '准予许可',
  LICENCE_REFUSED: '不予许可',
};

export const REVIEW_CONCLUSIONS = ['PASS', 'PASS_AFTER_RECTIFICATION', 'FAIL'] as const;
export type ReviewConclusion = (typeof REVIEW_CONCLUSIONS)[number];
export const REVIEW_CONCLUSION_LABELS: Readonly<Record<ReviewConclusion, string>> = {
  PASS: '符合',
  PASS_AFTER_RECTIFICATION: '整改后符合',
  FAIL: '不符合',
};

export const EXAMINER_NOTICE_KINDS = ['COMMENDATION', 'CRITICISM', 'SUSPENSION'] as const;
export type ExaminerNoticeKind = (typeof EXAMINER_NOTICE_KINDS)[number];
export const EXAMINER_NOTICE_KIND_LABELS: Readonly<Record<ExaminerNoticeKind, string>> = {
  COMMENDATION: '通报表扬',
  CRITICISM: '通报批评',
  SUSPENSION: '暂停审查资格',
};

/** Product class of a geographical indication (地理标志产品类别). */
export const GI_PRODUCT_CLASSES = ['FRUIT', 'NUTS', 'GRAIN', 'VEGETABLE', 'LIVESTOCK', 'AQUATIC', 'WINE_AND_SPIRITS', 'HANDICRAFT'] as const;
export type GiProductClass = (typeof GI_PRODUCT_CLASSES)[number];
export const GI_PRODUCT_CLASS_LABELS: Readonly<Record<GiProductClass, string>> = {
  FRUIT: '水果',
  NUTS: '干果',
  GRAIN: '粮油',
  VEGETABLE: '蔬菜',
  LIVESTOCK: '畜禽产品',
  AQUATIC: '水产品',
  WINE_AND_SPIRITS: '酒类',
  HANDICRAFT: '传统工艺品',
};

/** Industrial products under production licence (工业产品生产许可证目录) that the regions review jointly. */
export const LICENCE_PRODUCT_CATEGORIES = ['WIRE_AND_CABLE', 'HAZARDOUS_CHEMICALS', 'FERTILISER', 'CEMENT', 'REBAR', 'FOOD_CONTACT', 'SAFETY_HELMET'] as const;
export type LicenceProductCategory = (typeof LICENCE_PRODUCT_CATEGORIES)[number];
export const LICENCE_PRODUCT_CATEGORY_LABELS: Readonly<Record<LicenceProductCategory, string>> = {
  WIRE_AND_CABLE: '电线电缆',
  HAZARDOUS_CHEMICALS: '危险化学品',
  FERTILISER: '化肥',
  CEMENT: '水泥',
  REBAR: '建筑用钢筋',
  FOOD_CONTACT: '食品相关产品',
  SAFETY_HELMET: '特种劳动防护用品',
};

export const EXAMINER_ROLES = ['LEADER', 'MEMBER'] as const;
export type ExaminerRole = (typeof EXAMINER_ROLES)[number];
export const EXAMINER_ROLE_LABELS: Readonly<Record<ExaminerRole, string>> = { LEADER: '审查组长', MEMBER: '审查员' };

/** Event types of the comparisonReportPublished and licenceReviewConcluded subscriptions. */
export const COMPARISON_REPORT_EVENT_TYPE_LABELS: Readonly<Record<'REPORT_PUBLISHED', string>> = { REPORT_PUBLISHED: '比对报告发布' };
export const LICENCE_REVIEW_EVENT_TYPE_LABELS: Readonly<Record<'CONCLUDED' | 'LICENCE_ISSUED' | 'LICENCE_REFUSED', string>> = {
  CONCLUDED: '审查结论作出',
  LICENCE_ISSUED: '准予许可',
  LICENCE_REFUSED: '不予许可',
};
