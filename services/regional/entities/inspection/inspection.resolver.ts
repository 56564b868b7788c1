import { Arg, Ctx, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import type { RegionalContext } from '../../context';
import { monthOf } from '../../data/groupStatistics';
import type { SortKey } from '../../data/keysetPage';
import { EntityQueries, recordIdArgument } from '../../graphql/entityQueries';
import { mapDomainErrors } from '../../graphql/errors';
import { InspectionFilter, InspectionOrder, InspectionOrderField, RecordInspectionInput } from './inspection.inputs';
import { inspectionFilterToMongo, recordInspection } from './inspection.service';
import { Inspection, InspectionConnection, inspectionNode } from './inspection.type';

const SORT_KEYS: Record<InspectionOrderField, SortKey> = {
  [InspectionOrderField.INSPECTED_AT]: { path: 'inspectedAt', kind: 'date' },
  [InspectionOrderField.ID]: { path: '_id', kind: 'string' },
};

const InspectionQueries = EntityQueries({
  entity: 'Inspection',
  node: Inspection,
  connection: InspectionConnection,
  filter: InspectionFilter,
  order: InspectionOrder,
  documents: (database) => database.inspections,
  loader: (loaders) => loaders.inspection,
  toNode: inspectionNode,
  toMongoFilter: inspectionFilterToMongo,
  sortKeys: SORT_KEYS,
  defaultOrder: InspectionOrderField.INSPECTED_AT,
  byKey: { name: 'inspection', description: 'One inspection by ID (routed to the inspecting region in its prefix)', ...recordIdArgument('INS', 'inspection', 'TJ-INS-2026-000012') },
  list: { name: 'inspections', description: 'Inspections of geographical indications’ authorised producers, newest first; keyset-paginated' },
  statistics: {
    name: 'inspectionStatistics',
    description: 'Inspections by inspecting region, result (STATUS) and month',
    dimensions: { REGION: '$region', STATUS: '$result', MONTH: monthOf('inspectedAt') },
  },
});

@Resolver(() => Inspection)
@UseMiddleware(mapDomainErrors)
export class InspectionResolver extends InspectionQueries {
  @Mutation(() => Inspection, { description: '核查: records an inspection of a producer registered in the caller’s region' })
  async recordInspection(@Arg('input', () => RecordInspectionInput) input: RecordInspectionInput, @Ctx() context: RegionalContext) {
    return inspectionNode(await recordInspection(context, input));
  }
}
