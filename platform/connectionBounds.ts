import type { ServerOptions } from 'node:http';

/** How often Node checks the headers and request timeouts (its default, 30 s, would let a trickling client hold its socket that much longer). */
const CONNECTIONS_CHECK_MS = 1000;

export interface ConnectionBounds {
  /** Connections open at once (WebSockets included, before anyone is authenticated); more are closed as they arrive. */
  maxConnections: number;
  /** A client must send a request's headers within this (else 408 and the connection is closed). */
  headersTimeoutMs: number;
  /** ... and the whole request, body included, within this (the response is not bounded: exports, streams). */
  requestTimeoutMs: number;
}

/** The configuration problem when the headers may take longer than the whole request, else none. */
export function timeoutOrderProblems(headersTimeoutMs: number, requestTimeoutMs: number): string[] {
  return headersTimeoutMs > requestTimeoutMs ? [`HEADERS_TIMEOUT_MS (${headersTimeoutMs}) must not exceed REQUEST_TIMEOUT_MS (${requestTimeoutMs})`] : [];
}

/** The options of `http.createServer` that time a request's headers and body. */
export function boundedServerOptions(bounds: ConnectionBounds): ServerOptions {
  return { headersTimeout: bounds.headersTimeoutMs, requestTimeout: bounds.requestTimeoutMs, connectionsCheckingInterval: Math.min(CONNECTIONS_CHECK_MS, bounds.headersTimeoutMs) };
}
