import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root, UseMiddleware } from 'type-graphql';
import type { RegionalContext } from '../../context';
import { timeBucketsOf } from '../../data/groupStatistics';
import type { SortKey } from '../../data/keysetPage';
import { EntityQueries, recordIdArgument } from '../../graphql/entityQueries';
import { mapDomainErrors } from '../../graphql/errors';
import { ComplaintFilter, ComplaintOrder, ComplaintOrderField, ComplaintStepInput, RegisterComplaintInput } from './complaint.inputs';
import { consumerFor, consumerMaskedFor, freeTextFor, timelineFor } from './complaint.privacy';
import { complaintFilterToMongo, registerComplaint, takeComplaintStep } from './complaint.service';
import { ComplaintConsumer, ComplaintTimelineEntry, ConsumerComplaint, ConsumerComplaintConnection, complaintNode } from './complaint.type';
import { DURATION_PATHS, isOverdue, overdueExpression, stageOverdueExpressions, type ComplaintStepName } from './complaint.workflow';

const COMPLAINT_SORT_KEYS: Record<ComplaintOrderField, SortKey> = {
  [ComplaintOrderField.RECEIVED_AT]: { path: 'receivedAt', kind: 'date' },
  [ComplaintOrderField.AMOUNT_IN_DISPUTE]: { path: 'amountInDisputeFen', kind: 'number' },
  [ComplaintOrderField.ID]: { path: '_id', kind: 'string' },
};

const ComplaintQueries = EntityQueries({
  entity: 'ConsumerComplaint',
  node: ConsumerComplaint,
  connection: ConsumerComplaintConnection,
  filter: ComplaintFilter,
  order: ComplaintOrder,
  documents: (database) => database.complaints,
  loader: (loaders) => loaders.complaint,
  toNode: complaintNode,
  toMongoFilter: complaintFilterToMongo,
  sortKeys: COMPLAINT_SORT_KEYS,
  defaultOrder: ComplaintOrderField.RECEIVED_AT,
  byKey: {
    name: 'complaint',
    description: 'One complaint by ID (kept by its receiving region)',
    ...recordIdArgument('CMP', 'complaint', 'BJ-CMP-2024-000123'),
  },
  list: { name: 'complaints', description: 'Complaints, newest first by default; keyset-paginated' },
  statistics: {
    name: 'complaintStatistics',
    description: 'Complaint counts, amounts in dispute and overdue counts by the given dimensions',
    dimensions: {
      REGION: '$receivingRegion',
      RECEIVING_REGION: '$receivingRegion',
      HANDLING_REGION: '$handlingRegion',
      CATEGORY: '$category',
      STATUS: '$status',
      SOURCE: '$channel',
      ENTERPRISE: '$business.creditCode',
      ...timeBucketsOf('receivedAt'),
    },
    measures: (now) => ({
      sumPath: 'amountInDisputeFen',
      sumDivisor: 100,
      overdueExpression: overdueExpression(now),
      stageExpressions: stageOverdueExpressions(now),
      values: { amount: 'amountInDisputeFen', ...DURATION_PATHS },
    }),
  },
  masksPersonalData: consumerMaskedFor,
});

@Resolver(() => ConsumerComplaint)
@UseMiddleware(mapDomainErrors)
export class ConsumerComplaintResolver extends ComplaintQueries {
  @FieldResolver(() => ComplaintConsumer, { description: 'Masked unless the caller’s region receives or handles this complaint; unmasked reads are audited' })
  consumer(@Root() complaint: ConsumerComplaint, @Ctx() context: RegionalContext): Promise<ComplaintConsumer> {
    return consumerFor(complaint.document, context);
  }

  // Free texts: personal data typed in is masked like `consumer` for a caller who sees the consumer masked (complaint.privacy.ts).
  // No descriptions here, so the schema stays as it was.
  @FieldResolver(() => String)
  subject(@Root() complaint: ConsumerComplaint, @Ctx() context: RegionalContext): string {
    return freeTextFor(complaint.subject, complaint.document, context);
  }

  @FieldResolver(() => String)
  description(@Root() complaint: ConsumerComplaint, @Ctx() context: RegionalContext): string {
    return freeTextFor(complaint.description, complaint.document, context);
  }

  @FieldResolver(() => [ComplaintTimelineEntry])
  timeline(@Root() complaint: ConsumerComplaint, @Ctx() context: RegionalContext): ComplaintTimelineEntry[] {
    return timelineFor(complaint.timeline, complaint.document, context);
  }

  @FieldResolver(() => Boolean, { description: 'Past a statutory deadline (7 working days to decide, 45 to mediate) and still open' })
  overdue(@Root() complaint: ConsumerComplaint): boolean {
    return isOverdue(complaint.document);
  }

  @Mutation(() => ConsumerComplaint, { description: '登记: the receiving region takes a complaint in; its handling region is the business’s' })
  async registerComplaint(@Arg('input', () => RegisterComplaintInput) input: RegisterComplaintInput, @Ctx() context: RegionalContext) {
    return complaintNode(await registerComplaint(context, input));
  }

  @Mutation(() => ConsumerComplaint, { description: '分流转办: the receiving region transfers a complaint to the business’s region' })
  transferComplaint(@Arg('input', () => ComplaintStepInput) input: ComplaintStepInput, @Ctx() context: RegionalContext) {
    return step(context, 'transfer', input);
  }

  @Mutation(() => ConsumerComplaint, { description: '受理: the handling region accepts (within 7 working days of receipt)' })
  acceptComplaint(@Arg('input', () => ComplaintStepInput) input: ComplaintStepInput, @Ctx() context: RegionalContext) {
    return step(context, 'accept', input);
  }

  @Mutation(() => ConsumerComplaint, { description: '不予受理: the handling region rejects, with a reason' })
  rejectComplaint(@Arg('input', () => ComplaintStepInput) input: ComplaintStepInput, @Ctx() context: RegionalContext) {
    return step(context, 'reject', input);
  }

  @Mutation(() => ConsumerComplaint, { description: '调解: the handling region starts mediation' })
  startComplaintMediation(@Arg('input', () => ComplaintStepInput) input: ComplaintStepInput, @Ctx() context: RegionalContext) {
    return step(context, 'startMediation', input);
  }

  @Mutation(() => ConsumerComplaint, { description: '办结: mediation reached an agreement' })
  resolveComplaint(@Arg('input', () => ComplaintStepInput) input: ComplaintStepInput, @Ctx() context: RegionalContext) {
    return step(context, 'resolve', input);
  }

  @Mutation(() => ConsumerComplaint, { description: '终止: mediation ended without agreement' })
  terminateComplaint(@Arg('input', () => ComplaintStepInput) input: ComplaintStepInput, @Ctx() context: RegionalContext) {
    return step(context, 'terminate', input);
  }

  @Mutation(() => ConsumerComplaint, { description: '反馈: the receiving region reports the outcome to the consumer' })
  giveComplaintFeedback(@Arg('input', () => ComplaintStepInput) input: ComplaintStepInput, @Ctx() context: RegionalContext) {
    return step(context, 'feedback', input);
  }
}

async function step(context: RegionalContext, name: ComplaintStepName, input: ComplaintStepInput): Promise<ConsumerComplaint> {
  return complaintNode(await takeComplaintStep(context, name, input));
}
