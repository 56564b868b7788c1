import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { isRecordId } from '../../../../kernel';
import { requireRead } from '../../auth/policy';
import type { RegionalContext } from '../../context';
import { groupStatistics, monthOf } from '../../data/groupStatistics';
import { keysetPage } from '../../data/keysetPage';
import { selectsField } from '../../graphql/selection';
import { directionOf, sortKeyOf } from '../../data/orderBy';
import { StatisticsDimension } from '../../graphql/enums';
import { badUserInput } from '../../graphql/errors';
import { StatisticsGroup } from '../../graphql/statistics';
import {
  ContractTemplateFilter,
  ContractTemplateOrder,
  ContractTemplateOrderField,
  DraftContractTemplateInput,
  ReviseContractTemplateInput,
} from './contractTemplate.inputs';
import {
  CONTRACT_TEMPLATE_SORT_KEYS,
  contractTemplateFilterToMongo,
  decideOnContractTemplate,
  draftContractTemplate,
  reviseContractTemplate,
  submitContractTemplate,
  withdrawContractTemplate,
} from './contractTemplate.service';
import { ContractTemplate, ContractTemplateConnection, contractTemplateNode } from './contractTemplate.type';

@Resolver(() => ContractTemplate)
export class ContractTemplateResolver {
  @Query(() => ContractTemplate, { nullable: true })
  async contractTemplate(@Arg('id', () => ID) id: string, @Ctx() context: RegionalContext): Promise<ContractTemplate | null> {
    requireRead(context, 'ContractTemplate');
    if (!isRecordId(id, 'CTP')) throw badUserInput('id', `"${id}" is not a contract template ID such as HE-CTP-2024-000012`);
    const document = await context.loaders.contractTemplate.load(id);
    return document ? contractTemplateNode(document) : null;
  }

  @Query(() => ContractTemplateConnection, { description: 'Contract templates, most recently changed first by default' })
  contractTemplates(
    @Ctx() context: RegionalContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => ContractTemplateFilter, { nullable: true }) filter?: ContractTemplateFilter,
    @Arg('orderBy', () => ContractTemplateOrder, { nullable: true }) orderBy?: ContractTemplateOrder,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    requireRead(context, 'ContractTemplate');
    return keysetPage(
      context.database.contractTemplates,
      {
        filter: contractTemplateFilterToMongo(filter, context.region),
        sortKey: sortKeyOf(CONTRACT_TEMPLATE_SORT_KEYS, orderBy?.field, ContractTemplateOrderField.UPDATED_AT),
        direction: directionOf(orderBy?.direction),
        first,
        after,
        countTotal: selectsField(info, 'totalCount'),
      },
      contractTemplateNode,
    );
  }

  @Query(() => [StatisticsGroup])
  contractTemplateStatistics(
    @Ctx() context: RegionalContext,
    @Arg('groupBy', () => [StatisticsDimension]) groupBy: StatisticsDimension[],
    @Arg('filter', () => ContractTemplateFilter, { nullable: true }) filter?: ContractTemplateFilter,
  ): Promise<StatisticsGroup[]> {
    requireRead(context, 'ContractTemplate');
    return groupStatistics(context.database.contractTemplates, contractTemplateFilterToMongo(filter, context.region), groupBy, {
      REGION: '$draftingRegion',
      CATEGORY: '$category',
      STATUS: '$status',
      MONTH: monthOf('createdAt'),
    });
  }

  @Mutation(() => ContractTemplate, { description: 'Drafts a template in the caller’s region' })
  async draftContractTemplate(@Arg('input', () => DraftContractTemplateInput) input: DraftContractTemplateInput, @Ctx() context: RegionalContext) {
    return contractTemplateNode(await draftContractTemplate(context, input));
  }

  @Mutation(() => ContractTemplate, { description: 'Revises a draft of the caller’s region' })
  async reviseContractTemplate(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => ReviseContractTemplateInput) input: ReviseContractTemplateInput,
    @Ctx() context: RegionalContext,
  ) {
    return contractTemplateNode(await reviseContractTemplate(context, id, input));
  }

  @Mutation(() => ContractTemplate, { description: 'Sends a draft to joint review by the three regions' })
  async submitContractTemplate(@Arg('id', () => ID) id: string, @Ctx() context: RegionalContext) {
    return contractTemplateNode(await submitContractTemplate(context, id));
  }

  @Mutation(() => ContractTemplate, { description: 'The caller’s region endorses; the third endorsement publishes the template jointly' })
  async endorseContractTemplate(
    @Arg('id', () => ID) id: string,
    @Ctx() context: RegionalContext,
    @Arg('comment', () => String, { nullable: true }) comment?: string,
  ) {
    return contractTemplateNode(await decideOnContractTemplate(context, id, 'ENDORSED', comment));
  }

  @Mutation(() => ContractTemplate, { description: 'The caller’s region returns the template to its drafters with comments' })
  async returnContractTemplate(@Arg('id', () => ID) id: string, @Arg('comment', () => String) comment: string, @Ctx() context: RegionalContext) {
    return contractTemplateNode(await decideOnContractTemplate(context, id, 'RETURNED', comment));
  }

  @Mutation(() => ContractTemplate, { description: 'The drafting region withdraws a template' })
  async withdrawContractTemplate(@Arg('id', () => ID) id: string, @Ctx() context: RegionalContext) {
    return contractTemplateNode(await withdrawContractTemplate(context, id));
  }
}
