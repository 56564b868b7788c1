import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { REPO_ROOT } from '../platform/childProcess';
import { createMetricsRegistry } from '../platform/metricsServer';

/** The client operations the hub publishes (also the trusted documents of public tokens). */
export const OPERATIONS_DIR = join(REPO_ROOT, 'clients', 'operations');

/** Operation names of the known client documents: only these become label values (any other name is `other`). */
export function knownOperationNames(directory = OPERATIONS_DIR): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(directory).filter((name) => name.endsWith('.graphql'))) {
    for (const match of readFileSync(join(directory, file), 'utf8').matchAll(/\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/g)) names.add(match[1]!);
  }
  return names;
}

export type RegionCallOutcome = 'ok' | 'timeout' | 'reset' | 'overloaded' | 'cancelled' | 'unavailable';

/** The gateway's Prometheus metrics (served on METRICS_PORT). */
export class GatewayMetrics {
  readonly registry: Registry;
  private readonly operations = knownOperationNames();
  readonly requests: Counter<'operation' | 'outcome'>;
  readonly requestSeconds: Histogram<'operation'>;
  readonly regionCalls: Counter<'region' | 'subgraph' | 'outcome'>;
  readonly regionCallSeconds: Histogram<'region' | 'subgraph'>;
  readonly rejected: Counter<'reason'>;
  readonly queryCost: Histogram;
  readonly queryDepth: Histogram;
  readonly exports: Counter<'export' | 'outcome'>;
  readonly exportRows: Counter<'export'>;
  readonly fastPath: Counter<'outcome'>;

  constructor(subscriptions: () => { connections: number; subscribers: number; groups: number; catchUpLogReads: Partial<Record<string, number>> }, eventPositions: () => Partial<Record<string, number>>) {
    this.registry = createMetricsRegistry('gateway');
    const registers = [this.registry];
    this.requests = new Counter({ name: 'jjj_gateway_requests_total', help: 'GraphQL requests by operation and outcome (ok or the first error code)', labelNames: ['operation', 'outcome'], registers });
    this.requestSeconds = new Histogram({ name: 'jjj_gateway_request_duration_seconds', help: 'GraphQL request duration', labelNames: ['operation'], buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers });
    this.fastPath = new Counter({ name: 'jjj_gateway_fast_path_requests_total', help: 'GraphQL requests the fast path took (one subgraph, no merge needed): answered, or handed to the executor (an error to remap, a region that failed)', labelNames: ['outcome'], registers });
    this.regionCalls = new Counter({ name: 'jjj_gateway_region_calls_total', help: 'Calls to regional deployments by region, subgraph and outcome', labelNames: ['region', 'subgraph', 'outcome'], registers });
    this.regionCallSeconds = new Histogram({ name: 'jjj_gateway_region_call_duration_seconds', help: 'Duration of calls to regional deployments', labelNames: ['region', 'subgraph'], buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 3], registers });
    this.rejected = new Counter({ name: 'jjj_gateway_rejected_requests_total', help: 'Requests refused before they ran, by reason', labelNames: ['reason'], registers });
    this.queryCost = new Histogram({ name: 'jjj_gateway_query_cost', help: 'Estimated cost of executed operations', buckets: [10, 50, 100, 500, 1000, 5000, 10_000, 50_000, 100_000], registers });
    this.queryDepth = new Histogram({ name: 'jjj_gateway_query_depth', help: 'Depth of executed operations', buckets: [1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 24], registers });
    this.exports = new Counter({ name: 'jjj_gateway_exports_total', help: 'Bulk exports (GET /export/…) by export and outcome (ok, a refusal code, or the failure that aborted one mid-stream)', labelNames: ['export', 'outcome'], registers });
    this.exportRows = new Counter({ name: 'jjj_gateway_export_rows_total', help: 'Rows written by bulk exports', labelNames: ['export'], registers });
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read());
        },
      });
    gauge('jjj_gateway_websocket_connections', 'Open client WebSocket connections', () => subscriptions().connections);
    gauge('jjj_gateway_subscribers', 'Live client subscriptions', () => subscriptions().subscribers);
    new Gauge({
      name: 'jjj_gateway_event_position',
      help: 'Last sequence number received from each region’s event stream (lag: jjj_region_event_log_latest_seq minus this)',
      labelNames: ['region'],
      registers,
      collect() {
        for (const [region, seq] of Object.entries(eventPositions())) if (seq !== undefined) this.set({ region }, seq);
      },
    });
    gauge('jjj_gateway_subscription_groups', 'Groups of identical subscriptions (one resolution per event each)', () => subscriptions().groups);
    new Gauge({
      name: 'jjj_gateway_catch_up_log_reads',
      help: 'Reads of each region’s event log for resuming subscribers since start (shared: one per block of events, however many subscribers need it)',
      labelNames: ['region'],
      registers,
      collect() {
        for (const [region, reads] of Object.entries(subscriptions().catchUpLogReads)) if (reads !== undefined) this.set({ region }, reads);
      },
    });
  }

  /** The label for an operation name: known client operations by name, everything else `other`. */
  operationLabel(name: string | null | undefined): string {
    return name && this.operations.has(name) ? name : 'other';
  }
}
