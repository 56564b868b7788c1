import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { InspectionResult } from '../../../../kernel';
import { Region } from '../../graphql/enums';
import { ConnectionType } from '../../graphql/pagination';
import { InspectionResultEnum } from '../../graphql/qualityEnums';
import type { InspectionDocument } from '../../model';

@Directive('@key(fields: "id")')
@ObjectType({ description: '专用标志使用核查: an inspection of a geographical indication’s authorised producer, owned by the inspecting region (the producer’s)' })
export class Inspection {
  @Field(() => ID, { description: 'e.g. TJ-INS-2026-000012; the prefix is the inspecting region' })
  id!: string;

  @Field(() => Region, { description: 'The inspecting region (where the producer is registered)' })
  region!: Region;

  @Field(() => ID, { description: 'The geographical indication (any region)' })
  geographicalIndicationId!: string;

  @Field(() => String, { description: 'The inspected producer’s unified social credit code' })
  producerCreditCode!: string;

  @Field(() => String, { description: 'The bureau that inspected' })
  inspectingAgency!: string;

  @Field(() => Date)
  inspectedAt!: Date;

  @Field(() => InspectionResultEnum)
  result!: InspectionResult;

  @Field(() => String)
  findings!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;
}

export const InspectionConnection = ConnectionType(Inspection, 'Inspection');

export function inspectionNode(document: InspectionDocument): Inspection {
  return { ...document, id: document._id, region: document.region as unknown as Region };
}
