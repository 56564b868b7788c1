import type { AssistanceStatus, AssistanceType, CasePartyKind, EnforcementCaseStatus, EnforcementDomain, ExtensionDecision, LicenceMeasure, RegionCode } from '../../../kernel';
import type { Timestamps } from './collections';

/** A party of a case or request: an enterprise by its credit code, or a natural person (personal data). */
export interface CaseParty {
  kind: CasePartyKind;
  /** The enterprise's or the person's name. */
  name: string;
  /** Enterprises: unified social credit code (its region is where it is registered). */
  creditCode: string | null;
  /** Persons: resident ID number (personal data). */
  idNumber: string | null;
  /** Persons: address (personal data). */
  address: string | null;
}

/** 网店: for online-trade cases, the platform and the store. */
export interface OnlineStore {
  platformName: string;
  storeName: string;
  storeNumber: string | null;
  url: string | null;
}

/** 行政处罚: money in integer fen (分), exact; 0 when none. */
export interface Penalty {
  warning: boolean;
  fineFen: number;
  confiscatedIncomeFen: number;
  /** 没收的物品, as written in the decision. */
  confiscatedItems: string | null;
  licenceMeasure: LicenceMeasure;
}

export interface CaseTimelineEntry {
  at: Date;
  status: EnforcementCaseStatus;
  region: RegionCode;
  agency: string;
  note: string;
}

/**
 * 执法案件, collection `enforcementCases`, kept by the region that filed it; `_id` is `{region}-ENF-…`, `caseNumber` the
 * official number (津市监广罚〔2026〕12号), unique in the region and opening with its abbreviation.
 */
export interface EnforcementCaseDocument extends Timestamps {
  _id: string;
  caseNumber: string;
  region: RegionCode;
  domain: EnforcementDomain;
  title: string;
  parties: CaseParty[];
  /** Credit codes of the enterprise parties (for filters and `enterprise { enforcementCases }`). */
  partyCreditCodes: string[];
  /** Regions where the enterprise parties are registered. */
  partyRegions: RegionCode[];
  onlineStore: OnlineStore | null;
  facts: string;
  legalBasis: string | null;
  penalty: Penalty | null;
  /** 不予处罚 or 移送公安: why. */
  outcomeReason: string | null;
  status: EnforcementCaseStatus;
  timeline: CaseTimelineEntry[];
  filedAt: Date;
  decidedAt: Date | null;
  /** When the penalty decision was published (行政处罚信息公示); set with the decision. */
  publishedAt: Date | null;
  closedAt: Date | null;
  agency: string;
  recallIds: string[];
  riskAlertIds: string[];
  complaintIds: string[];
  /** A case filed from a clue another region transferred: that request and the case it served. */
  originAssistanceRequestId: string | null;
  originCaseId: string | null;
}

export interface AssistanceAttachment {
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string | null;
}

export interface AssistanceExtension {
  requestedAt: Date;
  workingDays: number;
  reason: string;
  decision: ExtensionDecision;
  decidedAt: Date | null;
}

export interface AssistanceReply {
  at: Date;
  agency: string;
  findings: string;
  /** IDENTIFY_STORE_OPERATOR and VERIFY_REGISTRATION: who it turned out to be. */
  identifiedParty: CaseParty | null;
}

export interface AssistanceTimelineEntry {
  at: Date;
  status: AssistanceStatus;
  /** What happened (SENT, ACCEPTED, EXTENSION_REQUESTED, EXTENSION_GRANTED…). */
  action: string;
  region: RegionCode;
  agency: string;
  note: string;
}

/**
 * 协查请求, collection `assistanceRequests`, kept by the requesting region (`{requestingRegion}-AST-…`) and acted on by
 * the target region through it, as a complaint is by its handling region.
 */
export interface AssistanceRequestDocument extends Timestamps {
  _id: string;
  requestingRegion: RegionCode;
  targetRegion: RegionCode;
  type: AssistanceType;
  caseId: string;
  caseNumber: string;
  domain: EnforcementDomain;
  party: CaseParty;
  onlineStore: OnlineStore | null;
  request: string;
  attachments: AssistanceAttachment[];
  status: AssistanceStatus;
  timeline: AssistanceTimelineEntry[];
  sentAt: Date;
  /** The reply period the request was sent with (the type's, or the one given). */
  workingDays: number;
  replyDeadline: Date;
  replyDeadlineProvisional: boolean;
  extensions: AssistanceExtension[];
  reply: AssistanceReply | null;
  declineReason: string | null;
  repliedAt: Date | null;
  /** Working days from sending to the reply. */
  replyWorkingDays: number | null;
  closedAt: Date | null;
  requestingAgency: string;
  /** TRANSFER_CLUE: the case the target region filed from it (kept by this region from the target's event). */
  transferredCaseId: string | null;
}
