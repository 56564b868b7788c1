import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { ContractCategory } from '../../../../kernel';
import type { ContractTemplateDocument, ContractTemplateStatus, EndorsementDecision } from '../../model';
import { ContractCategoryEnum, ContractTemplateStatusEnum, EndorsementDecisionEnum, Region } from '../../graphql/enums';
import { ConnectionType } from '../../graphql/pagination';
import { currentRound, endorsedRegions, pendingRegions } from './contractTemplate.workflow';

@ObjectType()
export class ContractClause {
  @Field(() => Int)
  number!: number;

  @Field(() => String)
  heading!: string;

  @Field(() => String)
  text!: string;
}

@ObjectType({ description: 'One region’s decision in a joint review round' })
export class ContractEndorsement {
  @Field(() => Region)
  region!: Region;

  @Field(() => String, { description: 'Agency that decided' })
  agency!: string;

  @Field(() => EndorsementDecisionEnum)
  decision!: EndorsementDecision;

  @Field(() => String, { nullable: true })
  comment!: string | null;

  @Field(() => Date)
  at!: Date;

  @Field(() => Int)
  round!: number;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: '合同示范文本: drafted by one region, published jointly once all three regions endorse' })
export class ContractTemplate {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Template number, assigned by the drafting region: JJJ-{region}-HT-{version}-{serial}, e.g. JJJ-TJ-HT-2026-003' })
  code!: string;

  @Field(() => String, { description: 'The lineage all versions of this text share: the code without its year, e.g. JJJ-TJ-HT-003' })
  lineage!: string;

  @Field(() => String, { nullable: true, description: 'The code the template had before codes were assigned by region (migrated data only)' })
  formerCode!: string | null;

  @Field(() => String)
  title!: string;

  @Field(() => ContractCategoryEnum)
  category!: ContractCategory;

  @Field(() => Int)
  version!: number;

  @Field(() => [ContractClause])
  clauses!: ContractClause[];

  @Field(() => ContractTemplateStatusEnum)
  status!: ContractTemplateStatus;

  @Field(() => Region)
  draftingRegion!: Region;

  @Field(() => [ContractEndorsement], { description: 'Every decision of every review round' })
  endorsements!: ContractEndorsement[];

  @Field(() => Int, { description: 'Current joint-review round' })
  reviewRound!: number;

  @Field(() => [Region], { description: 'Regions that endorsed in the current round' })
  endorsedBy!: Region[];

  @Field(() => [Region], { description: 'Regions yet to endorse in the current round' })
  awaitingRegions!: Region[];

  @Field(() => ID, { nullable: true, description: 'The template version this one supersedes once published' })
  supersedesId!: string | null;

  @Field(() => Date, { nullable: true })
  effectiveFrom!: Date | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;
}

export const ContractTemplateConnection = ConnectionType(ContractTemplate, 'ContractTemplate');

export function contractTemplateNode(document: ContractTemplateDocument): ContractTemplate {
  return {
    ...document,
    id: document._id,
    formerCode: document.formerCode ?? null,
    draftingRegion: document.draftingRegion as unknown as Region,
    reviewRound: currentRound(document),
    endorsements: document.endorsements.map((endorsement) => ({
      ...endorsement,
      region: endorsement.region as unknown as Region,
      round: endorsement.round ?? 1,
      comment: endorsement.comment ?? null,
    })),
    endorsedBy: endorsedRegions(document) as unknown as Region[],
    awaitingRegions: (document.status === 'IN_REVIEW' ? pendingRegions(document) : []) as unknown as Region[],
  };
}
