import type DataLoader from 'dataloader';
import type { GraphQLResolveInfo, GraphQLScalarType } from 'graphql';
import type { Collection, Document, Filter } from 'mongodb';
import { Arg, Ctx, ID, Info, Int, Query, Resolver, UseMiddleware, type ClassType } from 'type-graphql';
import { isRecordId, type RecordTypeCode, type RegionCode } from '../../../kernel';
import { now as clockNow } from '../../../platform/clock';
import { requireRead, type SharedEntity } from '../auth/policy';
import type { RegionalContext } from '../context';
import { recordExportPage } from '../data/audit';
import type { RegionalDatabase } from '../data/database';
import { BadUserInputError } from '../data/domainErrors';
import { groupStatistics, type DimensionExpressions, type StatisticsMeasures } from '../data/groupStatistics';
import { keysetPage, type Connection, type SortKey } from '../data/keysetPage';
import type { Loaders } from '../data/loaders';
import { directionOf, sortKeyOf } from '../data/orderBy';
import { OrderDirection, StatisticsDimension } from './enums';
import { mapDomainErrors } from './errors';
import { selectsField, statisticsSelection } from './selection';
import { StatisticsGroup as StatisticsGroupType, statisticsGroupOf } from './statistics';

/** The root field that reads one record by its key, and the argument that carries the key. */
export interface ByKeyQuery {
  name: string;
  description?: string;
  argument: 'id' | 'creditCode';
  argumentType: GraphQLScalarType | StringConstructor;
  /** The key to load: validated (BAD_USER_INPUT naming the argument) and normalised. */
  keyOf(value: string): string;
}

/** The `orderBy` input of a list: a field of the entity's order enum and a direction. */
export interface EntityOrder<TOrderField extends string> {
  field?: TOrderField | null;
  direction?: OrderDirection | null;
}

/** What differs between the entities' by-key, list and statistics queries; the queries themselves are the same. */
export interface EntityQueriesSpec<TDocument, TNode extends object, TFilter extends object, TOrderField extends string> {
  entity: SharedEntity;
  node: ClassType<TNode>;
  connection: ClassType<object>;
  filter: ClassType<TFilter>;
  order: ClassType<EntityOrder<TOrderField>>;
  documents(database: RegionalDatabase): Collection<TDocument & Document>;
  loader(loaders: Loaders): DataLoader<string, TDocument | null>;
  toNode(document: TDocument): TNode;
  toMongoFilter(filter: TFilter | null | undefined, region: RegionCode, now: Date): Filter<Document>;
  sortKeys: Record<TOrderField, SortKey>;
  defaultOrder: TOrderField;
  byKey: ByKeyQuery;
  list: { name: string; description: string };
  statistics: { name: string; description?: string; dimensions: DimensionExpressions; measures?(now: Date): StatisticsMeasures; unwind?: string; dimensionUnwinds?: StatisticsMeasures['dimensionUnwinds'] };
  /** Whether this caller reads the record with personal data masked (entities that hold personal data; counted in export audits). */
  masksPersonalData?(document: TDocument, context: RegionalContext): boolean;
}

/** The by-key argument of an entity keyed by a record ID such as `TJ-RCL-2024-000123`. */
export function recordIdArgument(type: RecordTypeCode, label: string, example: string): Pick<ByKeyQuery, 'argument' | 'argumentType' | 'keyOf'> {
  return {
    argument: 'id',
    argumentType: ID,
    keyOf: (id) => {
      if (!isRecordId(id, type)) throw new BadUserInputError('id', `"${id}" is not a ${label} ID such as ${example}`);
      return id;
    },
  };
}

/**
 * An abstract resolver with an entity's three read queries: one record by key (null when absent), a keyset-paginated
 * list and group-by statistics, each behind the entity's read rule. Each entity's resolver extends it with its
 * mutations and field resolvers. The schema lists the fields in this order, and each field's arguments in the
 * reverse of the parameters' order (how type-graphql collects parameter decorators). A class-level middleware covers
 * the fields declared in that class only, so the subclass carries its own `@UseMiddleware(mapDomainErrors)`.
 */
export function EntityQueries<TDocument, TNode extends object, TFilter extends object, TOrderField extends string>(
  spec: EntityQueriesSpec<TDocument, TNode, TFilter, TOrderField>,
) {
  @Resolver()
  @UseMiddleware(mapDomainErrors)
  abstract class EntityQueriesResolver {
    @Query(() => spec.node, { name: spec.byKey.name, nullable: true, description: spec.byKey.description })
    async byKey(@Arg(spec.byKey.argument, () => spec.byKey.argumentType) key: string, @Ctx() context: RegionalContext): Promise<TNode | null> {
      requireRead(context, spec.entity);
      const document = await spec.loader(context.loaders).load(spec.byKey.keyOf(key));
      return document ? spec.toNode(document) : null;
    }

    // Nullable: an argument refused while executing fails this field alone (located BAD_USER_INPUT), not the response.
    @Query(() => spec.connection, { name: spec.list.name, description: spec.list.description, nullable: true })
    async list(
      @Ctx() context: RegionalContext,
      @Info() info: GraphQLResolveInfo,
      @Arg('filter', () => spec.filter, { nullable: true }) filter?: TFilter,
      @Arg('orderBy', () => spec.order, { nullable: true }) orderBy?: EntityOrder<TOrderField>,
      @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
      @Arg('after', () => String, { nullable: true }) after?: string,
    ): Promise<Connection<TNode>> {
      requireRead(context, spec.entity);
      const { exportId, caller } = context;
      let masked = 0;
      const page = await keysetPage(
        spec.documents(context.database),
        {
          filter: spec.toMongoFilter(filter, context.region, clockNow()),
          sortKey: sortKeyOf(spec.sortKeys, orderBy?.field, spec.defaultOrder),
          direction: directionOf(orderBy?.direction),
          first,
          after,
          countTotal: selectsField(info, 'totalCount'),
        },
        (document) => {
          if (exportId && spec.masksPersonalData?.(document, context)) masked += 1;
          return spec.toNode(document);
        },
      );
      // A page of a bulk export: one audit entry per export in this region, counting what it was served.
      if (exportId && caller) await recordExportPage(context.database.auditLog, caller, { exportId, entity: spec.entity, list: spec.list.name, filter, orderBy }, page.edges.length, masked);
      return page;
    }

    @Query(() => [StatisticsGroupType], { name: spec.statistics.name, description: spec.statistics.description, nullable: true })
    async statistics(
      @Ctx() context: RegionalContext,
      @Info() info: GraphQLResolveInfo,
      @Arg('groupBy', () => [StatisticsDimension]) groupBy: StatisticsDimension[],
      @Arg('filter', () => spec.filter, { nullable: true }) filter?: TFilter,
    ): Promise<StatisticsGroupType[]> {
      requireRead(context, spec.entity);
      // One clock for the filter and the measures: "overdue" means the same instant in both.
      const now = clockNow();
      const groups = await groupStatistics(
        spec.documents(context.database),
        spec.toMongoFilter(filter, context.region, now),
        groupBy,
        spec.statistics.dimensions,
        { ...spec.statistics.measures?.(now), ...(spec.statistics.unwind ? { unwindPath: spec.statistics.unwind } : {}), dimensionUnwinds: spec.statistics.dimensionUnwinds },
        statisticsSelection(info),
      );
      return groups.map(statisticsGroupOf);
    }
  }
  return EntityQueriesResolver;
}
