import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { closeServer, listen } from './httpListen';

/** A Prometheus registry with the process metrics (CPU, memory, event loop lag, GC) of this process. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

export interface RunningMetricsServer {
  url: string;
  stop(): Promise<void>;
}

/** Serves `GET /metrics` on its own port (never the public one), for Prometheus to scrape. */
export async function startMetricsServer(registry: Registry, port: number, host: string): Promise<RunningMetricsServer> {
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('metrics are at /metrics\n');
      return;
    }
    registry
      .metrics()
      .then((text) => {
        response.writeHead(200, { 'content-type': registry.contentType });
        response.end(text);
      })
      .catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(`metrics could not be collected: ${String(error)}\n`);
      });
  });
  const bound = await listen(server, port, host);
  return { url: `http://${host}:${bound}/metrics`, stop: () => closeServer(server) };
}
