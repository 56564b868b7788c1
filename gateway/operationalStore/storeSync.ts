import { Long, type Document, type MongoClient } from 'mongodb';
import { jointAggregate, splitByPart } from '../../platform/jointRead';

/** What one part of the shared state reads this time: an aggregate pipeline over one collection of the store. */
export interface StoreRead {
  collection: string;
  pipeline: Document[];
}

/** One part of what the gateway processes share through the operational store, kept in step by StoreSync. */
export interface StoreSyncPart {
  /** Sends what this process owes the store; it runs before the joint read, so the read includes it. */
  send(nowMs: number): Promise<void>;
  /** What to read this time; null: nothing (receive() is then called with no documents). */
  read(nowMs: number): StoreRead | null;
  /** What its read returned. */
  receive(documents: Document[], nowMs: number): void;
  /** Deletes what no process needs any more (once a minute). */
  prune(nowMs: number): Promise<void>;
  /** The store failed this part's send, read or prune; it is tried again next time. */
  fail(error: unknown): void;
}

const PRUNE_EVERY_MS = 60_000;
const MAX_TIME_MS = 2000;

/**
 * Keeps this process's copy of the shared state in step with the store every `syncMs`: each part sends what it
 * owes, then all parts' reads go as one aggregate (the others joined by `$unionWith`), as a plain command. An
 * exchange with the store costs this process far more CPU than the data it moves (the driver's cursor and a wakeup
 * per round trip, about 1 ms each here), and it runs four times a second in every gateway process, busy or not: one
 * read instead of one per part, and no cursor object, halve what this background work costs.
 */
export class StoreSync {
  private timer: NodeJS.Timeout | undefined;
  /** The last exchange started or queued (exchange() never rejects). */
  private chain: Promise<void> = Promise.resolve();
  /** An exchange queued but not started yet: later calls share it. */
  private waiting: Promise<void> | undefined;
  private lastPruneMs = 0;

  constructor(
    private readonly client: MongoClient,
    private readonly databaseName: string,
    private readonly parts: readonly StoreSyncPart[],
    private readonly syncMs: number,
    private readonly nowMs: () => number = Date.now,
    /** Documents per batch of the joint read (more come with getMore). */
    private readonly batchSize = 100_000,
  ) {}

  /** Reads once (before the gateway answers anything), then every `syncMs`. */
  async start(): Promise<void> {
    await this.sync();
    this.timer = setInterval(() => void this.sync(), this.syncMs);
    this.timer.unref();
  }

  /** Stops the timer after a last exchange: what this process owes still counts for the others. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sync();
  }

  /** One exchange at a time; the promise settles after an exchange that started after this call. */
  sync(): Promise<void> {
    if (this.waiting) return this.waiting;
    const exchange = this.chain.then(() => {
      this.waiting = undefined;
      return this.exchange();
    });
    this.waiting = exchange;
    this.chain = exchange;
    return exchange;
  }

  private async exchange(): Promise<void> {
    const now = this.nowMs();
    const sent = await Promise.all(
      this.parts.map((part) =>
        part.send(now).then(
          () => true,
          (error: unknown) => {
            part.fail(error);
            return false;
          },
        ),
      ),
    );
    const reading = this.parts.filter((_, index) => sent[index]).map((part) => ({ part, read: part.read(now) }));
    for (const { part } of reading.filter(({ read }) => read === null)) part.receive([], now);
    const reads = reading.filter((entry): entry is { part: StoreSyncPart; read: StoreRead } => entry.read !== null);
    if (reads.length > 0) {
      try {
        const answers = await this.readJointly(reads.map(({ read }) => read));
        reads.forEach(({ part }, index) => part.receive(answers[index]!, now));
      } catch (error) {
        for (const { part } of reads) part.fail(error);
      }
    }
    if (now - this.lastPruneMs >= PRUNE_EVERY_MS) {
      this.lastPruneMs = now;
      await Promise.all(this.parts.map((part) => part.prune(now).catch((error: unknown) => part.fail(error))));
    }
  }

  /** The reads' documents, in the reads' order, from one aggregate. */
  private async readJointly(reads: readonly StoreRead[]): Promise<Document[][]> {
    const { collection, pipeline } = jointAggregate(reads.map((read) => ({ collection: read.collection, pipeline: (tag) => [...read.pipeline, { $addFields: tag }] })));
    return splitByPart(await this.aggregate(collection, pipeline), reads.length);
  }

  /** All documents of an aggregate, as plain commands (a cursor's getMore must come in the session that opened it). */
  private async aggregate(collection: string, pipeline: Document[]): Promise<Document[]> {
    const db = this.client.db(this.databaseName);
    const session = this.client.startSession();
    try {
      const reply = await db.command({ aggregate: collection, pipeline, cursor: { batchSize: this.batchSize }, maxTimeMS: MAX_TIME_MS }, { session });
      let cursor = reply.cursor as { id: unknown; firstBatch?: Document[]; nextBatch?: Document[] };
      const documents = [...cursor.firstBatch!];
      while (!asLong(cursor.id).isZero()) {
        // No maxTimeMS here: the aggregate's bounds its getMores (MongoDB refuses one on a getMore).
        const more = await db.command({ getMore: asLong(cursor.id), collection, batchSize: this.batchSize }, { session });
        cursor = more.cursor as typeof cursor;
        documents.push(...cursor.nextBatch!);
      }
      return documents;
    } finally {
      await session.endSession();
    }
  }
}

/** A cursor id as the server sent it (a number when the driver promoted it), as the int64 getMore requires. */
function asLong(id: unknown): Long {
  return id instanceof Long ? id : Long.fromValue(id as number | string);
}
