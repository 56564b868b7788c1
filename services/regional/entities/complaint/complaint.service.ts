import type { Document, Filter } from 'mongodb';
import { complaintAcceptDeadlineOf, complaintDurations, complaintMediationDeadlineOf, regionChineseName, type RegionCode } from '../../../../kernel';
import { now as clockNow } from '../../../../platform/clock';
import { requireOwnRegionWriter, requireWriter } from '../../auth/policy';
import type { RegionalContext } from '../../context';
import { BadUserInputError, IllegalTransitionError, NotFoundError } from '../../data/domainErrors';
import { allOf, dateRangeClause, oneOfClause, regionClause, textClause } from '../../data/filters';
import { insertWithEvent, writeWithEvent, type EventedRecords } from '../../data/recordWrites';
import { optionalText, requireFen, requireCreditCodeInput, requirePhoneInput, requireRecordDate, requireRecordIdInput, requireText } from '../../data/validation';
import { CLOSING_COMPLAINT_STATUSES, type ComplaintTimelineEntry, type ConsumerComplaintDocument } from '../../model';
import type { ComplaintFilter, ComplaintStepInput, RegisterComplaintInput } from './complaint.inputs';
import { actorRegion, COMPLAINT_STEPS, complaintStepRefusal, handlingRegionOf, notOverdueFilter, overdueFilter, type ComplaintStepName } from './complaint.workflow';

export function complaintFilterToMongo(filter: ComplaintFilter | null | undefined, region: RegionCode, now: Date): Filter<Document> {
  if (!filter) return {};
  return allOf([
    regionClause(filter.regions, region),
    oneOfClause('handlingRegion', filter.handlingRegions, 'filter.handlingRegions'),
    oneOfClause('category', filter.categories, 'filter.categories'),
    oneOfClause('status', filter.statuses, 'filter.statuses'),
    oneOfClause('channel', filter.channels, 'filter.channels'),
    dateRangeClause('receivedAt', filter.receivedFrom, filter.receivedTo, 'filter.receivedFrom'),
    filter.enterpriseCreditCode ? { 'business.creditCode': requireCreditCodeInput('filter.enterpriseCreditCode', filter.enterpriseCreditCode) } : null,
    filter.overdue === true ? overdueFilter(now) : filter.overdue === false ? notOverdueFilter(now) : null,
    textClause(filter.text, ['subject', 'description']),
  ]);
}

export const COMPLAINTS: EventedRecords<ConsumerComplaintDocument> = {
  entity: 'ConsumerComplaint',
  label: 'complaint',
  idType: 'CMP',
  collection: (database) => database.complaints,
  snapshot: (complaint) => ({
    region: complaint.receivingRegion,
    category: complaint.category,
    status: complaint.status,
    enterpriseCreditCodes: [complaint.business.creditCode],
    regions: [...new Set([complaint.receivingRegion, complaint.handlingRegion])],
  }),
};

export async function registerComplaint(context: RegionalContext, input: RegisterComplaintInput): Promise<ConsumerComplaintDocument> {
  const caller = requireOwnRegionWriter(context, 'register a complaint');
  const now = clockNow();
  const receivedAt = requireRecordDate('receivedAt', input.receivedAt ?? now, now);
  const businessCreditCode = requireCreditCodeInput('business.creditCode', input.business.creditCode);
  const handlingRegion = handlingRegionOf(businessCreditCode);
  if (!handlingRegion) throw new BadUserInputError('business.creditCode', `business ${businessCreditCode} is not registered in Beijing, Tianjin or Hebei`);
  const phone = requirePhoneInput('consumer.phone', input.consumer.phone, ['MOBILE', 'LANDLINE']);
  const acceptDeadline = complaintAcceptDeadlineOf(receivedAt, context.calendar);
  const timelineEntry: ComplaintTimelineEntry = {
    at: receivedAt,
    status: 'REGISTERED',
    region: context.region,
    agency: caller.agencyName,
    note: `${regionChineseName(context.region)}登记投诉`,
  };
  const fields = {
    receivingRegion: context.region,
    handlingRegion,
    channel: input.channel,
    consumer: {
      name: requireText('consumer.name', input.consumer.name, { max: 50 }),
      phone,
      address: requireText('consumer.address', input.consumer.address, { max: 200 }),
    },
    business: { creditCode: businessCreditCode, name: requireText('business.name', input.business.name, { max: 200 }) },
    category: input.category,
    subject: requireText('subject', input.subject, { max: 200 }),
    description: requireText('description', input.description, { max: 5000 }),
    amountInDisputeFen: requireFen('amountInDispute', input.amountInDispute),
    status: 'REGISTERED' as const,
    timeline: [timelineEntry],
    receivedAt,
    acceptDeadline: acceptDeadline.at,
    acceptDeadlineProvisional: acceptDeadline.provisional,
    mediationDeadline: null,
    closedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  return insertWithEvent(context, COMPLAINTS, { fields, datedAt: receivedAt, event: 'COMPLAINT_REGISTERED', audit: { caller, detail: 'registered complaint' } });
}

/** Applies one workflow step: checks who may act and from which status, then writes status, timeline entry and event at once. */
export async function takeComplaintStep(context: RegionalContext, stepName: ComplaintStepName, input: ComplaintStepInput): Promise<ConsumerComplaintDocument> {
  const step = COMPLAINT_STEPS[stepName];
  requireRecordIdInput('id', input.id, 'CMP');
  const complaint = await context.database.complaints.findOne({ _id: input.id });
  if (!complaint) throw new NotFoundError(`complaint ${input.id} does not exist in region ${context.region}`);
  const region = actorRegion(complaint, step.actor);
  const caller = requireWriter(
    context,
    [region],
    step.name,
    `only the ${step.actor} region of complaint ${complaint._id} (${regionChineseName(region)}, ${region}) may ${step.name}`,
  );
  const refusal = complaintStepRefusal(complaint, stepName);
  if (refusal) throw new IllegalTransitionError(`cannot ${step.name}: ${refusal}`);
  const note = step.noteRequired ? requireText('note', input.note, { max: 2000 }) : (optionalText('note', input.note, 2000) ?? '');
  const now = clockNow();
  const at = requireRecordDate('at', input.at ?? now, now);
  const previousAt = complaint.timeline[complaint.timeline.length - 1]?.at ?? complaint.receivedAt;
  if (at.getTime() < previousAt.getTime()) throw new BadUserInputError('at', `a step cannot be dated before the previous one (${previousAt.toISOString()})`);
  const changes: Partial<ConsumerComplaintDocument> = { status: step.to };
  if (step.to === 'ACCEPTED') {
    const mediationDeadline = complaintMediationDeadlineOf(at, context.calendar);
    changes.mediationDeadline = mediationDeadline.at;
    changes.mediationDeadlineProvisional = mediationDeadline.provisional;
  }
  if (CLOSING_COMPLAINT_STATUSES.includes(step.to)) changes.closedAt = at;
  const entry: ComplaintTimelineEntry = { at, status: step.to, region: caller.region!, agency: caller.agencyName, note };
  // A stage that ends with this step gets its duration, counted with the region's calendar, in the same write.
  changes.durations = complaintDurations({ receivedAt: complaint.receivedAt, timeline: [...complaint.timeline, entry] }, context.calendar);
  return writeWithEvent(context, COMPLAINTS, {
    existing: complaint,
    set: changes,
    push: { timeline: entry },
    event: 'COMPLAINT_CHANGED',
    audit: { caller, action: 'TRANSITION', detail: `${complaint.status} → ${step.to}` },
  });
}
