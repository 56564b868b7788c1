import { isRecordId } from '../../../../kernel';
import { requireRead } from '../../auth/policy';
import type { RegionalContext } from '../../context';
import { complaintNode, type ConsumerComplaint } from './complaint.type';
import { withDomainErrorsMapped } from '../../graphql/errors';

/** `_entities` resolution for ConsumerComplaint, batched through the complaint DataLoader. */
export const resolveComplaintReference = withDomainErrorsMapped(async (reference: { id: string }, context: RegionalContext): Promise<ConsumerComplaint | null> => {
  requireRead(context, 'ConsumerComplaint');
  if (!isRecordId(reference.id, 'CMP')) return null;
  const document = await context.loaders.complaint.load(reference.id);
  return document ? complaintNode(document) : null;
});
