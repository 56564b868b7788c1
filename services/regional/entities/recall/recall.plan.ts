import { Field, InputType, Int, ObjectType, type ClassType } from 'type-graphql';
import type { ProductCategory } from '../../../../kernel';
import { ProductCategoryEnum, RecallRemedyEnum } from '../../graphql/enums';
import type { RecallRemedy } from '../../model';

/**
 * The part of a recall plan (召回计划) that a filed plan (CreateRecallInput) and a published recall (ProductRecall)
 * state alike: the production run, the quantities, where it was sold, the defect and the remedy. A mixin over each
 * class's own leading fields, so that both keep their field order in the schema.
 */
export function withRecallPlanFields<TBase extends ClassType>(Base: TBase) {
  @ObjectType()
  @InputType()
  class RecallPlanFields extends Base {
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
  }
  return RecallPlanFields;
}
