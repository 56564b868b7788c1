import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { isRecordId } from '../../../../kernel';
import type { RiskLevel } from '../../model';
import type { RegionalContext } from '../../context';
import { requireRead } from '../../auth/policy';
import { groupStatistics, monthOf } from '../../data/groupStatistics';
import { keysetPage } from '../../data/keysetPage';
import { selectsField } from '../../graphql/selection';
import { directionOf, sortKeyOf } from '../../data/orderBy';
import { RiskLevelEnum, StatisticsDimension } from '../../graphql/enums';
import { badUserInput } from '../../graphql/errors';
import { StatisticsGroup } from '../../graphql/statistics';
import { CreateRiskAlertInput, RiskAlertFilter, RiskAlertOrder, RiskAlertOrderField } from './riskAlert.inputs';
import {
  createRiskAlert,
  escalateRiskAlert,
  linkRecallToRiskAlert,
  resolveRiskAlert,
  RISK_ALERT_SORT_KEYS,
  riskAlertFilterToMongo,
} from './riskAlert.service';
import { RiskAlert, RiskAlertConnection, riskAlertNode } from './riskAlert.type';

@Resolver(() => RiskAlert)
export class RiskAlertResolver {
  @Query(() => RiskAlert, { nullable: true, description: 'One risk alert by ID (routed to the region in its prefix)' })
  async riskAlert(@Arg('id', () => ID) id: string, @Ctx() context: RegionalContext): Promise<RiskAlert | null> {
    requireRead(context, 'RiskAlert');
    if (!isRecordId(id, 'RSK')) throw badUserInput('id', `"${id}" is not a risk alert ID such as TJ-RSK-2024-000123`);
    const document = await context.loaders.riskAlert.load(id);
    return document ? riskAlertNode(document) : null;
  }

  @Query(() => RiskAlertConnection, { description: 'Risk alerts, newest first by default; keyset-paginated' })
  riskAlerts(
    @Ctx() context: RegionalContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => RiskAlertFilter, { nullable: true }) filter?: RiskAlertFilter,
    @Arg('orderBy', () => RiskAlertOrder, { nullable: true }) orderBy?: RiskAlertOrder,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    requireRead(context, 'RiskAlert');
    return keysetPage(
      context.database.riskAlerts,
      {
        filter: riskAlertFilterToMongo(filter, context.region),
        sortKey: sortKeyOf(RISK_ALERT_SORT_KEYS, orderBy?.field, RiskAlertOrderField.ISSUED_AT),
        direction: directionOf(orderBy?.direction),
        first,
        after,
        countTotal: selectsField(info, 'totalCount'),
      },
      riskAlertNode,
    );
  }

  @Query(() => [StatisticsGroup], { description: 'Risk alert counts grouped by the given dimensions' })
  riskAlertStatistics(
    @Ctx() context: RegionalContext,
    @Arg('groupBy', () => [StatisticsDimension]) groupBy: StatisticsDimension[],
    @Arg('filter', () => RiskAlertFilter, { nullable: true }) filter?: RiskAlertFilter,
  ): Promise<StatisticsGroup[]> {
    requireRead(context, 'RiskAlert');
    return groupStatistics(
      context.database.riskAlerts,
      riskAlertFilterToMongo(filter, context.region),
      groupBy,
      { REGION: '$region', CATEGORY: '$productCategory', STATUS: '$status', LEVEL: '$riskLevel', MONTH: monthOf('issuedAt') },
    );
  }

  @Mutation(() => RiskAlert, { description: 'Issues a risk alert in the caller’s region (status OPEN)' })
  async createRiskAlert(@Arg('input', () => CreateRiskAlertInput) input: CreateRiskAlertInput, @Ctx() context: RegionalContext): Promise<RiskAlert> {
    return riskAlertNode(await createRiskAlert(context, input));
  }

  @Mutation(() => RiskAlert, { description: 'Raises an OPEN or ESCALATED alert to a higher level; its status becomes ESCALATED' })
  async escalateRiskAlert(
    @Arg('id', () => ID) id: string,
    @Arg('level', () => RiskLevelEnum) level: RiskLevel,
    @Ctx() context: RegionalContext,
  ): Promise<RiskAlert> {
    return riskAlertNode(await escalateRiskAlert(context, id, level));
  }

  @Mutation(() => RiskAlert, { description: 'Resolves an OPEN or ESCALATED alert (resolvedAt defaults to now, not before issuedAt)' })
  async resolveRiskAlert(
    @Arg('id', () => ID) id: string,
    @Ctx() context: RegionalContext,
    @Arg('resolvedAt', () => Date, { nullable: true }) resolvedAt?: Date,
  ): Promise<RiskAlert> {
    return riskAlertNode(await resolveRiskAlert(context, id, resolvedAt));
  }

  @Mutation(() => RiskAlert, { description: 'Records that a recall (any region) followed this alert; idempotent' })
  async linkRecallToRiskAlert(
    @Arg('riskAlertId', () => ID) riskAlertId: string,
    @Arg('recallId', () => ID) recallId: string,
    @Ctx() context: RegionalContext,
  ): Promise<RiskAlert> {
    return riskAlertNode(await linkRecallToRiskAlert(context, riskAlertId, recallId));
  }
}
