import { isRecordId } from '../../../../kernel';
import type { RegionalContext } from '../../context';
import { requireRead } from '../../auth/policy';
import { withDomainErrorsMapped } from '../../graphql/errors';
import { geographicalIndicationNode, type GeographicalIndication } from './geographicalIndication.type';

/** `_entities` resolution for GeographicalIndication, batched per request through its DataLoader. */
export const resolveGeographicalIndicationReference = withDomainErrorsMapped(
  async (reference: { id: string }, context: RegionalContext): Promise<GeographicalIndication | null> => {
    requireRead(context, 'GeographicalIndication');
    if (!isRecordId(reference.id, 'GEO')) return null;
    const document = await context.loaders.geographicalIndication.load(reference.id);
    return document ? geographicalIndicationNode(document) : null;
  },
);
