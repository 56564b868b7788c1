import { isRecordId } from '../../../../kernel';
import type { RegionalContext } from '../../context';
import { requireRead } from '../../auth/policy';
import { recallNode, type ProductRecall } from './recall.type';
import { withDomainErrorsMapped } from '../../graphql/errors';

/** `_entities` resolution for ProductRecall, batched per request through the recall DataLoader. */
export const resolveRecallReference = withDomainErrorsMapped(async (reference: { id: string }, context: RegionalContext): Promise<ProductRecall | null> => {
  requireRead(context, 'ProductRecall');
  if (!isRecordId(reference.id, 'RCL')) return null;
  const document = await context.loaders.recall.load(reference.id);
  return document ? recallNode(document) : null;
});
