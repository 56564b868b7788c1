import { EventEmitter } from 'node:events';
import type { Collection, Document } from 'mongodb';
import type { Logger } from 'pino';
import type { RegionCode } from '../../../kernel';
import { jointAggregate, splitByPart, type JointReadPart } from '../../../platform/jointRead';
import { activeTraceparent, contextOfTraceparent, inSpan, SpanKind } from '../../../platform/tracing';
import type { RegionalDatabase } from '../data/database';
import { QUALITY_EVENTED_COLLECTIONS } from '../model';
import type { OutboxEvent } from '../data/outbox';
import { appendEvent, ensureEventLogIndexes, latestSeq, type EventLogDocument } from './eventLog';

export interface OutboxRelayOptions {
  pollIntervalMs?: number;
  retentionDays?: number;
}

type OutboxDocument = { _id: string; outbox?: OutboxEvent[] };

/** Records relayed per collection and pass (the next pass, at once when nudged, takes the rest). */
const PENDING_PER_PASS = 500;

/**
 * Whether a command the region's database client started is the relay's (a pass, or its work on the log) rather than
 * a request's: for those that count what requests cost (tests, benchmarks).
 */
export function isRelayCommand(commandName: string, command: Document): boolean {
  if (command[commandName] === 'eventLog') return true;
  const firstMatch = (command.pipeline as Document[] | undefined)?.[0]?.$match as Document | undefined;
  return commandName === 'aggregate' && typeof firstMatch === 'object' && firstMatch !== null && 'outboxPending' in firstMatch;
}

/** A pass's read of one collection's records with events to relay. */
function pendingRecords(collection: Collection<OutboxDocument>): JointReadPart {
  // Computed fields (`'$outbox'`, not `1`): the embedded engine runs such a projection without mingo.
  return { collection: collection.collectionName, pipeline: (tag) => [{ $match: { outboxPending: true } }, { $limit: PENDING_PER_PASS }, { $project: { outbox: '$outbox', ...tag } }] };
}

/**
 * Moves events from records' outboxes into the region's ordered log, one region, one relay. Idempotent: an
 * event already logged (crash between append and removal) is only removed; a sequence taken by another relay
 * instance is skipped past. Events of one record keep their order.
 */
export class OutboxRelay {
  private nextSeq = 1;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private lastPrune = 0;
  private nudged = false;
  private readonly appended = new EventEmitter();

  constructor(
    private readonly region: RegionCode,
    private readonly database: RegionalDatabase,
    private readonly log: Collection<EventLogDocument>,
    private readonly logger: Logger,
    private readonly options: OutboxRelayOptions = {},
  ) {
    this.appended.setMaxListeners(0);
  }

  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  async start(): Promise<void> {
    await ensureEventLogIndexes(this.log);
    this.nextSeq = (await latestSeq(this.log)) + 1;
    await this.drain();
    this.schedule();
  }

  /** Runs a pass as soon as the current one ends (a write just filled an outbox). */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) {
      this.nudged = true;
      return;
    }
    clearTimeout(this.timer);
    this.schedule(0);
  }

  private schedule(delayMs = this.options.pollIntervalMs ?? 250): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.drain()
        .catch((error) => this.logger.error({ err: error }, 'outbox relay pass failed'))
        .finally(() => {
          this.running = undefined;
          const again = this.nudged;
          this.nudged = false;
          this.schedule(again ? 0 : undefined);
        });
    }, delayMs);
  }

  /** Called after each event this relay logs, and when a pass finds events another process logged. */
  onAppended(listener: () => void): void {
    this.appended.on('appended', listener);
  }

  /** Resolves when an event after `seq` has been logged by this relay, or after `timeoutMs`. */
  waitForEventAfter(seq: number, timeoutMs: number): Promise<void> {
    if (this.lastSeq > seq) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.appended.off('appended', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.appended.on('appended', done);
    });
  }

  /** Records whose events are not in the log yet (the outbox backlog). */
  async pendingCount(): Promise<number> {
    const counts = await Promise.all(this.eventedCollections().map((collection) => collection.countDocuments({ outboxPending: true } as Document)));
    return counts.reduce((sum, count) => sum + count, 0);
  }

  private eventedCollections(): Array<Collection<OutboxDocument>> {
    return [
      this.database.recalls,
      this.database.riskAlerts,
      this.database.complaints,
      this.database.contractTemplates,
      ...QUALITY_EVENTED_COLLECTIONS.map((name) => this.database[name]),
      this.database.enforcementCases,
      this.database.assistanceRequests,
    ] as unknown as Array<Collection<OutboxDocument>>;
  }

  /**
   * One pass over every collection with pending outboxes. It is a single read, whatever the number of collections
   * (each one's pending records joined by `$unionWith`, through its `outboxPending` index), with the log's latest
   * sequence: the pass runs four times a second in every regional process, busy or idle, and one read per
   * collection was most of an idle region's CPU. A sequence another process of the region logged wakes this one's
   * stream subscribers.
   */
  async drain(): Promise<void> {
    const collections = this.eventedCollections();
    const latestLoggedRead: JointReadPart = { collection: this.log.collectionName, pipeline: (tag) => [{ $sort: { seq: -1 } }, { $limit: 1 }, { $project: { _id: 0, seq: '$seq', ...tag } }] };
    const pass = jointAggregate([...collections.map(pendingRecords), latestLoggedRead]);
    const found = await this.database.db.collection(pass.collection).aggregate(pass.pipeline).toArray();
    const answers = splitByPart(found, collections.length + 1);
    const latestLogged = (answers[collections.length]![0]?.seq as number | undefined) ?? 0;
    if (latestLogged >= this.nextSeq) {
      this.nextSeq = latestLogged + 1;
      this.appended.emit('appended');
    }
    for (const [index, collection] of collections.entries()) for (const document of answers[index]!) await this.relayRecord(collection, document as OutboxDocument);
    await this.pruneExpired();
  }

  private async relayRecord(collection: Collection<OutboxDocument>, document: OutboxDocument): Promise<void> {
    const events = document.outbox ?? [];
    for (const event of events) await this.append(event);
    if (events.length > 0) {
      await collection.updateOne({ _id: document._id }, { $pull: { outbox: { eventId: { $in: events.map((event) => event.eventId) } } } } as Document);
    }
    await collection.updateOne({ _id: document._id, outbox: { $size: 0 } } as Document, { $unset: { outboxPending: '' } });
  }

  /** Logs an event; one caused by a traced request gets a span in that request's trace. */
  private async append(event: OutboxEvent): Promise<void> {
    const cause = contextOfTraceparent(event.traceparent);
    if (!cause) return this.appendOnce(event);
    const attributes = { 'jjj.region': this.region, 'jjj.event.type': event.type, 'jjj.record.id': event.recordId };
    return inSpan('event relay', SpanKind.PRODUCER, attributes, async (span) => {
      // Logged under the relay's span, so the gateway's delivery continues the chain request → relay → delivery.
      await this.appendOnce({ ...event, traceparent: activeTraceparent() ?? event.traceparent });
      span.setAttribute('jjj.event.seq', this.lastSeq);
    }, cause);
  }

  private async appendOnce(event: OutboxEvent): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const outcome = await appendEvent(this.log, this.region, event, this.nextSeq);
      if (outcome === 'already-logged') return;
      if (outcome === 'appended') {
        this.nextSeq++;
        this.appended.emit('appended');
        return;
      }
      this.nextSeq = (await latestSeq(this.log)) + 1;
    }
    throw new Error(`could not log event ${event.eventId}: sequence numbers keep being taken`);
  }

  private async pruneExpired(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPrune < 60_000) return;
    this.lastPrune = now;
    const cutoff = new Date(now - (this.options.retentionDays ?? 30) * 24 * 3600 * 1000);
    const { deletedCount } = await this.log.deleteMany({ loggedAt: { $lt: cutoff } });
    if (deletedCount > 0) this.logger.info({ deletedCount, cutoff }, 'pruned expired events');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
