import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import type { ProductCategory } from '../../../../kernel';
import type { HazardType, RiskAlertStatus, RiskLevel, RiskSource } from '../../model';
import { HazardTypeEnum, OrderDirection, ProductCategoryEnum, Region, RiskAlertStatusEnum, RiskLevelEnum, RiskSourceEnum } from '../../graphql/enums';
import { withRiskClassificationFields } from './riskAlert.classification';

@InputType({ description: 'Risk alert list filter; every given condition must hold' })
export class RiskAlertFilter {
  @Field(() => [Region], { nullable: true, description: 'Regions to include (all when absent)' })
  regions?: Region[] | null;

  @Field(() => [ProductCategoryEnum], { nullable: true })
  categories?: ProductCategory[] | null;

  @Field(() => [HazardTypeEnum], { nullable: true })
  hazardTypes?: HazardType[] | null;

  @Field(() => [RiskLevelEnum], { nullable: true, description: 'Exactly these levels' })
  levels?: RiskLevel[] | null;

  @Field(() => RiskLevelEnum, { nullable: true, description: 'This level or higher' })
  minimumLevel?: RiskLevel | null;

  @Field(() => [RiskSourceEnum], { nullable: true })
  sources?: RiskSource[] | null;

  @Field(() => [RiskAlertStatusEnum], { nullable: true })
  statuses?: RiskAlertStatus[] | null;

  @Field(() => Date, { nullable: true })
  issuedFrom?: Date | null;

  @Field(() => Date, { nullable: true })
  issuedTo?: Date | null;

  @Field(() => String, { nullable: true, description: 'Alerts concerning this enterprise (unified social credit code)' })
  enterpriseCreditCode?: string | null;

  @Field(() => ID, { nullable: true, description: 'Alerts that this recall (any region) followed' })
  recallId?: string | null;

  @Field(() => String, { nullable: true, description: 'Substring of title or description' })
  text?: string | null;
}

export enum RiskAlertOrderField {
  ISSUED_AT = 'ISSUED_AT',
  RISK_LEVEL = 'RISK_LEVEL',
  ID = 'ID',
}
registerEnumType(RiskAlertOrderField, { name: 'RiskAlertOrderField' });

@InputType()
export class RiskAlertOrder {
  @Field(() => RiskAlertOrderField, { defaultValue: RiskAlertOrderField.ISSUED_AT })
  field!: RiskAlertOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC })
  direction!: OrderDirection;
}

/** What the alert says: the fields of an issued alert before its classification. */
@InputType()
class RiskAlertTextInput {
  @Field(() => String, { description: 'At most 200 characters' })
  title!: string;

  @Field(() => String, { description: 'At most 5000 characters' })
  description!: string;
}

@InputType({ description: 'A risk alert as issued by a regional bureau (风险预警)' })
export class CreateRiskAlertInput extends withRiskClassificationFields(RiskAlertTextInput) {
  @Field(() => RiskSourceEnum)
  source!: RiskSource;

  @Field(() => Date, { nullable: true, description: 'Defaults to now; never in the future' })
  issuedAt?: Date | null;

  @Field(() => [String], { defaultValue: [], description: 'Credit codes of the enterprises concerned (any region)' })
  enterpriseCreditCodes!: string[];

  @Field(() => [ID], { defaultValue: [], description: 'Recalls (any region) that followed this alert' })
  relatedRecallIds!: string[];
}
