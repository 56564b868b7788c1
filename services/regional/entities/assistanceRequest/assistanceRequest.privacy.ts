import { callerSeesPersonalData } from '../../../../contract';
import type { RegionalContext } from '../../context';
import { recordAudit } from '../../data/audit';
import type { AssistanceRequestDocument, CaseParty as CasePartyDocument } from '../../model';
import { maskFreeText } from '../../personalData/masks';
import { partyFor, personalValuesOf } from '../enforcementCase/enforcementCase.privacy';
import type { CaseParty } from '../enforcementCase/enforcementCase.type';
import type { AssistanceReply, AssistanceTimelineEntry } from './assistanceRequest.type';
import type { Region } from '../../graphql/enums';

/** The requesting and the target bureau see everything; a third region that the request exists (contract PERSONAL_DATA_READERS). */
export function seesRequestDetails(document: AssistanceRequestDocument, context: RegionalContext): boolean {
  return callerSeesPersonalData(context.caller, 'AssistanceRequest', document.requestingRegion, [document.requestingRegion, document.targetRegion]);
}

function partiesOf(document: AssistanceRequestDocument): CasePartyDocument[] {
  return [document.party, ...(document.reply?.identifiedParty ? [document.reply.identifiedParty] : [])];
}

export async function requestPartyFor(document: AssistanceRequestDocument, context: RegionalContext): Promise<CaseParty> {
  const visible = seesRequestDetails(document, context);
  if (visible && document.party.kind === 'PERSON') {
    await recordAudit(context.database.auditLog, context.caller!, { action: 'READ_PERSONAL_DATA', entity: 'AssistanceRequest', recordId: document._id, detail: 'read the personal data of the party' });
  }
  return partyFor(document.party, visible);
}

export function replyFor(document: AssistanceRequestDocument, context: RegionalContext): AssistanceReply | null {
  if (!document.reply) return null;
  const visible = seesRequestDetails(document, context);
  return {
    at: document.reply.at,
    agency: document.reply.agency,
    findings: visible ? document.reply.findings : null,
    identifiedParty: document.reply.identifiedParty ? partyFor(document.reply.identifiedParty, visible) : null,
  };
}

export function requestTimelineFor(document: AssistanceRequestDocument, context: RegionalContext): AssistanceTimelineEntry[] {
  const visible = seesRequestDetails(document, context);
  const values = personalValuesOf(partiesOf(document));
  return document.timeline.map((entry) => ({ ...entry, region: entry.region as unknown as Region, note: visible ? entry.note : maskFreeText(entry.note, values) }));
}
