import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { MoneyScalar } from '../../graphql/money';
import type { ComplaintCategory } from '../../../../kernel';
import type { ComplaintChannel, ComplaintStatus } from '../../model';
import { ComplaintCategoryEnum, ComplaintChannelEnum, ComplaintStatusEnum, OrderDirection, Region } from '../../graphql/enums';

@InputType({ description: 'Complaint list filter; every given condition must hold' })
export class ComplaintFilter {
  @Field(() => [Region], { nullable: true, description: 'Receiving regions (the record owners) to include' })
  regions?: Region[] | null;

  @Field(() => [Region], { nullable: true, description: 'Complaints handled by these regions (e.g. transferred to them)' })
  handlingRegions?: Region[] | null;

  @Field(() => [ComplaintCategoryEnum], { nullable: true })
  categories?: ComplaintCategory[] | null;

  @Field(() => [ComplaintStatusEnum], { nullable: true })
  statuses?: ComplaintStatus[] | null;

  @Field(() => [ComplaintChannelEnum], { nullable: true })
  channels?: ComplaintChannel[] | null;

  @Field(() => Date, { nullable: true })
  receivedFrom?: Date | null;

  @Field(() => Date, { nullable: true })
  receivedTo?: Date | null;

  @Field(() => String, { nullable: true, description: 'Business credit code' })
  enterpriseCreditCode?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Only complaints past a statutory deadline that is still open (or only those that are not)' })
  overdue?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Substring of subject or description' })
  text?: string | null;
}

export enum ComplaintOrderField {
  RECEIVED_AT = 'RECEIVED_AT',
  AMOUNT_IN_DISPUTE = 'AMOUNT_IN_DISPUTE',
  ID = 'ID',
}
registerEnumType(ComplaintOrderField, { name: 'ComplaintOrderField' });

@InputType()
export class ComplaintOrder {
  @Field(() => ComplaintOrderField, { defaultValue: ComplaintOrderField.RECEIVED_AT })
  field!: ComplaintOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC })
  direction!: OrderDirection;
}

@InputType()
export class ComplaintConsumerInput {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  phone!: string;

  @Field(() => String)
  address!: string;
}

@InputType()
export class ComplaintBusinessInput {
  @Field(() => String)
  creditCode!: string;

  @Field(() => String)
  name!: string;
}

@InputType({ description: 'A complaint as taken in by the receiving region (登记)' })
export class RegisterComplaintInput {
  @Field(() => ComplaintChannelEnum)
  channel!: ComplaintChannel;

  @Field(() => ComplaintConsumerInput)
  consumer!: ComplaintConsumerInput;

  @Field(() => ComplaintBusinessInput)
  business!: ComplaintBusinessInput;

  @Field(() => ComplaintCategoryEnum)
  category!: ComplaintCategory;

  @Field(() => String)
  subject!: string;

  @Field(() => String)
  description!: string;

  @Field(() => MoneyScalar, { description: 'Yuan, at most two decimals: a string ("3299.50") or a number; 0 when none is claimed' })
  amountInDispute!: number;

  @Field(() => Date, { nullable: true, description: 'Defaults to now' })
  receivedAt?: Date | null;
}

@InputType()
export class ComplaintStepInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true, description: 'Note for the timeline (required when rejecting or closing)' })
  note?: string | null;

  @Field(() => Date, { nullable: true, description: 'When the step happened; defaults to now' })
  at?: Date | null;
}
