import DataLoader from 'dataloader';
import type { Collection, Filter } from 'mongodb';
import type {
  ConsumerComplaintDocument,
  ContractTemplateDocument,
  EnterpriseDocument,
  EnforcementCaseDocument,
  AssistanceRequestDocument,
  ProductRecallDocument,
  RiskAlertDocument,
  InspectionComparisonDocument,
  GeographicalIndicationDocument,
  InspectionDocument,
  LicenceReviewDocument,
} from '../model';
import type { RegionalDatabase } from './database';

/** One `find` per collection per tick, whatever the number of keys. */
function byIdLoader<TDocument extends { _id: string }>(collection: Collection<TDocument>): DataLoader<string, TDocument | null> {
  return new DataLoader<string, TDocument | null>(
    async (ids) => {
      const documents = await collection.find({ _id: { $in: [...ids] } } as Filter<TDocument>).toArray();
      const byId = new Map(documents.map((document) => [String(document._id), document as TDocument]));
      return ids.map((id) => byId.get(id) ?? null);
    },
    { maxBatchSize: 1000 },
  );
}

export interface Loaders {
  riskAlert: DataLoader<string, RiskAlertDocument | null>;
  recall: DataLoader<string, ProductRecallDocument | null>;
  contractTemplate: DataLoader<string, ContractTemplateDocument | null>;
  complaint: DataLoader<string, ConsumerComplaintDocument | null>;
  enterprise: DataLoader<string, EnterpriseDocument | null>;
  inspectionComparison: DataLoader<string, InspectionComparisonDocument | null>;
  geographicalIndication: DataLoader<string, GeographicalIndicationDocument | null>;
  inspection: DataLoader<string, InspectionDocument | null>;
  enforcementCase: DataLoader<string, EnforcementCaseDocument | null>;
  assistanceRequest: DataLoader<string, AssistanceRequestDocument | null>;
  licenceReview: DataLoader<string, LicenceReviewDocument | null>;
}

export function createLoaders(database: RegionalDatabase): Loaders {
  return {
    riskAlert: byIdLoader(database.riskAlerts),
    recall: byIdLoader(database.recalls),
    contractTemplate: byIdLoader(database.contractTemplates),
    complaint: byIdLoader(database.complaints),
    enterprise: byIdLoader(database.enterprises),
    inspectionComparison: byIdLoader(database.inspectionComparisons),
    geographicalIndication: byIdLoader(database.geographicalIndications),
    inspection: byIdLoader(database.inspections),
    enforcementCase: byIdLoader(database.enforcementCases),
    assistanceRequest: byIdLoader(database.assistanceRequests),
    licenceReview: byIdLoader(database.licenceReviews),
  };
}
