import type { Collection, Document, Filter } from 'mongodb';
import { isRecordId, isValidCreditCode, regionOfRecordId } from '../../../kernel';
import { canRead, requireRead, type SharedEntity } from '../auth/policy';
import type { RegionalContext } from '../context';
import { withDomainErrorsMapped } from '../graphql/errors';

const MAX_LINKED_PER_REGION = 100;

type Stub = { __typename: string; id: string } | null;
type EnterpriseStub = { __typename: 'Enterprise'; creditCode: string } | null;

/** A reference to a record by ID: the planner resolves its fields from the owning region. */
function recordStubs(typename: string, ids: readonly string[] | undefined, type: 'RSK' | 'RCL' | 'CMP' | 'ENF'): Stub[] {
  return (ids ?? []).filter((id) => isRecordId(id, type)).map((id) => ({ __typename: typename, id }));
}

function enterpriseStub(creditCode: string | undefined): EnterpriseStub {
  return creditCode && isValidCreditCode(creditCode) ? { __typename: 'Enterprise', creditCode } : null;
}

/** This region's records that name an enterprise, as stubs; the router concatenates the three regions' lists. */
async function localRecordsOf(
  context: RegionalContext,
  entity: SharedEntity,
  collection: Collection<Document>,
  filter: Filter<Document>,
  sortPath: string,
): Promise<Stub[]> {
  if (!canRead(context, entity)) return [];
  const documents = await collection.find(filter, { projection: { _id: 1 }, sort: { [sortPath]: -1, _id: -1 }, limit: MAX_LINKED_PER_REGION }).toArray();
  return documents.map((document) => ({ __typename: entity, id: String(document._id) }));
}

export const linksResolvers = {
  ProductRecall: {
    __resolveReference: (reference: Document) => reference,
    riskAlerts: withDomainErrorsMapped((recall: { riskAlertIds?: string[] }, _args: unknown, context: RegionalContext) => {
      requireRead(context, 'RiskAlert');
      return recordStubs('RiskAlert', recall.riskAlertIds, 'RSK');
    }),
    manufacturerEnterprise: (recall: { manufacturerCreditCode?: string }, _args: unknown, context: RegionalContext) =>
      canRead(context, 'Enterprise') ? enterpriseStub(recall.manufacturerCreditCode) : null,
  },
  RiskAlert: {
    __resolveReference: (reference: Document) => reference,
    relatedRecalls: withDomainErrorsMapped((alert: { relatedRecallIds?: string[] }, _args: unknown, context: RegionalContext) => {
      requireRead(context, 'ProductRecall');
      return recordStubs('ProductRecall', alert.relatedRecallIds, 'RCL');
    }),
    enterprises: (alert: { enterpriseCreditCodes?: string[] }, _args: unknown, context: RegionalContext) =>
      canRead(context, 'Enterprise') ? (alert.enterpriseCreditCodes ?? []).map(enterpriseStub).filter(Boolean) : [],
  },
  ConsumerComplaint: {
    __resolveReference: (reference: Document) => reference,
    businessEnterprise: (complaint: { businessCreditCode?: string }, _args: unknown, context: RegionalContext) =>
      canRead(context, 'Enterprise') ? enterpriseStub(complaint.businessCreditCode) : null,
  },
  EnforcementCase: {
    __resolveReference: (reference: Document) => reference,
    recalls: withDomainErrorsMapped((record: { recallIds?: string[] }, _args: unknown, context: RegionalContext) => {
      requireRead(context, 'ProductRecall');
      return recordStubs('ProductRecall', record.recallIds, 'RCL');
    }),
    riskAlerts: withDomainErrorsMapped((record: { riskAlertIds?: string[] }, _args: unknown, context: RegionalContext) => {
      requireRead(context, 'RiskAlert');
      return recordStubs('RiskAlert', record.riskAlertIds, 'RSK');
    }),
    complaints: withDomainErrorsMapped((record: { complaintIds?: string[] }, _args: unknown, context: RegionalContext) => {
      requireRead(context, 'ConsumerComplaint');
      return recordStubs('ConsumerComplaint', record.complaintIds, 'CMP');
    }),
    partyEnterprises: (record: { partyCreditCodes?: string[] }, _args: unknown, context: RegionalContext) =>
      canRead(context, 'Enterprise') ? (record.partyCreditCodes ?? []).map(enterpriseStub).filter(Boolean) : [],
    originCase: (record: { originCaseId?: string | null }) => recordStubs('EnforcementCase', record.originCaseId ? [record.originCaseId] : [], 'ENF')[0] ?? null,
  },
  AssistanceRequest: {
    __resolveReference: (reference: Document) => reference,
    enforcementCase: (record: { caseId?: string }) => recordStubs('EnforcementCase', record.caseId ? [record.caseId] : [], 'ENF')[0] ?? null,
    transferredCase: (record: { transferredCaseId?: string | null }) => recordStubs('EnforcementCase', record.transferredCaseId ? [record.transferredCaseId] : [], 'ENF')[0] ?? null,
  },
  Enterprise: {
    __resolveReference: withDomainErrorsMapped((reference: { creditCode: string }, context: RegionalContext) => {
      requireRead(context, 'Enterprise');
      return reference;
    }),
    recalls: ({ creditCode }: { creditCode: string }, _args: unknown, context: RegionalContext) =>
      localRecordsOf(context, 'ProductRecall', context.database.recalls as unknown as Collection<Document>, { 'manufacturer.creditCode': creditCode }, 'announcedAt'),
    riskAlerts: ({ creditCode }: { creditCode: string }, _args: unknown, context: RegionalContext) =>
      localRecordsOf(context, 'RiskAlert', context.database.riskAlerts as unknown as Collection<Document>, { enterpriseCreditCodes: creditCode }, 'issuedAt'),
    complaints: ({ creditCode }: { creditCode: string }, _args: unknown, context: RegionalContext) =>
      localRecordsOf(context, 'ConsumerComplaint', context.database.complaints as unknown as Collection<Document>, { 'business.creditCode': creditCode }, 'receivedAt'),
    enforcementCases: ({ creditCode }: { creditCode: string }, _args: unknown, context: RegionalContext) =>
      localRecordsOf(context, 'EnforcementCase', context.database.enforcementCases as unknown as Collection<Document>, { partyCreditCodes: creditCode }, 'filedAt'),
  },
  GeographicalIndication: {
    __resolveReference: withDomainErrorsMapped((reference: { id: string }, context: RegionalContext) => {
      requireRead(context, 'GeographicalIndication');
      return reference;
    }),
    inspections: ({ id }: { id: string }, _args: unknown, context: RegionalContext) =>
      localRecordsOf(context, 'Inspection', context.database.inspections as unknown as Collection<Document>, { geographicalIndicationId: id }, 'inspectedAt'),
    // Every region is asked (fan-out, for the inspections); only the registering region answers the producers, once.
    authorisedProducers: (gi: { id: string; authorisedProducerCreditCodes?: string[] }, _args: unknown, context: RegionalContext) =>
      regionOfRecordId(gi.id) === context.region && canRead(context, 'Enterprise') ? (gi.authorisedProducerCreditCodes ?? []).map(enterpriseStub).filter(Boolean) : [],
  },
  Inspection: {
    __resolveReference: (reference: Document) => reference,
    geographicalIndication: withDomainErrorsMapped((inspection: { geographicalIndicationId?: string }, _args: unknown, context: RegionalContext) => {
      requireRead(context, 'GeographicalIndication');
      return isRecordId(inspection.geographicalIndicationId, 'GEO') ? { __typename: 'GeographicalIndication', id: inspection.geographicalIndicationId } : null;
    }),
    producer: (inspection: { producerCreditCode?: string }, _args: unknown, context: RegionalContext) =>
      canRead(context, 'Enterprise') ? enterpriseStub(inspection.producerCreditCode) : null,
  },
};
