import { isRecordId } from '../../../../kernel';
import { requireRead } from '../../auth/policy';
import type { RegionalContext } from '../../context';
import { withDomainErrorsMapped } from '../../graphql/errors';
import { assistanceRequestNode, type AssistanceRequest } from './assistanceRequest.type';

/** `_entities` resolution for AssistanceRequest, batched through the request DataLoader. */
export const resolveAssistanceRequestReference = withDomainErrorsMapped(async (reference: { id: string }, context: RegionalContext): Promise<AssistanceRequest | null> => {
  requireRead(context, 'AssistanceRequest');
  if (!isRecordId(reference.id, 'AST')) return null;
  const document = await context.loaders.assistanceRequest.load(reference.id);
  return document ? assistanceRequestNode(document) : null;
});
