import { now as clockNow } from '../../../../platform/clock';
import DataLoader from 'dataloader';
import type { Document, Filter } from 'mongodb';
import { ALL_REGION_CODES, formatTemplateLineage, parseTemplateCode, regionOfRecordId, type RegionCode } from '../../../../kernel';
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
import {
  claimSuccessorSlot,
  codeFor,
  currentOf,
  describeCurrent,
  describeVersion,
  LineageRuleError,
  lineageVersions,
  liveSuccessor,
  nextLineageSerial,
  settleSuccessorSlot,
} from './contractTemplate.lineage';
import { afterDecision, currentRound, roundOnSubmission, templateDecisionRefusal } from './contractTemplate.workflow';

export const CONTRACT_TEMPLATES: EventedRecords<ContractTemplateDocument> = {
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
    textClause(filter.text, ['title', 'code', 'formerCode']),
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
  lineageLoaders.delete(context);
  return writeWithEvent(context, CONTRACT_TEMPLATES, {
    existing: template,
    set,
    push,
    event: 'CONTRACT_TEMPLATE_CHANGED',
    audit: { ...audit, action: 'TRANSITION' },
  });
}

/**
 * A new version's place in its lineage: the lineage and serial it continues (checked against the lineage rules), or a
 * new lineage with the region's next serial. Refusals are BAD_USER_INPUT naming the field and the current version.
 */
async function placeInLineage(context: RegionalContext, input: DraftContractTemplateInput): Promise<{ serial: number; previous: ContractTemplateDocument | null }> {
  const templates = context.database.contractTemplates;
  if (!input.supersedesId) return { serial: await nextLineageSerial(templates, context.database.counters, context.region), previous: null };
  requireRecordIdInput('supersedesId', input.supersedesId, 'CTP');
  if (regionOfRecordId(input.supersedesId) !== context.region) {
    throw new BadUserInputError('supersedesId', 'a new version is drafted by the region that drafted the version it replaces');
  }
  const previous = await templates.findOne({ _id: input.supersedesId });
  if (!previous) throw new BadUserInputError('supersedesId', `template ${input.supersedesId} does not exist`);
  const versions = await lineageVersions(templates, previous.lineage);
  const current = currentOf(versions);
  if (previous.status !== 'PUBLISHED') {
    throw new LineageRuleError('supersedesId', `only a lineage's current (published) version can be superseded; ${describeVersion(previous)} is not; ${describeCurrent(current, previous.lineage)}`, current);
  }
  const latest = versions[versions.length - 1]!;
  if (input.version <= latest.version) {
    throw new LineageRuleError('version', `versions of ${previous.lineage} strictly increase: ${input.version} is not later than ${latest.version} (${describeVersion(latest)}); ${describeCurrent(current, previous.lineage)}`, current);
  }
  const successor = liveSuccessor(previous, versions, Date.now());
  if (successor) {
    throw new LineageRuleError('supersedesId', `${describeVersion(previous)} already has a successor (${successor}): a version is superseded by one new version at a time`, current);
  }
  const inProgress = versions.find((version) => version.status === 'DRAFT' || version.status === 'IN_REVIEW');
  if (inProgress) {
    throw new LineageRuleError('supersedesId', `${previous.lineage} already has a version in progress, ${describeVersion(inProgress)}: finish or withdraw it first`, current);
  }
  return { serial: parseTemplateCode(previous.code)!.serial, previous };
}

export async function draftContractTemplate(context: RegionalContext, input: DraftContractTemplateInput): Promise<ContractTemplateDocument> {
  const caller = requireOwnRegionWriter(context, 'draft a contract template');
  if (input.code !== null && input.code !== undefined) {
    throw new BadUserInputError('code', `template codes are assigned by the drafting region (JJJ-${context.region}-HT-{version}-{serial}, a new version keeping its lineage's serial): leave code out`);
  }
  if (!Number.isInteger(input.version) || input.version < 1990 || input.version > 2100) throw new BadUserInputError('version', 'version is a year from 1990 to 2100');
  const title = requireText('title', input.title, { max: 200 });
  const clauses = validateClauses(input.clauses);
  const { serial, previous } = await placeInLineage(context, input);
  const templates = context.database.contractTemplates;
  // The successor slot of the version replaced, taken by one conditional write before the insert: of two drafts
  // racing to supersede one version, one gets it and the other is refused (no check-then-write).
  const claim = previous ? await claimSuccessorSlot(templates, previous, Date.now()) : null;
  if (previous && !claim) {
    const current = currentOf(await lineageVersions(templates, previous.lineage));
    throw new LineageRuleError('supersedesId', `${describeVersion(previous)} was superseded or given a successor meanwhile; ${describeCurrent(current, previous.lineage)}`, current);
  }
  const now = clockNow();
  const fields = {
    ...codeFor(context.region, serial, input.version),
    title,
    category: input.category,
    version: input.version,
    clauses,
    status: 'DRAFT' as const,
    draftingRegion: context.region,
    endorsements: [],
    reviewRound: 1,
    supersedesId: previous?._id ?? null,
    successorId: null,
    effectiveFrom: null,
    createdAt: now,
    updatedAt: now,
  };
  let created: ContractTemplateDocument;
  try {
    created = await withUniqueField('code', `template code ${fields.code}`, () =>
      insertWithEvent(context, CONTRACT_TEMPLATES, { fields, datedAt: now, event: 'CONTRACT_TEMPLATE_CHANGED', audit: { caller, detail: `drafted ${fields.code}` } }),
    );
  } catch (error) {
    if (previous && claim) await settleSuccessorSlot(templates, previous._id, claim, null);
    throw error;
  }
  if (previous && claim) await settleSuccessorSlot(templates, previous._id, claim, created._id);
  lineageLoaders.delete(context);
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
  return applyChange(context, template, { status: 'IN_REVIEW', reviewRound: roundOnSubmission(template) }, { caller, detail: 'DRAFT → IN_REVIEW' });
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
  const region = caller.region!;
  const refusal = templateDecisionRefusal(template, region, decision);
  if (refusal) throw new IllegalTransitionError(refusal);
  const endorsement: ContractEndorsement = {
    region,
    agency: caller.agencyName,
    decision,
    comment: decision === 'RETURNED' ? requireText('comment', comment, { max: 2000 }) : (optionalText('comment', comment, 2000) ?? null),
    at: clockNow(),
    round: currentRound(template),
  };
  const after = afterDecision(template, endorsement);
  const set: Partial<ContractTemplateDocument> = after.status === template.status ? {} : { status: after.status, ...(after.status === 'PUBLISHED' ? { effectiveFrom: after.effectiveFrom } : {}) };
  const updated = await applyChange(context, template, set, { caller, detail: `${decision} by ${region}` }, { endorsements: endorsement });
  if (updated.status === 'PUBLISHED') await supersedeBelow(context, updated, caller);
  return updated;
}

/**
 * Publishing a version supersedes every other published version of its lineage: one conditional single-document
 * write each (the version as read), after the new version's own. Should a crash fall between, the lineage briefly
 * has two published versions; `currentVersion` reads the newer, and the next publication or withdrawal in the
 * lineage (or the lineage migration) finishes the change.
 */
async function supersedeBelow(context: RegionalContext, published: ContractTemplateDocument, caller: Identity): Promise<void> {
  for (const other of await lineageVersions(context.database.contractTemplates, published.lineage)) {
    if (other._id === published._id || other.status !== 'PUBLISHED' || other.version > published.version) continue;
    await applyChange(context, other, { status: 'SUPERSEDED' }, { caller, detail: `PUBLISHED → SUPERSEDED by ${published.code} (${published._id})` });
  }
}

/**
 * The drafting region withdraws a version. Withdrawing the lineage's published version reinstates the latest version
 * it had replaced (SUPERSEDED → PUBLISHED: that text was endorsed by all three regions and stays so, and leaving the
 * lineage with no text in force by accident is what this prevents); with none to reinstate the lineage has no
 * published version. Either way the answer's `currentVersion` says what is current.
 */
export async function withdrawContractTemplate(context: RegionalContext, id: string): Promise<ContractTemplateDocument> {
  const caller = requireOwnRegionWriter(context, 'withdraw a contract template');
  const template = await loadTemplate(context, id);
  requireStatus(template, ['DRAFT', 'IN_REVIEW', 'PUBLISHED'], 'withdraw the template');
  const withdrawn = await applyChange(context, template, { status: 'WITHDRAWN' }, { caller, detail: `${template.status} → WITHDRAWN` });
  if (template.status !== 'PUBLISHED') return withdrawn;
  const versions = await lineageVersions(context.database.contractTemplates, template.lineage);
  const current = currentOf(versions);
  if (current) {
    await supersedeBelow(context, current, caller);
    return withdrawn;
  }
  const reinstate = versions.filter((version) => version.status === 'SUPERSEDED' && version.version < template.version).pop();
  if (reinstate) {
    await applyChange(context, reinstate, { status: 'PUBLISHED' }, { caller, detail: `SUPERSEDED → PUBLISHED: reinstated as ${template.code} (${template._id}) was withdrawn` });
  }
  return withdrawn;
}

/** Per request: every version of the lineages asked for, in one query per batch (a page of templates asks once). */
const lineageLoaders = new WeakMap<RegionalContext, DataLoader<string, ContractTemplateDocument[]>>();

function lineageLoader(context: RegionalContext): DataLoader<string, ContractTemplateDocument[]> {
  let loader = lineageLoaders.get(context);
  if (!loader) {
    loader = new DataLoader(async (lineages: readonly string[]) => {
      const documents = await context.database.contractTemplates.find({ lineage: { $in: [...lineages] } }, { sort: { version: 1, _id: 1 } }).toArray();
      return lineages.map((lineage) => documents.filter((document) => document.lineage === lineage));
    });
    lineageLoaders.set(context, loader);
  }
  return loader;
}

/** Every version of the template's lineage, oldest version first (the template itself included). */
export function versionsOfLineage(context: RegionalContext, template: Pick<ContractTemplateDocument, 'lineage'>): Promise<ContractTemplateDocument[]> {
  return lineageLoader(context).load(template.lineage);
}

/** The lineage's published version, named by any version's code or the lineage code; null when it has none or no such lineage exists here. */
export async function currentVersionOf(context: RegionalContext, code: string): Promise<ContractTemplateDocument | null> {
  const parts = parseTemplateCode(code);
  if (!parts) throw new BadUserInputError('code', `${JSON.stringify(code)} is not a template code (JJJ-{region}-HT-{version}-{serial}, e.g. JJJ-TJ-HT-2026-003) or lineage code (JJJ-TJ-HT-003)`);
  if (parts.region !== context.region) throw new BadUserInputError('code', `template ${code} is drafted and kept by region ${parts.region}, not ${context.region}`);
  return currentOf(await versionsOfLineage(context, { lineage: formatTemplateLineage(parts.region, parts.serial) }));
}
