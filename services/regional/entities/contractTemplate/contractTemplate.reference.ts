import { isRecordId } from '../../../../kernel';
import { requireRead } from '../../auth/policy';
import type { RegionalContext } from '../../context';
import { contractTemplateNode, type ContractTemplate } from './contractTemplate.type';

/** `_entities` resolution for ContractTemplate, batched through the template DataLoader. */
export async function resolveContractTemplateReference(reference: { id: string }, context: RegionalContext): Promise<ContractTemplate | null> {
  requireRead(context, 'ContractTemplate');
  if (!isRecordId(reference.id, 'CTP')) return null;
  const document = await context.loaders.contractTemplate.load(reference.id);
  return document ? contractTemplateNode(document) : null;
}
