import { isRecordId } from '../../../../kernel';
import type { RegionalContext } from '../../context';
import { requireRead } from '../../auth/policy';
import { withDomainErrorsMapped } from '../../graphql/errors';
import { inspectionNode, type Inspection } from './inspection.type';

/** `_entities` resolution for Inspection, batched per request through its DataLoader. */
export const resolveInspectionReference = withDomainErrorsMapped(async (reference: { id: string }, context: RegionalContext): Promise<Inspection | null> => {
  requireRead(context, 'Inspection');
  if (!isRecordId(reference.id, 'INS')) return null;
  const document = await context.loaders.inspection.load(reference.id);
  return document ? inspectionNode(document) : null;
});
