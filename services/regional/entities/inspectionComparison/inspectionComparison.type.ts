import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { ComparisonScheme, ComparisonStatus, ParticipantOutcome, TestingField } from '../../../../kernel';
import { Region } from '../../graphql/enums';
import { ComparisonSchemeEnum, ComparisonStatusEnum, ParticipantOutcomeEnum, TestingFieldEnum } from '../../graphql/qualityEnums';
import { ConnectionType } from '../../graphql/pagination';
import type { InspectionComparisonDocument } from '../../model';

@ObjectType({ description: '参加实验室: a laboratory of the round as the caller may see it' })
export class ComparisonParticipant {
  @Field(() => String, { description: 'Stable code within the round: 实验室A, 实验室B …' })
  code!: string;

  @Field(() => String, { nullable: true, description: 'The laboratory’s name; null for laboratories of another region (unless the caller’s region organises the round)' })
  name!: string | null;

  @Field(() => String, { description: 'The name when the caller may see it, else the code' })
  displayName!: string;

  @Field(() => Boolean, { description: 'Whether the name and accreditation number are hidden from the caller' })
  identityMasked!: boolean;

  @Field(() => Region)
  region!: Region;

  @Field(() => String, { nullable: true, description: 'CNAS accreditation number; null when masked or not accredited' })
  accreditationNumber!: string | null;

  @Field(() => String, { nullable: true, description: 'Reported value (decimal text, in the round’s unit); null until reported' })
  result!: string | null;

  @Field(() => Date, { nullable: true })
  reportedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'z = (x − X) / σpt in decimal, rounded half away from zero to 2 places, e.g. -2.00' })
  zScore!: string | null;

  @Field(() => ParticipantOutcomeEnum)
  outcome!: ParticipantOutcome;
}

@ObjectType({ description: '比对报告' })
export class ComparisonReport {
  @Field(() => Date)
  publishedAt!: Date;

  @Field(() => String)
  summary!: string;

  @Field(() => Int)
  participantCount!: number;

  @Field(() => Int)
  satisfactory!: number;

  @Field(() => Int)
  questionable!: number;

  @Field(() => Int)
  unsatisfactory!: number;

  @Field(() => Int, { description: 'Laboratories that reported no result' })
  noResult!: number;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: '能力验证/比对: a proficiency-testing or comparison round organised by one region’s institute, with laboratories of all three' })
export class InspectionComparison {
  @Field(() => ID, { description: 'e.g. BJ-PTC-2026-000004; the prefix is the organising region' })
  id!: string;

  @Field(() => Region, { description: 'The organising region' })
  region!: Region;

  @Field(() => String, { description: 'Programme number, e.g. BJ-PT-2026-07' })
  programmeNumber!: string;

  @Field(() => String)
  title!: string;

  @Field(() => ComparisonSchemeEnum)
  scheme!: ComparisonScheme;

  @Field(() => TestingFieldEnum)
  field!: TestingField;

  @Field(() => String, { description: 'The organising institute (组织机构)' })
  organiser!: string;

  @Field(() => String, { description: '被测量' })
  measurand!: string;

  @Field(() => String)
  unit!: string;

  @Field(() => String, { description: 'Assigned value X (指定值), decimal text' })
  assignedValue!: string;

  @Field(() => String, { description: 'Standard deviation for proficiency assessment σpt (能力评定标准差), decimal text' })
  standardDeviation!: string;

  @Field(() => Date)
  openedAt!: Date;

  @Field(() => ComparisonStatusEnum)
  status!: ComparisonStatus;

  @Field(() => [Region], { description: 'Regions of the participating laboratories' })
  participantRegions!: Region[];

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;

  /** The stored round, for the field resolvers that decide what the caller sees. */
  document!: InspectionComparisonDocument;
}

export const InspectionComparisonConnection = ConnectionType(InspectionComparison, 'InspectionComparison');

export function inspectionComparisonNode(document: InspectionComparisonDocument): InspectionComparison {
  return {
    ...document,
    id: document._id,
    region: document.region as unknown as Region,
    participantRegions: document.participantRegions as unknown as Region[],
    document,
  };
}
