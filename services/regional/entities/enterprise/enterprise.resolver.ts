import { Arg, Ctx, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import type { RegionalContext } from '../../context';
import { timeBucketsOf } from '../../data/groupStatistics';
import type { SortKey } from '../../data/keysetPage';
import { requireCreditCodeInput } from '../../data/validation';
import { EntityQueries } from '../../graphql/entityQueries';
import { mapDomainErrors } from '../../graphql/errors';
import { EnterpriseFilter, EnterpriseOrder, EnterpriseOrderField, RegisterEnterpriseInput } from './enterprise.inputs';
import { enterpriseFilterToMongo, registerEnterprise } from './enterprise.service';
import { Enterprise, EnterpriseConnection, enterpriseNode } from './enterprise.type';

const ENTERPRISE_SORT_KEYS: Record<EnterpriseOrderField, SortKey> = {
  [EnterpriseOrderField.ESTABLISHED_AT]: { path: 'establishedAt', kind: 'date' },
  [EnterpriseOrderField.CREDIT_CODE]: { path: '_id', kind: 'string' },
};

const EnterpriseQueries = EntityQueries({
  entity: 'Enterprise',
  node: Enterprise,
  connection: EnterpriseConnection,
  filter: EnterpriseFilter,
  order: EnterpriseOrder,
  documents: (database) => database.enterprises,
  loader: (loaders) => loaders.enterprise,
  toNode: enterpriseNode,
  toMongoFilter: enterpriseFilterToMongo,
  sortKeys: ENTERPRISE_SORT_KEYS,
  defaultOrder: EnterpriseOrderField.ESTABLISHED_AT,
  byKey: {
    name: 'enterprise',
    description: 'One enterprise by credit code (routed to the region in characters 3–4)',
    argument: 'creditCode',
    argumentType: String,
    keyOf: (creditCode) => requireCreditCodeInput('creditCode', creditCode),
  },
  list: { name: 'enterprises', description: 'Enterprises, most recently established first by default; keyset-paginated' },
  statistics: {
    name: 'enterpriseStatistics',
    description: 'Enterprise counts grouped by region, industry (CATEGORY) or month of establishment',
    dimensions: { REGION: '$registrationRegion', CATEGORY: '$industry', ...timeBucketsOf('establishedAt') },
  },
});

@Resolver(() => Enterprise)
@UseMiddleware(mapDomainErrors)
export class EnterpriseResolver extends EnterpriseQueries {
  @Mutation(() => Enterprise, { description: 'Registers an enterprise whose credit code was issued in the caller’s region' })
  async registerEnterprise(@Arg('input', () => RegisterEnterpriseInput) input: RegisterEnterpriseInput, @Ctx() context: RegionalContext): Promise<Enterprise> {
    return enterpriseNode(await registerEnterprise(context, input));
  }
}
