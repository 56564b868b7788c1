import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import type { InspectionResult } from '../../../../kernel';
import { OrderDirection, Region } from '../../graphql/enums';
import { InspectionResultEnum } from '../../graphql/qualityEnums';

@InputType({ description: 'Inspection list filter; every given condition must hold' })
export class InspectionFilter {
  @Field(() => [Region], { nullable: true, description: 'Inspecting regions to include (all when absent)' })
  regions?: Region[] | null;

  @Field(() => ID, { nullable: true, description: 'Inspections under this geographical indication (any region)' })
  geographicalIndicationId?: string | null;

  @Field(() => String, { nullable: true, description: 'Inspections of this producer (unified social credit code)' })
  producerCreditCode?: string | null;

  @Field(() => [InspectionResultEnum], { nullable: true })
  results?: InspectionResult[] | null;

  @Field(() => Date, { nullable: true })
  inspectedFrom?: Date | null;

  @Field(() => Date, { nullable: true })
  inspectedTo?: Date | null;
}

export enum InspectionOrderField {
  INSPECTED_AT = 'INSPECTED_AT',
  ID = 'ID',
}
registerEnumType(InspectionOrderField, { name: 'InspectionOrderField' });

@InputType()
export class InspectionOrder {
  @Field(() => InspectionOrderField, { defaultValue: InspectionOrderField.INSPECTED_AT })
  field!: InspectionOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC })
  direction!: OrderDirection;
}

@InputType({ description: 'An inspection recorded by the producer’s region' })
export class RecordInspectionInput {
  @Field(() => ID, { description: 'The geographical indication (any region); it must exist' })
  geographicalIndicationId!: string;

  @Field(() => String, { description: 'The producer, registered in the caller’s region' })
  producerCreditCode!: string;

  @Field(() => String, { nullable: true, description: 'Defaults to the caller’s agency name' })
  inspectingAgency?: string | null;

  @Field(() => Date, { nullable: true, description: 'Defaults to now; never in the future' })
  inspectedAt?: Date | null;

  @Field(() => InspectionResultEnum)
  result!: InspectionResult;

  @Field(() => String, { description: 'At most 2000 characters' })
  findings!: string;
}
