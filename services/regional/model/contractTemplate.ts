import { enumObject, type ContractCategory, type RegionCode } from '../../../kernel';
import type { Timestamps } from './collections';

/** draft → in review → published → superseded; withdrawn from review or publication. */
export const CONTRACT_TEMPLATE_STATUSES = ['DRAFT', 'IN_REVIEW', 'PUBLISHED', 'SUPERSEDED', 'WITHDRAWN'] as const;
export type ContractTemplateStatus = (typeof CONTRACT_TEMPLATE_STATUSES)[number];
export const ContractTemplateStatus = enumObject(CONTRACT_TEMPLATE_STATUSES);

export const ENDORSEMENT_DECISIONS = ['ENDORSED', 'RETURNED'] as const;
export type EndorsementDecision = (typeof ENDORSEMENT_DECISIONS)[number];
export const EndorsementDecision = enumObject(ENDORSEMENT_DECISIONS);

export interface ContractClause {
  /** 1-based; rendered 第一条, 第二条 … */
  number: number;
  heading: string;
  text: string;
}

/** One region's decision on the text; the latest per region counts. */
export interface ContractEndorsement {
  region: RegionCode;
  agency: string;
  decision: EndorsementDecision;
  /** Review round the decision belongs to (absent = 1); a return starts a new round after resubmission. */
  round?: number;
  comment: string | null;
  at: Date;
}

/**
 * 合同示范文本, collection `contractTemplates`, stored by the drafting region; `_id` is a
 * `{draftingRegion}-CTP-…` ID. Published jointly once all three regions have endorsed.
 */
export interface ContractTemplateDocument extends Timestamps {
  _id: string;
  /**
   * Assigned by the drafting region, e.g. JJJ-TJ-HT-2026-003 (kernel/templateCodes.ts): unique across the three
   * regions by its prefix; successive versions keep the serial and change the year.
   */
  code: string;
  /** The lineage every version of the text shares, e.g. JJJ-TJ-HT-003: the code without its year. */
  lineage: string;
  /** A code the template had before codes were assigned (set by the lineage migration), still found by text search. */
  formerCode?: string;
  title: string;
  category: ContractCategory;
  /** Version year. */
  version: number;
  clauses: ContractClause[];
  status: ContractTemplateStatus;
  draftingRegion: RegionCode;
  endorsements: ContractEndorsement[];
  /** Current joint-review round (absent = 1). */
  reviewRound?: number;
  /** The earlier version this one replaces. */
  supersedesId: string | null;
  /**
   * The one version drafted to replace this one (a DRAFT, IN_REVIEW, PUBLISHED or since WITHDRAWN successor), or a
   * `claim:{ms}:{uuid}` while a successor is being inserted: the single-document slot that makes a version have one
   * successor at a time (contractTemplate.lineage.ts).
   */
  successorId: string | null;
  /** Set once published. */
  effectiveFrom: Date | null;
}
