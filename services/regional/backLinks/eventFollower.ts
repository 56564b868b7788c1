import type { Collection, Db } from 'mongodb';
import type { Logger } from 'pino';
import type { RegionEvent } from '../../../contract';
import type { RegionCode } from '../../../kernel';
import type { EventSource } from './eventSources';

/** How far this region has applied each region's events (its own included). */
export interface FollowedPositionDocument {
  _id: RegionCode;
  seq: number;
  updatedAt: Date;
}

export function followedPositions(db: Db): Collection<FollowedPositionDocument> {
  return db.collection<FollowedPositionDocument>('followedEventPositions');
}

const BATCH = 200;
const MAX_BACKOFF_MS = 2000;
/**
 * After this many empty reads in a row the source is quiet, and is read every QUIET_IDLE_MS (at least `idleMs`)
 * until an event comes: three followers per region each read four times a second otherwise, busy or not, a third of
 * an idle region's CPU. The first event after a quiet spell is applied within about a second (a back-link's promise
 * is two); this region's own events wake its follower at once (nudge).
 */
const QUIET_AFTER_EMPTY_READS = 8;
const QUIET_IDLE_MS = 1000;

/**
 * Applies one region's events in order, a bounded batch at a time, remembering how far it got in this region's
 * database after each batch (so a restart resumes there: events are applied at least once, and applying is
 * idempotent). Polls every `idleMs` when there is nothing new (less often once the source is quiet); a source that
 * cannot be read is retried with backoff.
 */
export class EventFollower {
  private stopped = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** A nudge came while no pause was waiting: the next pause ends at once. */
  private nudged = false;
  private position = 0;

  constructor(
    private readonly source: EventSource,
    private readonly positions: Collection<FollowedPositionDocument>,
    private readonly apply: (event: RegionEvent) => Promise<void>,
    private readonly logger: Logger,
    private readonly idleMs: number,
  ) {}

  get appliedSeq(): number {
    return this.position;
  }

  start(): void {
    this.loop = this.run();
  }

  /** Reads at once (a write of this region was just logged), or right after the read in progress. */
  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    await this.source.close();
  }

  private async run(): Promise<void> {
    let backoff = 250;
    let failing = false;
    let positionRead = false;
    let emptyReads = 0;
    while (!this.stopped) {
      try {
        // Inside the retry: at start the database may not answer yet, and a rejection here killed the process.
        if (!positionRead) {
          this.position = (await this.positions.findOne({ _id: this.source.region }))?.seq ?? 0;
          positionRead = true;
        }
        const batch = await this.source.eventsAfter(this.position, BATCH);
        if (batch.length > 0 && batch[0]!.seq > this.position + 1) {
          this.logger.warn({ source: this.source.region, from: this.position, next: batch[0]!.seq }, 'events were pruned before they were applied: back-links of the records in between may be missing');
        }
        for (const event of batch) {
          if (this.stopped) break;
          await this.apply(event);
          this.position = event.seq;
        }
        // Once per batch: after a crash the batch is applied again, which changes nothing the second time.
        if (batch.length > 0) await this.positions.updateOne({ _id: this.source.region }, { $set: { seq: this.position, updatedAt: new Date() } }, { upsert: true });
        if (this.stopped) return;
        if (failing) this.logger.info({ source: this.source.region }, 'following the region events again');
        failing = false;
        backoff = 250;
        emptyReads = batch.length === 0 ? emptyReads + 1 : 0;
        if (batch.length < BATCH) await this.pause(emptyReads >= QUIET_AFTER_EMPTY_READS ? Math.max(this.idleMs, QUIET_IDLE_MS) : this.idleMs);
      } catch (error) {
        if (this.stopped) return;
        if (!failing) this.logger.warn({ source: this.source.region, err: (error as Error).message }, 'cannot read the region events; retrying');
        failing = true;
        await this.pause(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }

  private pause(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.nudged) {
      this.nudged = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const end = () => {
        this.wake = undefined;
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(end, ms);
      this.wake = () => {
        this.nudged = false;
        end();
      };
    });
  }
}
