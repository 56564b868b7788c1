import type { IndexDescription } from 'mongodb';

/** Collections of the quality-infrastructure records (issue 21), part of COLLECTIONS. */
export const QUALITY_COLLECTIONS = {
  inspectionComparisons: 'inspectionComparisons',
  geographicalIndications: 'geographicalIndications',
  inspections: 'inspections',
  licenceReviews: 'licenceReviews',
} as const;

export type QualityCollectionName = (typeof QUALITY_COLLECTIONS)[keyof typeof QUALITY_COLLECTIONS];

/** Their indexes, part of REGION_INDEXES (see indexes.ts for the pattern: `{key: -1, _id: -1}` per sort key). */
export const QUALITY_INDEXES: Readonly<Record<QualityCollectionName, readonly IndexDescription[]>> = {
  inspectionComparisons: [
    { name: 'outboxPending', key: { outboxPending: 1 } },
    { name: 'programmeNumber_unique', key: { programmeNumber: 1 }, unique: true },
    { name: 'openedAt_id', key: { openedAt: -1, _id: -1 } },
    { name: 'field_status_openedAt_id', key: { field: 1, status: 1, openedAt: -1, _id: -1 } },
    { name: 'participantRegions', key: { participantRegions: 1 } },
  ],
  geographicalIndications: [
    { name: 'outboxPending', key: { outboxPending: 1 } },
    { name: 'approvedAt_id', key: { approvedAt: -1, _id: -1 } },
    { name: 'protectionAreaCodes', key: { protectionAreaCodes: 1 } },
    { name: 'authorisedProducerCreditCodes', key: { authorisedProducerCreditCodes: 1 } },
    { name: 'status_approvedAt_id', key: { status: 1, approvedAt: -1, _id: -1 } },
  ],
  inspections: [
    { name: 'outboxPending', key: { outboxPending: 1 } },
    { name: 'inspectedAt_id', key: { inspectedAt: -1, _id: -1 } },
    { name: 'geographicalIndicationId_inspectedAt', key: { geographicalIndicationId: 1, inspectedAt: -1 } },
    { name: 'producerCreditCode_inspectedAt', key: { producerCreditCode: 1, inspectedAt: -1 } },
  ],
  licenceReviews: [
    { name: 'outboxPending', key: { outboxPending: 1 } },
    { name: 'appliedAt_id', key: { appliedAt: -1, _id: -1 } },
    { name: 'status_appliedAt_id', key: { status: 1, appliedAt: -1, _id: -1 } },
    { name: 'panelRegions', key: { panelRegions: 1 } },
    { name: 'applicantCreditCode', key: { 'applicant.creditCode': 1 } },
  ],
};

/** The quality collections whose records carry events in their outbox (the outbox relay reads these too). */
export const QUALITY_EVENTED_COLLECTIONS: readonly QualityCollectionName[] = ['inspectionComparisons', 'geographicalIndications', 'inspections', 'licenceReviews'];
