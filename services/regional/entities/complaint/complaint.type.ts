import { Directive, Field, Float, ID, ObjectType } from 'type-graphql';
import { yuanOfFen, type ComplaintCategory } from '../../../../kernel';
import { MoneyScalar } from '../../graphql/money';
import type { ComplaintChannel, ComplaintStatus, ConsumerComplaintDocument } from '../../model';
import { ComplaintCategoryEnum, ComplaintChannelEnum, ComplaintStatusEnum, Region } from '../../graphql/enums';
import { ConnectionType } from '../../graphql/pagination';

@ObjectType({ description: 'Consumer personal data; masked unless the caller’s region receives or handles the complaint; placeholders for everyone once anonymised (ConsumerComplaint.anonymisedAt)' })
export class ComplaintConsumer {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  phone!: string;

  @Field(() => String)
  address!: string;

  @Field(() => Boolean, { description: 'True when the values are not the consumer’s own: masked for this caller, or placeholders ("[已匿名]") after anonymisation' })
  masked!: boolean;
}

@ObjectType()
export class ComplaintBusiness {
  @Field(() => String, { description: 'Unified social credit code; its region is the handling region' })
  creditCode!: string;

  @Field(() => String)
  name!: string;
}

@ObjectType({ description: 'One step of the complaint: 登记 → 受理/不予受理 → 分流转办 → 调解 → 办结/终止 → 反馈' })
export class ComplaintTimelineEntry {
  @Field(() => Date)
  at!: Date;

  @Field(() => ComplaintStatusEnum)
  status!: ComplaintStatus;

  @Field(() => Region, { description: 'Region of the agency that took the step' })
  region!: Region;

  @Field(() => String)
  agency!: string;

  @Field(() => String)
  note!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: '消费投诉: one source of truth kept by the receiving region; the handling region acts on it' })
export class ConsumerComplaint {
  @Field(() => ID)
  id!: string;

  @Field(() => Region, { description: 'Region that took the complaint in and keeps the record' })
  receivingRegion!: Region;

  @Field(() => Region, { description: 'Region of the business (from its credit code), which handles the complaint' })
  handlingRegion!: Region;

  @Field(() => ComplaintChannelEnum)
  channel!: ComplaintChannel;

  @Field(() => ComplaintBusiness)
  business!: ComplaintBusiness;

  @Field(() => String, { description: 'The business’s credit code (the key of its Enterprise)' })
  businessCreditCode!: string;

  @Field(() => ComplaintCategoryEnum)
  category!: ComplaintCategory;

  @Field(() => String)
  subject!: string;

  @Field(() => String)
  description!: string;

  @Field(() => Float, { description: 'Amount in dispute, yuan, as a float', deprecationReason: 'A float cannot hold every amount exactly: use `amount` (Money)' })
  amountInDispute!: number;

  @Field(() => MoneyScalar, { description: 'Amount in dispute (yuan, exact to the fen; "0.00" when none is claimed)' })
  amount!: number;

  @Field(() => ComplaintStatusEnum)
  status!: ComplaintStatus;

  @Field(() => [ComplaintTimelineEntry])
  timeline!: ComplaintTimelineEntry[];

  @Field(() => Date)
  receivedAt!: Date;

  @Field(() => Date, { description: 'Accept or reject by the end of the 7th working day after receipt (Asia/Shanghai)' })
  acceptDeadline!: Date;

  @Field(() => Date, { nullable: true, description: 'Mediation ends 45 working days after acceptance' })
  mediationDeadline!: Date | null;

  @Field(() => Date, { nullable: true })
  closedAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'When the consumer’s personal data was anonymised, PERSONAL_DATA_RETENTION_DAYS after the complaint closed (rejected, or fed back after 办结/终止): the consumer’s fields then read "[已匿名]", as do the personal data typed into subject, description and notes; null while kept',
  })
  anonymisedAt!: Date | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;

  /** Raw document, for the field resolvers that mask personal data and compute deadlines. */
  document!: ConsumerComplaintDocument;
}

export const ConsumerComplaintConnection = ConnectionType(ConsumerComplaint, 'ConsumerComplaint');

export function complaintNode(document: ConsumerComplaintDocument): ConsumerComplaint {
  const { consumer: _consumer, anonymisationAuditPending: _pending, ...rest } = document;
  return {
    ...rest,
    id: document._id,
    amountInDispute: yuanOfFen(document.amountInDisputeFen),
    amount: document.amountInDisputeFen,
    anonymisedAt: document.anonymisedAt ?? null,
    businessCreditCode: document.business.creditCode,
    receivingRegion: document.receivingRegion as unknown as Region,
    handlingRegion: document.handlingRegion as unknown as Region,
    timeline: document.timeline.map((entry) => ({ ...entry, region: entry.region as unknown as Region })),
    document,
  };
}
