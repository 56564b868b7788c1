import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { ExaminerNoticeKind, ExaminerRole, LicenceProductCategory, LicenceReviewStatus, RegionCode, ReviewConclusion } from '../../../../kernel';
import { Region } from '../../graphql/enums';
import { ConnectionType } from '../../graphql/pagination';
import { ExaminerNoticeKindEnum, ExaminerRoleEnum, LicenceProductCategoryEnum, LicenceReviewStatusEnum, ReviewConclusionEnum } from '../../graphql/qualityEnums';
import type { ExaminerNoticeDocument, LicenceReviewDocument } from '../../model';

@ObjectType({ description: '申请企业' })
export class LicenceApplicant {
  @Field(() => String)
  creditCode!: string;

  @Field(() => String)
  name!: string;
}

@ObjectType({ description: '审查员意见' })
export class ExaminerFindings {
  @Field(() => String)
  text!: string;

  @Field(() => ReviewConclusionEnum)
  recommendation!: ReviewConclusion;

  @Field(() => Date)
  submittedAt!: Date;
}

@ObjectType({ description: '审查员: a panel member as the caller may see them' })
export class Examiner {
  @Field(() => String, { description: '审查员1, 审查员2 … (stable for the review)' })
  code!: string;

  @Field(() => String, { description: 'Masked (王**) unless the caller’s region owns the review or is the examiner’s own' })
  name!: string;

  @Field(() => Boolean)
  nameMasked!: boolean;

  @Field(() => Region, { description: 'The region whose review body the examiner belongs to' })
  region!: Region;

  @Field(() => String, { nullable: true, description: 'Examiner certificate number; null when masked' })
  certificateNumber!: string | null;

  @Field(() => ExaminerRoleEnum)
  role!: ExaminerRole;

  @Field(() => ExaminerFindings, { nullable: true, description: 'Null until the examiner’s region submits them' })
  findings!: ExaminerFindings | null;
}

@ObjectType({ description: '审查结论' })
export class ReviewConclusionRecord {
  @Field(() => ReviewConclusionEnum)
  result!: ReviewConclusion;

  @Field(() => String)
  summary!: string;

  @Field(() => Date)
  at!: Date;
}

@ObjectType({ description: '许可决定' })
export class LicenceDecision {
  @Field(() => Boolean)
  issued!: boolean;

  @Field(() => String, { nullable: true, description: 'The licence number when issued' })
  number!: string | null;

  @Field(() => Date)
  decidedAt!: Date;

  @Field(() => String, { nullable: true, description: 'Why it was refused' })
  reason!: string | null;
}

@ObjectType({ description: '审查员通报: a notice about an examiner, visible to the agencies of all three regions (it names the examiner)' })
export class ExaminerNotice {
  @Field(() => ID, { description: 'The review’s ID and the notice’s number in it, e.g. TJ-LIC-2026-000003-N1' })
  id!: string;

  @Field(() => ID, { description: 'The joint review the examiner served on' })
  licenceReviewId!: string;

  @Field(() => Region, { description: 'The licensing region, which keeps the review and its notices' })
  licensingRegion!: Region;

  @Field(() => String)
  examinerCode!: string;

  @Field(() => String)
  examinerName!: string;

  @Field(() => Region)
  examinerRegion!: Region;

  @Field(() => ExaminerNoticeKindEnum)
  kind!: ExaminerNoticeKind;

  @Field(() => String)
  content!: string;

  @Field(() => Region)
  issuedByRegion!: Region;

  @Field(() => Date)
  issuedAt!: Date;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: '生产许可联合审查: a production-licence application reviewed by a joint panel of examiners from two or three regions' })
export class LicenceReview {
  @Field(() => ID, { description: 'e.g. TJ-LIC-2026-000003; the prefix is the licensing region (the applicant’s), which owns the record' })
  id!: string;

  @Field(() => Region, { description: 'The licensing region' })
  region!: Region;

  @Field(() => LicenceApplicant)
  applicant!: LicenceApplicant;

  @Field(() => String, { description: 'The product applied for, e.g. 额定电压450/750V及以下聚氯乙烯绝缘电缆' })
  product!: string;

  @Field(() => LicenceProductCategoryEnum)
  productCategory!: LicenceProductCategory;

  @Field(() => Date)
  appliedAt!: Date;

  @Field(() => LicenceReviewStatusEnum)
  status!: LicenceReviewStatus;

  @Field(() => [Region], { description: 'Regions of the panel’s examiners' })
  panelRegions!: Region[];

  @Field(() => Date, { nullable: true })
  onSiteReviewStartedAt!: Date | null;

  @Field(() => ReviewConclusionRecord, { nullable: true })
  conclusion!: ReviewConclusionRecord | null;

  @Field(() => LicenceDecision, { nullable: true })
  licence!: LicenceDecision | null;

  @Field(() => [ExaminerNotice], { description: '审查员通报 issued about this review’s examiners' })
  notices!: ExaminerNotice[];

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;

  /** The stored review, for the field resolver that masks examiners. */
  document!: LicenceReviewDocument;
}

export const LicenceReviewConnection = ConnectionType(LicenceReview, 'LicenceReview');

export function licenceReviewNode(document: LicenceReviewDocument): LicenceReview {
  return {
    ...document,
    id: document._id,
    region: document.region as unknown as Region,
    panelRegions: document.panelRegions as unknown as Region[],
    notices: document.notices.map((notice, index) => examinerNoticeNode({ ...notice, _id: examinerNoticeId(document._id, index), licenceReviewId: document._id, licensingRegion: document.region })),
    document,
  };
}

/** A notice's ID: its review's and its place among the review's notices (notices are only ever appended). */
export function examinerNoticeId(reviewId: string, index: number): string {
  return `${reviewId}-N${index + 1}`;
}

/** A notice with what places it: its ID, its review and the licensing region (a row of the examinerNotices list). */
export type PlacedExaminerNotice = ExaminerNoticeDocument & { _id: string; licenceReviewId: string; licensingRegion: RegionCode };

export function examinerNoticeNode(notice: PlacedExaminerNotice): ExaminerNotice {
  return {
    id: notice._id,
    licenceReviewId: notice.licenceReviewId,
    licensingRegion: notice.licensingRegion as unknown as Region,
    examinerCode: notice.examinerCode,
    examinerName: notice.examinerName,
    examinerRegion: notice.examinerRegion as unknown as Region,
    kind: notice.kind,
    content: notice.content,
    issuedByRegion: notice.issuedByRegion as unknown as Region,
    issuedAt: notice.issuedAt,
  };
}

export const ExaminerNoticeConnection = ConnectionType(ExaminerNotice, 'ExaminerNotice');
