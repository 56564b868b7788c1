import { fenOfYuanFloat } from '../../../kernel';
import { COLLECTIONS } from '../model';
import type { Migration } from './migration';

/** The float of yuan earlier builds stored, and the index that sorted by it. */
const OLD_FIELD = 'amountInDispute';
const OLD_INDEX = 'amountInDispute_id';

interface OldShape {
  _id: string;
  amountInDispute?: unknown;
  amountInDisputeFen?: number;
}

/**
 * Why it exists: complaints stored the amount in dispute as a float of yuan (`amountInDispute`), so sums came out
 * as 342876.22000000003. Amounts are now whole fen in `amountInDisputeFen` (kernel/money.ts), summed as integers.
 *
 * For every complaint that still has the float: `amountInDisputeFen` = the nearest fen of it (the float was rounded
 * to the fen when written), and the float removed, in one single-document write conditioned on the old value, so a
 * record changed meanwhile is left for the next run. A record that somehow has both keeps its fen and loses the
 * float. Then the index on the old field is dropped (the new one is created at start, model/indexes.ts).
 *
 * Idempotent and harmless on current-shape data: it selects only records with the old field (seeded records have
 * only `amountInDisputeFen`); the fen depends only on the stored float.
 */
export const complaintAmountsInFen: Migration = {
  id: '2026-12-06-04-amounts-in-fen',
  description: 'Store complaint amounts in dispute as whole fen (amountInDisputeFen) instead of a float of yuan (amountInDispute); drop the old index',
  async up({ db, logger }) {
    const complaints = db.collection<OldShape>(COLLECTIONS.complaints);
    const old = await complaints.find({ [OLD_FIELD]: { $exists: true } }, { projection: { _id: 1, [OLD_FIELD]: 1, amountInDisputeFen: 1 } }).toArray();
    let documentsChanged = 0;
    let unreadable = 0;
    for (const record of old) {
      const yuan = record.amountInDispute;
      if (typeof record.amountInDisputeFen === 'number') {
        const result = await complaints.updateOne({ _id: record._id, amountInDisputeFen: record.amountInDisputeFen }, { $unset: { [OLD_FIELD]: '' } });
        documentsChanged += result.modifiedCount;
        continue;
      }
      if (typeof yuan !== 'number' || !Number.isFinite(yuan)) {
        unreadable += 1;
        logger.warn({ recordId: record._id, value: String(yuan) }, 'complaint amount is not a number; left as it is');
        continue;
      }
      const result = await complaints.updateOne(
        { _id: record._id, [OLD_FIELD]: yuan, amountInDisputeFen: { $exists: false } },
        { $set: { amountInDisputeFen: fenOfYuanFloat(yuan) }, $unset: { [OLD_FIELD]: '' } },
      );
      documentsChanged += result.modifiedCount;
    }
    const indexes = await complaints.listIndexes().toArray().catch(() => []);
    if (indexes.some((index) => index.name === OLD_INDEX)) await complaints.dropIndex(OLD_INDEX);
    if (documentsChanged > 0 || unreadable > 0) logger.info({ documentsChanged, unreadable }, 'complaint amounts converted to fen');
    return { documentsChanged };
  },
};
