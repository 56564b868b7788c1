import { COLLECTIONS } from '../model';
import type { Migration } from './migration';

/** The collections whose records carry an outbox (enterprises publish no events). */
const EVENTED_COLLECTIONS = [COLLECTIONS.recalls, COLLECTIONS.riskAlerts, COLLECTIONS.complaints, COLLECTIONS.contractTemplates] as const;

/**
 * Why it exists: the outbox relay (events/outboxRelay.ts) finds the records with events to publish only through the
 * indexed flag `outboxPending: true`; it never scans `outbox` itself. A record whose `outbox` holds events but that
 * lacks the flag is invisible to it: those events never reach the region's event log and no subscriber ever sees
 * them. Today's writes set both in one single-document write (data/recordWrites.ts), but a record written any other
 * way — by an earlier build or a script that pushed to `outbox` alone, or restored or repaired by hand — can lack
 * it, and nothing at run time would ever notice. The opposite shape is fixed too: a flag on a record that has no
 * `outbox` field at all is never cleared by the relay (it clears the flag once `outbox` is an *empty array*), so
 * the record would be re-read on every relay pass and counted in `jjj_region_outbox_backlog` for ever.
 *
 * Idempotent: each update selects only records still in the wrong shape, so a repeat changes nothing; current-shape
 * records (seed data included) are never touched. It runs before the relay starts, which then publishes the events
 * it made visible.
 */
export const outboxPendingFlag: Migration = {
  id: '2026-12-06-01-outbox-pending-flag',
  description: 'Set outboxPending on every record with events in its outbox (the relay finds work by the flag only); drop the flag where there is no outbox',
  async up({ db, logger }) {
    let documentsChanged = 0;
    for (const name of EVENTED_COLLECTIONS) {
      const collection = db.collection(name);
      const flagged = await collection.updateMany({ 'outbox.0': { $exists: true }, outboxPending: { $ne: true } }, { $set: { outboxPending: true } });
      const cleared = await collection.updateMany({ outboxPending: true, outbox: { $exists: false } }, { $unset: { outboxPending: '' } });
      if (flagged.modifiedCount + cleared.modifiedCount > 0) logger.info({ collection: name, flagged: flagged.modifiedCount, cleared: cleared.modifiedCount }, 'outbox flags repaired');
      documentsChanged += flagged.modifiedCount + cleared.modifiedCount;
    }
    return { documentsChanged };
  },
};
