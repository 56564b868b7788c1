import { isRecordId } from '../../../../kernel';
import type { RegionalContext } from '../../context';
import { requireRead } from '../../auth/policy';
import { withDomainErrorsMapped } from '../../graphql/errors';
import { inspectionComparisonNode, type InspectionComparison } from './inspectionComparison.type';

/** `_entities` resolution for InspectionComparison, batched per request through its DataLoader. */
export const resolveInspectionComparisonReference = withDomainErrorsMapped(
  async (reference: { id: string }, context: RegionalContext): Promise<InspectionComparison | null> => {
    requireRead(context, 'InspectionComparison');
    if (!isRecordId(reference.id, 'PTC')) return null;
    const document = await context.loaders.inspectionComparison.load(reference.id);
    return document ? inspectionComparisonNode(document) : null;
  },
);
