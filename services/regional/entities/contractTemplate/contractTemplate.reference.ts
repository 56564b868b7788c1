import { isRecordId } from '../../../../kernel';
import { requireRead } from '../../auth/policy';
import type { RegionalContext } from '../../context';
import { contractTemplateNode, type ContractTemplate } from './contractTemplate.type';
import { withDomainErrorsMapped } from '../../graphql/errors';

/** `_entities` resolution for ContractTemplate, batched through the template DataLoader. */
export const resolveContractTemplateReference = withDomainErrorsMapped(async (reference: { id: string }, context: RegionalContext): Promise<ContractTemplate | null> => {
  requireRead(context, 'ContractTemplate');
  if (!isRecordId(reference.id, 'CTP')) return null;
  const document = await context.loaders.contractTemplate.load(reference.id);
  return document ? contractTemplateNode(document) : null;
});
