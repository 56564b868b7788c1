import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import type { ProductCategory } from '../../../../kernel';
import type { RecallRemedy, RecallStatus } from '../../model';
import { OrderDirection, ProductCategoryEnum, RecallRemedyEnum, RecallStatusEnum, Region } from '../../graphql/enums';
import { withRecallPlanFields } from './recall.plan';

@InputType({ description: 'Recall list filter; every given condition must hold' })
export class RecallFilter {
  @Field(() => [Region], { nullable: true, description: 'Regions to include (all when absent)' })
  regions?: Region[] | null;

  @Field(() => [ProductCategoryEnum], { nullable: true })
  categories?: ProductCategory[] | null;

  @Field(() => [RecallStatusEnum], { nullable: true })
  statuses?: RecallStatus[] | null;

  @Field(() => [RecallRemedyEnum], { nullable: true })
  remedies?: RecallRemedy[] | null;

  @Field(() => Date, { nullable: true })
  announcedFrom?: Date | null;

  @Field(() => Date, { nullable: true })
  announcedTo?: Date | null;

  @Field(() => String, { nullable: true, description: 'Manufacturer unified social credit code' })
  enterpriseCreditCode?: string | null;

  @Field(() => ID, { nullable: true, description: 'Recalls citing this risk alert (any region)' })
  riskAlertId?: string | null;

  @Field(() => String, { nullable: true, description: 'Substring of product name, brand, defect or hazard' })
  text?: string | null;
}

export enum RecallOrderField {
  ANNOUNCED_AT = 'ANNOUNCED_AT',
  QUANTITY_TO_RECALL = 'QUANTITY_TO_RECALL',
  ID = 'ID',
}
registerEnumType(RecallOrderField, { name: 'RecallOrderField' });

@InputType()
export class RecallOrder {
  @Field(() => RecallOrderField, { defaultValue: RecallOrderField.ANNOUNCED_AT })
  field: RecallOrderField = RecallOrderField.ANNOUNCED_AT;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC })
  direction: OrderDirection = OrderDirection.DESC;
}

@InputType()
export class RecallContactInput {
  @Field(() => String)
  person!: string;

  @Field(() => String)
  phone!: string;
}

@InputType()
export class RecallManufacturerInput {
  @Field(() => String)
  creditCode!: string;

  @Field(() => String)
  name!: string;

  @Field(() => RecallContactInput)
  contact!: RecallContactInput;
}

/** Who recalls which product: the fields of a filed plan before the plan itself (see withRecallPlanFields). */
@InputType()
class RecalledProductInput {
  @Field(() => String)
  recallNumber!: string;

  @Field(() => String)
  productName!: string;

  @Field(() => String)
  brand!: string;

  @Field(() => [String], { defaultValue: [] })
  models!: string[];

  @Field(() => [String], { defaultValue: [] })
  batches!: string[];

  @Field(() => RecallManufacturerInput)
  manufacturer!: RecallManufacturerInput;
}

@InputType({ description: 'A recall plan as filed by the producer (召回计划)' })
export class CreateRecallInput extends withRecallPlanFields(RecalledProductInput) {
  /** A filed plan may leave the sales areas out; the field keeps its place in the schema. */
  @Field(() => [String])
  override salesAreas: string[] = [];

  @Field(() => Date, { nullable: true, description: 'Defaults to now' })
  announcedAt?: Date | null;

  @Field(() => [ID], { defaultValue: [], description: 'Risk alerts (any region) that led to this recall' })
  riskAlertIds!: string[];
}

@InputType({ description: 'Changes to a recall; absent fields stay as they are' })
export class UpdateRecallInput {
  @Field(() => RecallStatusEnum, { nullable: true })
  status?: RecallStatus | null;

  @Field(() => Int, { nullable: true })
  quantityToRecall?: number | null;

  @Field(() => RecallRemedyEnum, { nullable: true })
  remedy?: RecallRemedy | null;

  @Field(() => ProductCategoryEnum, { nullable: true, description: 'Corrects the product category (subscribers filtering by category are told the recall left or entered their filter)' })
  productCategory?: ProductCategory | null;

  @Field(() => String, { nullable: true })
  defect?: string | null;

  @Field(() => String, { nullable: true })
  hazard?: string | null;

  @Field(() => [String], { nullable: true })
  salesAreas?: string[] | null;

  @Field(() => [ID], { nullable: true })
  riskAlertIds?: string[] | null;
}
