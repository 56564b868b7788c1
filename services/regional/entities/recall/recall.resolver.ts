import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { isRecordId } from '../../../../kernel';
import type { RegionalContext } from '../../context';
import { requireRead } from '../../auth/policy';
import { groupStatistics, monthOf } from '../../data/groupStatistics';
import { keysetPage } from '../../data/keysetPage';
import { selectsField } from '../../graphql/selection';
import { directionOf, sortKeyOf } from '../../data/orderBy';
import { StatisticsDimension } from '../../graphql/enums';
import { badUserInput } from '../../graphql/errors';
import { StatisticsGroup } from '../../graphql/statistics';
import { CreateRecallInput, RecallFilter, RecallOrder, RecallOrderField, UpdateRecallInput } from './recall.inputs';
import { createRecall, RECALL_SORT_KEYS, recallFilterToMongo, updateRecall } from './recall.service';
import { ProductRecall, ProductRecallConnection, recallNode } from './recall.type';

@Resolver(() => ProductRecall)
export class ProductRecallResolver {
  @Query(() => ProductRecall, { nullable: true, description: 'One recall by ID (routed to the region in its prefix)' })
  async recall(@Arg('id', () => ID) id: string, @Ctx() context: RegionalContext): Promise<ProductRecall | null> {
    requireRead(context, 'ProductRecall');
    if (!isRecordId(id, 'RCL')) throw badUserInput('id', `"${id}" is not a recall ID such as TJ-RCL-2024-000123`);
    const document = await context.loaders.recall.load(id);
    return document ? recallNode(document) : null;
  }

  @Query(() => ProductRecallConnection, { description: 'Recalls, newest first by default; keyset-paginated' })
  recalls(
    @Ctx() context: RegionalContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => RecallFilter, { nullable: true }) filter?: RecallFilter,
    @Arg('orderBy', () => RecallOrder, { nullable: true }) orderBy?: RecallOrder,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    requireRead(context, 'ProductRecall');
    return keysetPage(
      context.database.recalls,
      {
        filter: recallFilterToMongo(filter, context.region),
        sortKey: sortKeyOf(RECALL_SORT_KEYS, orderBy?.field, RecallOrderField.ANNOUNCED_AT),
        direction: directionOf(orderBy?.direction),
        first,
        after,
        countTotal: selectsField(info, 'totalCount'),
      },
      recallNode,
    );
  }

  @Query(() => [StatisticsGroup], { description: 'Recall counts and recalled quantities grouped by the given dimensions' })
  recallStatistics(
    @Ctx() context: RegionalContext,
    @Arg('groupBy', () => [StatisticsDimension]) groupBy: StatisticsDimension[],
    @Arg('filter', () => RecallFilter, { nullable: true }) filter?: RecallFilter,
  ): Promise<StatisticsGroup[]> {
    requireRead(context, 'ProductRecall');
    return groupStatistics(
      context.database.recalls,
      recallFilterToMongo(filter, context.region),
      groupBy,
      { REGION: '$region', CATEGORY: '$productCategory', STATUS: '$status', MONTH: monthOf('announcedAt') },
      { sumPath: 'quantityToRecall' },
    );
  }

  @Mutation(() => ProductRecall, { description: 'Publishes a recall in the caller’s region' })
  async createRecall(@Arg('input', () => CreateRecallInput) input: CreateRecallInput, @Ctx() context: RegionalContext): Promise<ProductRecall> {
    return recallNode(await createRecall(context, input));
  }

  @Mutation(() => ProductRecall, { description: 'Changes a recall of the caller’s region (status, quantities, remedy…)' })
  async updateRecall(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateRecallInput) input: UpdateRecallInput,
    @Ctx() context: RegionalContext,
  ): Promise<ProductRecall> {
    return recallNode(await updateRecall(context, id, input));
  }
}
