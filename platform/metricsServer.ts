import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { closeServer, listen } from './httpListen';

/**
 * How often the event-loop lag histogram samples (prom-client's default is 10 ms). Each sample is a timer wakeup,
 * and on these machines a wakeup of an otherwise idle process costs about 70 µs of CPU: at 10 ms that alone was
 * 0.7 % of a core per process, a third of an idle gateway's CPU. 50 ms still samples 20 times a second.
 */
const EVENT_LOOP_SAMPLE_MS = 50;

/** A Prometheus registry with the process metrics (CPU, memory, event loop lag, GC) of this process. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
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
