import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Client-side routes of the web app: each is answered with its index.html. */
const APP_ROUTES = [/^\/$/, /^\/recall\/[^/]+$/, /^\/alert\/[^/]+$/, /^\/analysis$/];

interface WebFile {
  body: Buffer;
  type: string;
}

/**
 * The built web app (web/dist), read once at start into memory: a handful of files, so no request ever
 * touches the file system or a path a client chose. Returns null when the app has not been built. Its security
 * headers (CSP: its own scripts and styles only, the API on its own origin) are the gateway's (securityHeaders.ts).
 */
export function loadWebApp(webDir: string | null): { serve(path: string, response: ServerResponse, request: IncomingMessage): boolean } | null {
  if (!webDir || !existsSync(join(webDir, 'index.html'))) return null;
  const index = readFileSync(join(webDir, 'index.html'));
  const assets = new Map<string, WebFile>();
  const assetDir = join(webDir, 'assets');
  if (existsSync(assetDir)) {
    for (const name of readdirSync(assetDir)) {
      const type = CONTENT_TYPES[extname(name)];
      if (type) assets.set(`/assets/${name}`, { body: readFileSync(join(assetDir, name)), type });
    }
  }
  return {
    serve(path, response, request) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return false;
      const asset = assets.get(path);
      if (asset) {
        response.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-cache' });
        response.end(request.method === 'HEAD' ? undefined : asset.body);
        return true;
      }
      if (!APP_ROUTES.some((route) => route.test(path))) return false;
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
      response.end(request.method === 'HEAD' ? undefined : index);
      return true;
    },
  };
}
