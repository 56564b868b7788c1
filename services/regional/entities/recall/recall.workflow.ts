import type { ProductRecallDocument, RecallStatus } from '../../model';

/** Recall statuses and the ones each may move to (召回: 发布 → 实施中 → 完成, or 撤销 before completion). */
export const RECALL_TRANSITIONS: Readonly<Record<RecallStatus, readonly RecallStatus[]>> = {
  ANNOUNCED: ['IN_PROGRESS', 'CANCELLED'],
  IN_PROGRESS: ['COMPLETED', 'CANCELLED'],
  COMPLETED: [],
  CANCELLED: [],
};

/** Why a recall cannot go from `from` to `to`, or null (updateRecall refuses with it). */
export function recallTransitionRefusal(from: RecallStatus, to: RecallStatus): string | null {
  return RECALL_TRANSITIONS[from].includes(to) ? null : `a recall cannot go from ${from} to ${to}; allowed: ${RECALL_TRANSITIONS[from].join(', ') || 'none'}`;
}

/** Statuses reachable from `from` (itself included) by the allowed transitions. */
export function reachableRecallStatuses(from: RecallStatus = 'ANNOUNCED'): Set<RecallStatus> {
  const seen = new Set<RecallStatus>([from]);
  const queue = [from];
  for (let status = queue.shift(); status; status = queue.shift()) {
    for (const next of RECALL_TRANSITIONS[status]) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return seen;
}

/**
 * Why a stored recall is in a state createRecall and updateRecall cannot produce (a status not reachable from
 * ANNOUNCED, quantities or dates they refuse), or empty.
 */
export function recallStateProblems(recall: ProductRecallDocument): string[] {
  const problems: string[] = [];
  if (!reachableRecallStatuses().has(recall.status)) problems.push(`status ${recall.status} is not reachable from ANNOUNCED`);
  if (recall.quantityToRecall > recall.quantityMade) problems.push('quantityToRecall exceeds quantityMade');
  if (recall.productionStart.getTime() > recall.productionEnd.getTime()) problems.push('productionStart is after productionEnd');
  if (recall.announcedAt.getTime() < recall.productionStart.getTime()) problems.push('announced before production started');
  if (recall.updatedAt.getTime() < recall.announcedAt.getTime()) problems.push('updated before it was announced');
  return problems;
}
