import { registerEnumType } from 'type-graphql';
import { COMPLAINT_CATEGORIES, CONTRACT_CATEGORIES, PRODUCT_CATEGORIES, enumObject } from '../../../kernel';
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
  description: 'What statistics are grouped by; MONTH is the calendar month in Asia/Shanghai time, LEVEL applies to risk alerts only.',
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
