import type { Logger } from 'pino';
import type { ClueTransfer, RegionEvent } from '../../../contract';
import { isRecordId, regionChineseName, regionOfRecordId, type EnforcementDomain, type RegionCode } from '../../../kernel';
import { now as clockNow } from '../../../platform/clock';
import { regionSystemIdentity } from '../auth/systemIdentity';
import { ConcurrentChangeError, DuplicateValueError } from '../data/domainErrors';
import { writeWithEvent, type WriteContext } from '../data/recordWrites';
import type { CaseParty, EnforcementCaseDocument } from '../model';
import { ASSISTANCE_REQUESTS } from '../entities/assistanceRequest/assistanceRequest.service';
import { insertEnforcementCase, partyFacts } from '../entities/enforcementCase/enforcementCase.service';

const MAX_WRITE_ATTEMPTS = 8;

/**
 * Clue transfer (线索移送) between regions, kept from the event streams like the back-links, so that every mutation
 * still goes to one region:
 * - when a region's bureau accepts a clue another region transferred to it (the request's ASSISTANCE_REQUEST_CHANGED
 *   event carrying the clue), this region files the case itself, linked to the originating case and request;
 * - when another region files a case from a clue this region transferred, this region notes that case on its request.
 * Idempotent: a case is filed once per request (a unique index on originAssistanceRequestId, and a look first), and
 * noting the case twice changes nothing.
 */
export class ClueTransferKeeper {
  constructor(
    private readonly region: RegionCode,
    private readonly context: WriteContext,
    private readonly logger: Logger,
  ) {}

  async apply(event: RegionEvent): Promise<void> {
    const { snapshot } = event;
    if (event.entity === 'AssistanceRequest' && snapshot.clue && snapshot.targetRegion === this.region && snapshot.status === 'ACCEPTED') {
      await this.fileCase(event, snapshot.clue);
    } else if (event.entity === 'EnforcementCase' && event.type === 'ENFORCEMENT_CASE_FILED' && snapshot.origin && regionOfRecordId(snapshot.origin.assistanceRequestId) === this.region) {
      await this.noteCase(snapshot.origin.assistanceRequestId, event.recordId);
    }
  }

  private async fileCase(event: RegionEvent, clue: ClueTransfer): Promise<void> {
    const cases = this.context.database.enforcementCases;
    if (await cases.findOne({ originAssistanceRequestId: clue.assistanceRequestId }, { projection: { _id: 1 } })) return;
    const parties: CaseParty[] = clue.parties.map((party) => ({
      kind: party.kind === 'PERSON' ? 'PERSON' : 'ENTERPRISE',
      name: party.name,
      creditCode: party.creditCode ?? null,
      idNumber: party.idNumber ?? null,
      address: null,
    }));
    const filedAt = new Date(clue.acceptedAt);
    const now = clockNow();
    const fields: Omit<EnforcementCaseDocument, '_id' | 'caseNumber'> = {
      region: this.region,
      domain: clue.domain as EnforcementDomain,
      title: clue.title,
      parties,
      ...partyFacts(parties),
      onlineStore: clue.onlineStore ? { platformName: clue.onlineStore.platformName, storeName: clue.onlineStore.storeName, storeNumber: clue.onlineStore.storeNumber ?? null, url: clue.onlineStore.url ?? null } : null,
      facts: clue.facts,
      legalBasis: null,
      penalty: null,
      outcomeReason: null,
      status: 'FILED',
      timeline: [{ at: filedAt, status: 'FILED', region: this.region, agency: clue.acceptedBy, note: `受理${regionChineseName(event.region)}移送线索（${clue.caseNumber}，${clue.assistanceRequestId}）立案` }],
      filedAt,
      decidedAt: null,
      publishedAt: null,
      closedAt: null,
      agency: clue.acceptedBy,
      recallIds: [],
      riskAlertIds: [],
      complaintIds: [],
      originAssistanceRequestId: clue.assistanceRequestId,
      originCaseId: clue.caseId,
      createdAt: now,
      updatedAt: now,
    };
    try {
      const created = await insertEnforcementCase(this.context, regionSystemIdentity(this.region), fields, `filed from the clue of ${clue.assistanceRequestId} (${event.region} event ${event.seq})`, `clue:${event.eventId}`);
      this.logger.info({ assistanceRequestId: clue.assistanceRequestId, caseId: created._id, caseNumber: created.caseNumber }, 'case filed from a transferred clue');
    } catch (error) {
      // Filed meanwhile by a replay of the same event (the unique index on originAssistanceRequestId).
      if (error instanceof DuplicateValueError && (await cases.findOne({ originAssistanceRequestId: clue.assistanceRequestId }, { projection: { _id: 1 } }))) return;
      throw error;
    }
  }

  private async noteCase(requestId: string, caseId: string): Promise<void> {
    if (!isRecordId(requestId, 'AST')) return;
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const existing = await this.context.database.assistanceRequests.findOne({ _id: requestId });
      if (!existing || existing.transferredCaseId === caseId) return;
      try {
        await writeWithEvent(this.context, ASSISTANCE_REQUESTS, {
          existing,
          set: { transferredCaseId: caseId },
          push: { timeline: { at: clockNow(), status: existing.status, action: 'CASE_FILED', region: existing.targetRegion, agency: regionSystemIdentity(existing.targetRegion).agencyName, note: `${regionChineseName(existing.targetRegion)}已据移送线索立案（${caseId}）` } },
          event: 'ASSISTANCE_REQUEST_CHANGED',
          audit: { caller: regionSystemIdentity(this.region), action: 'UPDATE', detail: `transferred clue filed as ${caseId}`, auditId: `clue-case:${requestId}:${caseId}` },
        });
        return;
      } catch (error) {
        if (!(error instanceof ConcurrentChangeError)) throw error;
      }
    }
    throw new Error(`could not note case ${caseId} on ${requestId}: it kept changing`);
  }
}
