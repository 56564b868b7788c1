import { regionNameOf } from '../kernel';
import type { Identity } from '../platform/identity';
import type { RecordEventType, RegionEvent } from './events';
import { MIRRORED_LINKS, type MirroredLink } from './keys';
import { QUALITY_SUBSCRIPTIONS } from './qualitySubscriptions';
import { enterprisePredicate, minimumLevelPredicate, oneOfPredicate, regionsPredicate, targetRegionsPredicate, type FilterPredicate } from './subscriptionFilters';

/** A field of the event type computed from the event itself (beside cursor, type, region, at, recordId and the entity). */
export interface EventField {
  name: string;
  type: string;
  description?: string;
  value(event: RegionEvent): unknown;
}

/**
 * One client subscription: the region events it listens to, its filter, who may see an event, and the entity the
 * event is about (resolved through the supergraph by its by-ID query with the client's selection).
 */
export interface SubscriptionDeclaration {
  field: string;
  description: string;
  /** GraphQL type of the record; callers who may not read it cannot subscribe. */
  entity: string;
  /** Field of the event type holding the record, and the root query that loads it by `id`. */
  entityField: { name: string; description?: string };
  byIdQuery: string;
  eventTypeName: string;
  /** Region event types listened to, and the value of the client's `type` enum for each. */
  eventTypes: Partial<Record<RecordEventType, string>>;
  eventTypeEnum: string;
  filterInput: string;
  filters: readonly FilterPredicate[];
  extraFields?: readonly EventField[];
  /**
   * Changes that take a record out of the filter are delivered too: an event reaches the subscribers whose filter
   * matches the record's state before the change or after it, and its `matchesFilter` says whether it does now.
   */
  reportsFilterMatch?: boolean;
  /** Record-level visibility beyond the entity's read rule (complaints: only the regions involved). */
  visibleTo?(identity: Identity, event: RegionEvent): boolean;
  /** Why this caller may not subscribe at all (null when it may). */
  refuse?(identity: Identity): string | null;
}

const MATCHES_FILTER_DESCRIPTION = 'Whether the record matches your filter after this change; false once: it has left the filter (e.g. its category changed), and later changes are not sent';

export const SUBSCRIPTIONS_DESCRIPTION = 'Live events from all three regions; resume after a disconnect by passing the last cursor you received as after';

const agenciesOfInvolvedRegions = (identity: Identity, event: RegionEvent) =>
  identity.kind === 'agency' && identity.region !== null && (event.snapshot.regions ?? [event.snapshot.region]).includes(identity.region);

const assistanceFilters = (): FilterPredicate[] => [
  regionsPredicate({ description: 'Requests sent by these regions' }),
  targetRegionsPredicate('Requests addressed to these regions (yours, to hear what you are asked)'),
  oneOfPredicate('types', 'AssistanceType', 'category'),
];
const agenciesOnly = (what: string) => (identity: Identity) => (identity.kind === 'agency' ? null : `${what} are visible to the agencies of the requesting and target regions only`);

/** The events a cited record's region writes as it keeps the back-links of `entity` (MIRRORED_LINKS names them). */
function linkEventTypes(entity: MirroredLink['target']['entity']): Partial<Record<RecordEventType, string>> {
  const link = MIRRORED_LINKS.find((candidate) => candidate.target.entity === entity)!;
  return { [link.linkedEvent]: 'LINKED', [link.unlinkedEvent]: 'UNLINKED' };
}

/** The record that cites (or stopped citing) the event's record, as its link event names it. */
function citingFields(citing: string): EventField[] {
  return [
    { name: 'citingRecordId', type: 'ID!', description: `The ${citing} that cites (or stopped citing) this record`, value: (event) => event.snapshot.linked?.recordId ?? null },
    { name: 'citingRegion', type: 'Region!', description: `The region that owns that ${citing}`, value: (event) => (event.snapshot.linked ? regionNameOf(event.snapshot.linked.region) : null) },
  ];
}

/** An assistance-request subscription: the two declarations differ only in their event and wording. */
function assistanceDeclaration(spec: { field: string; description: string; event: RecordEventType; type: string; eventTypeName: string; targetRegionDescription: string; refused: string }): SubscriptionDeclaration {
  return {
    field: spec.field,
    description: spec.description,
    entity: 'AssistanceRequest',
    entityField: { name: 'assistanceRequest', description: 'The request as it is now, resolved through the supergraph with your selection' },
    byIdQuery: 'assistanceRequest',
    eventTypeName: spec.eventTypeName,
    eventTypes: { [spec.event]: spec.type },
    eventTypeEnum: `${spec.eventTypeName}Type`,
    filterInput: 'AssistanceSubscriptionFilter',
    filters: assistanceFilters(),
    extraFields: [{ name: 'targetRegion', type: 'Region!', description: spec.targetRegionDescription, value: (event) => (event.snapshot.targetRegion ? regionNameOf(event.snapshot.targetRegion) : null) }],
    visibleTo: agenciesOfInvolvedRegions,
    refuse: agenciesOnly(spec.refused),
  };
}

export const SUBSCRIPTIONS: readonly SubscriptionDeclaration[] = [
  {
    field: 'recallPublished',
    description: 'Recalls published in any region that match the filter',
    entity: 'ProductRecall',
    entityField: { name: 'recall', description: 'The recall as it is now, resolved through the supergraph with your selection' },
    byIdQuery: 'recall',
    eventTypeName: 'RecallEvent',
    eventTypes: { RECALL_PUBLISHED: 'PUBLISHED' },
    eventTypeEnum: 'RecallEventType',
    filterInput: 'RecallSubscriptionFilter',
    filters: [regionsPredicate(), oneOfPredicate('categories', 'ProductCategory', 'category'), enterprisePredicate('Manufacturer unified social credit code')],
  },
  {
    field: 'riskAlertRaised',
    description: 'Risk alerts raised or escalated in any region that match the filter',
    entity: 'RiskAlert',
    entityField: { name: 'riskAlert', description: 'The risk alert as it is now, resolved through the supergraph with your selection' },
    byIdQuery: 'riskAlert',
    eventTypeName: 'RiskAlertEvent',
    eventTypes: { RISK_ALERT_RAISED: 'RAISED', RISK_ALERT_ESCALATED: 'ESCALATED' },
    eventTypeEnum: 'RiskAlertEventType',
    filterInput: 'RiskAlertSubscriptionFilter',
    filters: [regionsPredicate(), oneOfPredicate('categories', 'ProductCategory', 'category'), minimumLevelPredicate, enterprisePredicate()],
  },
  {
    field: 'complaintChanged',
    description: 'Changes to complaints your region receives or handles (agencies only)',
    entity: 'ConsumerComplaint',
    entityField: { name: 'complaint', description: 'The complaint as it is now, resolved through the supergraph with your selection' },
    byIdQuery: 'complaint',
    eventTypeName: 'ComplaintEvent',
    eventTypes: { COMPLAINT_REGISTERED: 'REGISTERED', COMPLAINT_CHANGED: 'CHANGED' },
    eventTypeEnum: 'ComplaintEventType',
    filterInput: 'ComplaintSubscriptionFilter',
    filters: [regionsPredicate({ involved: true, description: 'Complaints received or handled by these regions' }), oneOfPredicate('statuses', 'ComplaintStatus', 'status'), enterprisePredicate()],
    extraFields: [{ name: 'status', type: 'ComplaintStatus!', description: 'Status right after the change', value: (event) => event.snapshot.status ?? null }],
    visibleTo: agenciesOfInvolvedRegions,
    refuse: (identity) => (identity.kind === 'agency' ? null : 'complaint changes are visible to the agencies that receive or handle complaints only'),
  },
  {
    field: 'recallChanged',
    description: 'Recalls published, changed, cancelled (withdrawn) or completed in any region whose state before or after the change matches the filter; matchesFilter says whether it matches now',
    entity: 'ProductRecall',
    entityField: { name: 'recall', description: 'The recall as it is now, resolved through the supergraph with your selection' },
    byIdQuery: 'recall',
    eventTypeName: 'RecallChangeEvent',
    eventTypes: { RECALL_PUBLISHED: 'PUBLISHED', RECALL_UPDATED: 'UPDATED', RECALL_CANCELLED: 'CANCELLED', RECALL_COMPLETED: 'COMPLETED' },
    eventTypeEnum: 'RecallChangeEventType',
    filterInput: 'RecallSubscriptionFilter',
    filters: [regionsPredicate(), oneOfPredicate('categories', 'ProductCategory', 'category'), enterprisePredicate('Manufacturer unified social credit code')],
    reportsFilterMatch: true,
    extraFields: [{ name: 'status', type: 'RecallStatus!', description: 'Status right after the change', value: (event) => event.snapshot.status ?? null }],
  },
  {
    field: 'riskAlertChanged',
    description: 'Risk alerts raised, escalated, resolved or changed in any region whose state before or after the change matches the filter; matchesFilter says whether it matches now',
    entity: 'RiskAlert',
    entityField: { name: 'riskAlert', description: 'The risk alert as it is now, resolved through the supergraph with your selection' },
    byIdQuery: 'riskAlert',
    eventTypeName: 'RiskAlertChangeEvent',
    eventTypes: { RISK_ALERT_RAISED: 'RAISED', RISK_ALERT_ESCALATED: 'ESCALATED', RISK_ALERT_RESOLVED: 'RESOLVED', RISK_ALERT_UPDATED: 'UPDATED' },
    eventTypeEnum: 'RiskAlertChangeEventType',
    filterInput: 'RiskAlertSubscriptionFilter',
    filters: [regionsPredicate(), oneOfPredicate('categories', 'ProductCategory', 'category'), minimumLevelPredicate, enterprisePredicate()],
    reportsFilterMatch: true,
    extraFields: [{ name: 'status', type: 'RiskAlertStatus!', description: 'Status right after the change', value: (event) => event.snapshot.status ?? null }],
  },
  {
    field: 'riskAlertLinked',
    description: 'A recall of any region now cites (LINKED) or no longer cites (UNLINKED) a risk alert of the filtered regions, e.g. a Hebei recall citing your alert; sent by the alert\'s own region as it keeps the back-link',
    entity: 'RiskAlert',
    entityField: { name: 'riskAlert', description: 'The cited risk alert as it is now, resolved through the supergraph with your selection' },
    byIdQuery: 'riskAlert',
    eventTypeName: 'RiskAlertLinkEvent',
    eventTypes: linkEventTypes('RiskAlert'),
    eventTypeEnum: 'RiskAlertLinkEventType',
    filterInput: 'RiskAlertLinkSubscriptionFilter',
    filters: [regionsPredicate({ description: 'Regions of the cited risk alerts (yours, to hear who cites them)' })],
    extraFields: citingFields('recall'),
  },
  {
    field: 'recallLinked',
    description: 'A risk alert of any region now lists (LINKED) or no longer lists (UNLINKED) a recall of the filtered regions among its related recalls; sent by the recall\'s own region as it keeps the back-link',
    entity: 'ProductRecall',
    entityField: { name: 'recall', description: 'The cited recall as it is now, resolved through the supergraph with your selection' },
    byIdQuery: 'recall',
    eventTypeName: 'RecallLinkEvent',
    eventTypes: linkEventTypes('ProductRecall'),
    eventTypeEnum: 'RecallLinkEventType',
    filterInput: 'RecallLinkSubscriptionFilter',
    filters: [regionsPredicate({ description: 'Regions of the cited recalls' })],
    extraFields: citingFields('risk alert'),
  },
  ...QUALITY_SUBSCRIPTIONS,
  assistanceDeclaration({
    field: 'assistanceRequested',
    description: 'Assistance requests (协查请求) sent to or by your region: the target region\'s bureau hears what it is asked (agencies of the two regions only)',
    event: 'ASSISTANCE_REQUESTED',
    type: 'REQUESTED',
    eventTypeName: 'AssistanceRequestedEvent',
    targetRegionDescription: 'The region asked to assist',
    refused: 'assistance requests',
  }),
  assistanceDeclaration({
    field: 'assistanceReplied',
    description: 'Replies to assistance requests sent by or to your region: the requesting bureau hears the findings are in (agencies of the two regions only)',
    event: 'ASSISTANCE_REPLIED',
    type: 'REPLIED',
    eventTypeName: 'AssistanceRepliedEvent',
    targetRegionDescription: 'The region that replied',
    refused: 'assistance replies',
  }),
  {
    field: 'enforcementCaseDecided',
    description: 'Penalty decisions (行政处罚决定) taken and published in any region that match the filter; the payload is the public notice, with no personal data, so the public token may subscribe',
    entity: 'PenaltyNotice',
    entityField: { name: 'notice', description: 'The published penalty decision (行政处罚信息公示), resolved through the supergraph with your selection' },
    byIdQuery: 'penaltyNotice',
    eventTypeName: 'EnforcementCaseDecidedEvent',
    eventTypes: { ENFORCEMENT_CASE_DECIDED: 'DECIDED' },
    eventTypeEnum: 'EnforcementCaseDecidedEventType',
    filterInput: 'EnforcementCaseSubscriptionFilter',
    filters: [regionsPredicate(), oneOfPredicate('domains', 'EnforcementDomain', 'category'), enterprisePredicate('A party\'s unified social credit code')],
  },
];

function describe(description: string | undefined, indent = ''): string {
  return description ? `${indent}${JSON.stringify(description)}\n` : '';
}

/** The client API's `Subscription` type and its filter inputs, event enums and event types, as SDL. */
export function subscriptionSdl(declarations: readonly SubscriptionDeclaration[]): string {
  if (declarations.length === 0) return '';
  const fields = declarations.map((declaration) => `${describe(declaration.description, '  ')}  ${declaration.field}(filter: ${declaration.filterInput}, after: String): ${declaration.eventTypeName}!`);
  const types = declarations.flatMap((declaration) => [
    `input ${declaration.filterInput} {\n${declaration.filters.map((filter) => `${describe(filter.description, '  ')}  ${filter.argument}: ${filter.type}`).join('\n')}\n}`,
    `enum ${declaration.eventTypeEnum} {\n${[...new Set(Object.values(declaration.eventTypes))].map((value) => `  ${value}`).join('\n')}\n}`,
    [
      `type ${declaration.eventTypeName} {`,
      `  "Opaque resume position (last event seen per region); valid on any gateway instance"\n  cursor: String!`,
      `  type: ${declaration.eventTypeEnum}!`,
      '  region: Region!',
      '  at: DateTime!',
      '  recordId: ID!',
      ...(declaration.reportsFilterMatch ? [`${describe(MATCHES_FILTER_DESCRIPTION, '  ')}  matchesFilter: Boolean!`] : []),
      ...(declaration.extraFields ?? []).map((extra) => `${describe(extra.description, '  ')}  ${extra.name}: ${extra.type}`),
      `${describe(declaration.entityField.description, '  ')}  ${declaration.entityField.name}: ${declaration.entity}`,
      '}',
    ].join('\n'),
  ]);
  // Subscriptions may share a filter input (recallPublished and recallChanged): each definition is written once.
  return [`${describe(SUBSCRIPTIONS_DESCRIPTION)}type Subscription {\n${fields.join('\n')}\n}`, ...new Set(types)].join('\n\n');
}

export function subscriptionDeclaration(declarations: readonly SubscriptionDeclaration[], field: string): SubscriptionDeclaration | undefined {
  return declarations.find((declaration) => declaration.field === field);
}
