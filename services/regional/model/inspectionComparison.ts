import type { ComparisonScheme, ComparisonStatus, ParticipantOutcome, RegionCode, TestingField } from '../../../kernel';
import type { Timestamps } from './collections';

/** One participating laboratory of a round, with its result once reported. */
export interface ComparisonParticipantDocument {
  /** 实验室A, 实验室B …: fixed when the round opens; how agencies of other regions see the laboratory. */
  code: string;
  name: string;
  region: RegionCode;
  /** CNAS accreditation number, e.g. CNAS L0123 (absent for laboratories not accredited). */
  accreditationNumber: string | null;
  /** The reported value as decimal text (never a binary float), null until reported. */
  result: string | null;
  reportedAt: Date | null;
  /** z rounded half away from zero to 2 places, as text (`-2.00`); null until reported. */
  zScore: string | null;
  outcome: ParticipantOutcome;
}

/** The round's report, once published: what it concludes beside the participants' outcomes. */
export interface ComparisonReportDocument {
  publishedAt: Date;
  summary: string;
}

/** 能力验证/比对, collection `inspectionComparisons`; `_id` is a `{region}-PTC-…` ID of the organising region. */
export interface InspectionComparisonDocument extends Timestamps {
  _id: string;
  /** The organising region (its institute runs the round). */
  region: RegionCode;
  /** Programme number, e.g. BJ-PT-2026-07. */
  programmeNumber: string;
  title: string;
  scheme: ComparisonScheme;
  field: TestingField;
  /** The organising institute (组织机构). */
  organiser: string;
  /** 被测量, e.g. 小麦粉中铅含量. */
  measurand: string;
  unit: string;
  /** Assigned value X and standard deviation for proficiency assessment σpt, as decimal text. */
  assignedValue: string;
  standardDeviation: string;
  openedAt: Date;
  status: ComparisonStatus;
  participants: ComparisonParticipantDocument[];
  /** Regions of the participants (for filters and statistics), sorted, without repeats. */
  participantRegions: RegionCode[];
  report: ComparisonReportDocument | null;
}
