import type { GeographicalIndicationStatus, GiProducerStatus, GiProductClass, InspectionResult, RegionCode } from '../../../kernel';
import type { Timestamps } from './collections';

/** A district or county of the protection area (any of the three regions). */
export interface ProtectionAreaDivision {
  code: string;
  /** Full name, e.g. 天津市蓟州区. */
  name: string;
  region: RegionCode;
}

export interface GiStatusChange {
  status: GeographicalIndicationStatus;
  reason: string;
  at: Date;
  agency: string;
}

/** A change of one producer's authorisation (暂停/恢复/撤销专用标志使用); the last one per producer is in force. */
export interface GiProducerStatusChange {
  creditCode: string;
  status: GiProducerStatus;
  reason: string;
  at: Date;
  agency: string;
}

/** 地理标志保护产品, collection `geographicalIndications`; `_id` is a `{region}-GEO-…` ID of the registering region. */
export interface GeographicalIndicationDocument extends Timestamps {
  _id: string;
  /** The registering region: it owns the record, whichever regions the protection area reaches. */
  region: RegionCode;
  productName: string;
  productClass: GiProductClass;
  /** The approval announcement, e.g. 原国家质检总局2006年第xx号公告. */
  approvalAnnouncement: string;
  approvedAt: Date;
  /** The standard the product follows, e.g. GB/T 19690—2008 or DB11/T 1234—2015. */
  standard: string;
  protectionArea: ProtectionAreaDivision[];
  /** The area's division codes and regions, for the district query and filters. */
  protectionAreaCodes: string[];
  protectionAreaRegions: RegionCode[];
  /** Producers authorised to use the special mark (专用标志), by credit code, any region. */
  authorisedProducerCreditCodes: string[];
  status: GeographicalIndicationStatus;
  statusHistory: GiStatusChange[];
  /** Suspensions, reinstatements and revocations of single producers, oldest first (absent: none yet). */
  producerStatusHistory?: GiProducerStatusChange[];
}

/** Each authorised producer's status: AUTHORISED unless a change says otherwise. */
export function giProducerStatuses(gi: Pick<GeographicalIndicationDocument, 'authorisedProducerCreditCodes' | 'producerStatusHistory'>): Record<string, GiProducerStatus> {
  const statuses: Record<string, GiProducerStatus> = Object.fromEntries(gi.authorisedProducerCreditCodes.map((code) => [code, 'AUTHORISED' as GiProducerStatus]));
  for (const change of gi.producerStatusHistory ?? []) if (change.creditCode in statuses) statuses[change.creditCode] = change.status;
  return statuses;
}

/** 专用标志使用核查, collection `inspections`; `_id` is a `{region}-INS-…` ID of the inspecting region (the producer's). */
export interface InspectionDocument extends Timestamps {
  _id: string;
  region: RegionCode;
  /** The GI (any region) whose authorised producer was inspected. */
  geographicalIndicationId: string;
  producerCreditCode: string;
  /** The bureau that inspected, e.g. 天津市蓟州区市场监督管理局. */
  inspectingAgency: string;
  inspectedAt: Date;
  result: InspectionResult;
  findings: string;
}
