import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root, UseMiddleware } from 'type-graphql';
import { requireRead } from '../../auth/policy';
import type { RegionalContext } from '../../context';
import { BadUserInputError } from '../../data/domainErrors';
import { monthOf } from '../../data/groupStatistics';
import type { SortKey } from '../../data/keysetPage';
import { EntityQueries, recordIdArgument } from '../../graphql/entityQueries';
import { mapDomainErrors } from '../../graphql/errors';
import { parseCaseNumber } from '../../../../kernel';
import { CaseStepInput, DecidePenaltyInput, EnforcementCaseFilter, EnforcementCaseOrder, EnforcementCaseOrderField, FileEnforcementCaseInput } from './enforcementCase.inputs';
import { caseTextFor, partiesFor, seesCasePersonalData } from './enforcementCase.privacy';
import { decidePenalty, enforcementCaseFilterToMongo, fileEnforcementCase, takeCaseStep } from './enforcementCase.service';
import { CaseParty, EnforcementCase, EnforcementCaseConnection, enforcementCaseNode } from './enforcementCase.type';
import type { CaseStepName } from './enforcementCase.workflow';

const CASE_SORT_KEYS: Record<EnforcementCaseOrderField, SortKey> = {
  [EnforcementCaseOrderField.FILED_AT]: { path: 'filedAt', kind: 'date' },
  [EnforcementCaseOrderField.ID]: { path: '_id', kind: 'string' },
};

const EnforcementCaseQueries = EntityQueries({
  entity: 'EnforcementCase',
  node: EnforcementCase,
  connection: EnforcementCaseConnection,
  filter: EnforcementCaseFilter,
  order: EnforcementCaseOrder,
  documents: (database) => database.enforcementCases,
  loader: (loaders) => loaders.enforcementCase,
  toNode: enforcementCaseNode,
  toMongoFilter: enforcementCaseFilterToMongo,
  sortKeys: CASE_SORT_KEYS,
  defaultOrder: EnforcementCaseOrderField.FILED_AT,
  byKey: {
    name: 'enforcementCase',
    description: 'One enforcement case by ID (kept by the region that filed it)',
    ...recordIdArgument('ENF', 'enforcement case', 'TJ-ENF-2026-000012'),
  },
  list: { name: 'enforcementCases', description: 'Enforcement cases (执法案件), newest filed first by default; keyset-paginated' },
  statistics: {
    name: 'enforcementCaseStatistics',
    description: 'Enforcement case counts and fines (sum, in yuan) by region, domain (CATEGORY), status and month filed',
    dimensions: { REGION: '$region', CATEGORY: '$domain', STATUS: '$status', MONTH: monthOf('filedAt') },
    measures: () => ({ sumPath: 'penalty.fineFen', sumDivisor: 100 }),
  },
  masksPersonalData: (document, context) => !seesCasePersonalData(document, context) && document.parties.some((party) => party.kind === 'PERSON'),
});

@Resolver(() => EnforcementCase)
@UseMiddleware(mapDomainErrors)
export class EnforcementCaseResolver extends EnforcementCaseQueries {
  @Query(() => EnforcementCase, { nullable: true, description: 'One enforcement case by its official number (津市监广罚〔2026〕12号), routed by its 京/津/冀 prefix' })
  async enforcementCaseByNumber(@Arg('caseNumber', () => String) caseNumber: string, @Ctx() context: RegionalContext): Promise<EnforcementCase | null> {
    requireRead(context, 'EnforcementCase');
    if (!parseCaseNumber(caseNumber)) throw new BadUserInputError('caseNumber', `"${caseNumber}" is not a case number such as 津市监广罚〔2026〕12号`, 'FORMAT');
    const document = await context.database.enforcementCases.findOne({ caseNumber: caseNumber.trim() });
    return document ? enforcementCaseNode(document) : null;
  }

  @FieldResolver(() => [CaseParty], { description: 'Natural persons masked unless the caller’s region filed the case; unmasked reads are audited' })
  parties(@Root() node: EnforcementCase, @Ctx() context: RegionalContext): Promise<CaseParty[]> {
    return partiesFor(node.document, context);
  }

  @FieldResolver(() => String)
  facts(@Root() node: EnforcementCase, @Ctx() context: RegionalContext): string {
    return caseTextFor(node.facts, node.document, context);
  }

  @FieldResolver(() => String)
  title(@Root() node: EnforcementCase, @Ctx() context: RegionalContext): string {
    return caseTextFor(node.title, node.document, context);
  }

  @Mutation(() => EnforcementCase, { description: '立案: the caller’s region files a case' })
  async fileEnforcementCase(@Arg('input', () => FileEnforcementCaseInput) input: FileEnforcementCaseInput, @Ctx() context: RegionalContext) {
    return enforcementCaseNode(await fileEnforcementCase(context, input));
  }

  @Mutation(() => EnforcementCase, { description: '调查: the filing region starts the investigation' })
  investigateEnforcementCase(@Arg('input', () => CaseStepInput) input: CaseStepInput, @Ctx() context: RegionalContext) {
    return step(context, 'investigate', input);
  }

  @Mutation(() => EnforcementCase, { description: '处罚决定: the filing region decides the penalty; the decision is published (行政处罚信息公示) at once' })
  async decideEnforcementPenalty(@Arg('input', () => DecidePenaltyInput) input: DecidePenaltyInput, @Ctx() context: RegionalContext) {
    return enforcementCaseNode(await decidePenalty(context, input));
  }

  @Mutation(() => EnforcementCase, { description: '不予处罚: the filing region decides not to penalise, with the reason' })
  decideNoEnforcementPenalty(@Arg('input', () => CaseStepInput) input: CaseStepInput, @Ctx() context: RegionalContext) {
    return step(context, 'decideNoPenalty', input);
  }

  @Mutation(() => EnforcementCase, { description: '结案: the filing region closes a decided case' })
  closeEnforcementCase(@Arg('input', () => CaseStepInput) input: CaseStepInput, @Ctx() context: RegionalContext) {
    return step(context, 'close', input);
  }

  @Mutation(() => EnforcementCase, { description: '移送公安: the filing region refers the case to the police, with the reason' })
  referEnforcementCaseToPolice(@Arg('input', () => CaseStepInput) input: CaseStepInput, @Ctx() context: RegionalContext) {
    return step(context, 'referToPolice', input);
  }
}

async function step(context: RegionalContext, name: Exclude<CaseStepName, 'decidePenalty'>, input: CaseStepInput): Promise<EnforcementCase> {
  return enforcementCaseNode(await takeCaseStep(context, name, input));
}
