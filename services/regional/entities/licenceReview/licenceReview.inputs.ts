import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import type { ExaminerNoticeKind, ExaminerRole, LicenceProductCategory, LicenceReviewStatus, ReviewConclusion } from '../../../../kernel';
import { OrderDirection, Region } from '../../graphql/enums';
import { ExaminerNoticeKindEnum, ExaminerRoleEnum, LicenceProductCategoryEnum, LicenceReviewStatusEnum, ReviewConclusionEnum } from '../../graphql/qualityEnums';

@InputType({ description: 'Licence review list filter; every given condition must hold' })
export class LicenceReviewFilter {
  @Field(() => [Region], { nullable: true, description: 'Licensing regions to include (all when absent)' })
  regions?: Region[] | null;

  @Field(() => [Region], { nullable: true, description: 'Reviews with examiners from one of these regions' })
  panelRegions?: Region[] | null;

  @Field(() => [LicenceReviewStatusEnum], { nullable: true })
  statuses?: LicenceReviewStatus[] | null;

  @Field(() => [LicenceProductCategoryEnum], { nullable: true })
  categories?: LicenceProductCategory[] | null;

  @Field(() => String, { nullable: true, description: 'Applications of this enterprise (unified social credit code)' })
  applicantCreditCode?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Only reviews with (true) or without (false) examiner notices' })
  hasNotices?: boolean | null;

  @Field(() => Date, { nullable: true })
  appliedFrom?: Date | null;

  @Field(() => Date, { nullable: true })
  appliedTo?: Date | null;
}

export enum LicenceReviewOrderField {
  APPLIED_AT = 'APPLIED_AT',
  ID = 'ID',
}
registerEnumType(LicenceReviewOrderField, { name: 'LicenceReviewOrderField' });

@InputType()
export class LicenceReviewOrder {
  @Field(() => LicenceReviewOrderField, { defaultValue: LicenceReviewOrderField.APPLIED_AT })
  field!: LicenceReviewOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC })
  direction!: OrderDirection;
}

@InputType({ description: '申请: an application, taken in by the applicant’s region' })
export class ApplyForLicenceInput {
  @Field(() => String, { description: 'The applicant, registered in the caller’s region' })
  applicantCreditCode!: string;

  @Field(() => String)
  applicantName!: string;

  @Field(() => String)
  product!: string;

  @Field(() => LicenceProductCategoryEnum)
  productCategory!: LicenceProductCategory;

  @Field(() => Date, { nullable: true, description: 'Defaults to now' })
  appliedAt?: Date | null;
}

@InputType()
export class ExaminerInput {
  @Field(() => String)
  name!: string;

  @Field(() => Region)
  region!: Region;

  @Field(() => String, { nullable: true })
  certificateNumber?: string | null;

  @Field(() => ExaminerRoleEnum, { defaultValue: 'MEMBER' })
  role!: ExaminerRole;
}

@InputType({ description: '组建审查组: 2 to 7 examiners from at least two regions, one leader (licensing region only)' })
export class FormReviewPanelInput {
  @Field(() => ID)
  id!: string;

  @Field(() => [ExaminerInput])
  examiners!: ExaminerInput[];
}

@InputType({ description: 'A step of the licensing region: 现场审查 starts' })
export class LicenceReviewStepInput {
  @Field(() => ID)
  id!: string;
}

@InputType({ description: '审查意见: an examiner’s findings, submitted by the examiner’s own region during the on-site review' })
export class SubmitExaminerFindingsInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'e.g. 审查员2' })
  examinerCode!: string;

  @Field(() => String, { description: 'At most 2000 characters' })
  findings!: string;

  @Field(() => ReviewConclusionEnum)
  recommendation!: ReviewConclusion;
}

@InputType({ description: '审查结论: the panel’s conclusion, recorded by the licensing region once every examiner has submitted findings' })
export class ConcludeLicenceReviewInput {
  @Field(() => ID)
  id!: string;

  @Field(() => ReviewConclusionEnum)
  result!: ReviewConclusion;

  @Field(() => String)
  summary!: string;
}

@InputType({ description: '许可决定: issue (conclusion PASS or PASS_AFTER_RECTIFICATION) or refuse (licensing region only)' })
export class DecideLicenceInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Boolean)
  issue!: boolean;

  @Field(() => String, { nullable: true, description: 'Required when refusing' })
  reason?: string | null;
}

@InputType({ description: '审查员通报: by the licensing region or the examiner’s own region, once the review is concluded' })
export class IssueExaminerNoticeInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  examinerCode!: string;

  @Field(() => ExaminerNoticeKindEnum)
  kind!: ExaminerNoticeKind;

  @Field(() => String, { description: 'At most 2000 characters' })
  content!: string;
}
