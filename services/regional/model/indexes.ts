import type { IndexDescription } from 'mongodb';
import { COLLECTIONS, type CollectionName } from './collections';
import { QUALITY_INDEXES } from './qualityCollections';

/**
 * Indexes of one region's database. List queries sort by one date, number or ID key with
 * `_id` as tie-breaker, so every sortable key has a `{key: -1, _id: -1}` index (read
 * backwards for ascending order), and the common filters lead compound ones.
 */
export const REGION_INDEXES: Readonly<Record<CollectionName, readonly IndexDescription[]>> = {
  [COLLECTIONS.riskAlerts]: [
    { name: 'outboxPending', key: { outboxPending: 1 } },
    { name: 'issuedAt_id', key: { issuedAt: -1, _id: -1 } },
    { name: 'category_status_issuedAt_id', key: { productCategory: 1, status: 1, issuedAt: -1, _id: -1 } },
    { name: 'status_issuedAt_id', key: { status: 1, issuedAt: -1, _id: -1 } },
    { name: 'riskLevelRank_issuedAt_id', key: { riskLevelRank: -1, issuedAt: -1, _id: -1 } },
    { name: 'enterpriseCreditCodes', key: { enterpriseCreditCodes: 1 } },
    { name: 'relatedRecallIds', key: { relatedRecallIds: 1 } },
  ],
  [COLLECTIONS.recalls]: [
    { name: 'outboxPending', key: { outboxPending: 1 } },
    { name: 'recallNumber_unique', key: { recallNumber: 1 }, unique: true },
    { name: 'announcedAt_id', key: { announcedAt: -1, _id: -1 } },
    { name: 'category_status_announcedAt_id', key: { productCategory: 1, status: 1, announcedAt: -1, _id: -1 } },
    // A page filtered by category alone (issue 22): without it the planner walked announcedAt_id testing each record's
    // category, as far down as the 20th match, which grows with the data (a category absent from recent recalls
    // meant a walk through most of them); with it the page is one range of 21 keys.
    { name: 'category_announcedAt_id', key: { productCategory: 1, announcedAt: -1, _id: -1 } },
    { name: 'status_announcedAt_id', key: { status: 1, announcedAt: -1, _id: -1 } },
    { name: 'quantityToRecall_id', key: { quantityToRecall: -1, _id: -1 } },
    { name: 'manufacturerCreditCode_announcedAt', key: { 'manufacturer.creditCode': 1, announcedAt: -1 } },
    { name: 'riskAlertIds', key: { riskAlertIds: 1 } },
  ],
  [COLLECTIONS.contractTemplates]: [
    { name: 'outboxPending', key: { outboxPending: 1 } },
    { name: 'code_unique', key: { code: 1 }, unique: true },
    { name: 'updatedAt_id', key: { updatedAt: -1, _id: -1 } },
    { name: 'category_status_updatedAt_id', key: { category: 1, status: 1, updatedAt: -1, _id: -1 } },
    { name: 'status_effectiveFrom_id', key: { status: 1, effectiveFrom: -1, _id: -1 } },
    { name: 'supersedesId', key: { supersedesId: 1 } },
    { name: 'lineage_version', key: { lineage: 1, version: 1 } },
  ],
  [COLLECTIONS.complaints]: [
    { name: 'outboxPending', key: { outboxPending: 1 } },
    { name: 'receivedAt_id', key: { receivedAt: -1, _id: -1 } },
    { name: 'category_status_receivedAt_id', key: { category: 1, status: 1, receivedAt: -1, _id: -1 } },
    { name: 'handlingRegion_status_receivedAt_id', key: { handlingRegion: 1, status: 1, receivedAt: -1, _id: -1 } },
    { name: 'status_acceptDeadline', key: { status: 1, acceptDeadline: 1 } },
    { name: 'amountInDisputeFen_id', key: { amountInDisputeFen: -1, _id: -1 } },
    { name: 'businessCreditCode_receivedAt', key: { 'business.creditCode': 1, receivedAt: -1 } },
  ],
  [COLLECTIONS.enforcementCases]: [
    { name: 'outboxPending', key: { outboxPending: 1 } },
    { name: 'caseNumber_unique', key: { caseNumber: 1 }, unique: true },
    { name: 'filedAt_id', key: { filedAt: -1, _id: -1 } },
    { name: 'publishedAt_decidedAt_id', key: { publishedAt: 1, decidedAt: -1, _id: -1 } },
    { name: 'fine_id', key: { 'penalty.fineFen': -1, _id: -1 } },
    { name: 'domain_status_filedAt_id', key: { domain: 1, status: 1, filedAt: -1, _id: -1 } },
    { name: 'partyCreditCodes', key: { partyCreditCodes: 1 } },
    { name: 'partyRegions', key: { partyRegions: 1 } },
    // A clue is filed as a case once, however often the acceptance event is applied.
    { name: 'originAssistanceRequestId_unique', key: { originAssistanceRequestId: 1 }, unique: true, partialFilterExpression: { originAssistanceRequestId: { $type: 'string' } } },
  ],
  [COLLECTIONS.assistanceRequests]: [
    { name: 'outboxPending', key: { outboxPending: 1 } },
    { name: 'sentAt_id', key: { sentAt: -1, _id: -1 } },
    { name: 'replyDeadline_id', key: { replyDeadline: -1, _id: -1 } },
    { name: 'targetRegion_status_replyDeadline', key: { targetRegion: 1, status: 1, replyDeadline: 1 } },
    { name: 'caseId', key: { caseId: 1 } },
  ],
  [COLLECTIONS.enterprises]: [
    { name: 'establishedAt_id', key: { establishedAt: -1, _id: -1 } },
    { name: 'industry_establishedAt_id', key: { industry: 1, establishedAt: -1, _id: -1 } },
    { name: 'name', key: { name: 1 } },
  ],
  ...QUALITY_INDEXES,
};
