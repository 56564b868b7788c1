import { MIRRORED_LINKS } from '../../../contract';
import type { OutboxEvent } from '../data/outbox';
import { appendEvent, ensureEventLogIndexes, eventLogCollection, latestSeq } from '../events/eventLog';
import { COLLECTIONS } from '../model';
import type { Migration } from './migration';

const COLLECTION_OF = { ProductRecall: COLLECTIONS.recalls, RiskAlert: COLLECTIONS.riskAlerts } as const;

/**
 * Why it exists: back-links are kept by the owner of each cited record from the events of the citing one
 * (backLinks/), but links written before that — data of earlier builds — never produced such an event, so a Hebei
 * recall citing a Tianjin alert made before would stay one-way. This appends one LINKS_ANNOUNCED event per record
 * with mirrored links (its links as they are) to the region's event log, which every region's follower applies:
 * owners add the missing back-links, and never remove one for an announcement.
 *
 * No record is changed (current-shape data, seed data included, stays as it is: announcing a link both sides already
 * hold adds nothing). It runs before the outbox relay starts, under the migration lock, so it numbers its events
 * after the last logged one and the relay continues after them. A run repeated after a crash announces again (its
 * events carry that run's time in their IDs); applying an announcement twice adds nothing the second time.
 */
export const announceLinks: Migration = {
  id: '2026-12-06-02-announce-links',
  description: 'Announce every record\'s mirrored links once in the event log (LINKS_ANNOUNCED), so the owners of the cited records add missing back-links',
  async up({ db, region, logger, now }) {
    const log = eventLogCollection(db);
    await ensureEventLogIndexes(log);
    let seq = await latestSeq(log);
    let announced = 0;
    for (const link of MIRRORED_LINKS) {
      const cursor = db.collection(COLLECTION_OF[link.entity]).find({ [`${link.field}.0`]: { $exists: true } }, { projection: { _id: 1, [link.field]: 1 }, sort: { _id: 1 } });
      for await (const document of cursor) {
        const event: OutboxEvent = {
          eventId: `links-announced:${now.toISOString()}:${String(document._id)}:${link.field}`,
          type: 'LINKS_ANNOUNCED',
          entity: link.entity,
          recordId: String(document._id),
          at: now,
          snapshot: { region, links: { [link.field]: document[link.field] as string[] } },
        };
        const outcome = await appendEvent(log, region, event, seq + 1);
        if (outcome === 'sequence-taken') throw new Error(`event sequence ${seq + 1} is taken: is the outbox relay of ${region} running during migrations?`);
        if (outcome === 'appended') seq += 1;
        announced += 1;
      }
    }
    if (announced > 0) logger.info({ announced }, 'links announced in the event log for the back-link backfill');
    // Records unchanged: the announcements are events, not changes of data.
    return { documentsChanged: 0 };
  },
};
