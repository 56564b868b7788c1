import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { AnyVariables, Client, CombinedError, OperationResult } from 'urql';
import type { LiveConnection } from '../api/liveConnection';
import { hasErrorCode, isInvalidCursor } from '../api/responseErrors';
import { cursorStore } from './cursorStore';

export interface ResumableSubscriptionOptions<TData, TVariables extends AnyVariables> {
  client: Client;
  connection: LiveConnection;
  document: TypedDocumentNode<TData, TVariables>;
  /** The variables for a (re)subscription that resumes after `after` (none: live events only). */
  variables(after: string | undefined): TVariables;
  /** Name of the stored cursor. */
  cursorName: string;
  cursorOf(data: TData): string | undefined;
  onEvent(data: TData): void;
  /** The stored cursor is older than the server keeps events (or unreadable); it has been dropped. */
  onCursorLost(reason: 'expired' | 'invalid'): void;
  /**
   * Subscribed without a cursor (none seen yet): events published before the server registered this
   * subscription cannot be replayed. Called a moment after subscribing, so a look at the list from then on
   * covers them.
   */
  onStartedWithoutCursor(): void;
}

const RETRY_DELAYS_MS = [500, 1_000, 2_000, 4_000, 8_000, 15_000];
/** Time for the socket to connect and the server to register the subscription. */
const CATCH_UP_DELAY_MS = 1_500;

/**
 * One live subscription that survives anything: after a dropped connection, a server error or a token
 * renewal it subscribes again with the last cursor it saw, so the server replays what was missed.
 */
export class ResumableSubscription<TData, TVariables extends AnyVariables> {
  private unsubscribe: (() => void) | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private catchUpTimer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private stopped = false;
  private readonly stopListeningForRestarts: () => void;
  private readonly resumeWhenOnline = () => this.resubscribe(0);

  constructor(private readonly options: ResumableSubscriptionOptions<TData, TVariables>) {
    this.stopListeningForRestarts = options.connection.onRestart(() => this.resubscribe(0));
    window.addEventListener('online', this.resumeWhenOnline);
    this.subscribe();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.catchUpTimer);
    this.stopListeningForRestarts();
    window.removeEventListener('online', this.resumeWhenOnline);
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private subscribe(): void {
    const { client, document, variables, cursorName, cursorOf } = this.options;
    let lastCursor = cursorStore.read(cursorName);
    clearTimeout(this.catchUpTimer);
    if (lastCursor === undefined) {
      this.catchUpTimer = setTimeout(() => {
        if (!this.stopped) this.options.onStartedWithoutCursor();
      }, CATCH_UP_DELAY_MS);
    }
    const subscription = client.subscription(document, variables(lastCursor)).subscribe((result: OperationResult<TData, TVariables>) => {
      if (this.stopped) return;
      // urql hands over each event merged into the previous result: an event is new when its cursor is.
      const cursor = result.data ? cursorOf(result.data) : undefined;
      if (result.data && cursor !== undefined && cursor !== lastCursor) {
        lastCursor = cursor;
        this.failures = 0;
        cursorStore.write(cursorName, cursor);
        this.options.onEvent(result.data);
        return;
      }
      if (result.error) this.handleFailure(result.error);
    });
    this.unsubscribe = () => subscription.unsubscribe();
  }

  private handleFailure(error: CombinedError): void {
    const lostCursor = hasErrorCode(error, 'CURSOR_EXPIRED') ? 'expired' : isInvalidCursor(error) ? 'invalid' : null;
    if (lostCursor) {
      cursorStore.clear(this.options.cursorName);
      this.options.onCursorLost(lostCursor);
      this.resubscribe(0);
      return;
    }
    if (error.networkError || error.graphQLErrors.length > 0) {
      const delay = RETRY_DELAYS_MS[Math.min(this.failures, RETRY_DELAYS_MS.length - 1)]!;
      this.failures += 1;
      this.resubscribe(delay * (0.75 + Math.random() * 0.5));
    }
  }

  private resubscribe(delayMs: number): void {
    if (this.stopped) return;
    this.unsubscribe?.();
    this.unsubscribe = null;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (!this.stopped) this.subscribe();
    }, delayMs);
  }
}
