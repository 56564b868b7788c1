import type { Collection, Db, MongoClient, MongoClientOptions } from 'mongodb';
import type { RegionCode } from '../../../kernel';
import { connectRegionClient } from './connect';
import { auditCollection, type AuditEntryDocument } from './audit';
import {
  COLLECTIONS,
  REGION_INDEXES,
  type CollectionName,
  type ConsumerComplaintDocument,
  type ContractTemplateDocument,
  type EnterpriseDocument,
  type EnforcementCaseDocument,
  type AssistanceRequestDocument,
  type ProductRecallDocument,
  type RiskAlertDocument,
  type InspectionComparisonDocument,
  type GeographicalIndicationDocument,
  type InspectionDocument,
  type LicenceReviewDocument,
} from '../model';

export interface CounterDocument {
  _id: string;
  seq: number;
}

/** The typed collections of one region's database. */
export interface RegionalDatabase {
  db: Db;
  riskAlerts: Collection<RiskAlertDocument>;
  recalls: Collection<ProductRecallDocument>;
  contractTemplates: Collection<ContractTemplateDocument>;
  complaints: Collection<ConsumerComplaintDocument>;
  enterprises: Collection<EnterpriseDocument>;
  inspectionComparisons: Collection<InspectionComparisonDocument>;
  geographicalIndications: Collection<GeographicalIndicationDocument>;
  inspections: Collection<InspectionDocument>;
  enforcementCases: Collection<EnforcementCaseDocument>;
  assistanceRequests: Collection<AssistanceRequestDocument>;
  licenceReviews: Collection<LicenceReviewDocument>;
  counters: Collection<CounterDocument>;
  auditLog: Collection<AuditEntryDocument>;
}

export function regionalDatabase(db: Db): RegionalDatabase {
  return {
    db,
    riskAlerts: db.collection<RiskAlertDocument>(COLLECTIONS.riskAlerts),
    recalls: db.collection<ProductRecallDocument>(COLLECTIONS.recalls),
    contractTemplates: db.collection<ContractTemplateDocument>(COLLECTIONS.contractTemplates),
    complaints: db.collection<ConsumerComplaintDocument>(COLLECTIONS.complaints),
    enterprises: db.collection<EnterpriseDocument>(COLLECTIONS.enterprises),
    inspectionComparisons: db.collection<InspectionComparisonDocument>(COLLECTIONS.inspectionComparisons),
    geographicalIndications: db.collection<GeographicalIndicationDocument>(COLLECTIONS.geographicalIndications),
    inspections: db.collection<InspectionDocument>(COLLECTIONS.inspections),
    enforcementCases: db.collection<EnforcementCaseDocument>(COLLECTIONS.enforcementCases),
    assistanceRequests: db.collection<AssistanceRequestDocument>(COLLECTIONS.assistanceRequests),
    licenceReviews: db.collection<LicenceReviewDocument>(COLLECTIONS.licenceReviews),
    counters: db.collection<CounterDocument>('counters'),
    auditLog: auditCollection(db),
  };
}

export async function ensureIndexes(db: Db): Promise<void> {
  for (const [name, indexes] of Object.entries(REGION_INDEXES) as Array<[CollectionName, typeof REGION_INDEXES[CollectionName]]>) {
    if (indexes.length > 0) await db.collection(name).createIndexes([...indexes]);
  }
  await auditCollection(db).createIndexes([{ name: 'recordId_at', key: { recordId: 1, at: -1 } }, { name: 'at', key: { at: -1 } }]);
}

/** Connects a region's service to its database (failing fast, naming the region) and ensures its indexes. */
export async function connectDatabase(region: RegionCode, uri: string, databaseName: string, options: MongoClientOptions = {}): Promise<{ client: MongoClient; database: RegionalDatabase }> {
  const client = await connectRegionClient(region, uri, { maxPoolSize: 20, ...options });
  const db = client.db(databaseName);
  await ensureIndexes(db);
  return { client, database: regionalDatabase(db) };
}
