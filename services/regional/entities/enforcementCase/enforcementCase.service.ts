import type { Document, Filter } from 'mongodb';
import {
  caseNumberProblem,
  formatCaseNumber,
  regionChineseName,
  regionOfCreditCode,
  shanghaiYear,
  type RegionCode,
} from '../../../../kernel';
import { isResidentIdNumber } from '../../../../kernel/formats';
import { now as clockNow } from '../../../../platform/clock';
import type { Identity } from '../../../../platform/identity';
import { requireOwnRegionWriter } from '../../auth/policy';
import type { RegionalContext } from '../../context';
import { BadUserInputError, IllegalTransitionError, NotFoundError } from '../../data/domainErrors';
import { allOf, dateRangeClause, oneOfClause, regionClause, textClause } from '../../data/filters';
import { insertWithEvent, writeWithEvent, type EventedRecords, type RecordFields, type WriteContext } from '../../data/recordWrites';
import { optionalText, requireCreditCodeInput, requireRecordDate, requireRecordIdInput, requireRecordIdList, requireText } from '../../data/validation';
import { withUniqueField } from '../../data/writeErrors';
import type { CaseParty, CaseTimelineEntry, EnforcementCaseDocument, OnlineStore, Penalty } from '../../model';
import type { CasePartyInput, CaseStepInput, DecidePenaltyInput, EnforcementCaseFilter, FileEnforcementCaseInput, OnlineStoreInput, PenaltyNoticeFilter } from './enforcementCase.inputs';
import { CASE_STEPS, type CaseStepName } from './enforcementCase.workflow';

export const ENFORCEMENT_CASES: EventedRecords<EnforcementCaseDocument> = {
  entity: 'EnforcementCase',
  label: 'enforcement case',
  idType: 'ENF',
  collection: (database) => database.enforcementCases,
  snapshot: (record) => ({
    region: record.region,
    category: record.domain,
    status: record.status,
    enterpriseCreditCodes: record.partyCreditCodes,
    ...(record.originAssistanceRequestId && record.originCaseId ? { origin: { assistanceRequestId: record.originAssistanceRequestId, caseId: record.originCaseId } } : {}),
  }),
};

const MAX_PARTIES = 20;

export function enforcementCaseFilterToMongo(filter: EnforcementCaseFilter | null | undefined, region: RegionCode): Filter<Document> {
  if (!filter) return {};
  return allOf([
    regionClause(filter.regions, region),
    oneOfClause('domain', filter.domains, 'filter.domains'),
    oneOfClause('status', filter.statuses, 'filter.statuses'),
    oneOfClause('partyRegions', filter.partyRegions, 'filter.partyRegions'),
    filter.enterpriseCreditCode ? { partyCreditCodes: requireCreditCodeInput('filter.enterpriseCreditCode', filter.enterpriseCreditCode, { anyRegion: true }) } : null,
    filter.platformName ? { 'onlineStore.platformName': requireText('filter.platformName', filter.platformName, { max: 100 }) } : null,
    dateRangeClause('filedAt', filter.filedFrom, filter.filedTo, 'filter.filedFrom'),
    filter.published === true ? { publishedAt: { $ne: null } } : filter.published === false ? { publishedAt: null } : null,
    textClause(filter.text, ['title', 'facts']),
  ]);
}

/** Only published decisions are notices: the public sees nothing else of a case. */
export function penaltyNoticeFilterToMongo(filter: PenaltyNoticeFilter | null | undefined, region: RegionCode): Filter<Document> {
  return allOf([
    { publishedAt: { $ne: null } },
    regionClause(filter?.regions, region),
    oneOfClause('domain', filter?.domains, 'filter.domains'),
    filter?.enterpriseCreditCode ? { partyCreditCodes: requireCreditCodeInput('filter.enterpriseCreditCode', filter.enterpriseCreditCode, { anyRegion: true }) } : null,
    dateRangeClause('decidedAt', filter?.decidedFrom, filter?.decidedTo, 'filter.decidedFrom'),
  ]);
}

export function requireParty(field: string, input: CasePartyInput): CaseParty {
  const name = requireText(`${field}.name`, input.name, { max: 200 });
  if (input.kind === 'ENTERPRISE') {
    if (!input.creditCode) throw new BadUserInputError(`${field}.creditCode`, `${field}.creditCode: an enterprise party is named by its unified social credit code`);
    // A party registered outside Jing-Jin-Ji may still be a party of a case here (a store selling into Beijing).
    return { kind: 'ENTERPRISE', name, creditCode: requireCreditCodeInput(`${field}.creditCode`, input.creditCode, { anyRegion: true }), idNumber: null, address: null };
  }
  if (input.creditCode) throw new BadUserInputError(`${field}.creditCode`, `${field}.creditCode: a natural person has no credit code`);
  const idNumber = optionalText(`${field}.idNumber`, input.idNumber, 18) ?? null;
  if (idNumber && !isResidentIdNumber(idNumber)) throw new BadUserInputError(`${field}.idNumber`, `${field}.idNumber: "${idNumber}" is not a resident ID number (18 characters, check character per GB 11643)`, 'FORMAT');
  return { kind: 'PERSON', name: requireText(`${field}.name`, input.name, { max: 50 }), creditCode: null, idNumber, address: optionalText(`${field}.address`, input.address, 200) ?? null };
}

export function requireOnlineStore(field: string, input: OnlineStoreInput | null | undefined): OnlineStore | null {
  if (!input) return null;
  const url = optionalText(`${field}.url`, input.url, 500) ?? null;
  if (url && !/^https?:\/\/\S+$/.test(url)) throw new BadUserInputError(`${field}.url`, `${field}.url: "${url}" is not an http(s) address`, 'FORMAT');
  return {
    platformName: requireText(`${field}.platformName`, input.platformName, { max: 100 }),
    storeName: requireText(`${field}.storeName`, input.storeName, { max: 200 }),
    storeNumber: optionalText(`${field}.storeNumber`, input.storeNumber, 100) ?? null,
    url,
  };
}

export function partyFacts(parties: readonly CaseParty[]): Pick<EnforcementCaseDocument, 'partyCreditCodes' | 'partyRegions'> {
  const partyCreditCodes = [...new Set(parties.flatMap((party) => (party.creditCode ? [party.creditCode] : [])))];
  const partyRegions = [...new Set(partyCreditCodes.map(regionOfCreditCode).filter((region): region is RegionCode => region !== null))];
  return { partyCreditCodes, partyRegions };
}

/**
 * The next number of the region's own sequence for the year (津市监广罚〔2026〕13号). Numbers already in use (cases
 * loaded without the counter, numbers given by the bureau) are skipped: the counter starts past the year's cases.
 */
async function assignCaseNumber(context: WriteContext, domain: EnforcementCaseDocument['domain'], filedAt: Date): Promise<string> {
  const year = shanghaiYear(filedAt);
  const counterId = `ENF-NUMBER-${year}`;
  const { counters, enforcementCases } = context.database;
  if (!(await counters.findOne({ _id: counterId }))) {
    const inUse = await enforcementCases.countDocuments({ caseNumber: { $regex: `〔${year}〕` } });
    await counters.updateOne({ _id: counterId }, { $max: { seq: inUse } }, { upsert: true });
  }
  for (let attempt = 0; attempt < 50; attempt++) {
    const counter = await counters.findOneAndUpdate({ _id: counterId }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' });
    const number = formatCaseNumber(context.region, domain, year, counter!.seq);
    if (!(await enforcementCases.findOne({ caseNumber: number }, { projection: { _id: 1 } }))) return number;
  }
  throw new Error(`could not find a free case number of ${year}`);
}

/** Inserts a new case (used by filing and by the clue follower, which files a transferred clue as the region's system). */
export async function insertEnforcementCase(
  context: WriteContext,
  caller: Identity,
  fields: Omit<RecordFields<EnforcementCaseDocument>, 'caseNumber'> & { caseNumber?: string | null },
  detail: string,
  auditId?: string,
): Promise<EnforcementCaseDocument> {
  const caseNumber = fields.caseNumber ?? (await assignCaseNumber(context, fields.domain, fields.filedAt));
  return withUniqueField('caseNumber', `case number ${caseNumber}`, () =>
    insertWithEvent(context, ENFORCEMENT_CASES, {
      fields: { ...fields, caseNumber },
      datedAt: fields.filedAt,
      event: 'ENFORCEMENT_CASE_FILED',
      audit: { caller, detail, ...(auditId ? { auditId } : {}) },
    }),
  );
}

export async function fileEnforcementCase(context: RegionalContext, input: FileEnforcementCaseInput): Promise<EnforcementCaseDocument> {
  const caller = requireOwnRegionWriter(context, 'file an enforcement case');
  const now = clockNow();
  const filedAt = requireRecordDate('filedAt', input.filedAt ?? now, now);
  if (input.parties.length === 0) throw new BadUserInputError('parties', 'a case needs at least one party (当事人)');
  if (input.parties.length > MAX_PARTIES) throw new BadUserInputError('parties', `a case has at most ${MAX_PARTIES} parties`);
  const parties = input.parties.map((party, index) => requireParty(`parties[${index}]`, party));
  const onlineStore = requireOnlineStore('onlineStore', input.onlineStore);
  if (input.domain === 'ONLINE_TRADE' && !onlineStore) throw new BadUserInputError('onlineStore', 'an online-trade case names the platform and the store (onlineStore)');
  let caseNumber: string | null = null;
  if (input.caseNumber) {
    caseNumber = requireText('caseNumber', input.caseNumber, { max: 40 });
    const problem = caseNumberProblem(caseNumber, context.region, filedAt);
    if (problem) throw new BadUserInputError('caseNumber', `caseNumber: ${problem}`, 'FORMAT');
  }
  const entry: CaseTimelineEntry = { at: filedAt, status: 'FILED', region: context.region, agency: caller.agencyName, note: `${regionChineseName(context.region)}立案` };
  return insertEnforcementCase(
    context,
    caller,
    {
      caseNumber,
      region: context.region,
      domain: input.domain,
      title: requireText('title', input.title, { max: 200 }),
      parties,
      ...partyFacts(parties),
      onlineStore,
      facts: requireText('facts', input.facts, { max: 10_000 }),
      legalBasis: null,
      penalty: null,
      outcomeReason: null,
      status: 'FILED',
      timeline: [entry],
      filedAt,
      decidedAt: null,
      publishedAt: null,
      closedAt: null,
      agency: caller.agencyName,
      recallIds: requireRecordIdList('recallIds', input.recallIds, 'RCL'),
      riskAlertIds: requireRecordIdList('riskAlertIds', input.riskAlertIds, 'RSK'),
      complaintIds: requireRecordIdList('complaintIds', input.complaintIds, 'CMP'),
      originAssistanceRequestId: null,
      originCaseId: null,
      createdAt: now,
      updatedAt: now,
    },
    'filed enforcement case',
  );
}

function requireFen(field: string, fen: number): number {
  if (fen < 0) throw new BadUserInputError(field, `${field}: an amount imposed is not negative (got ${fen / 100} yuan)`, 'OUT_OF_RANGE');
  return fen;
}

async function loadOwnCase(context: RegionalContext, id: string, action: string): Promise<{ existing: EnforcementCaseDocument; caller: Identity }> {
  requireRecordIdInput('id', id, 'ENF');
  const existing = await context.database.enforcementCases.findOne({ _id: id });
  if (!existing) throw new NotFoundError(`enforcement case ${id} does not exist in region ${context.region}`);
  return { existing, caller: requireOwnRegionWriter(context, action) };
}

function requireStepAllowed(existing: EnforcementCaseDocument, step: { name: string; from: readonly string[] }): void {
  if (!step.from.includes(existing.status)) {
    throw new IllegalTransitionError(`cannot ${step.name}: case ${existing.caseNumber} (${existing._id}) is ${existing.status}, and this step applies only to ${step.from.join(' or ')}`);
  }
}

function stepDate(existing: EnforcementCaseDocument, at: Date | null | undefined): Date {
  const now = clockNow();
  const date = requireRecordDate('at', at ?? now, now);
  const previousAt = existing.timeline[existing.timeline.length - 1]?.at ?? existing.filedAt;
  if (date.getTime() < previousAt.getTime()) throw new BadUserInputError('at', `a step cannot be dated before the previous one (${previousAt.toISOString()})`);
  return date;
}

export async function takeCaseStep(context: RegionalContext, stepName: Exclude<CaseStepName, 'decidePenalty'>, input: CaseStepInput): Promise<EnforcementCaseDocument> {
  const step = CASE_STEPS[stepName];
  const { existing, caller } = await loadOwnCase(context, input.id, step.name);
  requireStepAllowed(existing, step);
  const note = step.noteRequired ? requireText('note', input.note, { max: 2000 }) : (optionalText('note', input.note, 2000) ?? '');
  const at = stepDate(existing, input.at);
  const set: Partial<EnforcementCaseDocument> = { status: step.to };
  if (step.to === 'NO_PENALTY') Object.assign(set, { decidedAt: at, outcomeReason: note });
  if (step.to === 'REFERRED_TO_POLICE') Object.assign(set, { outcomeReason: note, closedAt: at });
  if (step.to === 'CLOSED') set.closedAt = at;
  return writeWithEvent(context, ENFORCEMENT_CASES, {
    existing,
    set,
    push: { timeline: { at, status: step.to, region: context.region, agency: caller.agencyName, note } satisfies CaseTimelineEntry },
    event: 'ENFORCEMENT_CASE_CHANGED',
    audit: { caller, action: 'TRANSITION', detail: `${existing.status} → ${step.to}` },
  });
}

/** 处罚决定: the penalty, its legal basis, and the notice published with it (行政处罚信息公示). */
export async function decidePenalty(context: RegionalContext, input: DecidePenaltyInput): Promise<EnforcementCaseDocument> {
  const step = CASE_STEPS.decidePenalty;
  const { existing, caller } = await loadOwnCase(context, input.id, step.name);
  requireStepAllowed(existing, step);
  const penalty: Penalty = {
    warning: input.penalty.warning,
    fineFen: requireFen('penalty.fine', input.penalty.fine),
    confiscatedIncomeFen: requireFen('penalty.confiscatedIncome', input.penalty.confiscatedIncome),
    confiscatedItems: optionalText('penalty.confiscatedItems', input.penalty.confiscatedItems, 500) ?? null,
    licenceMeasure: input.penalty.licenceMeasure,
  };
  if (!penalty.warning && penalty.fineFen === 0 && penalty.confiscatedIncomeFen === 0 && !penalty.confiscatedItems && penalty.licenceMeasure === 'NONE') {
    throw new BadUserInputError('penalty', 'a penalty decision imposes something: a warning, a fine, confiscation or a licence measure (else decide no penalty)');
  }
  const at = stepDate(existing, input.at);
  const note = optionalText('note', input.note, 2000) ?? '';
  return writeWithEvent(context, ENFORCEMENT_CASES, {
    existing,
    set: { status: step.to, legalBasis: requireText('legalBasis', input.legalBasis, { max: 2000 }), penalty, decidedAt: at, publishedAt: at },
    push: { timeline: { at, status: step.to, region: context.region, agency: caller.agencyName, note: note || '作出行政处罚决定并公示' } satisfies CaseTimelineEntry },
    event: 'ENFORCEMENT_CASE_DECIDED',
    audit: { caller, action: 'TRANSITION', detail: `${existing.status} → ${step.to}; published` },
  });
}
