import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root, UseMiddleware } from 'type-graphql';
import type { RegionalContext } from '../../context';
import { monthOf } from '../../data/groupStatistics';
import type { SortKey } from '../../data/keysetPage';
import { EntityQueries, recordIdArgument } from '../../graphql/entityQueries';
import { mapDomainErrors } from '../../graphql/errors';
import type { LicenceReviewDocument } from '../../model';
import {
  ApplyForLicenceInput,
  ConcludeLicenceReviewInput,
  DecideLicenceInput,
  FormReviewPanelInput,
  IssueExaminerNoticeInput,
  LicenceReviewFilter,
  LicenceReviewOrder,
  LicenceReviewOrderField,
  LicenceReviewStepInput,
  SubmitExaminerFindingsInput,
} from './licenceReview.inputs';
import { examinerNameMasked, examinersFor } from './licenceReview.privacy';
import {
  applyForLicence,
  concludeLicenceReview,
  decideLicence,
  formReviewPanel,
  issueExaminerNotice,
  licenceReviewFilterToMongo,
  startOnSiteReview,
  submitExaminerFindings,
} from './licenceReview.service';
import { Examiner, LicenceReview, LicenceReviewConnection, licenceReviewNode } from './licenceReview.type';

const SORT_KEYS: Record<LicenceReviewOrderField, SortKey> = {
  [LicenceReviewOrderField.APPLIED_AT]: { path: 'appliedAt', kind: 'date' },
  [LicenceReviewOrderField.ID]: { path: '_id', kind: 'string' },
};

const LicenceReviewQueries = EntityQueries({
  entity: 'LicenceReview',
  node: LicenceReview,
  connection: LicenceReviewConnection,
  filter: LicenceReviewFilter,
  order: LicenceReviewOrder,
  documents: (database) => database.licenceReviews,
  loader: (loaders) => loaders.licenceReview,
  toNode: licenceReviewNode,
  toMongoFilter: licenceReviewFilterToMongo,
  sortKeys: SORT_KEYS,
  defaultOrder: LicenceReviewOrderField.APPLIED_AT,
  byKey: { name: 'licenceReview', description: 'One joint licence review by ID (routed to the licensing region in its prefix)', ...recordIdArgument('LIC', 'licence review', 'TJ-LIC-2026-000003') },
  list: { name: 'licenceReviews', description: 'Joint production-licence reviews of all three regions, newest application first; keyset-paginated' },
  statistics: {
    name: 'licenceReviewStatistics',
    description: 'Reviews by licensing region, product category, status and application month',
    dimensions: { REGION: '$region', CATEGORY: '$productCategory', STATUS: '$status', MONTH: monthOf('appliedAt') },
  },
  masksPersonalData: (document, context) => document.examiners.some((examiner) => examinerNameMasked(document, examiner.region, context)),
});

const node = async (pending: Promise<LicenceReviewDocument>) => licenceReviewNode(await pending);

@Resolver(() => LicenceReview)
@UseMiddleware(mapDomainErrors)
export class LicenceReviewResolver extends LicenceReviewQueries {
  @FieldResolver(() => [Examiner], { description: 'The panel; names masked for agencies of regions other than the licensing region and the examiner’s own' })
  examiners(@Root() review: LicenceReview, @Ctx() context: RegionalContext): Examiner[] {
    return examinersFor(review.document, context);
  }

  @Mutation(() => LicenceReview, { description: '申请: taken in by the applicant’s region (status APPLIED)' })
  applyForLicence(@Arg('input', () => ApplyForLicenceInput) input: ApplyForLicenceInput, @Ctx() context: RegionalContext) {
    return node(applyForLicence(context, input));
  }

  @Mutation(() => LicenceReview, { description: '组建审查组 (licensing region; APPLIED → PANEL_FORMED)' })
  formReviewPanel(@Arg('input', () => FormReviewPanelInput) input: FormReviewPanelInput, @Ctx() context: RegionalContext) {
    return node(formReviewPanel(context, input));
  }

  @Mutation(() => LicenceReview, { description: '现场审查 (licensing region; PANEL_FORMED → ON_SITE_REVIEW)' })
  startOnSiteReview(@Arg('input', () => LicenceReviewStepInput) input: LicenceReviewStepInput, @Ctx() context: RegionalContext) {
    return node(startOnSiteReview(context, input));
  }

  @Mutation(() => LicenceReview, { description: '审查意见 (the examiner’s own region, during ON_SITE_REVIEW)' })
  submitExaminerFindings(@Arg('input', () => SubmitExaminerFindingsInput) input: SubmitExaminerFindingsInput, @Ctx() context: RegionalContext) {
    return node(submitExaminerFindings(context, input));
  }

  @Mutation(() => LicenceReview, { description: '审查结论 (licensing region; ON_SITE_REVIEW → CONCLUDED, every examiner’s findings in)' })
  concludeLicenceReview(@Arg('input', () => ConcludeLicenceReviewInput) input: ConcludeLicenceReviewInput, @Ctx() context: RegionalContext) {
    return node(concludeLicenceReview(context, input));
  }

  @Mutation(() => LicenceReview, { description: '准予/不予许可 (licensing region; CONCLUDED → LICENCE_ISSUED or LICENCE_REFUSED)' })
  decideLicence(@Arg('input', () => DecideLicenceInput) input: DecideLicenceInput, @Ctx() context: RegionalContext) {
    return node(decideLicence(context, input));
  }

  @Mutation(() => LicenceReview, { description: '审查员通报 (licensing region or the examiner’s own, once concluded; visible to all three regions)' })
  issueExaminerNotice(@Arg('input', () => IssueExaminerNoticeInput) input: IssueExaminerNoticeInput, @Ctx() context: RegionalContext) {
    return node(issueExaminerNotice(context, input));
  }
}
