import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import type { AssistanceStatus, AssistanceType } from '../../../../kernel';
import { AssistanceStatusEnum, AssistanceTypeEnum, OrderDirection, Region } from '../../graphql/enums';
import { CasePartyInput, OnlineStoreInput } from '../enforcementCase/enforcementCase.inputs';

@InputType({ description: 'Assistance request list filter; every given condition must hold' })
export class AssistanceRequestFilter {
  @Field(() => [Region], { nullable: true, description: 'Requesting regions (the record owners) to include' })
  regions?: Region[] | null;

  @Field(() => [Region], { nullable: true, description: 'Requests addressed to these regions' })
  targetRegions?: Region[] | null;

  @Field(() => [AssistanceTypeEnum], { nullable: true })
  types?: AssistanceType[] | null;

  @Field(() => [AssistanceStatusEnum], { nullable: true })
  statuses?: AssistanceStatus[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Only requests still owed a reply (SENT, ACCEPTED), or only those that are not' })
  open?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Only requests past their reply deadline with no reply (or only those that are not)' })
  overdue?: boolean | null;

  @Field(() => String, { nullable: true, description: 'The case served (its ID)' })
  caseId?: string | null;

  @Field(() => Date, { nullable: true })
  sentFrom?: Date | null;

  @Field(() => Date, { nullable: true })
  sentTo?: Date | null;
}

export enum AssistanceRequestOrderField {
  SENT_AT = 'SENT_AT',
  REPLY_DEADLINE = 'REPLY_DEADLINE',
  ID = 'ID',
}
registerEnumType(AssistanceRequestOrderField, { name: 'AssistanceRequestOrderField' });

@InputType()
export class AssistanceRequestOrder {
  @Field(() => AssistanceRequestOrderField, { defaultValue: AssistanceRequestOrderField.SENT_AT })
  field!: AssistanceRequestOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC })
  direction!: OrderDirection;
}

@InputType({ description: 'A file’s metadata (the file travels by the bureaus’ document system)' })
export class AssistanceAttachmentInput {
  @Field(() => String, { description: 'e.g. 协查函.pdf' })
  fileName!: string;

  @Field(() => String, { description: 'e.g. application/pdf' })
  mediaType!: string;

  @Field(() => Int, { description: 'Up to 200 MB' })
  sizeBytes!: number;

  @Field(() => String, { nullable: true, description: 'SHA-256 of the file, hex' })
  sha256?: string | null;
}

@InputType({ description: '发起协查: the caller’s region asks another region for assistance with one of its cases' })
export class RequestAssistanceInput {
  @Field(() => ID, { description: 'A case of the caller’s region' })
  caseId!: string;

  @Field(() => Region)
  targetRegion!: Region;

  @Field(() => AssistanceTypeEnum)
  type!: AssistanceType;

  @Field(() => CasePartyInput, { description: 'The party concerned (an enterprise of the target region, a store’s unknown operator, a person)' })
  party!: CasePartyInput;

  @Field(() => OnlineStoreInput, { nullable: true, description: 'Required for IDENTIFY_STORE_OPERATOR' })
  onlineStore?: OnlineStoreInput | null;

  @Field(() => String, { description: 'What is asked' })
  request!: string;

  @Field(() => [AssistanceAttachmentInput], { nullable: true })
  attachments?: AssistanceAttachmentInput[] | null;

  @Field(() => Int, { nullable: true, description: 'Reply period in working days (1–60); the type’s default when absent' })
  workingDays?: number | null;

  @Field(() => Date, { nullable: true, description: 'Defaults to now' })
  sentAt?: Date | null;
}

@InputType()
export class AssistanceStepInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true, description: 'Note for the timeline; required when declining (the reason)' })
  note?: string | null;

  @Field(() => Date, { nullable: true, description: 'Defaults to now' })
  at?: Date | null;
}

@InputType({ description: '回复协查: the target region’s findings' })
export class ReplyToAssistanceInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  findings!: string;

  @Field(() => CasePartyInput, { nullable: true, description: 'Who the party turned out to be' })
  identifiedParty?: CasePartyInput | null;

  @Field(() => Date, { nullable: true, description: 'Defaults to now' })
  at?: Date | null;
}

@InputType({ description: 'The target region asks for more working days' })
export class AssistanceExtensionInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  workingDays!: number;

  @Field(() => String)
  reason!: string;
}

@InputType({ description: 'The requesting region grants or refuses the pending extension' })
export class AssistanceExtensionDecisionInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Boolean)
  grant!: boolean;

  @Field(() => String, { nullable: true })
  note?: string | null;
}
