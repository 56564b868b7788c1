import { enumObject, type ProductCategory, type RegionCode } from '../../../kernel';
import type { Timestamps } from './collections';

export const RECALL_REMEDIES = ['REPAIR', 'REPLACE', 'REFUND', 'STOP_SALE'] as const;
export type RecallRemedy = (typeof RECALL_REMEDIES)[number];
export const RecallRemedy = enumObject(RECALL_REMEDIES);

export const RECALL_STATUSES = ['ANNOUNCED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED'] as const;
export type RecallStatus = (typeof RECALL_STATUSES)[number];
export const RecallStatus = enumObject(RECALL_STATUSES);

export interface RecallContact {
  person: string;
  phone: string;
}

export interface RecallManufacturer {
  creditCode: string;
  name: string;
  contact: RecallContact;
}

/** 缺陷产品召回, collection `recalls`; `_id` is a `{region}-RCL-…` ID. */
export interface ProductRecallDocument extends Timestamps {
  _id: string;
  region: RegionCode;
  /** Unique within the region, e.g. 津召字〔2024〕第123号. */
  recallNumber: string;
  productName: string;
  brand: string;
  models: string[];
  batches: string[];
  manufacturer: RecallManufacturer;
  productionStart: Date;
  productionEnd: Date;
  quantityMade: number;
  /** At most `quantityMade`. */
  quantityToRecall: number;
  /** Provinces or '全国'. */
  salesAreas: string[];
  defect: string;
  hazard: string;
  remedy: RecallRemedy;
  productCategory: ProductCategory;
  announcedAt: Date;
  status: RecallStatus;
  /** Risk alerts that led to this recall (IDs, any region); mirrored by `RiskAlertDocument.relatedRecallIds`. */
  riskAlertIds: string[];
}
