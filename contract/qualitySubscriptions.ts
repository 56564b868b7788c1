import type { Identity } from '../platform/identity';
import { oneOfPredicate, regionsPredicate } from './subscriptionFilters';
import type { SubscriptionDeclaration } from './subscriptions';

/** Quality-infrastructure records are for agencies: the public token reads none of them. */
const agenciesOnly = (what: string) => (identity: Identity) => (identity.kind === 'agency' ? null : `${what} are visible to agencies only`);

/** Subscriptions of the quality-infrastructure records (issue 21), part of SUBSCRIPTIONS. */
export const QUALITY_SUBSCRIPTIONS: readonly SubscriptionDeclaration[] = [
  {
    field: 'comparisonReportPublished',
    description: 'A proficiency-testing or comparison round’s report published by its organising region (能力验证/比对报告发布)',
    entity: 'InspectionComparison',
    entityField: { name: 'inspectionComparison', description: 'The round as it is now, resolved through the supergraph with your selection (laboratories of other regions by code)' },
    byIdQuery: 'inspectionComparison',
    eventTypeName: 'ComparisonReportEvent',
    eventTypes: { INSPECTION_COMPARISON_REPORT_PUBLISHED: 'REPORT_PUBLISHED' },
    eventTypeEnum: 'ComparisonReportEventType',
    filterInput: 'ComparisonReportSubscriptionFilter',
    filters: [regionsPredicate({ description: 'Organising regions' }), oneOfPredicate('fields', 'TestingField', 'category')],
    refuse: agenciesOnly('comparison reports'),
  },
  {
    field: 'licenceReviewConcluded',
    description: 'A joint production-licence review concluded by its panel, and the licence then issued or refused (生产许可联合审查结论)',
    entity: 'LicenceReview',
    entityField: { name: 'licenceReview', description: 'The review as it is now, resolved through the supergraph with your selection (examiners of other regions masked)' },
    byIdQuery: 'licenceReview',
    eventTypeName: 'LicenceReviewEvent',
    eventTypes: { LICENCE_REVIEW_CONCLUDED: 'CONCLUDED', LICENCE_ISSUED: 'LICENCE_ISSUED', LICENCE_REFUSED: 'LICENCE_REFUSED' },
    eventTypeEnum: 'LicenceReviewEventType',
    filterInput: 'LicenceReviewSubscriptionFilter',
    filters: [
      regionsPredicate({ involved: true, description: 'Reviews licensed by these regions or with examiners from them' }),
      oneOfPredicate('categories', 'LicenceProductCategory', 'category'),
    ],
    extraFields: [{ name: 'status', type: 'LicenceReviewStatus!', description: 'Status right after the change', value: (event) => event.snapshot.status ?? null }],
    refuse: agenciesOnly('licence reviews'),
  },
];
