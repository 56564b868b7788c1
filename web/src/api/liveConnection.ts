import { createClient, type Client as WebSocketClient, type FormattedExecutionResult, type Sink, type SubscribePayload } from 'graphql-ws';
import type { PublicTokenSource } from './publicToken';

export type LiveState = 'open' | 'closed';
export type LiveResult = FormattedExecutionResult<Record<string, unknown>, Record<string, unknown>>;

/** How long to wait for the answer to a keep-alive ping before taking the socket for dead. */
const PONG_TIMEOUT_MS = 5_000;
const KEEP_ALIVE_MS = 10_000;

/**
 * The page's graphql-ws connection to `/graphql` on the same host. It never retries by itself (graphql-ws would
 * resend each subscription with the variables it started with, i.e. a stale `after`); the live feeds resubscribe
 * from their own last cursor instead. After each token renewal a new connection is made with the new token and
 * the feeds are told to move over to it (`onRestart`).
 */
export class LiveConnection {
  private client: WebSocketClient;
  private state: LiveState = 'closed';
  private readonly stateListeners = new Set<() => void>();
  private readonly restartListeners = new Set<() => void>();

  constructor(
    private readonly tokens: PublicTokenSource,
    private readonly url = LiveConnection.sameHostUrl(),
  ) {
    this.client = this.connect();
    tokens.onRenewed(() => this.restart());
  }

  static sameHostUrl(): string {
    const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${scheme}//${window.location.host}/graphql`;
  }

  currentState = (): LiveState => this.state;

  onStateChange = (listener: () => void): (() => void) => {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  };

  onRestart(listener: () => void): () => void {
    this.restartListeners.add(listener);
    return () => this.restartListeners.delete(listener);
  }

  /**
   * One subscription on the current connection. The sink sees an error when the subscription ends for any
   * reason other than its own unsubscribe (a server `complete` too), so a feed always knows it must resume.
   */
  subscribe(payload: SubscribePayload, sink: Sink<LiveResult>): () => void {
    let unsubscribing = false;
    const dispose = this.client.subscribe<Record<string, unknown>, Record<string, unknown>>(payload, {
      next: (result) => sink.next(result),
      error: (error) => sink.error(error),
      complete: () => (unsubscribing ? sink.complete() : sink.error(new Error('the server ended the live subscription'))),
    });
    return () => {
      unsubscribing = true;
      dispose();
    };
  }

  /** Moves to a new connection carrying the current token; the feeds resubscribe from their cursors on it. */
  restart(): void {
    const previous = this.client;
    this.client = this.connect();
    for (const listener of this.restartListeners) listener();
    void previous.dispose();
  }

  private setState(state: LiveState): void {
    if (state === this.state) return;
    this.state = state;
    for (const listener of this.stateListeners) listener();
  }

  private connect(): WebSocketClient {
    let socket: WebSocket | null = null;
    let pongTimer: ReturnType<typeof setTimeout> | undefined;
    const client: WebSocketClient = createClient({
      url: this.url,
      lazy: true,
      retryAttempts: 0,
      keepAlive: KEEP_ALIVE_MS,
      connectionParams: async () => ({ authorization: `Bearer ${await this.tokens.bearer()}` }),
      on: {
        connected: (connectedSocket) => {
          socket = connectedSocket as WebSocket;
          if (client === this.client) this.setState('open');
        },
        ping: (received) => {
          if (received) return;
          clearTimeout(pongTimer);
          pongTimer = setTimeout(() => {
            if (socket?.readyState === WebSocket.OPEN) socket.close(4408, 'keep-alive timeout');
          }, PONG_TIMEOUT_MS);
        },
        pong: (received) => {
          if (received) clearTimeout(pongTimer);
        },
        closed: () => {
          clearTimeout(pongTimer);
          socket = null;
          if (client === this.client) this.setState('closed');
        },
      },
    });
    return client;
  }
}
