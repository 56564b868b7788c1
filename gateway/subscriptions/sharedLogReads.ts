import { LRUCache } from 'lru-cache';
import type { RegionEvent } from '../../contract';
import type { RegionCode } from '../../kernel';
import type { RegionEventConsumer } from './regionEventConsumer';

/** Events per read: a region's log is read in blocks of seqs (k·B, (k+1)·B], the same blocks for every subscriber. */
export const LOG_BLOCK_SIZE = 500;
/** Full blocks kept (each ≤ LOG_BLOCK_SIZE events): what resuming subscribers still need after a restart. */
const MAX_CACHED_BLOCKS = 200;
/** Long enough for a wave of subscribers resuming after a gateway restart to pass through. */
const CACHED_BLOCK_TTL_MS = 60_000;

/** A read of a block that may still grow (the log's end), with the last seq it is known to cover. */
interface OpenRead {
  read: Promise<RegionEvent[]>;
  /**
   * Every event up to this seq is in the read: what the region's consumer had seen when the read was sent (it was
   * logged before it was streamed), or the read's last event once it is in.
   */
  covers: number;
}

/**
 * Reads of the regions' logs for resuming subscribers, shared: every read is of one aligned block of seqs, a block
 * being read is awaited by everyone who needs it, and full blocks (which cannot change: a log only grows at its
 * end) are kept for a while. So thousands of subscribers resuming from scattered cursors after a restart cost one
 * read per region and block, not one per subscriber. A read of the block at the log's end (sent or done) is shared
 * only while the region's consumer has seen nothing newer than it covers: a subscriber receives the live events
 * after what the consumer had seen when it subscribed, so it needs everything up to there from the read.
 */
export class SharedLogReads {
  private readonly blocks = new LRUCache<string, Promise<RegionEvent[]>>({ max: MAX_CACHED_BLOCKS, ttl: CACHED_BLOCK_TTL_MS });
  private readonly open = new LRUCache<string, OpenRead>({ max: MAX_CACHED_BLOCKS, ttl: CACHED_BLOCK_TTL_MS });
  private readonly readsByRegion = new Map<RegionCode, number>();

  /** Reads sent to each region so far (for metrics and the benchmark). */
  reads(): Partial<Record<RegionCode, number>> {
    return Object.fromEntries(this.readsByRegion);
  }

  /**
   * The region's events after `afterSeq`, in order: up to a block's worth (fewer only at the log's end), as a
   * direct read would give them, so a gap (events no longer kept) shows as a first seq beyond `afterSeq + 1`.
   */
  async eventsAfter(consumer: RegionEventConsumer, afterSeq: number): Promise<RegionEvent[]> {
    const block = Math.floor(afterSeq / LOG_BLOCK_SIZE);
    const blockEvents = await this.block(consumer, block);
    const events = blockEvents.filter((event) => event.seq > afterSeq);
    // Fewer than a block's worth after the block's start: the log's end, as of that read.
    if (blockEvents.length < LOG_BLOCK_SIZE) return events;
    // Full but not the block's own seqs: the log has a gap here (events no longer kept); read as asked.
    if (!isFullBlock(blockEvents, block)) return consumer.eventsAfter(afterSeq, LOG_BLOCK_SIZE);
    // The rest of a batch comes from the next block, so only the log's end gives a short batch.
    const next = await this.block(consumer, block + 1);
    return [...events, ...next.slice(0, LOG_BLOCK_SIZE - events.length)];
  }

  private block(consumer: RegionEventConsumer, block: number): Promise<RegionEvent[]> {
    const key = `${consumer.region}:${block}`;
    const kept = this.blocks.get(key);
    if (kept) return kept;
    const seen = consumer.lastSeq ?? 0;
    const open = this.open.get(key);
    if (open && seen <= open.covers) return open.read;
    this.readsByRegion.set(consumer.region, (this.readsByRegion.get(consumer.region) ?? 0) + 1);
    const read = consumer.eventsAfter(block * LOG_BLOCK_SIZE, LOG_BLOCK_SIZE);
    const entry: OpenRead = { read, covers: seen };
    this.open.set(key, entry);
    read.then(
      (events) => {
        if (isFullBlock(events, block)) {
          this.blocks.set(key, read);
          if (this.open.get(key) === entry) this.open.delete(key);
        } else entry.covers = Math.max(entry.covers, events.at(-1)?.seq ?? 0);
      },
      () => {
        if (this.open.get(key) === entry) this.open.delete(key);
      },
    );
    return read;
  }
}

/** Every seq of the block, contiguous: it will never change. (A block after a gap starts later and is not kept.) */
function isFullBlock(events: readonly RegionEvent[], block: number): boolean {
  return events.length === LOG_BLOCK_SIZE && events[0]!.seq === block * LOG_BLOCK_SIZE + 1 && events.at(-1)!.seq === (block + 1) * LOG_BLOCK_SIZE;
}
