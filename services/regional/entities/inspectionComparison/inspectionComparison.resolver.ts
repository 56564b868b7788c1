import { Arg, Ctx, FieldResolver, Int, Mutation, Resolver, Root, UseMiddleware } from 'type-graphql';
import type { RegionalContext } from '../../context';
import { monthOf } from '../../data/groupStatistics';
import type { SortKey } from '../../data/keysetPage';
import { EntityQueries, recordIdArgument } from '../../graphql/entityQueries';
import { mapDomainErrors } from '../../graphql/errors';
import {
  InspectionComparisonFilter,
  InspectionComparisonOrder,
  InspectionComparisonOrderField,
  OpenInspectionComparisonInput,
  PublishComparisonReportInput,
  RecordComparisonResultInput,
} from './inspectionComparison.inputs';
import { participantsFor } from './inspectionComparison.privacy';
import { inspectionComparisonFilterToMongo, openInspectionComparison, publishComparisonReport, recordComparisonResult } from './inspectionComparison.service';
import { ComparisonParticipant, ComparisonReport, InspectionComparison, InspectionComparisonConnection, inspectionComparisonNode } from './inspectionComparison.type';

const SORT_KEYS: Record<InspectionComparisonOrderField, SortKey> = {
  [InspectionComparisonOrderField.OPENED_AT]: { path: 'openedAt', kind: 'date' },
  [InspectionComparisonOrderField.ID]: { path: '_id', kind: 'string' },
};

const InspectionComparisonQueries = EntityQueries({
  entity: 'InspectionComparison',
  node: InspectionComparison,
  connection: InspectionComparisonConnection,
  filter: InspectionComparisonFilter,
  order: InspectionComparisonOrder,
  documents: (database) => database.inspectionComparisons,
  loader: (loaders) => loaders.inspectionComparison,
  toNode: inspectionComparisonNode,
  toMongoFilter: inspectionComparisonFilterToMongo,
  sortKeys: SORT_KEYS,
  defaultOrder: InspectionComparisonOrderField.OPENED_AT,
  byKey: {
    name: 'inspectionComparison',
    description: 'One proficiency-testing or comparison round by ID (routed to the organising region in its prefix)',
    ...recordIdArgument('PTC', 'comparison round', 'BJ-PTC-2026-000004'),
  },
  list: { name: 'inspectionComparisons', description: 'Proficiency-testing and comparison rounds, newest first by default; keyset-paginated' },
  statistics: {
    name: 'inspectionComparisonStatistics',
    description:
      'Participant outcomes, one per laboratory and round: REGION is the laboratory’s region, CATEGORY the testing field, STATUS the outcome (PENDING without a result), MONTH the round’s opening month; filter.regions selects organising regions',
    dimensions: { REGION: '$participants.region', CATEGORY: '$field', STATUS: '$participants.outcome', MONTH: monthOf('openedAt') },
    unwind: 'participants',
  },
});

@Resolver(() => InspectionComparison)
@UseMiddleware(mapDomainErrors)
export class InspectionComparisonResolver extends InspectionComparisonQueries {
  @FieldResolver(() => [ComparisonParticipant], { description: 'Laboratories in code order; other regions’ laboratories by code only, unless the caller’s region organises the round' })
  participants(@Root() round: InspectionComparison, @Ctx() context: RegionalContext): ComparisonParticipant[] {
    return participantsFor(round.document, context);
  }

  @FieldResolver(() => Int)
  participantCount(@Root() round: InspectionComparison): number {
    return round.document.participants.length;
  }

  @FieldResolver(() => ComparisonReport, { nullable: true, description: 'The published report; null while results are collected' })
  report(@Root() round: InspectionComparison): ComparisonReport | null {
    const { report, participants } = round.document;
    if (!report) return null;
    const count = (outcome: string) => participants.filter((participant) => participant.outcome === outcome).length;
    return {
      ...report,
      participantCount: participants.length,
      satisfactory: count('SATISFACTORY'),
      questionable: count('QUESTIONABLE'),
      unsatisfactory: count('UNSATISFACTORY'),
      noResult: count('PENDING'),
    };
  }

  @Mutation(() => InspectionComparison, { description: '发布比对计划: opens a round organised by the caller’s region' })
  async openInspectionComparison(@Arg('input', () => OpenInspectionComparisonInput) input: OpenInspectionComparisonInput, @Ctx() context: RegionalContext) {
    return inspectionComparisonNode(await openInspectionComparison(context, input));
  }

  @Mutation(() => InspectionComparison, { description: '回报结果: a laboratory’s result, by the organising region or the laboratory’s region; its z-score and outcome are computed' })
  async recordComparisonResult(@Arg('input', () => RecordComparisonResultInput) input: RecordComparisonResultInput, @Ctx() context: RegionalContext) {
    return inspectionComparisonNode(await recordComparisonResult(context, input));
  }

  @Mutation(() => InspectionComparison, { description: '发布报告: the organising region publishes the round’s report' })
  async publishComparisonReport(@Arg('input', () => PublishComparisonReportInput) input: PublishComparisonReportInput, @Ctx() context: RegionalContext) {
    return inspectionComparisonNode(await publishComparisonReport(context, input));
  }
}
