import type { ApolloServerPlugin } from '@apollo/server';
import type { CommandFailedEvent, CommandSucceededEvent, MongoClient } from 'mongodb';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { RegionCode } from '../../kernel';
import { createMetricsRegistry } from '../../platform/metricsServer';
import type { OutboxRelay } from './events/outboxRelay';

/** One regional service's Prometheus metrics (served on its METRICS_PORT). */
export class RegionalMetrics {
  readonly registry: Registry;
  readonly requests: Counter<'endpoint' | 'outcome'>;
  readonly requestSeconds: Histogram<'endpoint'>;
  readonly commandSeconds: Histogram<'command' | 'outcome'>;

  constructor(region: RegionCode, relay: OutboxRelay) {
    this.registry = createMetricsRegistry(`regional-${region}`);
    const registers = [this.registry];
    this.requests = new Counter({ name: 'jjj_region_requests_total', help: 'GraphQL requests by endpoint (regional or links) and outcome', labelNames: ['endpoint', 'outcome'], registers });
    this.requestSeconds = new Histogram({ name: 'jjj_region_request_duration_seconds', help: 'GraphQL request duration', labelNames: ['endpoint'], buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 3], registers });
    this.commandSeconds = new Histogram({ name: 'jjj_region_db_command_duration_seconds', help: 'Database command duration (the driver’s command monitoring)', labelNames: ['command', 'outcome'], buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registers });
    new Gauge({
      name: 'jjj_region_outbox_backlog',
      help: 'Records whose events are not in the event log yet',
      registers,
      async collect() {
        this.set(await relay.pendingCount());
      },
    });
    new Gauge({
      name: 'jjj_region_event_log_latest_seq',
      help: 'Newest sequence number in the region’s event log (compare jjj_gateway_event_position)',
      registers,
      collect() {
        this.set(relay.lastSeq);
      },
    });
  }

  /** Times every command the service's MongoClient runs (the client is created with monitorCommands). */
  watchCommands(client: MongoClient): void {
    client.on('commandSucceeded', (event: CommandSucceededEvent) => this.commandSeconds.observe({ command: event.commandName, outcome: 'ok' }, event.duration / 1000));
    client.on('commandFailed', (event: CommandFailedEvent) => this.commandSeconds.observe({ command: event.commandName, outcome: 'failed' }, event.duration / 1000));
  }

  /** Counts and times the requests of one endpoint. */
  plugin(endpoint: 'regional' | 'links'): ApolloServerPlugin {
    return {
      requestDidStart: async () => {
        const started = process.hrtime.bigint();
        return {
          willSendResponse: async ({ response }) => {
            const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
            const code = body?.errors?.[0]?.extensions?.code;
            this.requests.inc({ endpoint, outcome: typeof code === 'string' ? code : 'ok' });
            this.requestSeconds.observe({ endpoint }, Number(process.hrtime.bigint() - started) / 1e9);
          },
        };
      },
    };
  }
}
