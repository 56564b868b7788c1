import type { Document, Filter } from 'mongodb';
import { ALL_REGION_CODES, regionChineseName, regionOfRecordId, type RegionCode } from '../../../../kernel';
import { requireOwnRegionWriter, requireWriter } from '../../auth/policy';
import type { RegionalContext } from '../../context';
import { recordAudit } from '../../data/audit';
import { allOf, dateRangeClause, oneOfClause, regionClause, textClause } from '../../data/filters';
import type { SortKey } from '../../data/keysetPage';
import { outboxEvent } from '../../data/outbox';
import { insertWithNewId } from '../../data/recordIds';
import { optionalText, requireRecordIdInput, requireText } from '../../data/validation';
import { withUniqueField } from '../../data/writeErrors';
import { badUserInput, illegalTransition, notFound } from '../../graphql/errors';
import type { ContractClause, ContractEndorsement, ContractTemplateDocument, ContractTemplateStatus } from '../../model';
import {
  ContractTemplateOrderField,
  type ContractClauseInput,
  type ContractTemplateFilter,
  type DraftContractTemplateInput,
  type ReviseContractTemplateInput,
} from './contractTemplate.inputs';
import { currentRound, endorsedRegions, isJointlyEndorsed } from './contractTemplate.workflow';

export const CONTRACT_TEMPLATE_SORT_KEYS: Record<ContractTemplateOrderField, SortKey> = {
  [ContractTemplateOrderField.UPDATED_AT]: { path: 'updatedAt', kind: 'date' },
  [ContractTemplateOrderField.VERSION]: { path: 'version', kind: 'number' },
  [ContractTemplateOrderField.ID]: { path: '_id', kind: 'string' },
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
  if (clauses.length === 0) throw badUserInput('clauses', 'a contract template needs at least one clause');
  if (clauses.length > 200) throw badUserInput('clauses', 'a contract template has at most 200 clauses');
  const numbers = new Set<number>();
  return clauses.map((clause, i) => {
    if (!Number.isInteger(clause.number) || clause.number < 1) throw badUserInput(`clauses[${i}].number`, 'clause numbers are positive integers');
    if (numbers.has(clause.number)) throw badUserInput(`clauses[${i}].number`, `clause number ${clause.number} appears twice`);
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
  if (!template) throw notFound(`contract template ${id} does not exist in region ${context.region}`);
  return template;
}

function requireStatus(template: ContractTemplateDocument, allowed: readonly ContractTemplateStatus[], action: string): void {
  if (!allowed.includes(template.status)) {
    throw illegalTransition(`cannot ${action}: template ${template._id} is ${template.status}; allowed from ${allowed.join(' or ')}`);
  }
}

/** Writes the change, its event and its audit entry; the optimistic `updatedAt` check refuses concurrent changes. */
async function applyChange(
  context: RegionalContext,
  template: ContractTemplateDocument,
  set: Partial<ContractTemplateDocument>,
  audit: { caller: ReturnType<typeof requireOwnRegionWriter>; detail: string },
  push: Partial<Record<'endorsements', ContractEndorsement>> = {},
): Promise<ContractTemplateDocument> {
  const now = new Date();
  const status = set.status ?? template.status;
  const event = outboxEvent('CONTRACT_TEMPLATE_CHANGED', 'ContractTemplate', template._id, { region: template.draftingRegion, category: set.category ?? template.category, status }, now);
  const updated = await context.database.contractTemplates.findOneAndUpdate(
    { _id: template._id, updatedAt: template.updatedAt },
    { $set: { ...set, updatedAt: now, outboxPending: true }, $push: { ...push, outbox: event } },
    { returnDocument: 'after' },
  );
  if (!updated) throw illegalTransition(`template ${template._id} changed while this request was processed; reload and retry`);
  context.outboxWritten();
  await recordAudit(context.database.auditLog, audit.caller, { action: 'TRANSITION', entity: 'ContractTemplate', recordId: template._id, detail: audit.detail });
  return updated;
}

export async function draftContractTemplate(context: RegionalContext, input: DraftContractTemplateInput): Promise<ContractTemplateDocument> {
  const caller = requireOwnRegionWriter(context, 'draft a contract template');
  if (!Number.isInteger(input.version) || input.version < 1990 || input.version > 2100) throw badUserInput('version', 'version is a year from 1990 to 2100');
  if (input.supersedesId) {
    requireRecordIdInput('supersedesId', input.supersedesId, 'CTP');
    if (regionOfRecordId(input.supersedesId) !== context.region) {
      throw badUserInput('supersedesId', 'a new version is drafted by the region that drafted the version it replaces');
    }
    const previous = await context.database.contractTemplates.findOne({ _id: input.supersedesId });
    if (!previous) throw badUserInput('supersedesId', `template ${input.supersedesId} does not exist`);
    if (previous.status !== 'PUBLISHED') throw badUserInput('supersedesId', `only a published template can be superseded; ${previous._id} is ${previous.status}`);
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
  const created = await withUniqueField('code', `template code ${fields.code}`, () =>
    insertWithNewId(context.database.contractTemplates, context.database.counters, context.region, 'CTP', now, (id) => ({
      _id: id,
      ...fields,
      outbox: [outboxEvent('CONTRACT_TEMPLATE_CHANGED', 'ContractTemplate', id, { region: context.region, category: fields.category, status: 'DRAFT' }, now)],
      outboxPending: true,
    })),
  );
  context.outboxWritten();
  await recordAudit(context.database.auditLog, caller, { action: 'CREATE', entity: 'ContractTemplate', recordId: created._id, detail: `drafted ${fields.code}` });
  return created;
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
    throw illegalTransition(`${regionChineseName(region)} has already endorsed template ${template._id} in review round ${currentRound(template)}`);
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

async function supersede(context: RegionalContext, previousId: string, caller: ReturnType<typeof requireOwnRegionWriter>): Promise<void> {
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
