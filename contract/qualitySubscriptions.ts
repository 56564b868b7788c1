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
];
