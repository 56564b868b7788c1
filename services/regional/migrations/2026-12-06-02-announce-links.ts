import { MIRRORED_LINKS } from '../../../contract';
import { COLLECTIONS } from '../model';
import type { Migration } from './migration';

const COLLECTION_OF = { ProductRecall: COLLECTIONS.recalls, RiskAlert: COLLECTIONS.riskAlerts } as const;

/**
 * Why it exists: back-links are kept by the owner of each cited record from the events of the citing one
 * (backLinks/), but links written before that — seed data, earlier builds — never produced such an event, so a
 * Hebei recall citing a Tianjin alert made before would stay one-way. This puts one LINKS_ANNOUNCED event in the
 * outbox of every record with mirrored links (its links as they are), which the relay logs and every region's
 * follower applies: owners add the missing back-links (never remove: an announcement only adds).
 *
 * Idempotent in effect: a run repeated after a crash announces again (its events carry that run's time), and
 * applying an announcement twice adds nothing the second time. Records without links are not touched.
 */
export const announceLinks: Migration = {
  id: '2026-12-06-02-announce-links',
  description: 'Announce every record\'s mirrored links once (LINKS_ANNOUNCED events), so the owners of the cited records add the missing back-links',
  async up({ db, region, logger, now }) {
    let documentsChanged = 0;
    for (const link of MIRRORED_LINKS) {
      const collection = db.collection(COLLECTION_OF[link.entity]);
      const cursor = collection.find({ [`${link.field}.0`]: { $exists: true } }, { projection: { _id: 1, [link.field]: 1 } });
      for await (const document of cursor) {
        const event = {
          eventId: `links-announced:${now.toISOString()}:${String(document._id)}:${link.field}`,
          type: 'LINKS_ANNOUNCED',
          entity: link.entity,
          recordId: String(document._id),
          at: now,
          snapshot: { region, links: { [link.field]: document[link.field] as string[] } },
        };
        // One announcement per record and run (a run repeated after a crash announces again, which adds nothing twice).
        const result = await collection.updateOne({ _id: document._id, 'outbox.eventId': { $ne: event.eventId } }, { $push: { outbox: event }, $set: { outboxPending: true } } as never);
        documentsChanged += result.modifiedCount;
      }
    }
    if (documentsChanged > 0) logger.info({ announced: documentsChanged }, 'links announced for the back-link backfill');
    return { documentsChanged };
  },
};
