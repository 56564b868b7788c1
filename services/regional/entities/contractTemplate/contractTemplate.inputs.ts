import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import type { ContractCategory } from '../../../../kernel';
import type { ContractTemplateStatus } from '../../model';
import { ContractCategoryEnum, ContractTemplateStatusEnum, OrderDirection, Region } from '../../graphql/enums';

@InputType()
export class ContractTemplateFilter {
  @Field(() => [Region], { nullable: true, description: 'Drafting regions to include' })
  regions?: Region[] | null;

  @Field(() => [ContractCategoryEnum], { nullable: true })
  categories?: ContractCategory[] | null;

  @Field(() => [ContractTemplateStatusEnum], { nullable: true })
  statuses?: ContractTemplateStatus[] | null;

  @Field(() => Date, { nullable: true })
  updatedFrom?: Date | null;

  @Field(() => Date, { nullable: true })
  updatedTo?: Date | null;

  @Field(() => String, { nullable: true, description: 'Substring of title or code' })
  text?: string | null;
}

export enum ContractTemplateOrderField {
  UPDATED_AT = 'UPDATED_AT',
  VERSION = 'VERSION',
  ID = 'ID',
}
registerEnumType(ContractTemplateOrderField, { name: 'ContractTemplateOrderField' });

@InputType()
export class ContractTemplateOrder {
  @Field(() => ContractTemplateOrderField, { defaultValue: ContractTemplateOrderField.UPDATED_AT })
  field!: ContractTemplateOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC })
  direction!: OrderDirection;
}

@InputType()
export class ContractClauseInput {
  @Field(() => Int)
  number!: number;

  @Field(() => String)
  heading!: string;

  @Field(() => String)
  text!: string;
}

@InputType({ description: 'A new draft in the caller’s region' })
export class DraftContractTemplateInput {
  @Field(() => String, {
    nullable: true,
    deprecationReason: 'Codes are assigned by the drafting region (JJJ-TJ-HT-2026-003; a new version keeps its lineage’s serial): leave it out; a value is refused',
  })
  code?: string | null;

  @Field(() => String)
  title!: string;

  @Field(() => ContractCategoryEnum)
  category!: ContractCategory;

  @Field(() => Int, { description: 'Version year, e.g. 2025; later than every earlier version of the lineage' })
  version!: number;

  @Field(() => [ContractClauseInput])
  clauses!: ContractClauseInput[];

  @Field(() => ID, { nullable: true, description: 'The current (published) version of a lineage of this region that the new version replaces; absent: a new lineage' })
  supersedesId?: string | null;
}

@InputType({ description: 'Changes to a draft; absent fields stay as they are' })
export class ReviseContractTemplateInput {
  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => ContractCategoryEnum, { nullable: true })
  category?: ContractCategory | null;

  @Field(() => [ContractClauseInput], { nullable: true })
  clauses?: ContractClauseInput[] | null;
}
