import type { Document, Filter } from 'mongodb';
import type { ClueTransfer } from '../../../../contract';
import {
  ASSISTANCE_REPLY_WORKING_DAYS,
  assistanceReplyDeadline,
  MAX_ASSISTANCE_EXTENSION_WORKING_DAYS,
  OPEN_ASSISTANCE_STATUSES,
  regionChineseName,
  regionOfRecordId,
  type RegionCode,
} from '../../../../kernel';
import { now as clockNow } from '../../../../platform/clock';
import type { Identity } from '../../../../platform/identity';
import { requireOwnRegionWriter, requireWriter } from '../../auth/policy';
import type { RegionalContext } from '../../context';
import { BadUserInputError, IllegalTransitionError, NotFoundError } from '../../data/domainErrors';
import { allOf, dateRangeClause, oneOfClause, regionClause } from '../../data/filters';
import { insertWithEvent, writeWithEvent, type EventedRecords } from '../../data/recordWrites';
import { optionalText, requireRecordDate, requireRecordIdInput, requireText } from '../../data/validation';
import type { AssistanceAttachment, AssistanceExtension, AssistanceRequestDocument, AssistanceTimelineEntry } from '../../model';
import { requireOnlineStore, requireParty } from '../enforcementCase/enforcementCase.service';
import type {
  AssistanceAttachmentInput,
  AssistanceExtensionDecisionInput,
  AssistanceExtensionInput,
  AssistanceRequestFilter,
  AssistanceStepInput,
  ReplyToAssistanceInput,
  RequestAssistanceInput,
} from './assistanceRequest.inputs';
import { actorRegionOf, ASSISTANCE_STEPS, assistanceNotOverdueFilter, assistanceOverdueFilter, type AssistanceStepName } from './assistanceRequest.workflow';

export const ASSISTANCE_REQUESTS: EventedRecords<AssistanceRequestDocument> = {
  entity: 'AssistanceRequest',
  label: 'assistance request',
  idType: 'AST',
  collection: (database) => database.assistanceRequests,
  snapshot: (record) => ({
    region: record.requestingRegion,
    category: record.type,
    type: record.type,
    status: record.status,
    targetRegion: record.targetRegion,
    enterpriseCreditCodes: record.party.creditCode ? [record.party.creditCode] : [],
    regions: [record.requestingRegion, record.targetRegion],
  }),
};

const MAX_ATTACHMENTS = 20;
const MAX_ATTACHMENT_BYTES = 200 * 1024 * 1024;

export function assistanceRequestFilterToMongo(filter: AssistanceRequestFilter | null | undefined, region: RegionCode, now: Date): Filter<Document> {
  if (!filter) return {};
  return allOf([
    regionClause(filter.regions, region),
    oneOfClause('targetRegion', filter.targetRegions, 'filter.targetRegions'),
    oneOfClause('type', filter.types, 'filter.types'),
    oneOfClause('status', filter.statuses, 'filter.statuses'),
    filter.open === true ? { status: { $in: [...OPEN_ASSISTANCE_STATUSES] } } : filter.open === false ? { status: { $nin: [...OPEN_ASSISTANCE_STATUSES] } } : null,
    filter.overdue === true ? assistanceOverdueFilter(now) : filter.overdue === false ? assistanceNotOverdueFilter(now) : null,
    filter.caseId ? { caseId: requireRecordIdInput('filter.caseId', filter.caseId, 'ENF') } : null,
    dateRangeClause('sentAt', filter.sentFrom, filter.sentTo, 'filter.sentFrom'),
  ]);
}

function requireAttachments(inputs: readonly AssistanceAttachmentInput[] | null | undefined): AssistanceAttachment[] {
  const list = inputs ?? [];
  if (list.length > MAX_ATTACHMENTS) throw new BadUserInputError('attachments', `at most ${MAX_ATTACHMENTS} attachments`);
  return list.map((input, index) => {
    const field = `attachments[${index}]`;
    if (!Number.isInteger(input.sizeBytes) || input.sizeBytes < 0 || input.sizeBytes > MAX_ATTACHMENT_BYTES) throw new BadUserInputError(`${field}.sizeBytes`, `${field}.sizeBytes must be from 0 to ${MAX_ATTACHMENT_BYTES}`);
    const sha256 = optionalText(`${field}.sha256`, input.sha256, 64) ?? null;
    if (sha256 && !/^[0-9a-f]{64}$/i.test(sha256)) throw new BadUserInputError(`${field}.sha256`, `${field}.sha256 is not a SHA-256 in hex`, 'FORMAT');
    return {
      fileName: requireText(`${field}.fileName`, input.fileName, { max: 200 }),
      mediaType: requireText(`${field}.mediaType`, input.mediaType, { max: 100 }),
      sizeBytes: input.sizeBytes,
      sha256: sha256?.toLowerCase() ?? null,
    };
  });
}

export async function requestAssistance(context: RegionalContext, input: RequestAssistanceInput): Promise<AssistanceRequestDocument> {
  const caller = requireOwnRegionWriter(context, 'request assistance');
  const now = clockNow();
  const sentAt = requireRecordDate('sentAt', input.sentAt ?? now, now);
  requireRecordIdInput('caseId', input.caseId, 'ENF');
  if (regionOfRecordId(input.caseId) !== context.region) throw new BadUserInputError('caseId', `a request serves a case of the requesting region (${context.region}); ${input.caseId} is another region’s`);
  const enforcementCase = await context.database.enforcementCases.findOne({ _id: input.caseId });
  if (!enforcementCase) throw new BadUserInputError('caseId', `case ${input.caseId} does not exist in ${context.region}`);
  if (sentAt.getTime() < enforcementCase.filedAt.getTime()) throw new BadUserInputError('sentAt', `a request cannot be sent before its case was filed (${enforcementCase.filedAt.toISOString()})`);
  const targetRegion = input.targetRegion as unknown as RegionCode;
  if (targetRegion === context.region) throw new BadUserInputError('targetRegion', 'assistance is asked of another region’s bureau');
  const onlineStore = requireOnlineStore('onlineStore', input.onlineStore) ?? (input.type === 'IDENTIFY_STORE_OPERATOR' ? enforcementCase.onlineStore : null);
  if (input.type === 'IDENTIFY_STORE_OPERATOR' && !onlineStore) throw new BadUserInputError('onlineStore', 'identifying a store’s operator needs the store (onlineStore)');
  const workingDays = input.workingDays ?? ASSISTANCE_REPLY_WORKING_DAYS[input.type];
  if (!Number.isInteger(workingDays) || workingDays < 1 || workingDays > 60) throw new BadUserInputError('workingDays', 'workingDays must be an integer from 1 to 60');
  const deadline = assistanceReplyDeadline(sentAt, input.type, context.calendar, workingDays);
  const entry: AssistanceTimelineEntry = {
    at: sentAt,
    status: 'SENT',
    action: 'SENT',
    region: context.region,
    agency: caller.agencyName,
    note: `${regionChineseName(context.region)}向${regionChineseName(targetRegion)}发起协查`,
  };
  return insertWithEvent(context, ASSISTANCE_REQUESTS, {
    fields: {
      requestingRegion: context.region,
      targetRegion,
      type: input.type,
      caseId: enforcementCase._id,
      caseNumber: enforcementCase.caseNumber,
      domain: enforcementCase.domain,
      party: requireParty('party', input.party),
      onlineStore,
      request: requireText('request', input.request, { max: 5000 }),
      attachments: requireAttachments(input.attachments),
      status: 'SENT',
      timeline: [entry],
      sentAt,
      workingDays,
      replyDeadline: deadline.at,
      replyDeadlineProvisional: deadline.provisional,
      extensions: [],
      reply: null,
      declineReason: null,
      repliedAt: null,
      replyWorkingDays: null,
      closedAt: null,
      requestingAgency: caller.agencyName,
      transferredCaseId: null,
      createdAt: now,
      updatedAt: now,
    },
    datedAt: sentAt,
    event: 'ASSISTANCE_REQUESTED',
    audit: { caller, detail: `requested assistance of ${targetRegion} (${input.type})` },
  });
}

async function loadForStep(context: RegionalContext, id: string, stepName: AssistanceStepName): Promise<{ existing: AssistanceRequestDocument; caller: Identity }> {
  const step = ASSISTANCE_STEPS[stepName];
  requireRecordIdInput('id', id, 'AST');
  const existing = await context.database.assistanceRequests.findOne({ _id: id });
  if (!existing) throw new NotFoundError(`assistance request ${id} does not exist in region ${context.region}`);
  const region = actorRegionOf(existing, step.actor);
  const caller = requireWriter(context, [region], step.name, `only the ${step.actor} region of assistance request ${existing._id} (${regionChineseName(region)}, ${region}) may ${step.name}`);
  if (!(step.from as readonly string[]).includes(existing.status)) {
    throw new IllegalTransitionError(`cannot ${step.name}: assistance request ${existing._id} is ${existing.status}, and this step applies only to ${step.from.join(' or ')}`);
  }
  return { existing, caller };
}

function stepDate(existing: AssistanceRequestDocument, at: Date | null | undefined): Date {
  const now = clockNow();
  const date = requireRecordDate('at', at ?? now, now);
  const previousAt = existing.timeline[existing.timeline.length - 1]?.at ?? existing.sentAt;
  if (date.getTime() < previousAt.getTime()) throw new BadUserInputError('at', `a step cannot be dated before the previous one (${previousAt.toISOString()})`);
  return date;
}

function entryOf(caller: Identity, at: Date, status: AssistanceRequestDocument['status'], action: string, note: string): AssistanceTimelineEntry {
  return { at, status, action, region: caller.region!, agency: caller.agencyName, note };
}

/** What the target region needs to file its own case from a clue (sent with the acceptance only). */
async function clueOf(context: RegionalContext, request: AssistanceRequestDocument, acceptedAt: Date, caller: Identity): Promise<ClueTransfer> {
  const origin = await context.database.enforcementCases.findOne({ _id: request.caseId });
  return {
    assistanceRequestId: request._id,
    caseId: request.caseId,
    caseNumber: request.caseNumber,
    domain: request.domain,
    title: origin?.title ?? `${request.caseNumber}移送线索`,
    parties: [request.party],
    onlineStore: request.onlineStore,
    facts: `${request.request}${origin ? `\n\n移送案件事实：${origin.facts}` : ''}`,
    acceptedAt: acceptedAt.toISOString(),
    acceptedBy: caller.agencyName,
  };
}

export async function acceptAssistanceRequest(context: RegionalContext, input: AssistanceStepInput): Promise<AssistanceRequestDocument> {
  const { existing, caller } = await loadForStep(context, input.id, 'accept');
  const at = stepDate(existing, input.at);
  const note = optionalText('note', input.note, 2000) ?? `${regionChineseName(existing.targetRegion)}接收协查`;
  return writeWithEvent(context, ASSISTANCE_REQUESTS, {
    existing,
    set: { status: 'ACCEPTED' },
    push: { timeline: entryOf(caller, at, 'ACCEPTED', 'ACCEPTED', note) },
    event: 'ASSISTANCE_REQUEST_CHANGED',
    // A clue accepted is filed as a case by the target region itself, from this event (clueFollower.ts).
    ...(existing.type === 'TRANSFER_CLUE' ? { snapshotExtra: { clue: await clueOf(context, existing, at, caller) } } : {}),
    audit: { caller, action: 'TRANSITION', detail: `${existing.status} → ACCEPTED` },
  });
}

export async function declineAssistanceRequest(context: RegionalContext, input: AssistanceStepInput): Promise<AssistanceRequestDocument> {
  const { existing, caller } = await loadForStep(context, input.id, 'decline');
  const at = stepDate(existing, input.at);
  const reason = requireText('note', input.note, { max: 2000 });
  return writeWithEvent(context, ASSISTANCE_REQUESTS, {
    existing,
    set: { status: 'DECLINED', declineReason: reason, closedAt: at },
    push: { timeline: entryOf(caller, at, 'DECLINED', 'DECLINED', reason) },
    event: 'ASSISTANCE_REQUEST_CHANGED',
    audit: { caller, action: 'TRANSITION', detail: `${existing.status} → DECLINED` },
  });
}

export async function requestAssistanceExtension(context: RegionalContext, input: AssistanceExtensionInput): Promise<AssistanceRequestDocument> {
  const { existing, caller } = await loadForStep(context, input.id, 'requestExtension');
  if (existing.extensions.some((extension) => extension.decision === 'PENDING')) throw new IllegalTransitionError(`cannot ask for an extension: one is already waiting for ${existing.requestingRegion}'s decision`);
  if (!Number.isInteger(input.workingDays) || input.workingDays < 1 || input.workingDays > MAX_ASSISTANCE_EXTENSION_WORKING_DAYS) {
    throw new BadUserInputError('workingDays', `an extension adds 1 to ${MAX_ASSISTANCE_EXTENSION_WORKING_DAYS} working days`);
  }
  const reason = requireText('reason', input.reason, { max: 2000 });
  const at = stepDate(existing, null);
  const extension: AssistanceExtension = { requestedAt: at, workingDays: input.workingDays, reason, decision: 'PENDING', decidedAt: null };
  return writeWithEvent(context, ASSISTANCE_REQUESTS, {
    existing,
    set: { extensions: [...existing.extensions, extension] },
    push: { timeline: entryOf(caller, at, existing.status, 'EXTENSION_REQUESTED', `申请延期${input.workingDays}个工作日：${reason}`) },
    event: 'ASSISTANCE_REQUEST_CHANGED',
    audit: { caller, action: 'UPDATE', detail: `extension of ${input.workingDays} working days requested` },
  });
}

export async function decideAssistanceExtension(context: RegionalContext, input: AssistanceExtensionDecisionInput): Promise<AssistanceRequestDocument> {
  const { existing, caller } = await loadForStep(context, input.id, 'decideExtension');
  const index = existing.extensions.findIndex((extension) => extension.decision === 'PENDING');
  if (index < 0) throw new IllegalTransitionError('cannot decide on an extension: none is pending');
  const at = stepDate(existing, null);
  const pending = existing.extensions[index]!;
  const extensions = existing.extensions.map((extension, i) => (i === index ? { ...extension, decision: input.grant ? ('GRANTED' as const) : ('REFUSED' as const), decidedAt: at } : extension));
  const set: Partial<AssistanceRequestDocument> = { extensions };
  if (input.grant) {
    const deadline = context.calendar.deadline(existing.replyDeadline, pending.workingDays);
    set.replyDeadline = deadline.at;
    set.replyDeadlineProvisional = existing.replyDeadlineProvisional || deadline.provisional;
  }
  const note = optionalText('note', input.note, 2000) ?? (input.grant ? `同意延期${pending.workingDays}个工作日` : '不同意延期');
  return writeWithEvent(context, ASSISTANCE_REQUESTS, {
    existing,
    set,
    push: { timeline: entryOf(caller, at, existing.status, input.grant ? 'EXTENSION_GRANTED' : 'EXTENSION_REFUSED', note) },
    event: 'ASSISTANCE_REQUEST_CHANGED',
    audit: { caller, action: 'UPDATE', detail: `extension ${input.grant ? 'granted' : 'refused'}` },
  });
}

export async function replyToAssistanceRequest(context: RegionalContext, input: ReplyToAssistanceInput): Promise<AssistanceRequestDocument> {
  const { existing, caller } = await loadForStep(context, input.id, 'reply');
  const at = stepDate(existing, input.at);
  const findings = requireText('findings', input.findings, { max: 10_000 });
  const identifiedParty = input.identifiedParty ? requireParty('identifiedParty', input.identifiedParty) : null;
  return writeWithEvent(context, ASSISTANCE_REQUESTS, {
    existing,
    set: {
      status: 'REPLIED',
      reply: { at, agency: caller.agencyName, findings, identifiedParty },
      repliedAt: at,
      replyWorkingDays: context.calendar.workingDaysBetween(existing.sentAt, at),
    },
    push: { timeline: entryOf(caller, at, 'REPLIED', 'REPLIED', `${regionChineseName(existing.targetRegion)}回复协查`) },
    event: 'ASSISTANCE_REPLIED',
    audit: { caller, action: 'TRANSITION', detail: `${existing.status} → REPLIED` },
  });
}

export async function closeAssistanceRequest(context: RegionalContext, input: AssistanceStepInput): Promise<AssistanceRequestDocument> {
  const { existing, caller } = await loadForStep(context, input.id, 'close');
  const at = stepDate(existing, input.at);
  return writeWithEvent(context, ASSISTANCE_REQUESTS, {
    existing,
    set: { status: 'CLOSED', closedAt: at },
    push: { timeline: entryOf(caller, at, 'CLOSED', 'CLOSED', optionalText('note', input.note, 2000) ?? '协查办结') },
    event: 'ASSISTANCE_REQUEST_CHANGED',
    audit: { caller, action: 'TRANSITION', detail: `${existing.status} → CLOSED` },
  });
}

