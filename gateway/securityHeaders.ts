import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseHost } from './allowedHosts';

/** `graphiql`: GraphiQL's page; `strict`: every other answer (the web app, assets, the JSON API, errors). */
export type SecurityHeadersKind = 'strict' | 'graphiql';

/** Headers every answer of the gateway's HTTP server carries, whatever it is. */
const FIXED_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['x-content-type-options', 'nosniff'],
  ['referrer-policy', 'no-referrer'],
  ['x-frame-options', 'DENY'],
];

/** Policies already built, by kind and Host (bounded: a client may send any number of hosts with ALLOWED_HOSTS=*). */
const POLICIES = new Map<string, string>();
const MAX_CACHED_POLICIES = 64;

/**
 * What a page of the gateway may load: its own scripts (no inline script anywhere: GraphiQL's is an asset too),
 * styles, images and fonts, and the API on its own origin over HTTP and over the WebSocket. In CSP Level 3 `'self'`
 * covers ws:/wss: on the page's host (Chromium opens GraphiQL's and the web app's sockets under `connect-src
 * 'self'` alone: checked); the WebSocket origin is named as well for browsers that read `'self'` as the page's
 * scheme only.
 *
 * GraphiQL's page alone gets what its bundle needs (checked in Chromium, each refused otherwise): inline styles
 * (`'unsafe-inline'` in style-src: its dialogs add <style> elements whose text varies, so no hash fits) and its
 * fonts, which its stylesheet carries as `data:` URLs. Scripts stay 'self' there too.
 */
function contentSecurityPolicy(request: IncomingMessage, kind: SecurityHeadersKind): string {
  // The Host is in ALLOWED_HOSTS by the time a page is answered; with ALLOWED_HOSTS=* it is whatever the client sent,
  // so only a well-formed host name ever goes into the header.
  const host = request.headers.host && parseHost(request.headers.host) ? request.headers.host.trim().toLowerCase() : null;
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self'${kind === 'graphiql' ? " 'unsafe-inline'" : ''}`,
    "img-src 'self' data:",
    `font-src 'self'${kind === 'graphiql' ? ' data:' : ''}`,
    `connect-src ${host ? `'self' ws://${host} wss://${host}` : "'self'"}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Sets the security headers on `response` before a route answers (a route's own `writeHead` headers add to them). */
export function setSecurityHeaders(request: IncomingMessage, response: ServerResponse, kind: SecurityHeadersKind = 'strict'): void {
  for (const [name, value] of FIXED_HEADERS) response.setHeader(name, value);
  const cacheKey = `${kind} ${request.headers.host ?? ''}`;
  let policy = POLICIES.get(cacheKey);
  if (policy === undefined) {
    policy = contentSecurityPolicy(request, kind);
    if (POLICIES.size >= MAX_CACHED_POLICIES) POLICIES.clear();
    POLICIES.set(cacheKey, policy);
  }
  response.setHeader('content-security-policy', policy);
}
