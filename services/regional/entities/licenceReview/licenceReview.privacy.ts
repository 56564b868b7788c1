import type { RegionalContext } from '../../context';
import type { Region } from '../../graphql/enums';
import type { LicenceReviewDocument } from '../../model';
import type { Examiner } from './licenceReview.type';

/** 王**: the surname stays, the given name is masked. */
function maskName(name: string): string {
  const characters = [...name];
  return `${characters[0] ?? ''}${'*'.repeat(Math.max(1, Math.min(characters.length - 1, 3)))}`;
}

/**
 * Examiners are people: agencies of the licensing region and of the examiner's own region see the name and
 * certificate number; other agencies see the name masked. (Notices, 审查员通报, name the examiner to all three regions.)
 */
export function examinersFor(review: LicenceReviewDocument, context: RegionalContext): Examiner[] {
  const caller = context.caller;
  return review.examiners.map((examiner) => {
    const visible = caller?.kind === 'service' || (caller?.kind === 'agency' && (caller.region === review.region || caller.region === examiner.region));
    return {
      code: examiner.code,
      name: visible ? examiner.name : maskName(examiner.name),
      nameMasked: !visible,
      region: examiner.region as unknown as Region,
      certificateNumber: visible ? examiner.certificateNumber : null,
      role: examiner.role,
      findings: examiner.findings,
    };
  });
}
