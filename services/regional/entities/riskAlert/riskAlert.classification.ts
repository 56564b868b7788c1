import { Field, InputType, ObjectType, type ClassType } from 'type-graphql';
import type { ProductCategory } from '../../../../kernel';
import { HazardTypeEnum, ProductCategoryEnum, RiskLevelEnum } from '../../graphql/enums';
import type { HazardType, RiskLevel } from '../../model';

/**
 * What a risk alert classifies, in an issued alert (CreateRiskAlertInput) and a published one (RiskAlert) alike:
 * the product category, the hazard and its level. A mixin over each class's own leading fields, so that both
 * keep their field order in the schema.
 */
export function withRiskClassificationFields<TBase extends ClassType>(Base: TBase) {
  @ObjectType()
  @InputType()
  class RiskClassificationFields extends Base {
    @Field(() => ProductCategoryEnum)
    productCategory!: ProductCategory;

    @Field(() => HazardTypeEnum)
    hazardType!: HazardType;

    @Field(() => RiskLevelEnum)
    riskLevel!: RiskLevel;
  }
  return RiskClassificationFields;
}
