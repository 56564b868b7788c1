import { MongoServerError, type Collection, type Db } from 'mongodb';
import type { RegionCode } from '../../../kernel';
import type { EventSnapshot, OutboxEvent, RecordEventType } from '../data/outbox';

/** One entry of a region's ordered event log; `seq` is strictly increasing within the region. */
export interface EventLogDocument {
  /** The outbox event's ID: logging the same event twice is refused by the primary key. */
  _id: string;
  seq: number;
  region: RegionCode;
  type: RecordEventType;
  entity: OutboxEvent['entity'];
  recordId: string;
  at: Date;
  loggedAt: Date;
  snapshot: EventSnapshot;
  traceparent?: string;
}

export function eventLogCollection(db: Db): Collection<EventLogDocument> {
  return db.collection<EventLogDocument>('eventLog');
}

export async function ensureEventLogIndexes(collection: Collection<EventLogDocument>): Promise<void> {
  await collection.createIndexes([
    { name: 'seq_unique', key: { seq: 1 }, unique: true },
    { name: 'loggedAt', key: { loggedAt: 1 } },
  ]);
}

export async function latestSeq(collection: Collection<EventLogDocument>): Promise<number> {
  const [latest] = await collection.find({}, { projection: { seq: 1 }, sort: { seq: -1 }, limit: 1 }).toArray();
  return latest?.seq ?? 0;
}

export function eventsAfter(collection: Collection<EventLogDocument>, afterSeq: number, limit: number): Promise<EventLogDocument[]> {
  return collection.find({ seq: { $gt: afterSeq } }, { sort: { seq: 1 }, limit }).toArray();
}

export type AppendOutcome = 'appended' | 'already-logged' | 'sequence-taken';

/** Appends an event under `seq`; the unique keys make a repeated append harmless and a taken sequence visible. */
export async function appendEvent(collection: Collection<EventLogDocument>, region: RegionCode, event: OutboxEvent, seq: number): Promise<AppendOutcome> {
  try {
    await collection.insertOne({
      _id: event.eventId,
      seq,
      region,
      type: event.type,
      entity: event.entity,
      recordId: event.recordId,
      at: event.at,
      loggedAt: new Date(),
      snapshot: event.snapshot,
      ...(event.traceparent ? { traceparent: event.traceparent } : {}),
    });
    return 'appended';
  } catch (error) {
    if (error instanceof MongoServerError && error.code === 11000) return /seq/.test(error.message) ? 'sequence-taken' : 'already-logged';
    throw error;
  }
}
