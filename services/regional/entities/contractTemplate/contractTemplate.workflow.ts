import { ALL_REGION_CODES, regionChineseName, type RegionCode } from '../../../../kernel';
import type { ContractEndorsement, ContractTemplateDocument, ContractTemplateStatus, EndorsementDecision } from '../../model';

export function currentRound(template: Pick<ContractTemplateDocument, 'reviewRound'>): number {
  return template.reviewRound ?? 1;
}

/** Regions whose latest decision in the current round is an endorsement. */
export function endorsedRegions(template: Pick<ContractTemplateDocument, 'reviewRound' | 'endorsements'>): RegionCode[] {
  const round = currentRound(template);
  const latest = new Map<RegionCode, string>();
  for (const endorsement of template.endorsements) {
    if ((endorsement.round ?? 1) === round) latest.set(endorsement.region, endorsement.decision);
  }
  return ALL_REGION_CODES.filter((region) => latest.get(region) === 'ENDORSED');
}

export function pendingRegions(template: Pick<ContractTemplateDocument, 'reviewRound' | 'endorsements'>): RegionCode[] {
  const endorsed = new Set(endorsedRegions(template));
  return ALL_REGION_CODES.filter((region) => !endorsed.has(region));
}

/** Published jointly only once every one of the three regions has endorsed the current round. */
export function isJointlyEndorsed(template: Pick<ContractTemplateDocument, 'reviewRound' | 'endorsements'>): boolean {
  return pendingRegions(template).length === 0;
}

type ReviewState = Pick<ContractTemplateDocument, '_id' | 'status' | 'reviewRound' | 'endorsements'>;

/**
 * Why `region` cannot decide (endorse or return) on the template as it stands, or null: only a template in joint
 * review, and not by a region that has already endorsed the current round. decideOnContractTemplate refuses with it;
 * templateReviewProblems replays stored decisions through it.
 */
export function templateDecisionRefusal(template: ReviewState, region: RegionCode, decision: EndorsementDecision): string | null {
  if (template.status !== 'IN_REVIEW') {
    return `cannot ${decision === 'ENDORSED' ? 'endorse' : 'return'} the template: template ${template._id} is ${template.status}; allowed from IN_REVIEW`;
  }
  if (endorsedRegions(template).includes(region)) {
    return `${regionChineseName(region)} has already endorsed template ${template._id} in review round ${currentRound(template)}`;
  }
  return null;
}

/** The round a submission for joint review opens: the current one, or the next when the current one has decisions. */
export function roundOnSubmission(template: Pick<ContractTemplateDocument, 'reviewRound' | 'endorsements'>): number {
  const round = currentRound(template);
  return template.endorsements.some((endorsement) => (endorsement.round ?? 1) === round) ? round + 1 : round;
}

/** The state the review steps leave after a decision (a return sends it back to draft; the third endorsement publishes). */
export function afterDecision<T extends ReviewState & Pick<ContractTemplateDocument, 'effectiveFrom'>>(template: T, endorsement: ContractEndorsement): T {
  const after = { ...template, endorsements: [...template.endorsements, endorsement] };
  if (endorsement.decision === 'RETURNED') return { ...after, status: 'DRAFT' };
  if (isJointlyEndorsed(after)) return { ...after, status: 'PUBLISHED', effectiveFrom: endorsement.at };
  return after;
}

/** Statuses a template can have after its last review decision left it in `reviewed` (withdrawal, supersession, resubmission). */
const LATER_STATUSES: Readonly<Record<ContractTemplateStatus, readonly ContractTemplateStatus[]>> = {
  DRAFT: ['DRAFT', 'IN_REVIEW', 'WITHDRAWN'],
  IN_REVIEW: ['IN_REVIEW', 'WITHDRAWN'],
  PUBLISHED: ['PUBLISHED', 'SUPERSEDED', 'WITHDRAWN'],
  SUPERSEDED: [],
  WITHDRAWN: [],
};

/**
 * Why a stored template's review history is one the API's steps cannot produce, replaying its decisions in time
 * order through the same rules (submit opens the round, templateDecisionRefusal, a return needs a comment, the third
 * endorsement of a round publishes with effectiveFrom its time), or empty.
 */
export function templateReviewProblems(template: ContractTemplateDocument): string[] {
  const problems: string[] = [];
  let state: ReviewState & Pick<ContractTemplateDocument, 'effectiveFrom'> = { _id: template._id, status: 'DRAFT', reviewRound: 1, endorsements: [], effectiveFrom: null };
  let previousAt = template.createdAt;
  template.endorsements.forEach((endorsement, index) => {
    const where = `endorsements[${index}] ${endorsement.decision} by ${endorsement.region}`;
    if (endorsement.at.getTime() < previousAt.getTime()) problems.push(`${where}: dated before the previous decision or the draft`);
    previousAt = endorsement.at;
    if (state.status === 'DRAFT') state = { ...state, status: 'IN_REVIEW', reviewRound: roundOnSubmission(state) };
    const round = endorsement.round ?? 1;
    if (round !== currentRound(state)) problems.push(`${where}: in round ${round}, but the review was in round ${currentRound(state)}`);
    const refusal = templateDecisionRefusal(state, endorsement.region, endorsement.decision);
    if (refusal) problems.push(`${where}: ${refusal}`);
    if (endorsement.decision === 'RETURNED' && !endorsement.comment?.trim()) problems.push(`${where}: a return needs a comment`);
    state = afterDecision(state, { ...endorsement, round: currentRound(state) });
  });
  if (state.status === 'DRAFT' && template.status === 'IN_REVIEW') state = { ...state, status: 'IN_REVIEW', reviewRound: roundOnSubmission(state) };
  if (!LATER_STATUSES[state.status].includes(template.status)) {
    problems.push(`status ${template.status} cannot follow the review's ${state.status}${state.status === 'IN_REVIEW' ? ' (not all three regions endorsed the round)' : ''}`);
  }
  if (currentRound(template) !== currentRound(state)) problems.push(`reviewRound ${currentRound(template)} is not the review's round ${currentRound(state)}`);
  const wasPublished = state.status === 'PUBLISHED';
  if ((template.effectiveFrom?.getTime() ?? null) !== (wasPublished ? state.effectiveFrom!.getTime() : null)) {
    problems.push(wasPublished ? 'effectiveFrom is not the time of the third endorsement' : 'effectiveFrom is set on a template never published');
  }
  return problems;
}
