import { ALL_REGION_CODES, type RegionCode } from '../../../../kernel';
import type { ContractTemplateDocument } from '../../model';

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
