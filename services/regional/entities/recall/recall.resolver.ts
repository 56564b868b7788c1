import { Arg, Ctx, ID, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import type { RegionalContext } from '../../context';
import { timeBucketsOf } from '../../data/groupStatistics';
import type { SortKey } from '../../data/keysetPage';
import { EntityQueries, recordIdArgument } from '../../graphql/entityQueries';
import { mapDomainErrors } from '../../graphql/errors';
import { CreateRecallInput, RecallFilter, RecallOrder, RecallOrderField, UpdateRecallInput } from './recall.inputs';
import { createRecall, recallFilterToMongo, updateRecall } from './recall.service';
import { ProductRecall, ProductRecallConnection, recallNode } from './recall.type';

const RECALL_SORT_KEYS: Record<RecallOrderField, SortKey> = {
  [RecallOrderField.ANNOUNCED_AT]: { path: 'announcedAt', kind: 'date' },
  [RecallOrderField.QUANTITY_TO_RECALL]: { path: 'quantityToRecall', kind: 'number' },
  [RecallOrderField.ID]: { path: '_id', kind: 'string' },
};

const RecallQueries = EntityQueries({
  entity: 'ProductRecall',
  node: ProductRecall,
  connection: ProductRecallConnection,
  filter: RecallFilter,
  order: RecallOrder,
  documents: (database) => database.recalls,
  loader: (loaders) => loaders.recall,
  toNode: recallNode,
  toMongoFilter: recallFilterToMongo,
  sortKeys: RECALL_SORT_KEYS,
  defaultOrder: RecallOrderField.ANNOUNCED_AT,
  byKey: { name: 'recall', description: 'One recall by ID (routed to the region in its prefix)', ...recordIdArgument('RCL', 'recall', 'TJ-RCL-2024-000123') },
  list: { name: 'recalls', description: 'Recalls, newest first by default; keyset-paginated' },
  statistics: {
    name: 'recallStatistics',
    description: 'Recall counts and recalled quantities grouped by the given dimensions',
    dimensions: {
      REGION: '$region',
      CATEGORY: '$productCategory',
      STATUS: '$status',
      REMEDY: '$remedy',
      ENTERPRISE: '$manufacturer.creditCode',
      ...timeBucketsOf('announcedAt'),
    },
    measures: () => ({ sumPath: 'quantityToRecall', values: { quantity: 'quantityToRecall' } }),
  },
});

@Resolver(() => ProductRecall)
@UseMiddleware(mapDomainErrors)
export class ProductRecallResolver extends RecallQueries {
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
