import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, Int, Query, Resolver, UseMiddleware } from 'type-graphql';
import type { RegionCode } from '../../../../kernel';
import { requireRead } from '../../auth/policy';
import type { RegionalContext } from '../../context';
import { recordExportPage } from '../../data/audit';
import { allOf, dateRangeClause, oneOfClause, regionClause } from '../../data/filters';
import { keysetPipelinePage, type Connection, type SortKey } from '../../data/keysetPage';
import { directionOf, sortKeyOf } from '../../data/orderBy';
import { mapDomainErrors } from '../../graphql/errors';
import { selectsField } from '../../graphql/selection';
import { ExaminerNoticeFilter, ExaminerNoticeOrder, ExaminerNoticeOrderField } from './examinerNotice.inputs';
import { ExaminerNotice, ExaminerNoticeConnection, examinerNoticeNode, type PlacedExaminerNotice } from './licenceReview.type';

const SORT_KEYS: Record<ExaminerNoticeOrderField, SortKey> = {
  [ExaminerNoticeOrderField.ISSUED_AT]: { path: 'issuedAt', kind: 'date' },
  [ExaminerNoticeOrderField.ID]: { path: '_id', kind: 'string' },
};

/**
 * The notices of this region's reviews as documents of their own: unwound from the reviews that hold them, each with
 * its ID (the review's and its number), its review and the licensing region.
 */
const NOTICES_PIPELINE = [
  { $match: { 'notices.0': { $exists: true } } },
  { $unwind: { path: '$notices', includeArrayIndex: 'noticeIndex' } },
  {
    $replaceRoot: {
      newRoot: {
        $mergeObjects: ['$notices', { _id: { $concat: ['$_id', '-N', { $toString: { $add: ['$noticeIndex', 1] } }] }, licenceReviewId: '$_id', licensingRegion: '$region' }],
      },
    },
  },
];

function examinerNoticeFilterToMongo(filter: ExaminerNoticeFilter | null | undefined, region: RegionCode) {
  if (!filter) return {};
  return allOf([
    regionClause(filter.regions, region),
    oneOfClause('examinerRegion', filter.examinerRegions, 'filter.examinerRegions'),
    oneOfClause('issuedByRegion', filter.issuedByRegions, 'filter.issuedByRegions'),
    oneOfClause('kind', filter.kinds, 'filter.kinds'),
    dateRangeClause('issuedAt', filter.issuedFrom, filter.issuedTo, 'filter.issuedFrom'),
  ]);
}

/**
 * 审查员通报 of all three regions in one list: each region serves the notices of the reviews it keeps, to the agencies
 * of every region (a notice names the examiner to all three); the gateway merges the regions' pages like any list.
 */
@Resolver(() => ExaminerNotice)
@UseMiddleware(mapDomainErrors)
export class ExaminerNoticeResolver {
  @Query(() => ExaminerNoticeConnection, {
    name: 'examinerNotices',
    nullable: true,
    description: '审查员通报 of the joint licence reviews of all three regions, newest first; keyset-paginated',
  })
  async examinerNotices(
    @Ctx() context: RegionalContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => ExaminerNoticeFilter, { nullable: true }) filter?: ExaminerNoticeFilter,
    @Arg('orderBy', () => ExaminerNoticeOrder, { nullable: true }) orderBy?: ExaminerNoticeOrder,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<Connection<ExaminerNotice>> {
    requireRead(context, 'LicenceReview');
    const page = await keysetPipelinePage<PlacedExaminerNotice, ExaminerNotice>(
      context.database.licenceReviews as never,
      NOTICES_PIPELINE,
      {
        filter: examinerNoticeFilterToMongo(filter, context.region),
        sortKey: sortKeyOf(SORT_KEYS, orderBy?.field, ExaminerNoticeOrderField.ISSUED_AT),
        direction: directionOf(orderBy?.direction),
        first,
        after,
        countTotal: selectsField(info, 'totalCount'),
      },
      examinerNoticeNode,
    );
    const { exportId, caller } = context;
    if (exportId && caller) await recordExportPage(context.database.auditLog, caller, { exportId, entity: 'LicenceReview', list: 'examinerNotices', filter, orderBy }, page.edges.length, 0);
    return page;
  }
}
