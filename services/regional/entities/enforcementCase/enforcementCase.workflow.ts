import type { EnforcementCaseStatus } from '../../../../kernel';

export interface CaseStep {
  name: string;
  from: readonly EnforcementCaseStatus[];
  to: EnforcementCaseStatus;
  noteRequired: boolean;
}

/** 立案 → 调查 → 处罚决定 / 不予处罚 → 结案, or 移送公安 while it is being investigated. Only the filing region acts. */
export const CASE_STEPS = {
  investigate: { name: 'start the investigation (调查)', from: ['FILED'], to: 'INVESTIGATING', noteRequired: false },
  decidePenalty: { name: 'decide a penalty (处罚决定)', from: ['INVESTIGATING'], to: 'PENALTY_DECIDED', noteRequired: false },
  decideNoPenalty: { name: 'decide not to penalise (不予处罚)', from: ['INVESTIGATING'], to: 'NO_PENALTY', noteRequired: true },
  close: { name: 'close the case (结案)', from: ['PENALTY_DECIDED', 'NO_PENALTY'], to: 'CLOSED', noteRequired: false },
  referToPolice: { name: 'refer the case to the police (移送公安)', from: ['FILED', 'INVESTIGATING'], to: 'REFERRED_TO_POLICE', noteRequired: true },
} as const satisfies Record<string, CaseStep>;

export type CaseStepName = keyof typeof CASE_STEPS;

export const DECIDED_CASE_STATUSES: readonly EnforcementCaseStatus[] = ['PENALTY_DECIDED', 'NO_PENALTY', 'CLOSED'];
export const OPEN_CASE_STATUSES: readonly EnforcementCaseStatus[] = ['FILED', 'INVESTIGATING'];
