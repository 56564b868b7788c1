import { Arg, Ctx, ID, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import type { RegionalContext } from '../../context';
import { monthOf } from '../../data/groupStatistics';
import type { SortKey } from '../../data/keysetPage';
import { EntityQueries, recordIdArgument } from '../../graphql/entityQueries';
import { mapDomainErrors } from '../../graphql/errors';
import {
  ContractTemplateFilter,
  ContractTemplateOrder,
  ContractTemplateOrderField,
  DraftContractTemplateInput,
  ReviseContractTemplateInput,
} from './contractTemplate.inputs';
import {
  contractTemplateFilterToMongo,
  decideOnContractTemplate,
  draftContractTemplate,
  reviseContractTemplate,
  submitContractTemplate,
  withdrawContractTemplate,
} from './contractTemplate.service';
import { ContractTemplate, ContractTemplateConnection, contractTemplateNode } from './contractTemplate.type';

const CONTRACT_TEMPLATE_SORT_KEYS: Record<ContractTemplateOrderField, SortKey> = {
  [ContractTemplateOrderField.UPDATED_AT]: { path: 'updatedAt', kind: 'date' },
  [ContractTemplateOrderField.VERSION]: { path: 'version', kind: 'number' },
  [ContractTemplateOrderField.ID]: { path: '_id', kind: 'string' },
};

const ContractTemplateQueries = EntityQueries({
  entity: 'ContractTemplate',
  node: ContractTemplate,
  connection: ContractTemplateConnection,
  filter: ContractTemplateFilter,
  order: ContractTemplateOrder,
  documents: (database) => database.contractTemplates,
  loader: (loaders) => loaders.contractTemplate,
  toNode: contractTemplateNode,
  toMongoFilter: contractTemplateFilterToMongo,
  sortKeys: CONTRACT_TEMPLATE_SORT_KEYS,
  defaultOrder: ContractTemplateOrderField.UPDATED_AT,
  byKey: { name: 'contractTemplate', ...recordIdArgument('CTP', 'contract template', 'HE-CTP-2024-000012') },
  list: { name: 'contractTemplates', description: 'Contract templates, most recently changed first by default' },
  statistics: {
    name: 'contractTemplateStatistics',
    dimensions: { REGION: '$draftingRegion', CATEGORY: '$category', STATUS: '$status', MONTH: monthOf('createdAt') },
  },
});

@Resolver(() => ContractTemplate)
@UseMiddleware(mapDomainErrors)
export class ContractTemplateResolver extends ContractTemplateQueries {
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
