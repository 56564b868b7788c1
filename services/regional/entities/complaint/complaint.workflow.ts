import { regionOfCreditCode, type RegionCode } from '../../../../kernel';
import { now as clockNow } from '../../../../platform/clock';
import type { ComplaintStatus, ConsumerComplaintDocument } from '../../model';

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
