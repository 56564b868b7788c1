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
export function examinerNameMasked(review: LicenceReviewDocument, examinerRegion: string, context: RegionalContext): boolean {
  const caller = context.caller;
  return !(caller?.kind === 'service' || (caller?.kind === 'agency' && (caller.region === review.region || caller.region === examinerRegion)));
}

export function examinersFor(review: LicenceReviewDocument, context: RegionalContext): Examiner[] {
  return review.examiners.map((examiner) => {
    const visible = !examinerNameMasked(review, examiner.region, context);
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
