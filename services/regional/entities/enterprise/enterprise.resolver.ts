import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RegionalContext } from '../../context';
import { requireRead } from '../../auth/policy';
import { groupStatistics, monthOf } from '../../data/groupStatistics';
import { keysetPage } from '../../data/keysetPage';
import { selectsField } from '../../graphql/selection';
import { directionOf, sortKeyOf } from '../../data/orderBy';
import { requireCreditCodeInput } from '../../data/validation';
import { StatisticsDimension } from '../../graphql/enums';
import { StatisticsGroup } from '../../graphql/statistics';
import { EnterpriseFilter, EnterpriseOrder, EnterpriseOrderField, RegisterEnterpriseInput } from './enterprise.inputs';
import { ENTERPRISE_SORT_KEYS, enterpriseFilterToMongo, registerEnterprise } from './enterprise.service';
import { Enterprise, EnterpriseConnection, enterpriseNode } from './enterprise.type';

@Resolver(() => Enterprise)
export class EnterpriseResolver {
  @Query(() => Enterprise, { nullable: true, description: 'One enterprise by credit code (routed to the region in characters 3–4)' })
  async enterprise(@Arg('creditCode', () => String) creditCode: string, @Ctx() context: RegionalContext): Promise<Enterprise | null> {
    requireRead(context, 'Enterprise');
    const document = await context.loaders.enterprise.load(requireCreditCodeInput('creditCode', creditCode));
    return document ? enterpriseNode(document) : null;
  }

  @Query(() => EnterpriseConnection, { description: 'Enterprises, most recently established first by default; keyset-paginated' })
  enterprises(
    @Ctx() context: RegionalContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => EnterpriseFilter, { nullable: true }) filter?: EnterpriseFilter,
    @Arg('orderBy', () => EnterpriseOrder, { nullable: true }) orderBy?: EnterpriseOrder,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    requireRead(context, 'Enterprise');
    return keysetPage(
      context.database.enterprises,
      {
        filter: enterpriseFilterToMongo(filter, context.region),
        sortKey: sortKeyOf(ENTERPRISE_SORT_KEYS, orderBy?.field, EnterpriseOrderField.ESTABLISHED_AT),
        direction: directionOf(orderBy?.direction),
        first,
        after,
        countTotal: selectsField(info, 'totalCount'),
      },
      enterpriseNode,
    );
  }

  @Query(() => [StatisticsGroup], { description: 'Enterprise counts grouped by region, industry (CATEGORY) or month of establishment' })
  enterpriseStatistics(
    @Ctx() context: RegionalContext,
    @Arg('groupBy', () => [StatisticsDimension]) groupBy: StatisticsDimension[],
    @Arg('filter', () => EnterpriseFilter, { nullable: true }) filter?: EnterpriseFilter,
  ): Promise<StatisticsGroup[]> {
    requireRead(context, 'Enterprise');
    return groupStatistics(
      context.database.enterprises,
      enterpriseFilterToMongo(filter, context.region),
      groupBy,
      { REGION: '$registrationRegion', CATEGORY: '$industry', MONTH: monthOf('establishedAt') },
    );
  }

  @Mutation(() => Enterprise, { description: 'Registers an enterprise whose credit code was issued in the caller’s region' })
  async registerEnterprise(@Arg('input', () => RegisterEnterpriseInput) input: RegisterEnterpriseInput, @Ctx() context: RegionalContext): Promise<Enterprise> {
    return enterpriseNode(await registerEnterprise(context, input));
  }
}
