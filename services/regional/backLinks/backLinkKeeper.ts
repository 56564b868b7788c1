import type { Logger } from 'pino';
import { MIRRORED_LINKS, type MirroredLink, type RegionEvent } from '../../../contract';
import { isRecordId, regionOfRecordId, type RecordTypeCode, type RegionCode } from '../../../kernel';
import { regionSystemIdentity } from '../auth/systemIdentity';
import { ConcurrentChangeError } from '../data/domainErrors';
import { writeWithEvent, type EventedDocument, type EventedRecords, type WriteContext } from '../data/recordWrites';
import { RECALLS } from '../entities/recall/recall.service';
import { RISK_ALERTS } from '../entities/riskAlert/riskAlert.service';

type LinkEntity = MirroredLink['target']['entity'];

const RECORDS: Record<LinkEntity, EventedRecords<EventedDocument & Record<string, unknown>>> = {
  ProductRecall: RECALLS as unknown as EventedRecords<EventedDocument & Record<string, unknown>>,
  RiskAlert: RISK_ALERTS as unknown as EventedRecords<EventedDocument & Record<string, unknown>>,
};

const ID_TYPES: Record<LinkEntity, RecordTypeCode> = { ProductRecall: 'RCL', RiskAlert: 'RSK' };

/** The events keepers write: mirrors, which carry no intent of their own. */
const KEEPER_EVENT_TYPES: ReadonlySet<string> = new Set(MIRRORED_LINKS.flatMap((link) => [link.linkedEvent, link.unlinkedEvent]));

/** A back-link list longer than this is not grown (the same bound as a risk alert's own recall list). */
const MAX_BACK_LINKS = 200;
const MAX_WRITE_ATTEMPTS = 8;

/**
 * Keeps the other side of every mirrored link (contract MIRRORED_LINKS) on this region's records, from the events of
 * all regions: when a change makes a record name a record of this region, that record lists it back; when a change
 * stops naming it, the back-link goes. What a change did is read from the event's links before and after it
 * (`previous`), never inferred from a snapshot that may be stale by the time it is applied. Each change is an ordinary write of the record (its event — RISK_ALERT_LINKED and the like,
 * naming the citing record — and an audit entry by the region's system identity). Idempotent: applying an event
 * twice changes nothing the second time, so the followers may replay after a crash. LINKS_ANNOUNCED (the backfill)
 * only adds.
 */
export class BackLinkKeeper {
  constructor(
    private readonly region: RegionCode,
    private readonly context: WriteContext,
    private readonly logger: Logger,
  ) {}

  async apply(event: RegionEvent): Promise<void> {
    // A back-link written by a keeper mirrors someone's choice; it is no choice of its own, so it goes no further
    // (else two regions could keep undoing each other's writes from stale events).
    if (KEEPER_EVENT_TYPES.has(event.type)) return;
    for (const link of MIRRORED_LINKS) {
      if (link.entity !== event.entity) continue;
      const current = event.snapshot.links?.[link.field];
      if (!current) continue;
      // What this change did to the links: all of them when it is the record's first event or an announcement.
      const before = event.type === 'LINKS_ANNOUNCED' ? [] : (event.snapshot.previous?.links?.[link.field] ?? []);
      const removed = event.type === 'LINKS_ANNOUNCED' || !event.snapshot.previous ? [] : before.filter((id) => !current.includes(id));
      const added = current.filter((id) => !before.includes(id));
      for (const id of this.ownRecords(link, added)) await this.keep(link, id, event, true);
      for (const id of this.ownRecords(link, removed)) await this.keep(link, id, event, false);
    }
  }

  private ownRecords(link: MirroredLink, ids: readonly string[]): string[] {
    const idType = ID_TYPES[link.target.entity];
    return ids.filter((id) => isRecordId(id, idType) && regionOfRecordId(id) === this.region);
  }

  /** Makes record `targetId` list (or not list) the event's record in its back-link field. */
  private async keep(link: MirroredLink, targetId: string, event: RegionEvent, present: boolean): Promise<void> {
    const records = RECORDS[link.target.entity];
    const field = link.target.field;
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const existing = await records.collection(this.context.database).findOne({ _id: targetId } as never);
      if (!existing) {
        // The reference check at the gateway refuses links to records that do not exist; one deleted since is left alone.
        this.logger.warn({ link: `${link.entity}.${link.field}`, recordId: event.recordId, cites: targetId }, 'a record cites one of ours that does not exist; no back-link');
        return;
      }
      const current = Array.isArray(existing[field]) ? (existing[field] as string[]) : [];
      if (current.includes(event.recordId) === present) return;
      if (present && current.length >= MAX_BACK_LINKS) {
        this.logger.warn({ recordId: targetId, field, limit: MAX_BACK_LINKS }, 'back-link list full; not linked');
        return;
      }
      const next = present ? [...current, event.recordId] : current.filter((id) => id !== event.recordId);
      try {
        await writeWithEvent(this.context, records, {
          existing,
          set: { [field]: next } as never,
          event: present ? link.linkedEvent : link.unlinkedEvent,
          snapshotExtra: { linked: { entity: event.entity, recordId: event.recordId, region: event.region } },
          audit: {
            caller: regionSystemIdentity(this.region),
            action: 'UPDATE',
            detail: `${present ? 'back-link added' : 'back-link removed'}: ${field} ${present ? '+' : '−'} ${event.recordId} (${event.region} event ${event.seq})`,
            // One entry however often the event is applied (a replay after a crash).
            auditId: `backlink:${event.eventId}:${targetId}`,
          },
        });
        return;
      } catch (error) {
        if (!(error instanceof ConcurrentChangeError)) throw error;
      }
    }
    throw new Error(`could not update ${field} of ${targetId}: it kept changing`);
  }
}
