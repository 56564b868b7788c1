import { registerEnumType } from 'type-graphql';
import {
  COMPARISON_SCHEME_LABELS,
  COMPARISON_SCHEMES,
  COMPARISON_STATUS_LABELS,
  COMPARISON_STATUSES,
  enumObject,
  EXAMINER_NOTICE_KIND_LABELS,
  EXAMINER_NOTICE_KINDS,
  EXAMINER_ROLE_LABELS,
  EXAMINER_ROLES,
  LICENCE_PRODUCT_CATEGORIES,
  LICENCE_PRODUCT_CATEGORY_LABELS,
  LICENCE_REVIEW_STATUS_LABELS,
  LICENCE_REVIEW_STATUSES,
  REVIEW_CONCLUSION_LABELS,
  REVIEW_CONCLUSIONS,
  GEOGRAPHICAL_INDICATION_STATUS_LABELS,
  GEOGRAPHICAL_INDICATION_STATUSES,
  GI_PRODUCER_STATUS_LABELS,
  GI_PRODUCER_STATUSES,
  GI_PRODUCT_CLASS_LABELS,
  GI_PRODUCT_CLASSES,
  INSPECTION_RESULT_LABELS,
  INSPECTION_RESULTS,
  PARTICIPANT_OUTCOMES,
  PROFICIENCY_OUTCOME_LABELS,
  TESTING_FIELD_LABELS,
  TESTING_FIELDS,
} from '../../../kernel';

/** A GraphQL enum of the quality records whose values carry their Chinese labels as descriptions. */
function registerLabelled<const T extends readonly string[]>(values: T, name: string, description: string, labels: Readonly<Record<T[number], string>>) {
  const object = enumObject(values);
  const valuesConfig = Object.fromEntries(values.map((value) => [value, { description: labels[value as T[number]] }]));
  registerEnumType(object, { name, description, valuesConfig: valuesConfig as never });
  return object;
}

export const TestingFieldEnum = registerLabelled(TESTING_FIELDS, 'TestingField', '检测领域', TESTING_FIELD_LABELS);
export const ComparisonSchemeEnum = registerLabelled(COMPARISON_SCHEMES, 'ComparisonScheme', '能力验证或实验室间比对', COMPARISON_SCHEME_LABELS);
export const ComparisonStatusEnum = registerLabelled(COMPARISON_STATUSES, 'ComparisonStatus', '比对轮次状态', COMPARISON_STATUS_LABELS);
export const ParticipantOutcomeEnum = registerLabelled(
  PARTICIPANT_OUTCOMES,
  'ParticipantOutcome',
  'ISO 13528 z 值评价: |z| ≤ 2.00 满意, 2.00 < |z| < 3.00 有问题, |z| ≥ 3.00 不满意 (z rounded half away from zero to 2 places first)',
  PROFICIENCY_OUTCOME_LABELS,
);
export const GeographicalIndicationStatusEnum = registerLabelled(GEOGRAPHICAL_INDICATION_STATUSES, 'GeographicalIndicationStatus', '地理标志保护状态', GEOGRAPHICAL_INDICATION_STATUS_LABELS);
export const GiProducerStatusEnum = registerLabelled(GI_PRODUCER_STATUSES, 'GiProducerStatus', '专用标志使用状态', GI_PRODUCER_STATUS_LABELS);
export const GiProductClassEnum = registerLabelled(GI_PRODUCT_CLASSES, 'GiProductClass', '地理标志产品类别', GI_PRODUCT_CLASS_LABELS);
export const InspectionResultEnum = registerLabelled(INSPECTION_RESULTS, 'InspectionResult', '核查结论', INSPECTION_RESULT_LABELS);
export const LicenceProductCategoryEnum = registerLabelled(LICENCE_PRODUCT_CATEGORIES, 'LicenceProductCategory', '生产许可产品类别', LICENCE_PRODUCT_CATEGORY_LABELS);
export const LicenceReviewStatusEnum = registerLabelled(LICENCE_REVIEW_STATUSES, 'LicenceReviewStatus', '联合审查状态', LICENCE_REVIEW_STATUS_LABELS);
export const ReviewConclusionEnum = registerLabelled(REVIEW_CONCLUSIONS, 'ReviewConclusion', '审查结论', REVIEW_CONCLUSION_LABELS);
export const ExaminerRoleEnum = registerLabelled(EXAMINER_ROLES, 'ExaminerRole', '审查组职务', EXAMINER_ROLE_LABELS);
export const ExaminerNoticeKindEnum = registerLabelled(EXAMINER_NOTICE_KINDS, 'ExaminerNoticeKind', '审查员通报类别', EXAMINER_NOTICE_KIND_LABELS);
