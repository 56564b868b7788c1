import type { AssistanceRequestDocument } from '../../model';
import type { AssistanceStatus, RegionCode } from '../../../../kernel';
import { OPEN_ASSISTANCE_STATUSES } from '../../../../kernel';

/** Which bureau takes a step: the one that asked (and keeps the record), or the one asked. */
export type AssistanceActor = 'requesting' | 'target';

export interface AssistanceStep {
  name: string;
  actor: AssistanceActor;
  from: readonly AssistanceStatus[];
}

/** sent → accepted → replied → closed, or declined with a reason; extensions while accepted. */
export const ASSISTANCE_STEPS = {
  accept: { name: 'accept the request (接收)', actor: 'target', from: ['SENT'] },
  decline: { name: 'decline the request (退回)', actor: 'target', from: ['SENT', 'ACCEPTED'] },
  requestExtension: { name: 'ask for an extension (申请延期)', actor: 'target', from: ['ACCEPTED'] },
  decideExtension: { name: 'decide on the extension', actor: 'requesting', from: ['ACCEPTED'] },
  reply: { name: 'reply (回复)', actor: 'target', from: ['ACCEPTED'] },
  close: { name: 'close the request (办结)', actor: 'requesting', from: ['REPLIED'] },
} as const satisfies Record<string, AssistanceStep>;

export type AssistanceStepName = keyof typeof ASSISTANCE_STEPS;

export function actorRegionOf(request: Pick<AssistanceRequestDocument, 'requestingRegion' | 'targetRegion'>, actor: AssistanceActor): RegionCode {
  return actor === 'requesting' ? request.requestingRegion : request.targetRegion;
}

export function assistanceOverdueFilter(now: Date) {
  return { status: { $in: [...OPEN_ASSISTANCE_STATUSES] }, replyDeadline: { $lt: now } };
}

export function assistanceNotOverdueFilter(now: Date) {
  return { $nor: [assistanceOverdueFilter(now)] };
}

export function assistanceOverdueExpression(now: Date): unknown {
  return { $and: [{ $in: ['$status', [...OPEN_ASSISTANCE_STATUSES]] }, { $lt: ['$replyDeadline', now] }] };
}
