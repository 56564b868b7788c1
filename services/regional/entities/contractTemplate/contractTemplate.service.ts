import type { Document, Filter } from 'mongodb';
import { ALL_REGION_CODES, regionChineseName, regionOfRecordId, type RegionCode } from '../../../../kernel';
import type { Identity } from '../../../../platform/identity';
import { requireOwnRegionWriter, requireWriter } from '../../auth/policy';
import type { RegionalContext } from '../../context';
import { BadUserInputError, IllegalTransitionError, NotFoundError } from '../../data/domainErrors';
import { allOf, dateRangeClause, oneOfClause, regionClause, textClause } from '../../data/filters';
import { insertWithEvent, writeWithEvent, type EventedRecords } from '../../data/recordWrites';
import { optionalText, requireRecordIdInput, requireText } from '../../data/validation';
import { withUniqueField } from '../../data/writeErrors';
import type { ContractClause, ContractEndorsement, ContractTemplateDocument, ContractTemplateStatus } from '../../model';
import type { ContractClauseInput, ContractTemplateFilter, DraftContractTemplateInput, ReviseContractTemplateInput } from './contractTemplate.inputs';
import { currentRound, endorsedRegions, isJointlyEndorsed } from './contractTemplate.workflow';

const CONTRACT_TEMPLATES: EventedRecords<ContractTemplateDocument> = {
  entity: 'ContractTemplate',
  label: 'contract template',
  idType: 'CTP',
  collection: (database) => database.contractTemplates,
  snapshot: (template) => ({ region: template.draftingRegion, category: template.category, status: template.status }),
};

export function contractTemplateFilterToMongo(filter: ContractTemplateFilter | null | undefined, region: RegionCode): Filter<Document> {
  if (!filter) return {};
  return allOf([
    regionClause(filter.regions, region),
    oneOfClause('category', filter.categories, 'filter.categories'),
    oneOfClause('status', filter.statuses, 'filter.statuses'),
    dateRangeClause('updatedAt', filter.updatedFrom, filter.updatedTo, 'filter.updatedFrom'),
    textClause(filter.text, ['title', 'code']),
  ]);
}

function validateClauses(clauses: readonly ContractClauseInput[]): ContractClause[] {
  if (clauses.length === 0) throw new BadUserInputError('clauses', 'a contract template needs at least one clause');
  if (clauses.length > 200) throw new BadUserInputError('clauses', 'a contract template has at most 200 clauses');
  const numbers = new Set<number>();
  return clauses.map((clause, i) => {
    if (!Number.isInteger(clause.number) || clause.number < 1) throw new BadUserInputError(`clauses[${i}].number`, 'clause numbers are positive integers');
    if (numbers.has(clause.number)) throw new BadUserInputError(`clauses[${i}].number`, `clause number ${clause.number} appears twice`);
    numbers.add(clause.number);
    return {
      number: clause.number,
      heading: requireText(`clauses[${i}].heading`, clause.heading, { max: 100 }),
      text: requireText(`clauses[${i}].text`, clause.text, { max: 10_000 }),
    };
  });
}

async function loadTemplate(context: RegionalContext, id: string): Promise<ContractTemplateDocument> {
  requireRecordIdInput('id', id, 'CTP');
  const template = await context.database.contractTemplates.findOne({ _id: id });
  if (!template) throw new NotFoundError(`contract template ${id} does not exist in region ${context.region}`);
  return template;
}

function requireStatus(template: ContractTemplateDocument, allowed: readonly ContractTemplateStatus[], action: string): void {
  if (!allowed.includes(template.status)) {
    throw new IllegalTransitionError(`cannot ${action}: template ${template._id} is ${template.status}; allowed from ${allowed.join(' or ')}`);
  }
}

/** Every change of a template is audited as a TRANSITION of its review workflow. */
function applyChange(
  context: RegionalContext,
  template: ContractTemplateDocument,
  set: Partial<ContractTemplateDocument>,
  audit: { caller: Identity; detail: string },
  push: Partial<Record<'endorsements', ContractEndorsement>> = {},
): Promise<ContractTemplateDocument> {
  return writeWithEvent(context, CONTRACT_TEMPLATES, {
    existing: template,
    set,
    push,
    event: 'CONTRACT_TEMPLATE_CHANGED',
    audit: { ...audit, action: 'TRANSITION' },
  });
}

export async function draftContractTemplate(context: RegionalContext, input: DraftContractTemplateInput): Promise<ContractTemplateDocument> {
  const caller = requireOwnRegionWriter(context, 'draft a contract template');
  if (!Number.isInteger(input.version) || input.version < 1990 || input.version > 2100) throw new BadUserInputError('version', 'version is a year from 1990 to 2100');
  if (input.supersedesId) {
    requireRecordIdInput('supersedesId', input.supersedesId, 'CTP');
    if (regionOfRecordId(input.supersedesId) !== context.region) {
      throw new BadUserInputError('supersedesId', 'a new version is drafted by the region that drafted the version it replaces');
    }
    const previous = await context.database.contractTemplates.findOne({ _id: input.supersedesId });
    if (!previous) throw new BadUserInputError('supersedesId', `template ${input.supersedesId} does not exist`);
    if (previous.status !== 'PUBLISHED') throw new BadUserInputError('supersedesId', `only a published template can be superseded; ${previous._id} is ${previous.status}`);
  }
  const now = new Date();
  const fields = {
    code: requireText('code', input.code, { max: 40 }),
    title: requireText('title', input.title, { max: 200 }),
    category: input.category,
    version: input.version,
    clauses: validateClauses(input.clauses),
    status: 'DRAFT' as const,
    draftingRegion: context.region,
    endorsements: [],
    reviewRound: 1,
    supersedesId: input.supersedesId ?? null,
    effectiveFrom: null,
    createdAt: now,
    updatedAt: now,
  };
  return withUniqueField('code', `template code ${fields.code}`, () =>
    insertWithEvent(context, CONTRACT_TEMPLATES, { fields, datedAt: now, event: 'CONTRACT_TEMPLATE_CHANGED', audit: { caller, detail: `drafted ${fields.code}` } }),
  );
}

export async function reviseContractTemplate(context: RegionalContext, id: string, input: ReviseContractTemplateInput): Promise<ContractTemplateDocument> {
  const caller = requireOwnRegionWriter(context, 'revise a contract template');
  const template = await loadTemplate(context, id);
  requireStatus(template, ['DRAFT'], 'revise the template');
  const set: Partial<ContractTemplateDocument> = {};
  const title = optionalText('title', input.title, 200);
  if (title) set.title = title;
  if (input.category) set.category = input.category;
  if (input.clauses) set.clauses = validateClauses(input.clauses);
  return applyChange(context, template, set, { caller, detail: `revised ${Object.keys(set).join(', ') || 'nothing'}` });
}

export async function submitContractTemplate(context: RegionalContext, id: string): Promise<ContractTemplateDocument> {
  const caller = requireOwnRegionWriter(context, 'submit a contract template for joint review');
  const template = await loadTemplate(context, id);
  requireStatus(template, ['DRAFT'], 'submit the template for joint review');
  const round = currentRound(template);
  const roundUsed = template.endorsements.some((endorsement) => (endorsement.round ?? 1) === round);
  return applyChange(context, template, { status: 'IN_REVIEW', reviewRound: roundUsed ? round + 1 : round }, { caller, detail: 'DRAFT → IN_REVIEW' });
}

/** Any region's agency endorses or returns a template under joint review (the one cross-region write on templates). */
export async function decideOnContractTemplate(
  context: RegionalContext,
  id: string,
  decision: 'ENDORSED' | 'RETURNED',
  comment: string | null | undefined,
): Promise<ContractTemplateDocument> {
  const action = decision === 'ENDORSED' ? 'endorse a contract template' : 'return a contract template';
  const caller = requireWriter(context, ALL_REGION_CODES, action, 'only the agencies of Beijing, Tianjin and Hebei take part in joint review');
  const template = await loadTemplate(context, id);
  requireStatus(template, ['IN_REVIEW'], decision === 'ENDORSED' ? 'endorse the template' : 'return the template');
  const region = caller.region!;
  if (endorsedRegions(template).includes(region)) {
    throw new IllegalTransitionError(`${regionChineseName(region)} has already endorsed template ${template._id} in review round ${currentRound(template)}`);
  }
  const endorsement: ContractEndorsement = {
    region,
    agency: caller.agencyName,
    decision,
    comment: decision === 'RETURNED' ? requireText('comment', comment, { max: 2000 }) : (optionalText('comment', comment, 2000) ?? null),
    at: new Date(),
    round: currentRound(template),
  };
  const after = { ...template, endorsements: [...template.endorsements, endorsement] };
  let set: Partial<ContractTemplateDocument> = {};
  if (decision === 'RETURNED') set = { status: 'DRAFT' };
  else if (isJointlyEndorsed(after)) set = { status: 'PUBLISHED', effectiveFrom: endorsement.at };
  const updated = await applyChange(context, template, set, { caller, detail: `${decision} by ${region}` }, { endorsements: endorsement });
  if (updated.status === 'PUBLISHED' && updated.supersedesId) await supersede(context, updated.supersedesId, caller);
  return updated;
}

async function supersede(context: RegionalContext, previousId: string, caller: Identity): Promise<void> {
  const previous = await context.database.contractTemplates.findOne({ _id: previousId });
  if (previous && previous.status === 'PUBLISHED') {
    await applyChange(context, previous, { status: 'SUPERSEDED' }, { caller, detail: 'PUBLISHED → SUPERSEDED by a new version' });
  }
}

export async function withdrawContractTemplate(context: RegionalContext, id: string): Promise<ContractTemplateDocument> {
  const caller = requireOwnRegionWriter(context, 'withdraw a contract template');
  const template = await loadTemplate(context, id);
  requireStatus(template, ['DRAFT', 'IN_REVIEW', 'PUBLISHED'], 'withdraw the template');
  return applyChange(context, template, { status: 'WITHDRAWN' }, { caller, detail: `${template.status} → WITHDRAWN` });
}
