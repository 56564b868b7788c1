import { isValidCreditCode, normalizeCreditCode } from '../../../../kernel';
import type { RegionalContext } from '../../context';
import { requireRead } from '../../auth/policy';
import { enterpriseNode, type Enterprise } from './enterprise.type';
import { withDomainErrorsMapped } from '../../graphql/errors';

/** `_entities` resolution for Enterprise (keyed by credit code), batched per request through the enterprise DataLoader. */
export const resolveEnterpriseReference = withDomainErrorsMapped(async (reference: { creditCode: string }, context: RegionalContext): Promise<Enterprise | null> => {
  requireRead(context, 'Enterprise');
  const creditCode = typeof reference.creditCode === 'string' ? normalizeCreditCode(reference.creditCode) : '';
  if (!isValidCreditCode(creditCode)) return null;
  const document = await context.loaders.enterprise.load(creditCode);
  return document ? enterpriseNode(document) : null;
});
