import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, UseMiddleware } from 'type-graphql';
import { requireRead } from '../../auth/policy';
import type { RegionalContext } from '../../context';
import { timeBucketsOf } from '../../data/groupStatistics';
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
  currentVersionOf,
  decideOnContractTemplate,
  draftContractTemplate,
  reviseContractTemplate,
  submitContractTemplate,
  versionsOfLineage,
  withdrawContractTemplate,
} from './contractTemplate.service';
import { currentOf } from './contractTemplate.lineage';
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
    dimensions: { REGION: '$draftingRegion', CATEGORY: '$category', STATUS: '$status', ...timeBucketsOf('createdAt') },
  },
});

@Resolver(() => ContractTemplate)
@UseMiddleware(mapDomainErrors)
export class ContractTemplateResolver extends ContractTemplateQueries {
  @Query(() => ContractTemplate, {
    name: 'currentVersion',
    nullable: true,
    description: 'The published version of a contract-template lineage, named by any of its versions’ codes (JJJ-TJ-HT-2024-003) or its lineage code (JJJ-TJ-HT-003); answered by the region of the code’s prefix; null when none is published',
  })
  async currentVersionByCode(@Arg('code', () => String) code: string, @Ctx() context: RegionalContext) {
    requireRead(context, 'ContractTemplate');
    const current = await currentVersionOf(context, code);
    return current ? contractTemplateNode(current) : null;
  }

  @FieldResolver(() => [ContractTemplate], { description: 'Every version of this template’s lineage, oldest version first (this one included, withdrawn ones too)' })
  async versions(@Root() template: ContractTemplate, @Ctx() context: RegionalContext) {
    return (await versionsOfLineage(context, template)).map(contractTemplateNode);
  }

  @FieldResolver(() => ContractTemplate, { nullable: true, description: 'The lineage’s published version now (this one, another, or null when none is); after a withdrawal, what is current' })
  async currentVersion(@Root() template: ContractTemplate, @Ctx() context: RegionalContext) {
    const current = currentOf(await versionsOfLineage(context, template));
    return current ? contractTemplateNode(current) : null;
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
