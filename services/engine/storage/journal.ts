import { promises as fsp, closeSync, ftruncateSync, fstatSync, openSync, writev as writevCallback, fdatasync as fdatasyncCallback } from 'node:fs';
import { promisify } from 'node:util';
import type { Document } from 'bson';
import { encodeRecord } from './records';

const writev = promisify(writevCallback);
const fdatasync = promisify(fdatasyncCallback);

/**
 * Append-only write-ahead journal with group commit: records appended while a flush is running
 * are written and synced together by the next one, so concurrent writers share an fdatasync.
 */
export class Journal {
  private readonly fd: number;
  private pending: Buffer[] = [];
  private appendedCount = 0;
  private durableCount = 0;
  private inFlight: Promise<void> | null = null;
  private bytes: number;

  /** `durableAfter`: nothing is acknowledged before it settles (the journal's own name being durable). */
  constructor(
    readonly path: string,
    private readonly durableAfter: Promise<void> = Promise.resolve(),
  ) {
    this.fd = openSync(path, 'a');
    this.bytes = fstatSync(this.fd).size;
  }

  get size(): number {
    return this.bytes;
  }

  append(operation: Document): void {
    const record = encodeRecord(operation);
    this.pending.push(record);
    this.bytes += record.length;
    this.appendedCount++;
  }

  /** Resolves once every record appended before the call is on disk. */
  async flush(): Promise<void> {
    const target = this.appendedCount;
    while (this.durableCount < target) {
      if (this.inFlight) {
        await this.inFlight;
        continue;
      }
      this.inFlight = this.writePending().finally(() => {
        this.inFlight = null;
      });
      await this.inFlight;
    }
  }

  private async writePending(): Promise<void> {
    const batch = this.pending;
    const batchEnd = this.appendedCount;
    this.pending = [];
    if (batch.length > 0) {
      await this.durableAfter;
      await writev(this.fd, batch);
      await fdatasync(this.fd);
    }
    this.durableCount = Math.max(this.durableCount, batchEnd);
  }

  /** Resolves when every record appended so far is on disk and none waits: a synchronous step after it may rotate. */
  async settle(): Promise<void> {
    while (this.inFlight || this.pending.length > 0 || this.durableCount < this.appendedCount) await this.flush();
  }

  /**
   * Runs `checkpoint` with no journal write in progress; the checkpoint has made everything appended so far
   * durable by other means (a snapshot), so the journal is emptied.
   */
  async truncateAfter(checkpoint: () => void): Promise<void> {
    while (this.inFlight) await this.inFlight;
    checkpoint();
    this.pending = [];
    this.durableCount = this.appendedCount;
    ftruncateSync(this.fd, 0);
    this.bytes = 0;
  }

  async close(): Promise<void> {
    await this.flush();
    closeSync(this.fd);
  }

  static async readAll(path: string): Promise<Buffer> {
    try {
      return await fsp.readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
      throw error;
    }
  }
}
