import type { IncomingMessage, ServerResponse } from 'node:http';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { PUBLIC_IDENTITY } from '../platform/agencies';
import { signClientToken } from '../platform/identity';

export interface PublicTokenOptions {
  jwtSecret: string;
  lifetimeSeconds: number;
  perMinute: number;
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  response.end(JSON.stringify(body));
}

/**
 * `POST /public-token`: a short-lived `public:read` token for the public pages, no login; a client address
 * asking more than `perMinute` times a minute gets 429 with Retry-After. Pages renew the token before it ends.
 */
export function publicTokenHandler(options: PublicTokenOptions): (request: IncomingMessage, response: ServerResponse) => void {
  const limiter = new RateLimiterMemory({ points: options.perMinute, duration: 60 });
  return (request, response) => {
    if (request.method !== 'POST') {
      sendJson(response, 405, { error: 'use POST' }, { allow: 'POST' });
      return;
    }
    request.resume();
    limiter
      .consume(request.socket.remoteAddress ?? 'unknown')
      .then(() => {
        const token = signClientToken(PUBLIC_IDENTITY, options.jwtSecret, options.lifetimeSeconds);
        sendJson(response, 200, { token, expiresAt: new Date(Date.now() + options.lifetimeSeconds * 1000).toISOString(), expiresInSeconds: options.lifetimeSeconds });
      })
      .catch((refusal: unknown) => {
        if (!(refusal instanceof RateLimiterRes)) {
          sendJson(response, 500, { error: 'token could not be issued' });
          return;
        }
        const retryAfterSeconds = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
        sendJson(response, 429, { error: `too many token requests from this address; retry in ${retryAfterSeconds} s`, retryAfterSeconds }, { 'retry-after': String(retryAfterSeconds) });
      });
  };
}
