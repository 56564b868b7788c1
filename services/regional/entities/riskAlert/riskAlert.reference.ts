import { isRecordId } from '../../../../kernel';
import type { RegionalContext } from '../../context';
import { requireRead } from '../../auth/policy';
import { riskAlertNode, type RiskAlert } from './riskAlert.type';
import { withDomainErrorsMapped } from '../../graphql/errors';

/** `_entities` resolution for RiskAlert, batched per request through the risk alert DataLoader. */
export const resolveRiskAlertReference = withDomainErrorsMapped(async (reference: { id: string }, context: RegionalContext): Promise<RiskAlert | null> => {
  requireRead(context, 'RiskAlert');
  if (!isRecordId(reference.id, 'RSK')) return null;
  const document = await context.loaders.riskAlert.load(reference.id);
  return document ? riskAlertNode(document) : null;
});
