import type { IncomingMessage } from 'node:http';
import { CloseCode, makeServer, type ServerOptions } from 'graphql-ws';
import type { Logger } from 'pino';
import { WebSocket, type WebSocketServer } from 'ws';
import { flushAndClose, socketWriterOf } from './socketWriter';

/** Close code of a message over the size limit (RFC 6455 "Message Too Big"), as ws sends for a frame over maxPayload. */
export const MESSAGE_TOO_BIG_CLOSE_CODE = 1009;

/** How often a connection is pinged; one that has not answered by the next ping is dropped (graphql-ws's default). */
const KEEP_ALIVE_MS = 12_000;

export interface TransportExtra {
  socket: WebSocket;
  request: IncomingMessage;
}

/** What the gateway adds to graphql-ws's server: message size limits per connection, and a gate on every send. */
export interface TransportOptions<E> {
  /** The size limit of every connection until `allowMessagesUpTo` raises it (before its connection_init is accepted). */
  initialMessageBytes: number;
  /** False when nothing may be sent on this connection any more (its token expired); the message is dropped. */
  maySend: (extra: E) => boolean;
  logger: Logger;
}

const messageLimits = new WeakMap<WebSocket, number>();

/** ws's receiver for one socket: its `_maxPayload` is what ws compares each frame's declared length with. */
interface ReceiverInternals {
  _receiver?: { _maxPayload?: unknown };
}

/**
 * Sets the largest message this socket may send from now on. ws checks it against each frame's header (the
 * declared length, fragments added up) before reading the payload, so an oversize frame is refused with 1009
 * after its first bytes, not buffered; the check on each whole message below stays as a second line.
 */
export function allowMessagesUpTo(socket: WebSocket, bytes: number): void {
  messageLimits.set(socket, bytes);
  const receiver = (socket as unknown as ReceiverInternals)._receiver;
  if (receiver && typeof receiver._maxPayload === 'number') receiver._maxPayload = bytes;
}

/**
 * graphql-ws's server over `ws` (what graphql-ws's `useServer` does, plus the gateway's limits): each socket
 * starts with a small message limit, raised by the connection's own onConnect once it is authenticated;
 * ws's protocol errors (1009 and the like) are logged, not treated as internal failures; an error escaping
 * graphql-ws's message handling closes that socket with 4500 and is logged.
 */
export function serveGraphQLOverWebSocket<P extends Record<string, unknown> | undefined, E extends TransportExtra>(
  webSocketServer: WebSocketServer,
  serverOptions: ServerOptions<P, E>,
  transport: TransportOptions<E>,
  extraFor: (socket: WebSocket, request: IncomingMessage) => E,
): void {
  const server = makeServer<P, E>(serverOptions);
  const { logger } = transport;
  webSocketServer.on('error', (error) => logger.error({ err: error }, 'WebSocket server error'));
  webSocketServer.on('connection', (socket, request) => {
    allowMessagesUpTo(socket, transport.initialMessageBytes);
    const extra = extraFor(socket, request);
    // Every message on this socket goes through its writer (graphql-ws's and the subscriptions' own), in order.
    const writer = socketWriterOf(socket, () => transport.maySend(extra));
    socket.on('error', (error: Error & { code?: string }) => {
      // ws has already closed the socket for its own refusals (1009 message too big, 1002 protocol error, 1007 bad UTF-8).
      logger.info({ err: error.message, code: error.code }, 'WebSocket connection refused a frame');
      if (socket.readyState === WebSocket.OPEN) socket.close(1011, 'Internal server error');
    });
    let pongWait: NodeJS.Timeout | undefined;
    const pingTimer = setInterval(() => {
      if (socket.readyState !== WebSocket.OPEN) return;
      pongWait = setTimeout(() => socket.terminate(), KEEP_ALIVE_MS);
      socket.once('pong', () => clearTimeout(pongWait));
      socket.ping();
    }, KEEP_ALIVE_MS);
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve, reject) => {
            writer.enqueue(data, null, (error) => (error ? reject(error) : resolve()));
          }),
        close: (code, reason) => flushAndClose(socket, code, reason),
        onMessage: (handle) =>
          socket.on('message', async (data: Buffer) => {
            // ws still reads while closing (until the client's close frame): nothing starts on a socket being closed (an expired or revoked token's).
            if (socket.readyState !== WebSocket.OPEN) return;
            const bytes = Buffer.isBuffer(data) ? data.length : Buffer.byteLength(String(data));
            const limit = messageLimits.get(socket) ?? transport.initialMessageBytes;
            if (bytes > limit) {
              socket.close(MESSAGE_TOO_BIG_CLOSE_CODE, `Message larger than ${limit} bytes`);
              return;
            }
            try {
              await handle(String(data));
            } catch (error) {
              logger.error({ err: error }, 'handling a WebSocket message failed');
              if (socket.readyState === WebSocket.OPEN) socket.close(CloseCode.InternalServerError, 'Internal server error');
            }
          }),
      },
      extra,
    );
    socket.once('close', (code, reason) => {
      clearTimeout(pongWait);
      clearInterval(pingTimer);
      void closed(code, String(reason));
    });
  });
}
