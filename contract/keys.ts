import { regionOfCaseNumber, regionOfCreditCode, regionOfRecordId, regionOfTemplateCode, type RegionCode } from '../kernel';
import type { SubgraphName } from './protocol';
import type { RecordEventType } from './events';

/** Reads the owning region out of a key value; null when the value is not such a key. */
export type KeyDecoder = (value: unknown) => RegionCode | null;

export const recordIdOwner: KeyDecoder = (value) => (typeof value === 'string' ? regionOfRecordId(value) : null);
export const creditCodeOwner: KeyDecoder = (value) => (typeof value === 'string' ? regionOfCreditCode(value) : null);
/** A contract template's code or lineage code (`JJJ-TJ-HT-2026-003`, `JJJ-TJ-HT-003`): the drafting region's prefix. */
export const templateCodeOwner: KeyDecoder = regionOfTemplateCode;
/** An enforcement case number (`津市监广罚〔2026〕12号`): the 京/津/冀 abbreviation it opens with is the filing region. */
export const caseNumberOwner: KeyDecoder = regionOfCaseNumber;

/** Each entity's `@key` field and how its owner is read from it. */
export const ENTITY_KEYS: Readonly<Record<string, { field: string; decode: KeyDecoder }>> = {
  RiskAlert: { field: 'id', decode: recordIdOwner },
  ProductRecall: { field: 'id', decode: recordIdOwner },
  ContractTemplate: { field: 'id', decode: recordIdOwner },
  ConsumerComplaint: { field: 'id', decode: recordIdOwner },
  Enterprise: { field: 'creditCode', decode: creditCodeOwner },
  // Quality infrastructure (issue 21)
  InspectionComparison: { field: 'id', decode: recordIdOwner },
  GeographicalIndication: { field: 'id', decode: recordIdOwner },
  Inspection: { field: 'id', decode: recordIdOwner },
  EnforcementCase: { field: 'id', decode: recordIdOwner },
  AssistanceRequest: { field: 'id', decode: recordIdOwner },
  /** A case's published penalty decision: the case's ID, kept by the case's region. */
  PenaltyNotice: { field: 'id', decode: recordIdOwner },
  LicenceReview: { field: 'id', decode: recordIdOwner },
};

/**
 * Entities every region contributes to, per subgraph: an enterprise registered in Tianjin has recalls in Hebei,
 * so its record lists in the links subgraph are asked of all regions and concatenated.
 */
export const FAN_OUT_ENTITIES: Readonly<Partial<Record<SubgraphName, readonly string[]>>> = {
  // A GI's inspections are kept by the inspecting regions (its producers' regions), so all are asked.
  links: ['Enterprise', 'GeographicalIndication'],
};

/** A root-field argument (a path into input objects for nested ones) naming the record the field reads or changes. */
export interface RoutingKeyArgument {
  path: readonly string[];
  decode: KeyDecoder;
}

/** Looked for in this order; the first one present routes the field to the record's owner. */
export const ROUTING_KEY_ARGUMENTS: readonly RoutingKeyArgument[] = [
  { path: ['id'], decode: recordIdOwner },
  { path: ['creditCode'], decode: creditCodeOwner },
  { path: ['riskAlertId'], decode: recordIdOwner },
  { path: ['recordId'], decode: recordIdOwner },
  { path: ['input', 'id'], decode: recordIdOwner },
  { path: ['code'], decode: templateCodeOwner },
  { path: ['caseNumber'], decode: caseNumberOwner },
];

/**
 * Fields of write inputs (and arguments, as `Mutation.field`) that name records of other entities, possibly of
 * other regions: what a reference check must resolve from the owners before a write is committed.
 */
export interface ReferenceField {
  /** An input type, or `Mutation.<field>` for an argument. */
  type: string;
  field: string;
  entity: keyof typeof ENTITY_KEYS;
  /**
   * Whether a write is refused unless the owner has the record (the default). False where a key names something
   * the hub need not hold: an enterprise is named by its credit code whether or not a region has registered it
   * (recalls and alerts may name makers outside Jing-Jin-Ji, complaints any business), so only its format is checked.
   */
  mustExist?: boolean;
}

export const REFERENCE_FIELDS: readonly ReferenceField[] = [
  { type: 'Mutation.linkRecallToRiskAlert', field: 'recallId', entity: 'ProductRecall' },
  { type: 'CreateRecallInput', field: 'riskAlertIds', entity: 'RiskAlert' },
  { type: 'UpdateRecallInput', field: 'riskAlertIds', entity: 'RiskAlert' },
  { type: 'RecallManufacturerInput', field: 'creditCode', entity: 'Enterprise', mustExist: false },
  { type: 'CreateRiskAlertInput', field: 'enterpriseCreditCodes', entity: 'Enterprise', mustExist: false },
  { type: 'CreateRiskAlertInput', field: 'relatedRecallIds', entity: 'ProductRecall' },
  { type: 'ComplaintBusinessInput', field: 'creditCode', entity: 'Enterprise', mustExist: false },
  { type: 'DraftContractTemplateInput', field: 'supersedesId', entity: 'ContractTemplate' },
  // Quality infrastructure (issue 21): authorised producers must be registered enterprises, an inspection's GI must exist.
  { type: 'RegisterGeographicalIndicationInput', field: 'authorisedProducerCreditCodes', entity: 'Enterprise' },
  { type: 'AuthoriseGiProducersInput', field: 'producerCreditCodes', entity: 'Enterprise' },
  { type: 'RecordInspectionInput', field: 'geographicalIndicationId', entity: 'GeographicalIndication' },
  { type: 'RecordInspectionInput', field: 'producerCreditCode', entity: 'Enterprise' },
  { type: 'ChangeGiProducerStatusInput', field: 'producerCreditCode', entity: 'Enterprise', mustExist: false },
  { type: 'CasePartyInput', field: 'creditCode', entity: 'Enterprise', mustExist: false },
  { type: 'FileEnforcementCaseInput', field: 'recallIds', entity: 'ProductRecall' },
  { type: 'FileEnforcementCaseInput', field: 'riskAlertIds', entity: 'RiskAlert' },
  { type: 'FileEnforcementCaseInput', field: 'complaintIds', entity: 'ConsumerComplaint' },
  { type: 'RequestAssistanceInput', field: 'caseId', entity: 'EnforcementCase' },
  { type: 'ApplyForLicenceInput', field: 'applicantCreditCode', entity: 'Enterprise' },
];

/** Input fields that carry the key of the record being created (no reference: it does not exist yet). */
export const OWN_KEY_FIELDS: readonly Pick<ReferenceField, 'type' | 'field'>[] = [{ type: 'RegisterEnterpriseInput', field: 'creditCode' }];

/**
 * Links both sides keep: a record's `field` lists keys of `target.entity`, whose `target.field` lists it back. The
 * record's owner writes its own side (the user's choice); each cited record's owner keeps the other side itself
 * from the events, in both directions (regions never write each other's databases).
 */
export interface MirroredLink {
  entity: EventEntityName;
  field: string;
  target: { entity: EventEntityName; field: string };
  /** The event types the target's owner writes when it adds or removes the back-link. */
  linkedEvent: RecordEventType;
  unlinkedEvent: RecordEventType;
}

type EventEntityName = 'ProductRecall' | 'RiskAlert';

export const MIRRORED_LINKS: readonly MirroredLink[] = [
  { entity: 'ProductRecall', field: 'riskAlertIds', target: { entity: 'RiskAlert', field: 'relatedRecallIds' }, linkedEvent: 'RISK_ALERT_LINKED', unlinkedEvent: 'RISK_ALERT_UNLINKED' },
  { entity: 'RiskAlert', field: 'relatedRecallIds', target: { entity: 'ProductRecall', field: 'riskAlertIds' }, linkedEvent: 'RECALL_LINKED', unlinkedEvent: 'RECALL_UNLINKED' },
];

/** The owner of an `_entities` representation, by its type's key field. */
export function ownerOfRepresentation(representation: unknown): RegionCode | null {
  if (!representation || typeof representation !== 'object') return null;
  const { __typename: typename } = representation as { __typename?: unknown };
  const key = typeof typename === 'string' ? ENTITY_KEYS[typename] : undefined;
  return key ? key.decode((representation as Record<string, unknown>)[key.field]) : null;
}

export function isFanOutRepresentation(subgraph: SubgraphName, representation: unknown): boolean {
  const typename = (representation as { __typename?: unknown } | null)?.__typename;
  return typeof typename === 'string' && (FAN_OUT_ENTITIES[subgraph] ?? []).includes(typename);
}
