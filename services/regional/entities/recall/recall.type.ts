import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { ProductCategory } from '../../../../kernel';
import type { ProductRecallDocument, RecallRemedy, RecallStatus } from '../../model';
import { ProductCategoryEnum, RecallRemedyEnum, RecallStatusEnum, Region } from '../../graphql/enums';
import { ConnectionType } from '../../graphql/pagination';

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

@Directive('@key(fields: "id")')
@ObjectType({ description: '缺陷产品召回: a defective-product recall published by one region' })
export class ProductRecall {
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

  @Field(() => Date)
  productionStart!: Date;

  @Field(() => Date)
  productionEnd!: Date;

  @Field(() => Int)
  quantityMade!: number;

  @Field(() => Int)
  quantityToRecall!: number;

  @Field(() => [String])
  salesAreas!: string[];

  @Field(() => String)
  defect!: string;

  @Field(() => String)
  hazard!: string;

  @Field(() => RecallRemedyEnum)
  remedy!: RecallRemedy;

  @Field(() => ProductCategoryEnum)
  productCategory!: ProductCategory;

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
