import { calculateObjectSize, Long, type Document } from 'bson';
import { bsonSizeOf, UNSUPPORTED } from '../storage/bsonWriter';
import { cursorNotFound } from '../errors';
import type { Operation } from '../operations';

const DEFAULT_FIRST_BATCH = 101;
const REPLY_BUDGET_BYTES = 15 * 1024 * 1024;

interface OpenCursor {
  namespace: string;
  documents: Document[];
  position: number;
  lastUsed: number;
  /** What is left of the opening command's maxTimeMS (undefined: no limit); getMores spend it. */
  timeLeftMs: number | undefined;
}

/** Server-side cursors: results held until a getMore drains them or killCursors / idle expiry frees them. */
export class CursorRegistry {
  private readonly cursors = new Map<number, OpenCursor>();
  private nextId = 1;
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly idleTimeoutMs = 10 * 60 * 1000) {
    this.sweeper = setInterval(() => this.expireIdle(), Math.min(idleTimeoutMs, 60_000));
    this.sweeper.unref();
  }

  /** The `cursor` field of a find/aggregate reply, keeping the rest open for getMore. */
  open(namespace: string, documents: Document[], batchSize: number | undefined, singleBatch = false, timeLeftMs?: number): Document {
    const firstBatch = takeBatch(documents, 0, batchSize ?? DEFAULT_FIRST_BATCH);
    let id = 0;
    if (!singleBatch && firstBatch.length < documents.length) {
      id = this.nextId++;
      this.cursors.set(id, { namespace, documents, position: firstBatch.length, lastUsed: Date.now(), timeLeftMs: timeLeftMs === undefined ? undefined : Math.max(0, timeLeftMs) });
    }
    return { firstBatch, id: Long.fromNumber(id), ns: namespace };
  }

  /**
   * The next batch. A cursor opened with maxTimeMS lends `operation` what is left of it; a getMore that finds it used
   * up fails with MaxTimeMSExpired and frees the cursor (MongoDB's leftover-time rule for non-tailable cursors).
   */
  getMore(id: number, batchSize: number | undefined, operation?: Operation): Document {
    const cursor = this.cursors.get(id);
    if (!cursor) throw cursorNotFound(id);
    const started = performance.now();
    if (operation && cursor.timeLeftMs !== undefined) {
      operation.setTimeLimit(cursor.timeLeftMs, started);
      try {
        operation.checkInterrupt();
      } catch (error) {
        this.cursors.delete(id);
        throw error;
      }
    }
    const nextBatch = takeBatch(cursor.documents, cursor.position, batchSize && batchSize > 0 ? batchSize : Infinity);
    if (cursor.timeLeftMs !== undefined) cursor.timeLeftMs = Math.max(0, cursor.timeLeftMs - (performance.now() - started));
    cursor.position += nextBatch.length;
    cursor.lastUsed = Date.now();
    const exhausted = cursor.position >= cursor.documents.length;
    if (exhausted) this.cursors.delete(id);
    return { nextBatch, id: Long.fromNumber(exhausted ? 0 : id), ns: cursor.namespace };
  }

  namespaceOf(id: number): string | undefined {
    return this.cursors.get(id)?.namespace;
  }

  kill(ids: number[]): { killed: number[]; notFound: number[] } {
    const killed: number[] = [];
    const notFound: number[] = [];
    for (const id of ids) (this.cursors.delete(id) ? killed : notFound).push(id);
    return { killed, notFound };
  }

  get openCount(): number {
    return this.cursors.size;
  }

  close(): void {
    clearInterval(this.sweeper);
    this.cursors.clear();
  }

  private expireIdle(): void {
    const cutoff = Date.now() - this.idleTimeoutMs;
    for (const [id, cursor] of this.cursors) if (cursor.lastUsed < cutoff) this.cursors.delete(id);
  }
}

function sizeOf(document: Document): number {
  const size = bsonSizeOf(document);
  return size === UNSUPPORTED ? calculateObjectSize(document) : size;
}

function takeBatch(documents: Document[], from: number, batchSize: number): Document[] {
  const batch: Document[] = [];
  let bytes = 0;
  for (let i = from; i < documents.length && batch.length < batchSize; i++) {
    bytes += sizeOf(documents[i]);
    if (batch.length > 0 && bytes > REPLY_BUDGET_BYTES) break;
    batch.push(documents[i]);
  }
  return batch;
}
