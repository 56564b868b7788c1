import { callerSeesPersonalData } from '../../../../contract';
import { regionOfCreditCode } from '../../../../kernel';
import type { RegionalContext } from '../../context';
import { recordAudit } from '../../data/audit';
import type { CaseParty as CasePartyDocument, EnforcementCaseDocument } from '../../model';
import { maskAddress, maskFreeText, maskName, maskResidentId, type PersonalValues } from '../../personalData/masks';
import type { Region } from '../../graphql/enums';
import type { CaseParty, NoticeParty, PenaltyNotice } from './enforcementCase.type';
import { penaltyOf } from './enforcementCase.type';
import { ENFORCEMENT_DOMAIN_LABELS } from '../../../../kernel';

/** The personal values of natural-person parties, as they may be typed into the free texts. */
export function personalValuesOf(parties: readonly CasePartyDocument[]): PersonalValues {
  const persons = parties.filter((party) => party.kind === 'PERSON');
  return {
    names: persons.map((party) => party.name),
    idNumbers: persons.flatMap((party) => (party.idNumber ? [party.idNumber] : [])),
    addresses: persons.flatMap((party) => (party.address ? [party.address] : [])),
  };
}

/** A party as a caller sees it: enterprises as they are (public registration data), persons masked unless `visible`. */
export function partyFor(party: CasePartyDocument, visible: boolean): CaseParty {
  const registrationRegion = party.creditCode ? (regionOfCreditCode(party.creditCode) as unknown as Region | null) : null;
  if (party.kind === 'ENTERPRISE' || visible) return { ...party, registrationRegion, masked: false };
  return {
    kind: party.kind,
    name: maskName(party.name),
    creditCode: null,
    registrationRegion: null,
    idNumber: party.idNumber ? maskResidentId(party.idNumber) : null,
    address: party.address ? maskAddress(party.address) : null,
    masked: true,
  };
}

/** The bureau of the case's region sees its parties; other regions' agencies see natural persons masked (contract PERSONAL_DATA_READERS). */
export function seesCasePersonalData(document: EnforcementCaseDocument, context: RegionalContext): boolean {
  return callerSeesPersonalData(context.caller, 'EnforcementCase', document.region);
}

export async function partiesFor(document: EnforcementCaseDocument, context: RegionalContext): Promise<CaseParty[]> {
  const visible = seesCasePersonalData(document, context);
  if (visible && document.parties.some((party) => party.kind === 'PERSON')) {
    await recordAudit(context.database.auditLog, context.caller!, { action: 'READ_PERSONAL_DATA', entity: 'EnforcementCase', recordId: document._id, detail: 'read the personal data of natural-person parties' });
  }
  return document.parties.map((party) => partyFor(party, visible));
}

export function caseTextFor(text: string, document: EnforcementCaseDocument, context: RegionalContext): string {
  return seesCasePersonalData(document, context) ? text : maskFreeText(text, personalValuesOf(document.parties));
}

/** The published decision: what 行政处罚信息公示 shows, with no personal data (persons by masked name only). */
export function penaltyNoticeOf(document: EnforcementCaseDocument): PenaltyNotice | null {
  if (!document.publishedAt || !document.decidedAt || !document.penalty) return null;
  const values = personalValuesOf(document.parties);
  const parties: NoticeParty[] = document.parties.map((party) =>
    party.kind === 'ENTERPRISE' ? { kind: party.kind, name: party.name, creditCode: party.creditCode } : { kind: party.kind, name: maskName(party.name), creditCode: null },
  );
  return {
    id: document._id,
    caseNumber: document.caseNumber,
    region: document.region as unknown as Region,
    domain: document.domain,
    domainLabel: ENFORCEMENT_DOMAIN_LABELS[document.domain],
    title: maskFreeText(document.title, values),
    parties,
    onlineStore: document.onlineStore,
    facts: maskFreeText(document.facts, values),
    legalBasis: document.legalBasis ?? '',
    penalty: penaltyOf(document.penalty),
    decidedAt: document.decidedAt,
    publishedAt: document.publishedAt,
    agency: document.agency,
  };
}
