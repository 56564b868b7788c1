import type { Collection } from 'mongodb';
import { formatRecordId, shanghaiYear, type RecordTypeCode, type RegionCode } from '../../../kernel';
import type { CounterDocument } from './database';
import { duplicateKeyOn } from './writeErrors';

const MAX_ATTEMPTS = 5;

/** Highest serial already used for a prefix (e.g. seeded records), so the counter can skip past it. */
async function highestSerial(collection: Collection<{ _id: string }>, prefix: string): Promise<number> {
  const [latest] = await collection
    .find({ _id: { $gte: `${prefix}000000`, $lte: `${prefix}999999` } }, { projection: { _id: 1 }, sort: { _id: -1 }, limit: 1 })
    .toArray();
  return latest ? Number(latest._id.slice(prefix.length)) : 0;
}

/**
 * Inserts a new record under the next `{region}-{type}-{yyyy}-{serial}` ID. The counter is a
 * findAndModify `$inc`; if the ID is taken anyway (records loaded without the counter), the counter
 * jumps past the highest serial in use and the insert is retried.
 */
export async function insertWithNewId<TDocument extends { _id: string }>(
  collection: Collection<TDocument>,
  counters: Collection<CounterDocument>,
  region: RegionCode,
  type: RecordTypeCode,
  at: Date,
  build: (id: string) => TDocument,
): Promise<TDocument> {
  const year = shanghaiYear(at);
  const counterId = `${type}-${year}`;
  const prefix = `${region}-${type}-${year}-`;
  for (let attempt = 1; ; attempt++) {
    const counter = await counters.findOneAndUpdate({ _id: counterId }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' });
    const id = formatRecordId({ region, type, year, serial: counter!.seq });
    const document = build(id);
    try {
      await collection.insertOne(document as never);
      return document;
    } catch (error) {
      if (duplicateKeyOn(error) !== 'id' || attempt >= MAX_ATTEMPTS) throw error;
      const highest = await highestSerial(collection as unknown as Collection<{ _id: string }>, prefix);
      await counters.updateOne({ _id: counterId }, { $max: { seq: highest } });
    }
  }
}
