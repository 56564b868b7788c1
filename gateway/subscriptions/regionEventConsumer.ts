import { createClient, type Client } from 'graphql-ws';
import type { Logger } from 'pino';
import WebSocket from 'ws';
import type { RegionCode } from '../../kernel';
import { SERVICE_IDENTITY } from '../../platform/identity';
import type { IdentityForwarder } from '../router/identityForwarding';
import { EVENT_STREAM_OPERATIONS, parseRegionEvent, type RegionEvent } from '../../contract';

const MAX_BACKOFF_MS = 5_000;

/**
 * Consumes one region's event stream with the gateway's service credential: remembers the last sequence it saw,
 * reconnects with backoff and resumes from there, dropping anything at or below it (no gaps, no duplicates).
 */
export class RegionEventConsumer {
  private client: Client | undefined;
  private position: number | undefined;
  private stopped = false;
  private loop: Promise<void> | undefined;
  private connectedOnce: (() => void) | undefined;
  /** Ends a reconnect backoff early (on stop). */
  private wake: (() => void) | undefined;
  readonly ready: Promise<void>;

  constructor(
    readonly region: RegionCode,
    private readonly url: string,
    private readonly forwarder: IdentityForwarder,
    private readonly onEvent: (event: RegionEvent) => void,
    private readonly logger: Logger,
  ) {
    this.ready = new Promise((resolve) => {
      this.connectedOnce = resolve;
    });
  }

  /** Last sequence number delivered, or undefined before the region was first reached. */
  get lastSeq(): number | undefined {
    return this.position;
  }

  start(): void {
    this.client = createClient({
      url: this.url,
      webSocketImpl: WebSocket,
      lazy: true,
      retryAttempts: 0,
      connectionParams: () => ({ identity: this.forwarder.headerFor(SERVICE_IDENTITY, { region: this.region, endpoint: 'events' }) }),
    });
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    let backoff = 100;
    while (!this.stopped) {
      try {
        if (this.position === undefined) this.position = await this.latestSeq();
        this.connectedOnce?.();
        backoff = 100;
        const events = this.client!.iterate<{ regionEvents: Record<string, unknown> }>({
          query: EVENT_STREAM_OPERATIONS.live,
          variables: { afterSeq: this.position },
        });
        for await (const result of events) {
          if (this.stopped) break;
          const raw = result.data?.regionEvents;
          if (!raw) continue;
          const event = parseRegionEvent(raw);
          // Another region's stream at this URL (a misconfiguration, or a port reused after a crash) must not
          // move this region's position or deliver foreign events.
          if (event.region !== this.region) throw new Error(`${this.url} streams events of region ${event.region}, expected ${this.region}`);
          if (event.seq <= this.position!) continue;
          this.position = event.seq;
          this.onEvent(event);
        }
        if (!this.stopped) throw new Error('event stream completed');
      } catch (error) {
        if (this.stopped) break;
        this.logger.warn({ region: this.region, err: (error as Error).message ?? String(error), retryInMs: backoff }, 'region event stream interrupted; reconnecting');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, backoff);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }

  private async query<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    for await (const result of this.client!.iterate<T>({ query, variables })) {
      if (result.errors?.length) throw new Error(result.errors[0].message);
      return result.data as T;
    }
    throw new Error('no result');
  }

  private async latestSeq(): Promise<number> {
    return (await this.query<{ latestEventSeq: number }>(EVENT_STREAM_OPERATIONS.latestSeq)).latestEventSeq;
  }

  /** Events after `afterSeq` from the region's log (for subscribers resuming from a cursor). */
  async eventsAfter(afterSeq: number, limit = 500): Promise<RegionEvent[]> {
    const data = await this.query<{ events: Array<Record<string, unknown>> }>(EVENT_STREAM_OPERATIONS.eventsAfter, { afterSeq, limit });
    const events = data.events.map(parseRegionEvent);
    const foreign = events.find((event) => event.region !== this.region);
    if (foreign) throw new Error(`${this.url} serves events of region ${foreign.region}, expected ${this.region}`);
    return events;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.client?.dispose();
    await this.loop;
  }
}
