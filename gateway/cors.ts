import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from 'cors';

/** The request's own origin as a browser would name it (the gateway's pages are always allowed). */
function ownOrigin(request: IncomingMessage): string | undefined {
  const host = request.headers.host;
  if (!host) return undefined;
  const secure = (request.socket as { encrypted?: boolean }).encrypted === true;
  return `${secure ? 'https' : 'http'}://${host}`;
}

/** Whether a browser on `origin` may call the gateway: no Origin (not a browser), the gateway's own pages, or a listed origin. */
export function originAllowed(origin: string | undefined, request: IncomingMessage, allowed: readonly string[]): boolean {
  return origin === undefined || origin === ownOrigin(request) || allowed.includes(origin);
}

/**
 * CORS for the API routes (`cors` package): listed origins get the CORS headers and answered preflights; a
 * request from any other foreign origin is refused with 403 before it runs.
 */
export function corsHandler(allowed: readonly string[]): (request: IncomingMessage, response: ServerResponse, next: () => void) => void {
  const middleware = cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.includes(origin)),
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['content-type', 'authorization', 'apollo-require-preflight', 'x-apollo-operation-name'],
    exposedHeaders: ['content-disposition', 'x-jjj-export-id', 'x-jjj-export-rows', 'x-request-id'],
    maxAge: 600,
  });
  return (request, response, next) => {
    const origin = request.headers.origin;
    if (!originAllowed(origin, request, allowed)) {
      response.writeHead(403, { 'content-type': 'application/json', vary: 'Origin' });
      response.end(JSON.stringify({ errors: [{ message: `origin ${origin} may not call this API (see CORS_ORIGINS)`, extensions: { code: 'FORBIDDEN_ORIGIN' } }] }));
      return;
    }
    // Without an Origin the `cors` middleware adds nothing (its origin callback refuses undefined): not a browser.
    if (origin === undefined) return next();
    middleware(request, response, (error?: unknown) => {
      if (error) throw error;
      next();
    });
  };
}
