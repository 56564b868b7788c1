import type { ExaminerNoticeKind, ExaminerRole, LicenceProductCategory, LicenceReviewStatus, RegionCode, ReviewConclusion } from '../../../kernel';
import type { Timestamps } from './collections';

export interface ExaminerFindingsDocument {
  text: string;
  recommendation: ReviewConclusion;
  submittedAt: Date;
}

/** A panel member: a person (name masked to agencies of other regions than the owner's and the examiner's own). */
export interface ExaminerDocument {
  /** 审查员1, 审查员2 … in the order the panel was formed. */
  code: string;
  name: string;
  region: RegionCode;
  certificateNumber: string | null;
  role: ExaminerRole;
  findings: ExaminerFindingsDocument | null;
}

/** 审查员通报: a notice about an examiner's conduct, circulated to all three regions. */
export interface ExaminerNoticeDocument {
  examinerCode: string;
  examinerName: string;
  examinerRegion: RegionCode;
  kind: ExaminerNoticeKind;
  content: string;
  issuedByRegion: RegionCode;
  issuedAt: Date;
}

/** 生产许可联合审查, collection `licenceReviews`; `_id` is a `{region}-LIC-…` ID of the licensing region (the applicant's). */
export interface LicenceReviewDocument extends Timestamps {
  _id: string;
  region: RegionCode;
  applicant: { creditCode: string; name: string };
  product: string;
  productCategory: LicenceProductCategory;
  appliedAt: Date;
  status: LicenceReviewStatus;
  examiners: ExaminerDocument[];
  /** Regions of the examiners, sorted, without repeats. */
  panelRegions: RegionCode[];
  onSiteReviewStartedAt: Date | null;
  conclusion: { result: ReviewConclusion; summary: string; at: Date } | null;
  licence: { issued: boolean; number: string | null; decidedAt: Date; reason: string | null } | null;
  notices: ExaminerNoticeDocument[];
}
