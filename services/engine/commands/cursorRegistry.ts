import { calculateObjectSize, Long, type Document } from 'bson';
import { cursorNotFound } from '../errors';

const DEFAULT_FIRST_BATCH = 101;
const REPLY_BUDGET_BYTES = 15 * 1024 * 1024;

interface OpenCursor {
  namespace: string;
  documents: Document[];
  position: number;
  lastUsed: number;
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
  open(namespace: string, documents: Document[], batchSize: number | undefined, singleBatch = false): Document {
    const firstBatch = takeBatch(documents, 0, batchSize ?? DEFAULT_FIRST_BATCH);
    let id = 0;
    if (!singleBatch && firstBatch.length < documents.length) {
      id = this.nextId++;
      this.cursors.set(id, { namespace, documents, position: firstBatch.length, lastUsed: Date.now() });
    }
    return { firstBatch, id: Long.fromNumber(id), ns: namespace };
  }

  getMore(id: number, batchSize: number | undefined): Document {
    const cursor = this.cursors.get(id);
    if (!cursor) throw cursorNotFound(id);
    const nextBatch = takeBatch(cursor.documents, cursor.position, batchSize && batchSize > 0 ? batchSize : Infinity);
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

function takeBatch(documents: Document[], from: number, batchSize: number): Document[] {
  const batch: Document[] = [];
  let bytes = 0;
  for (let i = from; i < documents.length && batch.length < batchSize; i++) {
    bytes += calculateObjectSize(documents[i]);
    if (batch.length > 0 && bytes > REPLY_BUDGET_BYTES) break;
    batch.push(documents[i]);
  }
  return batch;
}
