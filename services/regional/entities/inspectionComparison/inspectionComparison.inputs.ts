import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import type { ComparisonScheme, ComparisonStatus, TestingField } from '../../../../kernel';
import { OrderDirection, Region } from '../../graphql/enums';
import { ComparisonSchemeEnum, ComparisonStatusEnum, TestingFieldEnum } from '../../graphql/qualityEnums';

@InputType({ description: 'Comparison round list filter; every given condition must hold' })
export class InspectionComparisonFilter {
  @Field(() => [Region], { nullable: true, description: 'Organising regions to include (all when absent)' })
  regions?: Region[] | null;

  @Field(() => [Region], { nullable: true, description: 'Rounds with a participating laboratory of one of these regions' })
  laboratoryRegions?: Region[] | null;

  @Field(() => [TestingFieldEnum], { nullable: true })
  fields?: TestingField[] | null;

  @Field(() => [ComparisonSchemeEnum], { nullable: true })
  schemes?: ComparisonScheme[] | null;

  @Field(() => [ComparisonStatusEnum], { nullable: true })
  statuses?: ComparisonStatus[] | null;

  @Field(() => Date, { nullable: true })
  openedFrom?: Date | null;

  @Field(() => Date, { nullable: true })
  openedTo?: Date | null;

  @Field(() => String, { nullable: true, description: 'Substring of title, measurand or programme number' })
  text?: string | null;
}

export enum InspectionComparisonOrderField {
  OPENED_AT = 'OPENED_AT',
  ID = 'ID',
}
registerEnumType(InspectionComparisonOrderField, { name: 'InspectionComparisonOrderField' });

@InputType()
export class InspectionComparisonOrder {
  @Field(() => InspectionComparisonOrderField, { defaultValue: InspectionComparisonOrderField.OPENED_AT })
  field!: InspectionComparisonOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC })
  direction!: OrderDirection;
}

@InputType({ description: 'A laboratory taking part in a round' })
export class ComparisonParticipantInput {
  @Field(() => String, { description: 'At most 100 characters' })
  name!: string;

  @Field(() => Region)
  region!: Region;

  @Field(() => String, { nullable: true, description: 'CNAS accreditation number, e.g. CNAS L0123' })
  accreditationNumber?: string | null;
}

@InputType({ description: 'A round opened by the caller’s region (its institute organises it)' })
export class OpenInspectionComparisonInput {
  @Field(() => String, { description: 'Programme number, unique in the region, e.g. BJ-PT-2026-07' })
  programmeNumber!: string;

  @Field(() => String, { description: 'At most 200 characters' })
  title!: string;

  @Field(() => ComparisonSchemeEnum)
  scheme!: ComparisonScheme;

  @Field(() => TestingFieldEnum)
  field!: TestingField;

  @Field(() => String, { description: 'The organising institute' })
  organiser!: string;

  @Field(() => String, { description: '被测量, e.g. 小麦粉中铅含量' })
  measurand!: string;

  @Field(() => String, { description: 'e.g. mg/kg' })
  unit!: string;

  @Field(() => String, { description: 'Assigned value X as decimal text, e.g. 0.215' })
  assignedValue!: string;

  @Field(() => String, { description: 'σpt as decimal text, greater than 0' })
  standardDeviation!: string;

  @Field(() => Date, { nullable: true, description: 'Defaults to now; never in the future' })
  openedAt?: Date | null;

  @Field(() => [ComparisonParticipantInput], { description: '2 to 100 laboratories; codes 实验室A, B … follow this order' })
  participants!: ComparisonParticipantInput[];
}

@InputType({ description: 'A laboratory’s result, reported by the organising region or by the laboratory’s own region' })
export class RecordComparisonResultInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'The laboratory’s code in the round, e.g. 实验室C' })
  laboratoryCode!: string;

  @Field(() => String, { description: 'Decimal text in the round’s unit' })
  result!: string;

  @Field(() => Date, { nullable: true, description: 'Defaults to now' })
  reportedAt?: Date | null;
}

@InputType({ description: 'Publishes the round’s report (organising region only); results are final then' })
export class PublishComparisonReportInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'At most 5000 characters' })
  summary!: string;
}
