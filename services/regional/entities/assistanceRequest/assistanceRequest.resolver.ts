import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root, UseMiddleware } from 'type-graphql';
import { isAssistanceOverdue } from '../../../../kernel';
import { now as clockNow } from '../../../../platform/clock';
import type { RegionalContext } from '../../context';
import { monthOf } from '../../data/groupStatistics';
import type { SortKey } from '../../data/keysetPage';
import { EntityQueries, recordIdArgument } from '../../graphql/entityQueries';
import { mapDomainErrors } from '../../graphql/errors';
import { CaseParty } from '../enforcementCase/enforcementCase.type';
import {
  AssistanceExtensionDecisionInput,
  AssistanceExtensionInput,
  AssistanceRequestFilter,
  AssistanceRequestOrder,
  AssistanceRequestOrderField,
  AssistanceStepInput,
  ReplyToAssistanceInput,
  RequestAssistanceInput,
} from './assistanceRequest.inputs';
import { replyFor, requestPartyFor, requestTimelineFor, seesRequestDetails } from './assistanceRequest.privacy';
import {
  acceptAssistanceRequest,
  assistanceRequestFilterToMongo,
  closeAssistanceRequest,
  decideAssistanceExtension,
  declineAssistanceRequest,
  replyToAssistanceRequest,
  requestAssistance,
  requestAssistanceExtension,
} from './assistanceRequest.service';
import { AssistanceAttachment, AssistanceReply, AssistanceRequest, AssistanceRequestConnection, AssistanceTimelineEntry, assistanceRequestNode } from './assistanceRequest.type';
import { assistanceOverdueExpression } from './assistanceRequest.workflow';

const REQUEST_SORT_KEYS: Record<AssistanceRequestOrderField, SortKey> = {
  [AssistanceRequestOrderField.SENT_AT]: { path: 'sentAt', kind: 'date' },
  [AssistanceRequestOrderField.REPLY_DEADLINE]: { path: 'replyDeadline', kind: 'date' },
  [AssistanceRequestOrderField.ID]: { path: '_id', kind: 'string' },
};

const AssistanceRequestQueries = EntityQueries({
  entity: 'AssistanceRequest',
  node: AssistanceRequest,
  connection: AssistanceRequestConnection,
  filter: AssistanceRequestFilter,
  order: AssistanceRequestOrder,
  documents: (database) => database.assistanceRequests,
  loader: (loaders) => loaders.assistanceRequest,
  toNode: assistanceRequestNode,
  toMongoFilter: assistanceRequestFilterToMongo,
  sortKeys: REQUEST_SORT_KEYS,
  defaultOrder: AssistanceRequestOrderField.SENT_AT,
  byKey: {
    name: 'assistanceRequest',
    description: 'One assistance request by ID (kept by the requesting region)',
    ...recordIdArgument('AST', 'assistance request', 'BJ-AST-2026-000003'),
  },
  list: { name: 'assistanceRequests', description: 'Assistance requests (协查请求), newest sent first by default; keyset-paginated; order by REPLY_DEADLINE ascending for what is due first' },
  statistics: {
    name: 'assistanceRequestStatistics',
    description: 'Assistance request counts, overdue counts and reply times (sum of working days to reply) by requesting region (REGION), TARGET_REGION, type (CATEGORY), status and month sent',
    dimensions: { REGION: '$requestingRegion', TARGET_REGION: '$targetRegion', CATEGORY: '$type', STATUS: '$status', MONTH: monthOf('sentAt') },
    measures: (now) => ({ sumPath: 'replyWorkingDays', overdueExpression: assistanceOverdueExpression(now) }),
  },
  masksPersonalData: (document, context) => !seesRequestDetails(document, context) && document.party.kind === 'PERSON',
});

@Resolver(() => AssistanceRequest)
@UseMiddleware(mapDomainErrors)
export class AssistanceRequestResolver extends AssistanceRequestQueries {
  @FieldResolver(() => CaseParty, { description: 'A natural person masked for a third region; unmasked reads are audited' })
  party(@Root() node: AssistanceRequest, @Ctx() context: RegionalContext): Promise<CaseParty> {
    return requestPartyFor(node.document, context);
  }

  @FieldResolver(() => String, { nullable: true })
  request(@Root() node: AssistanceRequest, @Ctx() context: RegionalContext): string | null {
    return seesRequestDetails(node.document, context) ? node.document.request : null;
  }

  @FieldResolver(() => [AssistanceAttachment], { nullable: true })
  attachments(@Root() node: AssistanceRequest, @Ctx() context: RegionalContext): AssistanceAttachment[] | null {
    return seesRequestDetails(node.document, context) ? node.document.attachments : null;
  }

  @FieldResolver(() => String, { nullable: true })
  declineReason(@Root() node: AssistanceRequest, @Ctx() context: RegionalContext): string | null {
    return seesRequestDetails(node.document, context) ? node.document.declineReason : null;
  }

  @FieldResolver(() => AssistanceReply, { nullable: true })
  reply(@Root() node: AssistanceRequest, @Ctx() context: RegionalContext): AssistanceReply | null {
    return replyFor(node.document, context);
  }

  @FieldResolver(() => [AssistanceTimelineEntry])
  timeline(@Root() node: AssistanceRequest, @Ctx() context: RegionalContext): AssistanceTimelineEntry[] {
    return requestTimelineFor(node.document, context);
  }

  @FieldResolver(() => Boolean, { description: 'Past its reply deadline with no reply (SENT or ACCEPTED)' })
  overdue(@Root() node: AssistanceRequest): boolean {
    return isAssistanceOverdue(node.document, clockNow());
  }

  @FieldResolver(() => Boolean, { description: 'Whether this caller sees what is asked and found (the requesting and target regions do; a third region does not)' })
  detailsVisible(@Root() node: AssistanceRequest, @Ctx() context: RegionalContext): boolean {
    return seesRequestDetails(node.document, context);
  }

  @Mutation(() => AssistanceRequest, { description: '发起协查: the caller’s region asks another region to assist with one of its cases' })
  async requestAssistance(@Arg('input', () => RequestAssistanceInput) input: RequestAssistanceInput, @Ctx() context: RegionalContext) {
    return assistanceRequestNode(await requestAssistance(context, input));
  }

  @Mutation(() => AssistanceRequest, { description: '接收: the target region accepts; a clue transfer is then filed as a case by the target region' })
  async acceptAssistanceRequest(@Arg('input', () => AssistanceStepInput) input: AssistanceStepInput, @Ctx() context: RegionalContext) {
    return assistanceRequestNode(await acceptAssistanceRequest(context, input));
  }

  @Mutation(() => AssistanceRequest, { description: '退回: the target region declines, with the reason' })
  async declineAssistanceRequest(@Arg('input', () => AssistanceStepInput) input: AssistanceStepInput, @Ctx() context: RegionalContext) {
    return assistanceRequestNode(await declineAssistanceRequest(context, input));
  }

  @Mutation(() => AssistanceRequest, { description: '申请延期: the target region asks for more working days' })
  async requestAssistanceExtension(@Arg('input', () => AssistanceExtensionInput) input: AssistanceExtensionInput, @Ctx() context: RegionalContext) {
    return assistanceRequestNode(await requestAssistanceExtension(context, input));
  }

  @Mutation(() => AssistanceRequest, { description: 'The requesting region grants (the deadline moves by that many working days) or refuses the pending extension' })
  async decideAssistanceExtension(@Arg('input', () => AssistanceExtensionDecisionInput) input: AssistanceExtensionDecisionInput, @Ctx() context: RegionalContext) {
    return assistanceRequestNode(await decideAssistanceExtension(context, input));
  }

  @Mutation(() => AssistanceRequest, { description: '回复: the target region replies with its findings' })
  async replyToAssistanceRequest(@Arg('input', () => ReplyToAssistanceInput) input: ReplyToAssistanceInput, @Ctx() context: RegionalContext) {
    return assistanceRequestNode(await replyToAssistanceRequest(context, input));
  }

  @Mutation(() => AssistanceRequest, { description: '办结: the requesting region closes a replied request' })
  async closeAssistanceRequest(@Arg('input', () => AssistanceStepInput) input: AssistanceStepInput, @Ctx() context: RegionalContext) {
    return assistanceRequestNode(await closeAssistanceRequest(context, input));
  }
}
