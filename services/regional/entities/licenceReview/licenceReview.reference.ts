import { isRecordId } from '../../../../kernel';
import type { RegionalContext } from '../../context';
import { requireRead } from '../../auth/policy';
import { withDomainErrorsMapped } from '../../graphql/errors';
import { licenceReviewNode, type LicenceReview } from './licenceReview.type';

/** `_entities` resolution for LicenceReview, batched per request through its DataLoader. */
export const resolveLicenceReviewReference = withDomainErrorsMapped(async (reference: { id: string }, context: RegionalContext): Promise<LicenceReview | null> => {
  requireRead(context, 'LicenceReview');
  if (!isRecordId(reference.id, 'LIC')) return null;
  const document = await context.loaders.licenceReview.load(reference.id);
  return document ? licenceReviewNode(document) : null;
});
