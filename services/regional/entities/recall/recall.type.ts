import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { ProductRecallDocument, RecallStatus } from '../../model';
import { RecallStatusEnum, Region } from '../../graphql/enums';
import { ConnectionType } from '../../graphql/pagination';
import { withRecallPlanFields } from './recall.plan';

@ObjectType({ description: '召回联系人' })
export class RecallContact {
  @Field(() => String)
  person!: string;

  @Field(() => String)
  phone!: string;
}

@ObjectType({ description: '生产者' })
export class RecallManufacturer {
  @Field(() => String, { description: 'Unified social credit code (统一社会信用代码)' })
  creditCode!: string;

  @Field(() => String)
  name!: string;

  @Field(() => RecallContact)
  contact!: RecallContact;
}

/** Who recalls which product: the fields of a recall before its plan (see withRecallPlanFields). */
@ObjectType()
class RecallNotice {
  @Field(() => ID, { description: 'e.g. TJ-RCL-2024-000123; the prefix is the owning region' })
  id!: string;

  @Field(() => Region)
  region!: Region;

  @Field(() => String, { description: 'Recall notice number, e.g. 津召字〔2024〕第123号' })
  recallNumber!: string;

  @Field(() => String)
  productName!: string;

  @Field(() => String)
  brand!: string;

  @Field(() => [String])
  models!: string[];

  @Field(() => [String])
  batches!: string[];

  @Field(() => RecallManufacturer)
  manufacturer!: RecallManufacturer;

  @Field(() => String, { description: 'The manufacturer’s credit code (the key of its Enterprise, resolved from its registration region)' })
  manufacturerCreditCode!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: '缺陷产品召回: a defective-product recall published by one region' })
export class ProductRecall extends withRecallPlanFields(RecallNotice) {
  @Field(() => Date)
  announcedAt!: Date;

  @Field(() => RecallStatusEnum)
  status!: RecallStatus;

  @Field(() => [ID], { description: 'Risk alerts (any region) that led to this recall' })
  riskAlertIds!: string[];

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;
}

export const ProductRecallConnection = ConnectionType(ProductRecall, 'ProductRecall');

export function recallNode(document: ProductRecallDocument): ProductRecall {
  return { ...document, id: document._id, region: document.region as unknown as Region, manufacturerCreditCode: document.manufacturer.creditCode };
}
