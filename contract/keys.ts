import { regionOfCreditCode, regionOfRecordId, type RegionCode } from '../kernel';
import type { SubgraphName } from './protocol';

/** Reads the owning region out of a key value; null when the value is not such a key. */
export type KeyDecoder = (value: unknown) => RegionCode | null;

export const recordIdOwner: KeyDecoder = (value) => (typeof value === 'string' ? regionOfRecordId(value) : null);
export const creditCodeOwner: KeyDecoder = (value) => (typeof value === 'string' ? regionOfCreditCode(value) : null);

/** Each entity's `@key` field and how its owner is read from it. */
export const ENTITY_KEYS: Readonly<Record<string, { field: string; decode: KeyDecoder }>> = {
  RiskAlert: { field: 'id', decode: recordIdOwner },
  ProductRecall: { field: 'id', decode: recordIdOwner },
  ContractTemplate: { field: 'id', decode: recordIdOwner },
  ConsumerComplaint: { field: 'id', decode: recordIdOwner },
  Enterprise: { field: 'creditCode', decode: creditCodeOwner },
};

/**
 * Entities every region contributes to, per subgraph: an enterprise registered in Tianjin has recalls in Hebei,
 * so its record lists in the links subgraph are asked of all regions and concatenated.
 */
export const FAN_OUT_ENTITIES: Readonly<Partial<Record<SubgraphName, readonly string[]>>> = {
  links: ['Enterprise'],
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
}

export const REFERENCE_FIELDS: readonly ReferenceField[] = [
  { type: 'Mutation.linkRecallToRiskAlert', field: 'recallId', entity: 'ProductRecall' },
  { type: 'CreateRecallInput', field: 'riskAlertIds', entity: 'RiskAlert' },
  { type: 'UpdateRecallInput', field: 'riskAlertIds', entity: 'RiskAlert' },
  { type: 'RecallManufacturerInput', field: 'creditCode', entity: 'Enterprise' },
  { type: 'CreateRiskAlertInput', field: 'enterpriseCreditCodes', entity: 'Enterprise' },
  { type: 'CreateRiskAlertInput', field: 'relatedRecallIds', entity: 'ProductRecall' },
  { type: 'ComplaintBusinessInput', field: 'creditCode', entity: 'Enterprise' },
  { type: 'DraftContractTemplateInput', field: 'supersedesId', entity: 'ContractTemplate' },
];

/** Input fields that carry the key of the record being created (no reference: it does not exist yet). */
export const OWN_KEY_FIELDS: readonly Pick<ReferenceField, 'type' | 'field'>[] = [{ type: 'RegisterEnterpriseInput', field: 'creditCode' }];

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
