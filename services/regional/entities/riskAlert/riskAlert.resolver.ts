import { Arg, Ctx, ID, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import type { RegionalContext } from '../../context';
import { timeBucketsOf } from '../../data/groupStatistics';
import type { SortKey } from '../../data/keysetPage';
import { RiskLevelEnum } from '../../graphql/enums';
import { EntityQueries, recordIdArgument } from '../../graphql/entityQueries';
import { mapDomainErrors } from '../../graphql/errors';
import type { RiskLevel } from '../../model';
import { CreateRiskAlertInput, RiskAlertFilter, RiskAlertOrder, RiskAlertOrderField } from './riskAlert.inputs';
import { createRiskAlert, escalateRiskAlert, linkRecallToRiskAlert, resolveRiskAlert, riskAlertFilterToMongo } from './riskAlert.service';
import { RiskAlert, RiskAlertConnection, riskAlertNode } from './riskAlert.type';

const RISK_ALERT_SORT_KEYS: Record<RiskAlertOrderField, SortKey> = {
  [RiskAlertOrderField.ISSUED_AT]: { path: 'issuedAt', kind: 'date' },
  [RiskAlertOrderField.RISK_LEVEL]: { path: 'riskLevelRank', kind: 'number' },
  [RiskAlertOrderField.ID]: { path: '_id', kind: 'string' },
};

const RiskAlertQueries = EntityQueries({
  entity: 'RiskAlert',
  node: RiskAlert,
  connection: RiskAlertConnection,
  filter: RiskAlertFilter,
  order: RiskAlertOrder,
  documents: (database) => database.riskAlerts,
  loader: (loaders) => loaders.riskAlert,
  toNode: riskAlertNode,
  toMongoFilter: riskAlertFilterToMongo,
  sortKeys: RISK_ALERT_SORT_KEYS,
  defaultOrder: RiskAlertOrderField.ISSUED_AT,
  byKey: {
    name: 'riskAlert',
    description: 'One risk alert by ID (routed to the region in its prefix)',
    ...recordIdArgument('RSK', 'risk alert', 'TJ-RSK-2024-000123'),
  },
  list: { name: 'riskAlerts', description: 'Risk alerts, newest first by default; keyset-paginated' },
  statistics: {
    name: 'riskAlertStatistics',
    description: 'Risk alert counts grouped by the given dimensions',
    // By ENTERPRISE an alert counts once for each enterprise it names (one naming none: under null).
    dimensions: { REGION: '$region', CATEGORY: '$productCategory', STATUS: '$status', LEVEL: '$riskLevel', SOURCE: '$source', ENTERPRISE: '$enterpriseCreditCodes', ...timeBucketsOf('issuedAt') },
    dimensionUnwinds: { ENTERPRISE: 'enterpriseCreditCodes' },
  },
});

@Resolver(() => RiskAlert)
@UseMiddleware(mapDomainErrors)
export class RiskAlertResolver extends RiskAlertQueries {
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
