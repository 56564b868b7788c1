import { EventEmitter } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Document } from 'bson';
import { badValue, clientDisconnected, interrupted, maxTimeMSExpired, MongoCommandError } from './errors';

/**
 * Cancellation of long commands (issue 14: "one request cannot take the regions down").
 *
 * Every command runs as an {@link Operation}. Work over many documents (scans, sorts, pipeline stages, multi-document
 * writes, index builds) counts what it does with `tick()` and, when that says the slice is used up, awaits `pause()`:
 * the engine yields to the event loop there (`setImmediate`), so other connections are served meanwhile and socket
 * `close` events are seen, and then checks whether the operation must stop:
 *
 * - its deadline (`maxTimeMS`) has passed: the command fails with `{ code: 50, codeName: 'MaxTimeMSExpired' }`;
 * - the connection that sent it has closed: it stops and no reply is written;
 * - `killOp` named it: it fails with `{ code: 11601, codeName: 'Interrupted' }`.
 *
 * A slice is at most {@link SLICE_MS} of uninterrupted work (the clock is read every {@link CLOCK_EVERY} ticks), so a
 * command stops within a few milliseconds of its deadline or of its client going away, plus what other connections
 * run in between.
 */
export const SLICE_MS = 4;
const CLOCK_EVERY = 16;

export type StopReason = 'maxTimeMSExpired' | 'clientDisconnected' | 'killed';
export const STOP_REASONS: readonly StopReason[] = ['maxTimeMSExpired', 'clientDisconnected', 'killed'];

/** What the engine knows about the connection a command came on. */
export interface ConnectionState {
  readonly id: number;
  readonly remote?: string;
  closed: boolean;
  /** performance.now() when the engine saw the socket end or close. */
  closedAt?: number;
}

/** Largest maxTimeMS MongoDB accepts (a signed 32-bit millisecond count). */
const MAX_TIME_MS_LIMIT = 2 ** 31 - 1;

/**
 * `maxTimeMS` of a command: undefined when absent or 0 (no limit). Otherwise it must be a number, integral, within
 * [0, 2^31 - 1] (BadValue with MongoDB's messages).
 */
export function parseMaxTimeMS(command: Document): number | undefined {
  const raw: unknown = command.maxTimeMS;
  if (raw === undefined || raw === null) return undefined;
  const isBsonNumber = typeof raw === 'object' && ['Long', 'Int32', 'Double', 'Decimal128'].includes((raw as { _bsontype?: string })._bsontype ?? '');
  if (typeof raw !== 'number' && !isBsonNumber) throw badValue('maxTimeMS must be a number');
  const value = Number(typeof raw === 'number' ? raw : (raw as { valueOf(): unknown }).valueOf());
  if (!(value >= 0 && value <= MAX_TIME_MS_LIMIT)) throw badValue('maxTimeMS is out of range');
  if (!Number.isInteger(value)) throw badValue('maxTimeMS has non-integral value');
  return value === 0 ? undefined : value;
}

export class Operation {
  readonly startedAt = performance.now();
  readonly startedAtDate = new Date();
  /** performance.now() after which the operation fails with MaxTimeMSExpired; undefined: no limit. */
  private deadline: number | undefined;
  private killRequestedAt: number | undefined;
  private sliceStartedAt = this.startedAt;
  private ticks = 0;
  /** The longest stretch of work without a pause, in milliseconds (the first slice starts with the command). */
  longestSliceMs = 0;
  /** Times the operation gave the event loop to others. */
  yields = 0;
  /** Documents (or keys, or comparisons) counted through tick(). */
  work = 0;
  stoppedBy: StopReason | undefined;
  /** Milliseconds from the stop signal (deadline, connection close seen, killOp) to the operation noticing it. */
  stopLatencyMs: number | undefined;
  /** Work counted after the stop signal, before the operation noticed it. */
  workAfterSignal: number | undefined;
  private workAtSignal: number | undefined;

  constructor(
    readonly opid: number,
    readonly name: string,
    readonly database: string,
    readonly command: Document,
    readonly connection: ConnectionState | undefined,
    maxTimeMS: number | undefined,
  ) {
    this.setTimeLimit(maxTimeMS);
  }

  /** Sets the deadline `ms` from the operation's start (getMore: from now, with the cursor's leftover budget). */
  setTimeLimit(ms: number | undefined, from: number = this.startedAt): void {
    this.deadline = ms === undefined ? undefined : from + ms;
  }

  /** Milliseconds left before the deadline (undefined without one; may be negative). */
  remainingMs(): number | undefined {
    return this.deadline === undefined ? undefined : this.deadline - performance.now();
  }

  get hasTimeLimit(): boolean {
    return this.deadline !== undefined;
  }

  /** Counts `units` of work; true when the running slice is used up or the deadline has passed: then `await pause()`. */
  tick(units = 1): boolean {
    this.work += units;
    this.ticks += units;
    if (this.ticks < CLOCK_EVERY) return false;
    this.ticks = 0;
    const now = performance.now();
    if (this.workAtSignal === undefined && this.signalledAt(now) !== undefined) this.workAtSignal = this.work;
    return now - this.sliceStartedAt >= SLICE_MS || (this.deadline !== undefined && now >= this.deadline);
  }

  /** Reads the clock: true when the running slice is used up or the deadline has passed. */
  sliceUsedUp(): boolean {
    const now = performance.now();
    return now - this.sliceStartedAt >= SLICE_MS || (this.deadline !== undefined && now >= this.deadline);
  }

  /** Records the length of the slice that ends now. */
  endSlice(): void {
    this.longestSliceMs = Math.max(this.longestSliceMs, performance.now() - this.sliceStartedAt);
  }

  /** Yields to the event loop, then throws if the operation must stop. */
  async pause(): Promise<void> {
    this.endSlice();
    this.checkInterrupt();
    await nextTurn();
    this.yields++;
    this.checkInterrupt();
    this.sliceStartedAt = performance.now();
  }

  /** Throws (and records why) if the deadline has passed, the client has gone or killOp named the operation. */
  checkInterrupt(): void {
    if (this.stoppedBy) throw this.errorFor(this.stoppedBy);
    const now = performance.now();
    let reason: StopReason | undefined;
    if (this.connection?.closed) reason = 'clientDisconnected';
    else if (this.killRequestedAt !== undefined) reason = 'killed';
    else if (this.deadline !== undefined && now >= this.deadline) reason = 'maxTimeMSExpired';
    if (!reason) return;
    this.stoppedBy = reason;
    const signalledAt = this.signalTime(reason) ?? now;
    this.stopLatencyMs = Math.max(0, now - signalledAt);
    this.workAfterSignal = this.work - (this.workAtSignal ?? this.work);
    throw this.errorFor(reason);
  }

  requestKill(): void {
    this.killRequestedAt ??= performance.now();
  }

  private signalTime(reason: StopReason): number | undefined {
    if (reason === 'clientDisconnected') return this.connection?.closedAt;
    if (reason === 'killed') return this.killRequestedAt;
    return this.deadline;
  }

  private signalledAt(now: number): number | undefined {
    if (this.connection?.closed) return this.connection.closedAt;
    if (this.killRequestedAt !== undefined) return this.killRequestedAt;
    if (this.deadline !== undefined && now >= this.deadline) return this.deadline;
    return undefined;
  }

  private errorFor(reason: StopReason): MongoCommandError {
    if (reason === 'clientDisconnected') return clientDisconnected();
    if (reason === 'killed') return interrupted();
    return maxTimeMSExpired();
  }

  /** The operation as `currentOp` lists it. */
  describe(): Document {
    const micros = Math.round((performance.now() - this.startedAt) * 1000);
    return {
      opid: this.opid,
      active: true,
      op: 'command',
      ns: `${this.database}.${typeof this.command[this.name] === 'string' ? this.command[this.name] : '$cmd'}`,
      command: summarizeCommand(this.command),
      connectionId: this.connection?.id,
      client: this.connection?.remote,
      currentOpTime: this.startedAtDate.toISOString(),
      secs_running: Math.floor(micros / 1_000_000),
      microsecs_running: micros,
      numYields: this.yields,
      docsExamined: this.work,
      killPending: this.killRequestedAt !== undefined,
    };
  }
}

/** A command for currentOp: large arrays (documents, updates, deletes, pipelines) shown by their length. */
function summarizeCommand(command: Document): Document {
  const summary: Document = {};
  for (const [key, value] of Object.entries(command)) {
    if (key === 'lsid' || key === '$clusterTime') continue;
    summary[key] = Array.isArray(value) && (key === 'documents' || key === 'updates' || key === 'deletes') ? `[${value.length} entries]` : value;
  }
  return summary;
}

/** What long work needs of its operation (see the top of this file). */
export type Interruptible = Pick<Operation, 'tick' | 'sliceUsedUp' | 'pause' | 'checkInterrupt'>;

/** An operation that never stops or yields: for internal work outside any command. */
export const UNBOUNDED: Interruptible = {
  tick: () => false,
  sliceUsedUp: () => false,
  pause: async () => undefined,
  checkInterrupt: () => undefined,
};

export interface StopRecord {
  opid: number;
  command: string;
  reason: StopReason;
  /** From the signal (deadline passed, close seen, killOp) to the stop. */
  latencyMs: number;
  /** From the start of the operation to the stop. */
  runMs: number;
  workAfterSignal: number;
  /** The longest stretch without a pause during the operation. */
  longestSliceMs: number;
}

export interface OperationStats {
  inProgress: number;
  started: number;
  completed: number;
  failed: number;
  stopped: Record<StopReason, number>;
  /** The most recent stops, newest last (at most 20). */
  recentStops: StopRecord[];
}

/** The operations running in one engine, and counters of how they ended. */
export class OperationRegistry extends EventEmitter {
  private nextOpId = 1;
  private readonly active = new Map<number, Operation>();
  private started = 0;
  private completed = 0;
  private failed = 0;
  private readonly stopped: Record<StopReason, number> = { maxTimeMSExpired: 0, clientDisconnected: 0, killed: 0 };
  private readonly recentStops: StopRecord[] = [];

  begin(name: string, database: string, command: Document, connection: ConnectionState | undefined, maxTimeMS: number | undefined): Operation {
    const operation = new Operation(this.nextOpId++, name, database, command, connection, maxTimeMS);
    this.active.set(operation.opid, operation);
    this.started++;
    return operation;
  }

  end(operation: Operation, error?: unknown): void {
    if (!this.active.delete(operation.opid)) return;
    operation.endSlice();
    if (operation.stoppedBy) {
      this.stopped[operation.stoppedBy]++;
      const record: StopRecord = {
        opid: operation.opid,
        command: operation.name,
        reason: operation.stoppedBy,
        latencyMs: operation.stopLatencyMs ?? 0,
        runMs: performance.now() - operation.startedAt,
        workAfterSignal: operation.workAfterSignal ?? 0,
        longestSliceMs: operation.longestSliceMs,
      };
      this.recentStops.push(record);
      if (this.recentStops.length > 20) this.recentStops.shift();
      this.emit('stopped', record);
    } else if (error) this.failed++;
    else this.completed++;
    this.emit('end', operation);
  }

  /** killOp: asks the operation to stop at its next pause. */
  kill(opid: number): boolean {
    const operation = this.active.get(opid);
    operation?.requestKill();
    return Boolean(operation);
  }

  list(): Operation[] {
    return [...this.active.values()];
  }

  get inProgress(): number {
    return this.active.size;
  }

  stats(): OperationStats {
    return {
      inProgress: this.active.size,
      started: this.started,
      completed: this.completed,
      failed: this.failed,
      stopped: { ...this.stopped },
      recentStops: this.recentStops.map((record) => ({ ...record })),
    };
  }
}
