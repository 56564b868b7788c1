/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type ComplaintBusinessInput = {
  creditCode: string;
  name: string;
};

/** 投诉类别 */
export type ComplaintCategory =
  | 'AFTER_SALES'
  | 'CONTRACT_DISPUTE'
  | 'FALSE_ADVERTISING'
  | 'FOOD_SAFETY'
  | 'ONLINE_SHOPPING'
  | 'PERSONAL_INFORMATION'
  | 'PREPAID_CARD'
  | 'PRICE'
  | 'PRODUCT_QUALITY'
  | 'SERVICE_QUALITY';

export type ComplaintChannel =
  | 'HOTLINE_12315'
  | 'LETTER'
  | 'MINI_PROGRAM'
  | 'VISIT'
  | 'WEB';

export type ComplaintConsumerInput = {
  address: string;
  name: string;
  phone: string;
};

/** Complaint list filter; every given condition must hold */
export type ComplaintFilter = {
  categories?: Array<ComplaintCategory> | null | undefined;
  channels?: Array<ComplaintChannel> | null | undefined;
  /** Business credit code */
  enterpriseCreditCode?: string | null | undefined;
  /** Complaints handled by these regions (e.g. transferred to them) */
  handlingRegions?: Array<Region> | null | undefined;
  /** Only complaints past a statutory deadline that is still open (or only those that are not) */
  overdue?: boolean | null | undefined;
  receivedFrom?: string | null | undefined;
  receivedTo?: string | null | undefined;
  /** Receiving regions (the record owners) to include */
  regions?: Array<Region> | null | undefined;
  statuses?: Array<ComplaintStatus> | null | undefined;
  /** Substring of subject or description */
  text?: string | null | undefined;
};

export type ComplaintStatus =
  | 'ACCEPTED'
  | 'FEEDBACK_GIVEN'
  | 'MEDIATING'
  | 'REGISTERED'
  | 'REJECTED'
  | 'RESOLVED'
  | 'TERMINATED'
  | 'TRANSFERRED';

export type ComplaintStepInput = {
  /** When the step happened; defaults to now */
  at?: string | null | undefined;
  id: string | number;
  /** Note for the timeline (required when rejecting or closing) */
  note?: string | null | undefined;
};

/** A recall plan as filed by the producer (召回计划) */
export type CreateRecallInput = {
  /** Defaults to now */
  announcedAt?: string | null | undefined;
  batches?: Array<string>;
  brand: string;
  defect: string;
  hazard: string;
  manufacturer: RecallManufacturerInput;
  models?: Array<string>;
  productCategory: ProductCategory;
  productName: string;
  productionEnd: string;
  productionStart: string;
  quantityMade: number;
  quantityToRecall: number;
  recallNumber: string;
  remedy: RecallRemedy;
  /** Risk alerts (any region) that led to this recall */
  riskAlertIds?: Array<string | number>;
  salesAreas?: Array<string>;
};

/** 危害类型 */
export type HazardType =
  | 'BURN'
  | 'CHEMICAL'
  | 'CHOKING'
  | 'ELECTRIC_SHOCK'
  | 'EXPLOSION'
  | 'FIRE'
  | 'MECHANICAL'
  | 'OTHER';

export type OrderDirection =
  | 'ASC'
  | 'DESC';

/** 产品类别 */
export type ProductCategory =
  | 'AUTO_PARTS'
  | 'BUILDING_MATERIALS'
  | 'CHILDREN_PRODUCTS'
  | 'COSMETICS'
  | 'ELECTRICAL_ACCESSORIES'
  | 'ELECTRIC_BICYCLE'
  | 'FOOD_CONTACT'
  | 'FURNITURE'
  | 'GAS_APPLIANCES'
  | 'HOUSEHOLD_APPLIANCES'
  | 'TEXTILES'
  | 'TOYS';

export type RecallChangeEventType =
  | 'CANCELLED'
  | 'COMPLETED'
  | 'PUBLISHED'
  | 'UPDATED';

export type RecallContactInput = {
  person: string;
  phone: string;
};

export type RecallEventType =
  | 'PUBLISHED';

/** Recall list filter; every given condition must hold */
export type RecallFilter = {
  announcedFrom?: string | null | undefined;
  announcedTo?: string | null | undefined;
  categories?: Array<ProductCategory> | null | undefined;
  /** Manufacturer unified social credit code */
  enterpriseCreditCode?: string | null | undefined;
  /** Regions to include (all when absent) */
  regions?: Array<Region> | null | undefined;
  remedies?: Array<RecallRemedy> | null | undefined;
  /** Recalls citing this risk alert (any region) */
  riskAlertId?: string | number | null | undefined;
  statuses?: Array<RecallStatus> | null | undefined;
  /** Substring of product name, brand, defect or hazard */
  text?: string | null | undefined;
};

export type RecallManufacturerInput = {
  contact: RecallContactInput;
  creditCode: string;
  name: string;
};

export type RecallOrder = {
  direction?: OrderDirection;
  field?: RecallOrderField;
};

export type RecallOrderField =
  | 'ANNOUNCED_AT'
  | 'ID'
  | 'QUANTITY_TO_RECALL';

/** 召回措施 */
export type RecallRemedy =
  | 'REFUND'
  | 'REPAIR'
  | 'REPLACE'
  | 'STOP_SALE';

export type RecallStatus =
  | 'ANNOUNCED'
  | 'CANCELLED'
  | 'COMPLETED'
  | 'IN_PROGRESS';

export type RecallSubscriptionFilter = {
  categories?: Array<ProductCategory> | null | undefined;
  /** Manufacturer unified social credit code */
  enterpriseCreditCode?: string | null | undefined;
  regions?: Array<Region> | null | undefined;
};

/** Jing-Jin-Ji region (ISO 3166-2:CN codes BJ, TJ, HE) */
export type Region =
  | 'BEIJING'
  | 'HEBEI'
  | 'TIANJIN';

/** A complaint as taken in by the receiving region (登记) */
export type RegisterComplaintInput = {
  /** Yuan, at most two decimals: a string ("3299.50") or a number; 0 when none is claimed */
  amountInDispute: unknown;
  business: ComplaintBusinessInput;
  category: ComplaintCategory;
  channel: ComplaintChannel;
  consumer: ComplaintConsumerInput;
  description: string;
  /** Defaults to now */
  receivedAt?: string | null | undefined;
  subject: string;
};

export type RiskAlertEventType =
  | 'ESCALATED'
  | 'RAISED';

/** Risk alert list filter; every given condition must hold */
export type RiskAlertFilter = {
  categories?: Array<ProductCategory> | null | undefined;
  /** Alerts concerning this enterprise (unified social credit code) */
  enterpriseCreditCode?: string | null | undefined;
  hazardTypes?: Array<HazardType> | null | undefined;
  issuedFrom?: string | null | undefined;
  issuedTo?: string | null | undefined;
  /** Exactly these levels */
  levels?: Array<RiskLevel> | null | undefined;
  /** This level or higher */
  minimumLevel?: RiskLevel | null | undefined;
  /** Alerts that this recall (any region) followed */
  recallId?: string | number | null | undefined;
  /** Regions to include (all when absent) */
  regions?: Array<Region> | null | undefined;
  sources?: Array<RiskSource> | null | undefined;
  statuses?: Array<RiskAlertStatus> | null | undefined;
  /** Substring of title or description */
  text?: string | null | undefined;
};

export type RiskAlertStatus =
  | 'ESCALATED'
  | 'OPEN'
  | 'RESOLVED';

export type RiskAlertSubscriptionFilter = {
  categories?: Array<ProductCategory> | null | undefined;
  enterpriseCreditCode?: string | null | undefined;
  /** Only alerts at or above this level */
  minimumLevel?: RiskLevel | null | undefined;
  regions?: Array<Region> | null | undefined;
};

/** 风险等级, LOW < MEDIUM < HIGH < SEVERE */
export type RiskLevel =
  | 'HIGH'
  | 'LOW'
  | 'MEDIUM'
  | 'SEVERE';

/** 风险信息来源 */
export type RiskSource =
  | 'COMPLAINT'
  | 'INJURY_MONITORING'
  | 'PUBLIC_OPINION'
  | 'SAMPLING';

/** What statistics are grouped by; MONTH is the calendar month in Asia/Shanghai time, LEVEL applies to risk alerts only, TARGET_REGION to assistance requests only; CATEGORY is an enforcement case's domain and an assistance request's type. */
export type StatisticsDimension =
  | 'CATEGORY'
  | 'DAY'
  | 'ENTERPRISE'
  | 'HANDLING_REGION'
  | 'LEVEL'
  | 'MONTH'
  | 'QUARTER'
  | 'RECEIVING_REGION'
  | 'REGION'
  | 'REMEDY'
  | 'SOURCE'
  | 'STATUS'
  | 'TARGET_REGION'
  | 'WEEK'
  | 'YEAR';

export type AnalysisRecallsByMonthQueryVariables = Exact<{
  filter?: RecallFilter | null | undefined;
}>;


export type AnalysisRecallsByMonthQuery = { recallStatistics: Array<{ count: number, key: { region: Region | null, month: string | null } }> | null };

export type AnalysisAlertsByLevelQueryVariables = Exact<{
  filter?: RiskAlertFilter | null | undefined;
}>;


export type AnalysisAlertsByLevelQuery = { riskAlertStatistics: Array<{ count: number, key: { category: string | null, level: string | null } }> | null };

export type AnalysisResolutionTimeQueryVariables = Exact<{
  filter?: ComplaintFilter | null | undefined;
}>;


export type AnalysisResolutionTimeQuery = { complaintStatistics: Array<{ count: number, key: { handlingRegion: Region | null }, durations: { receiptToAcceptance: { workingDays: { count: number, mean: number | null, median: number | null, p90: number | null } }, acceptanceToClosure: { workingDays: { count: number, mean: number | null, median: number | null, p90: number | null } }, receiptToFeedback: { workingDays: { count: number, mean: number | null, median: number | null, p90: number | null } } } | null }> | null };

export type AnalysisOverdueComplaintsQueryVariables = Exact<{
  filter?: ComplaintFilter | null | undefined;
}>;


export type AnalysisOverdueComplaintsQuery = { complaintStatistics: Array<{ count: number, overdue: number | null, key: { handlingRegion: Region | null }, overdueByStage: { acceptance: number, mediation: number, decidedLate: number, closedLate: number } | null }> | null };

export type ComplaintQueryVariables = Exact<{
  id: string | number;
}>;


export type ComplaintQuery = { complaint: { id: string, receivingRegion: Region, handlingRegion: Region, status: ComplaintStatus, acceptDeadline: string, mediationDeadline: string | null, overdue: boolean, consumer: { name: string, phone: string, address: string, masked: boolean }, timeline: Array<{ at: string, status: ComplaintStatus, region: Region, agency: string, note: string }> } | null };

export type RegisterComplaintMutationVariables = Exact<{
  input: RegisterComplaintInput;
}>;


export type RegisterComplaintMutation = { registerComplaint: { id: string, receivingRegion: Region, handlingRegion: Region, status: ComplaintStatus, acceptDeadline: string } };

export type TransferComplaintMutationVariables = Exact<{
  input: ComplaintStepInput;
}>;


export type TransferComplaintMutation = { transferComplaint: { id: string, status: ComplaintStatus } };

export type AcceptComplaintMutationVariables = Exact<{
  input: ComplaintStepInput;
}>;


export type AcceptComplaintMutation = { acceptComplaint: { id: string, status: ComplaintStatus, mediationDeadline: string | null } };

export type PublicRecallSummaryFragment = { id: string, region: Region, recallNumber: string, productName: string, brand: string, productCategory: ProductCategory, remedy: RecallRemedy, status: RecallStatus, announcedAt: string, quantityToRecall: number, manufacturer: { name: string } };

export type PublicRiskAlertSummaryFragment = { id: string, region: Region, title: string, productCategory: ProductCategory, hazardType: HazardType, riskLevel: RiskLevel, source: RiskSource, status: RiskAlertStatus, issuedAt: string };

export type PublicRecallListQueryVariables = Exact<{
  filter?: RecallFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type PublicRecallListQuery = { recalls: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, region: Region, recallNumber: string, productName: string, brand: string, productCategory: ProductCategory, remedy: RecallRemedy, status: RecallStatus, announcedAt: string, quantityToRecall: number, manufacturer: { name: string } } }> } | null };

export type PublicRiskAlertListQueryVariables = Exact<{
  filter?: RiskAlertFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type PublicRiskAlertListQuery = { riskAlerts: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, region: Region, title: string, productCategory: ProductCategory, hazardType: HazardType, riskLevel: RiskLevel, source: RiskSource, status: RiskAlertStatus, issuedAt: string } }> } | null };

export type PublicRecallDetailQueryVariables = Exact<{
  id: string | number;
}>;


export type PublicRecallDetailQuery = { recall: { models: Array<string>, batches: Array<string>, productionStart: string, productionEnd: string, quantityMade: number, salesAreas: Array<string>, defect: string, hazard: string, id: string, region: Region, recallNumber: string, productName: string, brand: string, productCategory: ProductCategory, remedy: RecallRemedy, status: RecallStatus, announcedAt: string, quantityToRecall: number, manufacturer: { creditCode: string, name: string, contact: { person: string, phone: string } }, riskAlerts: Array<{ id: string, region: Region, title: string, productCategory: ProductCategory, hazardType: HazardType, riskLevel: RiskLevel, source: RiskSource, status: RiskAlertStatus, issuedAt: string } | null> } | null };

export type PublicRiskAlertDetailQueryVariables = Exact<{
  id: string | number;
}>;


export type PublicRiskAlertDetailQuery = { riskAlert: { description: string, resolvedAt: string | null, updatedAt: string, id: string, region: Region, title: string, productCategory: ProductCategory, hazardType: HazardType, riskLevel: RiskLevel, source: RiskSource, status: RiskAlertStatus, issuedAt: string, relatedRecalls: Array<{ id: string, region: Region, recallNumber: string, productName: string, brand: string, productCategory: ProductCategory, remedy: RecallRemedy, status: RecallStatus, announcedAt: string, quantityToRecall: number, manufacturer: { name: string } } | null> } | null };

export type PublicRecallPublishedSubscriptionVariables = Exact<{
  filter?: RecallSubscriptionFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type PublicRecallPublishedSubscription = { recallPublished: { cursor: string, type: RecallEventType, region: Region, at: string, recordId: string, recall: { id: string, region: Region, recallNumber: string, productName: string, brand: string, productCategory: ProductCategory, remedy: RecallRemedy, status: RecallStatus, announcedAt: string, quantityToRecall: number, manufacturer: { name: string } } | null } };

export type PublicRecallChangedSubscriptionVariables = Exact<{
  filter?: RecallSubscriptionFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type PublicRecallChangedSubscription = { recallChanged: { cursor: string, type: RecallChangeEventType, region: Region, at: string, recordId: string, matchesFilter: boolean, status: RecallStatus, recall: { id: string, region: Region, recallNumber: string, productName: string, brand: string, productCategory: ProductCategory, remedy: RecallRemedy, status: RecallStatus, announcedAt: string, quantityToRecall: number, manufacturer: { name: string } } | null } };

export type PublicRiskAlertRaisedSubscriptionVariables = Exact<{
  filter?: RiskAlertSubscriptionFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type PublicRiskAlertRaisedSubscription = { riskAlertRaised: { cursor: string, type: RiskAlertEventType, region: Region, at: string, recordId: string, riskAlert: { id: string, region: Region, title: string, productCategory: ProductCategory, hazardType: HazardType, riskLevel: RiskLevel, source: RiskSource, status: RiskAlertStatus, issuedAt: string } | null } };

export type RecallsPageQueryVariables = Exact<{
  filter?: RecallFilter | null | undefined;
  orderBy?: RecallOrder | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type RecallsPageQuery = { recalls: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, region: Region, recallNumber: string, productName: string, productCategory: ProductCategory, announcedAt: string, quantityToRecall: number } }> } | null };

export type RecallWithReferencesQueryVariables = Exact<{
  id: string | number;
}>;


export type RecallWithReferencesQuery = { recall: { id: string, region: Region, productName: string, manufacturerEnterprise: { creditCode: string, name: string, registrationRegion: Region } | null, riskAlerts: Array<{ id: string, region: Region, title: string, riskLevel: RiskLevel } | null> } | null };

export type RecallStatisticsQueryVariables = Exact<{
  groupBy: Array<StatisticsDimension> | StatisticsDimension;
  filter?: RecallFilter | null | undefined;
}>;


export type RecallStatisticsQuery = { recallStatistics: Array<{ count: number, sum: number | null, key: { region: Region | null, category: string | null, status: string | null, month: string | null } }> | null };

export type CreateRecallMutationVariables = Exact<{
  input: CreateRecallInput;
}>;


export type CreateRecallMutation = { createRecall: { id: string, region: Region, recallNumber: string, status: RecallStatus } };

export type RecallPublishedSubscriptionVariables = Exact<{
  filter?: RecallSubscriptionFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type RecallPublishedSubscription = { recallPublished: { cursor: string, type: RecallEventType, region: Region, at: string, recordId: string, recall: { id: string, productName: string, productCategory: ProductCategory, riskAlerts: Array<{ id: string, region: Region, title: string } | null> } | null } };

export const PublicRecallSummaryFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PublicRecallSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ProductRecall"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"recallNumber"}},{"kind":"Field","name":{"kind":"Name","value":"productName"}},{"kind":"Field","name":{"kind":"Name","value":"brand"}},{"kind":"Field","name":{"kind":"Name","value":"productCategory"}},{"kind":"Field","name":{"kind":"Name","value":"remedy"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"announcedAt"}},{"kind":"Field","name":{"kind":"Name","value":"quantityToRecall"}},{"kind":"Field","name":{"kind":"Name","value":"manufacturer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<PublicRecallSummaryFragment, unknown>;
export const PublicRiskAlertSummaryFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PublicRiskAlertSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RiskAlert"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"productCategory"}},{"kind":"Field","name":{"kind":"Name","value":"hazardType"}},{"kind":"Field","name":{"kind":"Name","value":"riskLevel"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"issuedAt"}}]}}]} as unknown as DocumentNode<PublicRiskAlertSummaryFragment, unknown>;
export const AnalysisRecallsByMonthDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AnalysisRecallsByMonth"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RecallFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recallStatistics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"groupBy"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"REGION"},{"kind":"EnumValue","value":"MONTH"}]}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"month"}}]}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}}]} as unknown as DocumentNode<AnalysisRecallsByMonthQuery, AnalysisRecallsByMonthQueryVariables>;
export const AnalysisAlertsByLevelDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AnalysisAlertsByLevel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RiskAlertFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"riskAlertStatistics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"groupBy"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"CATEGORY"},{"kind":"EnumValue","value":"LEVEL"}]}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"level"}}]}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}}]} as unknown as DocumentNode<AnalysisAlertsByLevelQuery, AnalysisAlertsByLevelQueryVariables>;
export const AnalysisResolutionTimeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AnalysisResolutionTime"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ComplaintFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"complaintStatistics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"groupBy"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"HANDLING_REGION"}]}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handlingRegion"}}]}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"durations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"receiptToAcceptance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"workingDays"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"mean"}},{"kind":"Field","name":{"kind":"Name","value":"median"}},{"kind":"Field","name":{"kind":"Name","value":"p90"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"acceptanceToClosure"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"workingDays"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"mean"}},{"kind":"Field","name":{"kind":"Name","value":"median"}},{"kind":"Field","name":{"kind":"Name","value":"p90"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"receiptToFeedback"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"workingDays"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"mean"}},{"kind":"Field","name":{"kind":"Name","value":"median"}},{"kind":"Field","name":{"kind":"Name","value":"p90"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<AnalysisResolutionTimeQuery, AnalysisResolutionTimeQueryVariables>;
export const AnalysisOverdueComplaintsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AnalysisOverdueComplaints"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ComplaintFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"complaintStatistics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"groupBy"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"HANDLING_REGION"}]}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handlingRegion"}}]}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}},{"kind":"Field","name":{"kind":"Name","value":"overdueByStage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"acceptance"}},{"kind":"Field","name":{"kind":"Name","value":"mediation"}},{"kind":"Field","name":{"kind":"Name","value":"decidedLate"}},{"kind":"Field","name":{"kind":"Name","value":"closedLate"}}]}}]}}]}}]} as unknown as DocumentNode<AnalysisOverdueComplaintsQuery, AnalysisOverdueComplaintsQueryVariables>;
export const ComplaintDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Complaint"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"complaint"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"receivingRegion"}},{"kind":"Field","name":{"kind":"Name","value":"handlingRegion"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"acceptDeadline"}},{"kind":"Field","name":{"kind":"Name","value":"mediationDeadline"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}},{"kind":"Field","name":{"kind":"Name","value":"consumer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"address"}},{"kind":"Field","name":{"kind":"Name","value":"masked"}}]}},{"kind":"Field","name":{"kind":"Name","value":"timeline"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"agency"}},{"kind":"Field","name":{"kind":"Name","value":"note"}}]}}]}}]}}]} as unknown as DocumentNode<ComplaintQuery, ComplaintQueryVariables>;
export const RegisterComplaintDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RegisterComplaint"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RegisterComplaintInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registerComplaint"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"receivingRegion"}},{"kind":"Field","name":{"kind":"Name","value":"handlingRegion"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"acceptDeadline"}}]}}]}}]} as unknown as DocumentNode<RegisterComplaintMutation, RegisterComplaintMutationVariables>;
export const TransferComplaintDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TransferComplaint"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ComplaintStepInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"transferComplaint"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<TransferComplaintMutation, TransferComplaintMutationVariables>;
export const AcceptComplaintDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AcceptComplaint"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ComplaintStepInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"acceptComplaint"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"mediationDeadline"}}]}}]}}]} as unknown as DocumentNode<AcceptComplaintMutation, AcceptComplaintMutationVariables>;
export const PublicRecallListDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PublicRecallList"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RecallFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recalls"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PublicRecallSummary"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PublicRecallSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ProductRecall"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"recallNumber"}},{"kind":"Field","name":{"kind":"Name","value":"productName"}},{"kind":"Field","name":{"kind":"Name","value":"brand"}},{"kind":"Field","name":{"kind":"Name","value":"productCategory"}},{"kind":"Field","name":{"kind":"Name","value":"remedy"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"announcedAt"}},{"kind":"Field","name":{"kind":"Name","value":"quantityToRecall"}},{"kind":"Field","name":{"kind":"Name","value":"manufacturer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<PublicRecallListQuery, PublicRecallListQueryVariables>;
export const PublicRiskAlertListDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PublicRiskAlertList"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RiskAlertFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"riskAlerts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PublicRiskAlertSummary"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PublicRiskAlertSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RiskAlert"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"productCategory"}},{"kind":"Field","name":{"kind":"Name","value":"hazardType"}},{"kind":"Field","name":{"kind":"Name","value":"riskLevel"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"issuedAt"}}]}}]} as unknown as DocumentNode<PublicRiskAlertListQuery, PublicRiskAlertListQueryVariables>;
export const PublicRecallDetailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PublicRecallDetail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recall"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PublicRecallSummary"}},{"kind":"Field","name":{"kind":"Name","value":"models"}},{"kind":"Field","name":{"kind":"Name","value":"batches"}},{"kind":"Field","name":{"kind":"Name","value":"productionStart"}},{"kind":"Field","name":{"kind":"Name","value":"productionEnd"}},{"kind":"Field","name":{"kind":"Name","value":"quantityMade"}},{"kind":"Field","name":{"kind":"Name","value":"salesAreas"}},{"kind":"Field","name":{"kind":"Name","value":"defect"}},{"kind":"Field","name":{"kind":"Name","value":"hazard"}},{"kind":"Field","name":{"kind":"Name","value":"manufacturer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"creditCode"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"contact"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"person"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"riskAlerts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PublicRiskAlertSummary"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PublicRecallSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ProductRecall"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"recallNumber"}},{"kind":"Field","name":{"kind":"Name","value":"productName"}},{"kind":"Field","name":{"kind":"Name","value":"brand"}},{"kind":"Field","name":{"kind":"Name","value":"productCategory"}},{"kind":"Field","name":{"kind":"Name","value":"remedy"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"announcedAt"}},{"kind":"Field","name":{"kind":"Name","value":"quantityToRecall"}},{"kind":"Field","name":{"kind":"Name","value":"manufacturer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PublicRiskAlertSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RiskAlert"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"productCategory"}},{"kind":"Field","name":{"kind":"Name","value":"hazardType"}},{"kind":"Field","name":{"kind":"Name","value":"riskLevel"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"issuedAt"}}]}}]} as unknown as DocumentNode<PublicRecallDetailQuery, PublicRecallDetailQueryVariables>;
export const PublicRiskAlertDetailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PublicRiskAlertDetail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"riskAlert"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PublicRiskAlertSummary"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"resolvedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"relatedRecalls"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PublicRecallSummary"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PublicRiskAlertSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RiskAlert"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"productCategory"}},{"kind":"Field","name":{"kind":"Name","value":"hazardType"}},{"kind":"Field","name":{"kind":"Name","value":"riskLevel"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"issuedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PublicRecallSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ProductRecall"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"recallNumber"}},{"kind":"Field","name":{"kind":"Name","value":"productName"}},{"kind":"Field","name":{"kind":"Name","value":"brand"}},{"kind":"Field","name":{"kind":"Name","value":"productCategory"}},{"kind":"Field","name":{"kind":"Name","value":"remedy"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"announcedAt"}},{"kind":"Field","name":{"kind":"Name","value":"quantityToRecall"}},{"kind":"Field","name":{"kind":"Name","value":"manufacturer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<PublicRiskAlertDetailQuery, PublicRiskAlertDetailQueryVariables>;
export const PublicRecallPublishedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"PublicRecallPublished"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RecallSubscriptionFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recallPublished"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"recordId"}},{"kind":"Field","name":{"kind":"Name","value":"recall"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PublicRecallSummary"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PublicRecallSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ProductRecall"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"recallNumber"}},{"kind":"Field","name":{"kind":"Name","value":"productName"}},{"kind":"Field","name":{"kind":"Name","value":"brand"}},{"kind":"Field","name":{"kind":"Name","value":"productCategory"}},{"kind":"Field","name":{"kind":"Name","value":"remedy"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"announcedAt"}},{"kind":"Field","name":{"kind":"Name","value":"quantityToRecall"}},{"kind":"Field","name":{"kind":"Name","value":"manufacturer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<PublicRecallPublishedSubscription, PublicRecallPublishedSubscriptionVariables>;
export const PublicRecallChangedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"PublicRecallChanged"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RecallSubscriptionFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recallChanged"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"recordId"}},{"kind":"Field","name":{"kind":"Name","value":"matchesFilter"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"recall"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PublicRecallSummary"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PublicRecallSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ProductRecall"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"recallNumber"}},{"kind":"Field","name":{"kind":"Name","value":"productName"}},{"kind":"Field","name":{"kind":"Name","value":"brand"}},{"kind":"Field","name":{"kind":"Name","value":"productCategory"}},{"kind":"Field","name":{"kind":"Name","value":"remedy"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"announcedAt"}},{"kind":"Field","name":{"kind":"Name","value":"quantityToRecall"}},{"kind":"Field","name":{"kind":"Name","value":"manufacturer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<PublicRecallChangedSubscription, PublicRecallChangedSubscriptionVariables>;
export const PublicRiskAlertRaisedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"PublicRiskAlertRaised"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RiskAlertSubscriptionFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"riskAlertRaised"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"recordId"}},{"kind":"Field","name":{"kind":"Name","value":"riskAlert"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PublicRiskAlertSummary"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PublicRiskAlertSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RiskAlert"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"productCategory"}},{"kind":"Field","name":{"kind":"Name","value":"hazardType"}},{"kind":"Field","name":{"kind":"Name","value":"riskLevel"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"issuedAt"}}]}}]} as unknown as DocumentNode<PublicRiskAlertRaisedSubscription, PublicRiskAlertRaisedSubscriptionVariables>;
export const RecallsPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RecallsPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RecallFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RecallOrder"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recalls"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"recallNumber"}},{"kind":"Field","name":{"kind":"Name","value":"productName"}},{"kind":"Field","name":{"kind":"Name","value":"productCategory"}},{"kind":"Field","name":{"kind":"Name","value":"announcedAt"}},{"kind":"Field","name":{"kind":"Name","value":"quantityToRecall"}}]}}]}}]}}]}}]} as unknown as DocumentNode<RecallsPageQuery, RecallsPageQueryVariables>;
export const RecallWithReferencesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RecallWithReferences"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recall"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"productName"}},{"kind":"Field","name":{"kind":"Name","value":"manufacturerEnterprise"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"creditCode"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"registrationRegion"}}]}},{"kind":"Field","name":{"kind":"Name","value":"riskAlerts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"riskLevel"}}]}}]}}]}}]} as unknown as DocumentNode<RecallWithReferencesQuery, RecallWithReferencesQueryVariables>;
export const RecallStatisticsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RecallStatistics"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"groupBy"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"StatisticsDimension"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RecallFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recallStatistics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"groupBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"groupBy"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"month"}}]}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"sum"}}]}}]}}]} as unknown as DocumentNode<RecallStatisticsQuery, RecallStatisticsQueryVariables>;
export const CreateRecallDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateRecall"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateRecallInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createRecall"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"recallNumber"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<CreateRecallMutation, CreateRecallMutationVariables>;
export const RecallPublishedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"RecallPublished"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RecallSubscriptionFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recallPublished"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"recordId"}},{"kind":"Field","name":{"kind":"Name","value":"recall"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"productName"}},{"kind":"Field","name":{"kind":"Name","value":"productCategory"}},{"kind":"Field","name":{"kind":"Name","value":"riskAlerts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}}]}}]}}]} as unknown as DocumentNode<RecallPublishedSubscription, RecallPublishedSubscriptionVariables>;