import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { isRecordId } from '../../../../kernel';
import { requireRead } from '../../auth/policy';
import type { RegionalContext } from '../../context';
import { groupStatistics, monthOf } from '../../data/groupStatistics';
import { keysetPage } from '../../data/keysetPage';
import { selectsField } from '../../graphql/selection';
import { directionOf, sortKeyOf } from '../../data/orderBy';
import { StatisticsDimension } from '../../graphql/enums';
import { badUserInput } from '../../graphql/errors';
import { StatisticsGroup } from '../../graphql/statistics';
import { ComplaintFilter, ComplaintOrder, ComplaintOrderField, ComplaintStepInput, RegisterComplaintInput } from './complaint.inputs';
import { COMPLAINT_SORT_KEYS, complaintFilterToMongo, registerComplaint, takeComplaintStep } from './complaint.service';
import { ComplaintConsumer, ConsumerComplaint, ConsumerComplaintConnection, complaintNode } from './complaint.type';
import { consumerFor } from './complaint.privacy';
import { isOverdue, overdueExpression, type ComplaintStepName } from './complaint.workflow';

@Resolver(() => ConsumerComplaint)
export class ConsumerComplaintResolver {
  @Query(() => ConsumerComplaint, { nullable: true, description: 'One complaint by ID (kept by its receiving region)' })
  async complaint(@Arg('id', () => ID) id: string, @Ctx() context: RegionalContext): Promise<ConsumerComplaint | null> {
    requireRead(context, 'ConsumerComplaint');
    if (!isRecordId(id, 'CMP')) throw badUserInput('id', `"${id}" is not a complaint ID such as BJ-CMP-2024-000123`);
    const document = await context.loaders.complaint.load(id);
    return document ? complaintNode(document) : null;
  }

  @Query(() => ConsumerComplaintConnection, { description: 'Complaints, newest first by default; keyset-paginated' })
  complaints(
    @Ctx() context: RegionalContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => ComplaintFilter, { nullable: true }) filter?: ComplaintFilter,
    @Arg('orderBy', () => ComplaintOrder, { nullable: true }) orderBy?: ComplaintOrder,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    requireRead(context, 'ConsumerComplaint');
    return keysetPage(
      context.database.complaints,
      {
        filter: complaintFilterToMongo(filter, context.region),
        sortKey: sortKeyOf(COMPLAINT_SORT_KEYS, orderBy?.field, ComplaintOrderField.RECEIVED_AT),
        direction: directionOf(orderBy?.direction),
        first,
        after,
        countTotal: selectsField(info, 'totalCount'),
      },
      complaintNode,
    );
  }

  @Query(() => [StatisticsGroup], { description: 'Complaint counts, amounts in dispute and overdue counts by the given dimensions' })
  complaintStatistics(
    @Ctx() context: RegionalContext,
    @Arg('groupBy', () => [StatisticsDimension]) groupBy: StatisticsDimension[],
    @Arg('filter', () => ComplaintFilter, { nullable: true }) filter?: ComplaintFilter,
  ): Promise<StatisticsGroup[]> {
    requireRead(context, 'ConsumerComplaint');
    const now = new Date();
    return groupStatistics(
      context.database.complaints,
      complaintFilterToMongo(filter, context.region, now),
      groupBy,
      { REGION: '$receivingRegion', CATEGORY: '$category', STATUS: '$status', MONTH: monthOf('receivedAt') },
      { sumPath: 'amountInDispute', overdueExpression: overdueExpression(now) },
    );
  }

  @FieldResolver(() => ComplaintConsumer, { description: 'Masked unless the caller’s region receives or handles this complaint; unmasked reads are audited' })
  consumer(@Root() complaint: ConsumerComplaint, @Ctx() context: RegionalContext): Promise<ComplaintConsumer> {
    return consumerFor(complaint.document, context);
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
