import { registerEnumType } from 'type-graphql';
import {
  ASSISTANCE_STATUSES,
  ASSISTANCE_TYPES,
  CASE_PARTY_KINDS,
  COMPLAINT_CATEGORIES,
  CONTRACT_CATEGORIES,
  ENFORCEMENT_CASE_STATUSES,
  ENFORCEMENT_DOMAINS,
  EXTENSION_DECISIONS,
  LICENCE_MEASURES,
  PRODUCT_CATEGORIES,
  enumObject,
} from '../../../kernel';
import {
  COMPLAINT_CHANNELS,
  COMPLAINT_STATUSES,
  CONTRACT_TEMPLATE_STATUSES,
  ENDORSEMENT_DECISIONS,
  HAZARD_TYPES,
  RECALL_REMEDIES,
  RECALL_STATUSES,
  RISK_ALERT_STATUSES,
  RISK_LEVELS,
  RISK_SOURCES,
} from '../model';
import { StatisticsDimension } from '../data/groupStatistics';
import { OrderDirection } from '../data/orderBy';

// Plain enums of the data layer; the GraphQL layer imports them from here, so they are registered before use.
export { OrderDirection, StatisticsDimension };

/** GraphQL `Region` enum: the names are BEIJING/TIANJIN/HEBEI, the values the region codes stored in documents. */
export enum Region {
  BEIJING = 'BJ',
  TIANJIN = 'TJ',
  HEBEI = 'HE',
}
registerEnumType(Region, { name: 'Region', description: 'Jing-Jin-Ji region (ISO 3166-2:CN codes BJ, TJ, HE)' });
registerEnumType(OrderDirection, { name: 'OrderDirection' });
registerEnumType(StatisticsDimension, {
  name: 'StatisticsDimension',
  description: 'What statistics are grouped by; MONTH is the calendar month in Asia/Shanghai time, LEVEL applies to risk alerts only, TARGET_REGION to assistance requests only; CATEGORY is an enforcement case\'s domain and an assistance request\'s type.',
});

function register<const T extends readonly string[]>(values: T, name: string, description?: string) {
  const object = enumObject(values);
  registerEnumType(object, { name, description });
  return object;
}

export const ProductCategoryEnum = register(PRODUCT_CATEGORIES, 'ProductCategory', '产品类别');
export const ContractCategoryEnum = register(CONTRACT_CATEGORIES, 'ContractCategory', '合同类别');
export const ComplaintCategoryEnum = register(COMPLAINT_CATEGORIES, 'ComplaintCategory', '投诉类别');
export const HazardTypeEnum = register(HAZARD_TYPES, 'HazardType', '危害类型');
export const RiskLevelEnum = register(RISK_LEVELS, 'RiskLevel', '风险等级, LOW < MEDIUM < HIGH < SEVERE');
export const RiskSourceEnum = register(RISK_SOURCES, 'RiskSource', '风险信息来源');
export const RiskAlertStatusEnum = register(RISK_ALERT_STATUSES, 'RiskAlertStatus');
export const RecallRemedyEnum = register(RECALL_REMEDIES, 'RecallRemedy', '召回措施');
export const RecallStatusEnum = register(RECALL_STATUSES, 'RecallStatus');
export const ContractTemplateStatusEnum = register(CONTRACT_TEMPLATE_STATUSES, 'ContractTemplateStatus');
export const EndorsementDecisionEnum = register(ENDORSEMENT_DECISIONS, 'EndorsementDecision');
export const ComplaintChannelEnum = register(COMPLAINT_CHANNELS, 'ComplaintChannel');
export const ComplaintStatusEnum = register(COMPLAINT_STATUSES, 'ComplaintStatus');
export const EnforcementDomainEnum = register(ENFORCEMENT_DOMAINS, 'EnforcementDomain', '执法领域');
export const EnforcementCaseStatusEnum = register(ENFORCEMENT_CASE_STATUSES, 'EnforcementCaseStatus', '案件状态: 立案 → 调查 → 处罚决定/不予处罚 → 结案, or 移送公安');
export const CasePartyKindEnum = register(CASE_PARTY_KINDS, 'CasePartyKind', '当事人类型');
export const LicenceMeasureEnum = register(LICENCE_MEASURES, 'LicenceMeasure', '资格罚');
export const AssistanceTypeEnum = register(ASSISTANCE_TYPES, 'AssistanceType', '协查类型');
export const AssistanceStatusEnum = register(ASSISTANCE_STATUSES, 'AssistanceStatus', '协查状态: 已发送 → 已接收 → 已回复 → 已办结, or 已退回');
export const ExtensionDecisionEnum = register(EXTENSION_DECISIONS, 'ExtensionDecision', '延期申请结果');
