import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { ASSISTANCE_STATUS_LABELS, ASSISTANCE_TYPE_LABELS, type AssistanceStatus, type AssistanceType, type ExtensionDecision } from '../../../../kernel';
import type { AssistanceRequestDocument } from '../../model';
import { AssistanceStatusEnum, AssistanceTypeEnum, ExtensionDecisionEnum, Region } from '../../graphql/enums';
import { ConnectionType } from '../../graphql/pagination';
import { CaseParty, OnlineStore } from '../enforcementCase/enforcementCase.type';

@ObjectType({ description: 'Metadata of a file sent with the request (the file itself travels by the bureaus’ document system)' })
export class AssistanceAttachment {
  @Field(() => String)
  fileName!: string;

  @Field(() => String)
  mediaType!: string;

  @Field(() => Int)
  sizeBytes!: number;

  @Field(() => String, { nullable: true })
  sha256!: string | null;
}

@ObjectType({ description: '延期申请: the target region asks for more working days; the requesting region grants or refuses' })
export class AssistanceExtension {
  @Field(() => Date)
  requestedAt!: Date;

  @Field(() => Int)
  workingDays!: number;

  @Field(() => String)
  reason!: string;

  @Field(() => ExtensionDecisionEnum)
  decision!: ExtensionDecision;

  @Field(() => Date, { nullable: true })
  decidedAt!: Date | null;
}

@ObjectType({ description: '协查回复: the target region’s findings' })
export class AssistanceReply {
  @Field(() => Date)
  at!: Date;

  @Field(() => String)
  agency!: string;

  @Field(() => String, { nullable: true, description: 'Null for a third region (it sees that a reply exists, not what it says)' })
  findings!: string | null;

  @Field(() => CaseParty, { nullable: true, description: 'Who the party turned out to be (an online store’s operator, a registration verified)' })
  identifiedParty!: CaseParty | null;
}

@ObjectType({ description: 'One step, seen alike by the requesting and the target bureau' })
export class AssistanceTimelineEntry {
  @Field(() => Date, { description: 'When it happened' })
  at!: Date;

  @Field(() => AssistanceStatusEnum, { description: 'Status after this step' })
  status!: AssistanceStatus;

  @Field(() => String, { description: 'SENT, ACCEPTED, DECLINED, EXTENSION_REQUESTED, EXTENSION_GRANTED, EXTENSION_REFUSED, REPLIED, CLOSED' })
  action!: string;

  @Field(() => Region, { description: 'Region of the bureau that acted' })
  region!: Region;

  @Field(() => String, { description: 'The bureau that acted' })
  agency!: string;

  @Field(() => String, { description: 'Personal data masked for a third region' })
  note!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: '协查请求: kept by the requesting region, acted on by the target region; a third region sees that it exists, no personal data' })
export class AssistanceRequest {
  @Field(() => ID, { description: 'e.g. BJ-AST-2026-000003; the prefix is the requesting region' })
  id!: string;

  @Field(() => Region)
  requestingRegion!: Region;

  @Field(() => Region, { description: 'The region asked to assist' })
  targetRegion!: Region;

  @Field(() => AssistanceTypeEnum)
  type!: AssistanceType;

  @Field(() => String)
  typeLabel!: string;

  @Field(() => ID, { description: 'The case (of the requesting region) the request serves' })
  caseId!: string;

  @Field(() => String)
  caseNumber!: string;

  @Field(() => CaseParty)
  party!: CaseParty;

  @Field(() => OnlineStore, { nullable: true })
  onlineStore!: OnlineStore | null;

  @Field(() => String, { nullable: true, description: 'What is asked; null for a third region' })
  request!: string | null;

  @Field(() => [AssistanceAttachment], { nullable: true, description: 'Null for a third region' })
  attachments!: AssistanceAttachment[] | null;

  @Field(() => AssistanceStatusEnum)
  status!: AssistanceStatus;

  @Field(() => String)
  statusLabel!: string;

  @Field(() => [AssistanceTimelineEntry])
  timeline!: AssistanceTimelineEntry[];

  @Field(() => Date)
  sentAt!: Date;

  @Field(() => Int, { description: 'Reply period it was sent with, in working days (15 by default; per type)' })
  workingDays!: number;

  @Field(() => Date, { description: 'Reply by the end of this day (Asia/Shanghai), counted in working days from the calendar, extensions included' })
  replyDeadline!: Date;

  @Field(() => Boolean, { description: 'The deadline was counted into a year whose holidays are not yet known' })
  replyDeadlineProvisional!: boolean;

  @Field(() => [AssistanceExtension])
  extensions!: AssistanceExtension[];

  @Field(() => AssistanceReply, { nullable: true })
  reply!: AssistanceReply | null;

  @Field(() => String, { nullable: true, description: 'Why the target region declined (null for a third region)' })
  declineReason!: string | null;

  @Field(() => Date, { nullable: true })
  repliedAt!: Date | null;

  @Field(() => Int, { nullable: true, description: 'Working days from sending to the reply' })
  replyWorkingDays!: number | null;

  @Field(() => Date, { nullable: true })
  closedAt!: Date | null;

  @Field(() => String)
  requestingAgency!: string;

  @Field(() => ID, { nullable: true, description: 'TRANSFER_CLUE: the case the target region filed from the clue once it accepted' })
  transferredCaseId!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;

  document!: AssistanceRequestDocument;
}

export const AssistanceRequestConnection = ConnectionType(AssistanceRequest, 'AssistanceRequest');

export function assistanceRequestNode(document: AssistanceRequestDocument): AssistanceRequest {
  return {
    ...document,
    id: document._id,
    requestingRegion: document.requestingRegion as unknown as Region,
    targetRegion: document.targetRegion as unknown as Region,
    typeLabel: ASSISTANCE_TYPE_LABELS[document.type],
    statusLabel: ASSISTANCE_STATUS_LABELS[document.status],
    // Shown per caller by the field resolvers.
    party: undefined as never,
    reply: null,
    timeline: [],
    document,
  };
}
