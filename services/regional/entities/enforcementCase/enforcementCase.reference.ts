import { isRecordId } from '../../../../kernel';
import { requireRead } from '../../auth/policy';
import type { RegionalContext } from '../../context';
import { withDomainErrorsMapped } from '../../graphql/errors';
import { penaltyNoticeOf } from './enforcementCase.privacy';
import { enforcementCaseNode, type EnforcementCase, type PenaltyNotice } from './enforcementCase.type';

/** `_entities` resolution for EnforcementCase, batched through the case DataLoader. */
export const resolveEnforcementCaseReference = withDomainErrorsMapped(async (reference: { id: string }, context: RegionalContext): Promise<EnforcementCase | null> => {
  requireRead(context, 'EnforcementCase');
  if (!isRecordId(reference.id, 'ENF')) return null;
  const document = await context.loaders.enforcementCase.load(reference.id);
  return document ? enforcementCaseNode(document) : null;
});

/** `_entities` resolution for PenaltyNotice: the case's notice once published, else null. */
export const resolvePenaltyNoticeReference = withDomainErrorsMapped(async (reference: { id: string }, context: RegionalContext): Promise<PenaltyNotice | null> => {
  requireRead(context, 'PenaltyNotice');
  if (!isRecordId(reference.id, 'ENF')) return null;
  const document = await context.loaders.enforcementCase.load(reference.id);
  return document ? penaltyNoticeOf(document) : null;
});
