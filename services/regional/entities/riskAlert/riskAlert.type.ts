import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { RiskAlertDocument, RiskAlertStatus, RiskSource } from '../../model';
import { Region, RiskAlertStatusEnum, RiskSourceEnum } from '../../graphql/enums';
import { ConnectionType } from '../../graphql/pagination';
import { withRiskClassificationFields } from './riskAlert.classification';

/** Which alert and what it says: the fields of a risk alert before its classification. */
@ObjectType()
class RiskAlertNotice {
  @Field(() => ID, { description: 'e.g. TJ-RSK-2024-000123; the prefix is the owning region' })
  id!: string;

  @Field(() => Region)
  region!: Region;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  description!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: '风险预警: a product-quality risk alert issued by one region and shared with the others' })
export class RiskAlert extends withRiskClassificationFields(RiskAlertNotice) {
  @Field(() => Int, { description: 'Numeric rank of the level: LOW 1, MEDIUM 2, HIGH 3, SEVERE 4' })
  riskLevelRank!: number;

  @Field(() => RiskSourceEnum)
  source!: RiskSource;

  @Field(() => RiskAlertStatusEnum)
  status!: RiskAlertStatus;

  @Field(() => Date)
  issuedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Set exactly when the status is RESOLVED' })
  resolvedAt!: Date | null;

  @Field(() => [String], { description: 'Unified social credit codes of the enterprises concerned (any region)' })
  enterpriseCreditCodes!: string[];

  @Field(() => [ID], { description: 'Recalls (any region) that followed this alert' })
  relatedRecallIds!: string[];

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;
}

export const RiskAlertConnection = ConnectionType(RiskAlert, 'RiskAlert');

export function riskAlertNode(document: RiskAlertDocument): RiskAlert {
  return { ...document, id: document._id, region: document.region as unknown as Region };
}
