import type { IncomingMessage, ServerResponse } from 'node:http';
import { PUBLIC_IDENTITY } from '../platform/agencies';
import { signClientToken } from '../platform/identity';
import type { TokenBuckets } from './limits/tokenBuckets';

export interface PublicTokenOptions {
  jwtSecret: string;
  lifetimeSeconds: number;
  perMinute: number;
  /** The rate buckets (shared by all gateway processes when the gateway has its operational database). */
  buckets: TokenBuckets;
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  response.end(JSON.stringify(body));
}

/**
 * `POST /public-token`: a short-lived `public:read` token for the public pages, no login; a client address
 * asking more than `perMinute` times a minute (a bucket of `perMinute`, refilled at that rate, across all gateway
 * processes) gets 429 with Retry-After. Pages renew the token before it ends.
 */
export function publicTokenHandler(options: PublicTokenOptions): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    if (request.method !== 'POST') {
      sendJson(response, 405, { error: 'use POST' }, { allow: 'POST' });
      return;
    }
    request.resume();
    const taken = options.buckets.take(`issue:${request.socket.remoteAddress ?? 'unknown'}`, options.perMinute, options.perMinute / 60);
    if (!taken.ok) {
      const retryAfterSeconds = Number.isFinite(taken.retryAfterSeconds) ? taken.retryAfterSeconds : 60;
      sendJson(response, 429, { error: `too many token requests from this address; retry in ${retryAfterSeconds} s`, retryAfterSeconds }, { 'retry-after': String(retryAfterSeconds) });
      return;
    }
    const token = signClientToken(PUBLIC_IDENTITY, options.jwtSecret, options.lifetimeSeconds);
    sendJson(response, 200, { token, expiresAt: new Date(Date.now() + options.lifetimeSeconds * 1000).toISOString(), expiresInSeconds: options.lifetimeSeconds });
  };
}
