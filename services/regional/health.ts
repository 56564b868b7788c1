import type { ServerResponse } from 'node:http';
import type { Db } from 'mongodb';
import type { RegionCode } from '../../kernel';
import { BoundedProbe, type ProbeResult } from '../../platform/boundedProbe';

export interface RegionalHealthSources {
  region: RegionCode;
  db: Db;
  /** How long the database may take to answer a ping before the region counts as not ready. */
  timeoutMs: number;
  /** Newest sequence in the region's event log. */
  latestEventSeq: () => number;
  /** True once the service has begun to stop (an orchestrator should send no more traffic). */
  stopping: () => boolean;
}

/**
 * The regional service's health routes: `/health/live` (the process serves HTTP), `/health/ready` (the database
 * answers a ping within the bound and the service is not stopping) and `/health` (the same with detail).
 */
export function regionalHealthRoutes(sources: RegionalHealthSources): Record<string, (response: ServerResponse) => void> {
  // One ping at a time, its answer reused for a second: probes from several callers cost the database one command.
  const database = new BoundedProbe(async (signal) => {
    // The driver (6.x) ignores timeoutMS; the probe's abort at the bound closes the connection of a ping that hangs.
    await sources.db.command({ ping: 1 }, { signal });
  }, sources.timeoutMs);
  const readiness = async () => {
    const probe = await database.check();
    const ready = probe.ok && !sources.stopping();
    return { ready, body: { status: ready ? 'ready' : 'not-ready', region: sources.region, stopping: sources.stopping(), database: describe(probe), latestEventSeq: sources.latestEventSeq() } };
  };
  return {
    '/health/live': (response) => sendJson(response, 200, { status: 'live', region: sources.region }),
    '/health/ready': (response) => void readiness().then(({ ready, body }) => sendJson(response, ready ? 200 : 503, { status: body.status, region: body.region, database: body.database })),
    '/health': (response) => void readiness().then(({ ready, body }) => sendJson(response, ready ? 200 : 503, { ...body, uptimeSeconds: Math.round(process.uptime()) })),
  };
}

function describe(probe: ProbeResult): { ok: boolean; latencyMs: number | null; error?: string } {
  return { ok: probe.ok, latencyMs: probe.latencyMs, ...(probe.error ? { error: probe.error } : {}) };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}
