import { ACCEPT_DECISION_WORKING_DAYS, complaintAcceptDeadlineOf, complaintMediationDeadlineOf, MEDIATION_WORKING_DAYS, regionOfCreditCode, type RegionCode, type WorkingDayCalendar } from '../../../../kernel';
import { DAY_COUNTS, DURATION_STAGES, type ValueMeasureName } from '../../../../contract';
import type { StageExpressions } from '../../data/groupStatistics';
import { now as clockNow } from '../../../../platform/clock';
import { CLOSING_COMPLAINT_STATUSES, type ComplaintStatus, type ConsumerComplaintDocument } from '../../model';

/** Which region's agencies take a step: the one that received the complaint, or the business's region that handles it. */
export type ComplaintActor = 'receiving' | 'handling';

export interface ComplaintStep {
  name: string;
  actor: ComplaintActor;
  from: readonly ComplaintStatus[];
  to: ComplaintStatus;
  noteRequired: boolean;
  /** Extra condition on the record, with the reason when it fails. */
  guard?: (complaint: ConsumerComplaintDocument) => string | null;
}

/** The complaint procedure (市场监督管理投诉举报处理暂行办法): 登记 → 分流转办 → 受理/不予受理 → 调解 → 办结/终止 → 反馈. */
export const COMPLAINT_STEPS = {
  transfer: {
    name: 'transfer the complaint to the region of the business',
    actor: 'receiving',
    from: ['REGISTERED'],
    to: 'TRANSFERRED',
    noteRequired: false,
    guard: (complaint) =>
      complaint.handlingRegion === complaint.receivingRegion ? 'the business is registered in the receiving region, so there is nowhere to transfer it' : null,
  },
  accept: {
    name: 'accept the complaint (受理)',
    actor: 'handling',
    from: ['REGISTERED', 'TRANSFERRED'],
    to: 'ACCEPTED',
    noteRequired: false,
    guard: (complaint) =>
      complaint.status === 'REGISTERED' && complaint.handlingRegion !== complaint.receivingRegion
        ? 'a complaint about a business of another region must be transferred before it is accepted'
        : null,
  },
  reject: {
    name: 'reject the complaint (不予受理)',
    actor: 'handling',
    from: ['REGISTERED', 'TRANSFERRED'],
    to: 'REJECTED',
    noteRequired: true,
    guard: (complaint) =>
      complaint.status === 'REGISTERED' && complaint.handlingRegion !== complaint.receivingRegion
        ? 'a complaint about a business of another region must be transferred before it is decided'
        : null,
  },
  startMediation: { name: 'start mediation (调解)', actor: 'handling', from: ['ACCEPTED'], to: 'MEDIATING', noteRequired: false },
  resolve: { name: 'close the complaint with an agreement (办结)', actor: 'handling', from: ['MEDIATING'], to: 'RESOLVED', noteRequired: true },
  terminate: { name: 'end mediation without agreement (终止)', actor: 'handling', from: ['MEDIATING'], to: 'TERMINATED', noteRequired: true },
  feedback: {
    name: 'give feedback to the consumer (反馈)',
    actor: 'receiving',
    from: ['REJECTED', 'RESOLVED', 'TERMINATED'],
    to: 'FEEDBACK_GIVEN',
    noteRequired: true,
  },
} as const satisfies Record<string, ComplaintStep>;

export type ComplaintStepName = keyof typeof COMPLAINT_STEPS;

export function actorRegion(complaint: ConsumerComplaintDocument, actor: ComplaintActor): RegionCode {
  return actor === 'receiving' ? complaint.receivingRegion : complaint.handlingRegion;
}

export function handlingRegionOf(businessCreditCode: string): RegionCode | null {
  return regionOfCreditCode(businessCreditCode);
}

/**
 * Why the step cannot be taken on the complaint as it stands (its status, the step's guard), or null. The one rule
 * of which step may follow which: takeComplaintStep refuses with it, and the seed and migration checks replay stored
 * timelines through it (complaintTimelineProblems), so stored data and the API cannot drift apart.
 */
export function complaintStepRefusal(complaint: ConsumerComplaintDocument, stepName: ComplaintStepName): string | null {
  const step: ComplaintStep = COMPLAINT_STEPS[stepName];
  if (!step.from.includes(complaint.status)) {
    return `complaint ${complaint._id} is ${complaint.status}, and this step applies only to ${step.from.join(' or ')}`;
  }
  return step.guard ? step.guard(complaint) : null;
}

/** The step that leads to `status` (each status but REGISTERED is reached by exactly one step). */
export function complaintStepTo(status: ComplaintStatus): ComplaintStepName | null {
  return (Object.keys(COMPLAINT_STEPS) as ComplaintStepName[]).find((name) => COMPLAINT_STEPS[name].to === status) ?? null;
}

/**
 * Why a stored complaint is in a state that the API's own steps cannot produce, replaying its timeline through the
 * steps' rules: each entry a step allowed from the status before it (status, guard), taken by the step's actor
 * region, with its note when required, in time order; status, deadlines and closedAt as the steps set them.
 * Empty when the record is reachable.
 */
export function complaintTimelineProblems(complaint: ConsumerComplaintDocument, calendar: WorkingDayCalendar): string[] {
  const problems: string[] = [];
  const [first, ...steps] = complaint.timeline;
  if (!first || first.status !== 'REGISTERED') return ['the timeline does not start with REGISTERED'];
  if (first.region !== complaint.receivingRegion) problems.push(`registered by ${first.region}, not by the receiving region ${complaint.receivingRegion}`);
  if (first.at.getTime() !== complaint.receivedAt.getTime()) problems.push('the REGISTERED entry is not dated receivedAt');
  const state: ConsumerComplaintDocument = { ...complaint, status: 'REGISTERED' };
  let previousAt = first.at;
  let acceptedAt: Date | null = null;
  let closedAt: Date | null = null;
  steps.forEach((entry, index) => {
    const where = `timeline[${index + 1}] ${entry.status}`;
    const stepName = complaintStepTo(entry.status);
    if (!stepName) {
      problems.push(`${where}: no step leads to ${entry.status}`);
      return;
    }
    const step: ComplaintStep = COMPLAINT_STEPS[stepName];
    const refusal = complaintStepRefusal(state, stepName);
    if (refusal) problems.push(`${where}: cannot ${step.name}: ${refusal}`);
    const actor = actorRegion(state, step.actor);
    if (entry.region !== actor) problems.push(`${where}: only the ${step.actor} region (${actor}) may ${step.name}, but ${entry.region} did`);
    if (step.noteRequired && entry.note.trim() === '') problems.push(`${where}: a note is required`);
    if (entry.at.getTime() < previousAt.getTime()) problems.push(`${where}: dated before the previous step`);
    previousAt = entry.at;
    if (step.to === 'ACCEPTED') acceptedAt = entry.at;
    if (CLOSING_COMPLAINT_STATUSES.includes(step.to)) closedAt = entry.at;
    state.status = step.to;
  });
  if (complaint.status !== state.status) problems.push(`status ${complaint.status} is not the timeline's last status ${state.status}`);
  if (complaint.acceptDeadline.getTime() !== complaintAcceptDeadlineOf(complaint.receivedAt, calendar).at.getTime()) {
    problems.push('acceptDeadline is not 7 working days after receipt');
  }
  const mediationDeadline = acceptedAt ? complaintMediationDeadlineOf(acceptedAt, calendar).at : null;
  if ((complaint.mediationDeadline?.getTime() ?? null) !== (mediationDeadline?.getTime() ?? null)) {
    problems.push('mediationDeadline is not 45 working days after acceptance (null before)');
  }
  if ((complaint.closedAt?.getTime() ?? null) !== ((closedAt as Date | null)?.getTime() ?? null)) problems.push('closedAt is not the time of the closing step');
  return problems;
}

const WAITING_FOR_DECISION: readonly ComplaintStatus[] = ['REGISTERED', 'TRANSFERRED'];
const IN_MEDIATION: readonly ComplaintStatus[] = ['ACCEPTED', 'MEDIATING'];

/** Past the 7-working-day decision deadline undecided, or past the 45-working-day mediation deadline unclosed. */
export function isOverdue(complaint: Pick<ConsumerComplaintDocument, 'status' | 'acceptDeadline' | 'mediationDeadline'>, now = clockNow()): boolean {
  if (WAITING_FOR_DECISION.includes(complaint.status)) return complaint.acceptDeadline.getTime() < now.getTime();
  if (IN_MEDIATION.includes(complaint.status)) return complaint.mediationDeadline !== null && complaint.mediationDeadline.getTime() < now.getTime();
  return false;
}

export function overdueFilter(now: Date) {
  return {
    $or: [
      { status: { $in: [...WAITING_FOR_DECISION] }, acceptDeadline: { $lt: now } },
      { status: { $in: [...IN_MEDIATION] }, mediationDeadline: { $lt: now } },
    ],
  };
}

export function notOverdueFilter(now: Date) {
  return { $nor: overdueFilter(now).$or };
}

/** The same rule as an aggregation expression, for the overdue count in statistics. */
export function overdueExpression(now: Date): unknown {
  return {
    $or: [
      { $and: [{ $in: ['$status', [...WAITING_FOR_DECISION]] }, { $lt: ['$acceptDeadline', now] }] },
      { $and: [{ $in: ['$status', [...IN_MEDIATION]] }, { $ne: ['$mediationDeadline', null] }, { $lt: ['$mediationDeadline', now] }] },
    ],
  };
}

/** The overdue and late counts per stage as aggregation conditions (late: from the stored working-day durations). */
export function stageOverdueExpressions(now: Date): StageExpressions {
  return {
    acceptance: { $and: [{ $in: ['$status', [...WAITING_FOR_DECISION]] }, { $lt: ['$acceptDeadline', now] }] },
    mediation: { $and: [{ $in: ['$status', [...IN_MEDIATION]] }, { $ne: ['$mediationDeadline', null] }, { $lt: ['$mediationDeadline', now] }] },
    decidedLate: { $gt: [{ $ifNull: ['$durations.receiptToAcceptance.workingDays', 0] }, ACCEPT_DECISION_WORKING_DAYS] },
    closedLate: { $gt: [{ $ifNull: ['$durations.acceptanceToClosure.workingDays', 0] }, MEDIATION_WORKING_DAYS] },
  };
}

/** Each duration measure of complaint statistics and where the record keeps it. */
export const DURATION_PATHS = Object.fromEntries(
  DURATION_STAGES.flatMap((stage) => DAY_COUNTS.map((days) => [`durations.${stage}.${days}`, `durations.${stage}.${days}`])),
) as Partial<Record<ValueMeasureName, string>>;
