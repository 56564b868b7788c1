import { Arg, Ctx, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import type { RegionalContext } from '../../context';
import { monthOf } from '../../data/groupStatistics';
import type { SortKey } from '../../data/keysetPage';
import { EntityQueries, recordIdArgument } from '../../graphql/entityQueries';
import { mapDomainErrors } from '../../graphql/errors';
import {
  AuthoriseGiProducersInput,
  ChangeGiProducerStatusInput,
  ChangeGiStatusInput,
  GeographicalIndicationFilter,
  GeographicalIndicationOrder,
  GeographicalIndicationOrderField,
  RegisterGeographicalIndicationInput,
} from './geographicalIndication.inputs';
import { authoriseGiProducers, changeGiProducerStatus, changeGiStatus, geographicalIndicationFilterToMongo, registerGeographicalIndication } from './geographicalIndication.service';
import { GeographicalIndication, GeographicalIndicationConnection, geographicalIndicationNode } from './geographicalIndication.type';

const SORT_KEYS: Record<GeographicalIndicationOrderField, SortKey> = {
  [GeographicalIndicationOrderField.APPROVED_AT]: { path: 'approvedAt', kind: 'date' },
  [GeographicalIndicationOrderField.ID]: { path: '_id', kind: 'string' },
};

const GeographicalIndicationQueries = EntityQueries({
  entity: 'GeographicalIndication',
  node: GeographicalIndication,
  connection: GeographicalIndicationConnection,
  filter: GeographicalIndicationFilter,
  order: GeographicalIndicationOrder,
  documents: (database) => database.geographicalIndications,
  loader: (loaders) => loaders.geographicalIndication,
  toNode: geographicalIndicationNode,
  toMongoFilter: geographicalIndicationFilterToMongo,
  sortKeys: SORT_KEYS,
  defaultOrder: GeographicalIndicationOrderField.APPROVED_AT,
  byKey: {
    name: 'geographicalIndication',
    description: 'One geographical indication by ID (routed to the registering region in its prefix)',
    ...recordIdArgument('GEO', 'geographical indication', 'BJ-GEO-2006-000001'),
  },
  list: {
    name: 'geographicalIndications',
    description: 'Geographical indication products of all three regions, most recently approved first; filter.district finds those whose protection area includes a district',
  },
  statistics: {
    name: 'geographicalIndicationStatistics',
    description: 'Protected products by registering region, product class (CATEGORY), status and approval month',
    dimensions: { REGION: '$region', CATEGORY: '$productClass', STATUS: '$status', MONTH: monthOf('approvedAt') },
  },
});

@Resolver(() => GeographicalIndication)
@UseMiddleware(mapDomainErrors)
export class GeographicalIndicationResolver extends GeographicalIndicationQueries {
  @Mutation(() => GeographicalIndication, { description: '登记: a protected product registered by the caller’s region (status PROTECTED)' })
  async registerGeographicalIndication(@Arg('input', () => RegisterGeographicalIndicationInput) input: RegisterGeographicalIndicationInput, @Ctx() context: RegionalContext) {
    return geographicalIndicationNode(await registerGeographicalIndication(context, input));
  }

  @Mutation(() => GeographicalIndication, { description: '核准专用标志使用: adds authorised producers (registering region only)' })
  async authoriseGiProducers(@Arg('input', () => AuthoriseGiProducersInput) input: AuthoriseGiProducersInput, @Ctx() context: RegionalContext) {
    return geographicalIndicationNode(await authoriseGiProducers(context, input));
  }

  @Mutation(() => GeographicalIndication, { description: '暂停/恢复/撤销保护 (registering region only)' })
  async changeGeographicalIndicationStatus(@Arg('input', () => ChangeGiStatusInput) input: ChangeGiStatusInput, @Ctx() context: RegionalContext) {
    return geographicalIndicationNode(await changeGiStatus(context, input));
  }

  @Mutation(() => GeographicalIndication, { description: '暂停/恢复/撤销专用标志使用: one producer’s authorisation (registering region only); a suspended or revoked producer is not inspected under the GI' })
  async changeGiProducerStatus(@Arg('input', () => ChangeGiProducerStatusInput) input: ChangeGiProducerStatusInput, @Ctx() context: RegionalContext) {
    return geographicalIndicationNode(await changeGiProducerStatus(context, input));
  }
}
