/**
 * Chinese text for every enum value the page shows, from the shared labels in kernel/. Typing each map by the
 * generated enum makes a new schema value without a label a compile error, so no code reaches the reader.
 */
import type {
  ComplaintCategory,
  HazardType,
  ProductCategory,
  RecallChangeEventType,
  RecallEventType,
  RecallRemedy,
  RecallStatus,
  Region,
  RiskAlertEventType,
  RiskAlertStatus,
  RiskLevel,
  RiskSource,
} from '../../clients/generated/graphql';
import { COMPLAINT_CATEGORIES, COMPLAINT_CATEGORY_LABELS, PRODUCT_CATEGORIES, PRODUCT_CATEGORY_LABELS } from '../../kernel/categories';
import {
  HAZARD_TYPE_LABELS,
  RECALL_CHANGE_EVENT_TYPE_LABELS,
  RECALL_EVENT_TYPE_LABELS,
  RECALL_REMEDY_LABELS,
  RECALL_STATUS_LABELS,
  RISK_ALERT_EVENT_TYPE_LABELS,
  RISK_ALERT_STATUS_LABELS,
  RISK_LEVEL_LABELS,
  RISK_SOURCE_LABELS,
} from '../../kernel/recordLabels';
import { ALL_REGION_CODES, REGION_CHINESE_NAMES, regionCodeOf, type RegionCode } from '../../kernel/regions';

const productCategoryLabels: Readonly<Record<ProductCategory, string>> = PRODUCT_CATEGORY_LABELS;
const complaintCategoryLabels: Readonly<Record<ComplaintCategory, string>> = COMPLAINT_CATEGORY_LABELS;
const riskLevelLabels: Readonly<Record<RiskLevel, string>> = RISK_LEVEL_LABELS;
const hazardTypeLabels: Readonly<Record<HazardType, string>> = HAZARD_TYPE_LABELS;
const riskSourceLabels: Readonly<Record<RiskSource, string>> = RISK_SOURCE_LABELS;
const riskAlertStatusLabels: Readonly<Record<RiskAlertStatus, string>> = RISK_ALERT_STATUS_LABELS;
const recallStatusLabels: Readonly<Record<RecallStatus, string>> = RECALL_STATUS_LABELS;
const recallRemedyLabels: Readonly<Record<RecallRemedy, string>> = RECALL_REMEDY_LABELS;
const recallEventTypeLabels: Readonly<Record<RecallEventType, string>> = RECALL_EVENT_TYPE_LABELS;
const riskAlertEventTypeLabels: Readonly<Record<RiskAlertEventType, string>> = RISK_ALERT_EVENT_TYPE_LABELS;
const recallChangeEventTypeLabels: Readonly<Record<RecallChangeEventType, string>> = RECALL_CHANGE_EVENT_TYPE_LABELS;

export const REGION_CODES_IN_ORDER: readonly RegionCode[] = ALL_REGION_CODES;
export const PRODUCT_CATEGORIES_IN_ORDER: readonly ProductCategory[] = PRODUCT_CATEGORIES;
export const COMPLAINT_CATEGORIES_IN_ORDER: readonly ComplaintCategory[] = COMPLAINT_CATEGORIES;
export const RISK_LEVELS_IN_ORDER: readonly RiskLevel[] = ['LOW', 'MEDIUM', 'HIGH', 'SEVERE'];

export const regionCodeLabel = (code: RegionCode): string => REGION_CHINESE_NAMES[code];
export const regionLabel = (region: Region): string => REGION_CHINESE_NAMES[regionCodeOf(region)];
export const productCategoryLabel = (category: ProductCategory): string => productCategoryLabels[category];
export const complaintCategoryLabel = (category: ComplaintCategory): string => complaintCategoryLabels[category];
export const riskLevelLabel = (level: RiskLevel): string => riskLevelLabels[level];
export const hazardTypeLabel = (hazard: HazardType): string => hazardTypeLabels[hazard];
export const riskSourceLabel = (source: RiskSource): string => riskSourceLabels[source];
export const riskAlertStatusLabel = (status: RiskAlertStatus): string => riskAlertStatusLabels[status];
export const recallStatusLabel = (status: RecallStatus): string => recallStatusLabels[status];
export const recallRemedyLabel = (remedy: RecallRemedy): string => recallRemedyLabels[remedy];
export const recallEventTypeLabel = (type: RecallEventType): string => recallEventTypeLabels[type];
export const riskAlertEventTypeLabel = (type: RiskAlertEventType): string => riskAlertEventTypeLabels[type];
export const recallChangeEventTypeLabel = (type: RecallChangeEventType): string => recallChangeEventTypeLabels[type];
