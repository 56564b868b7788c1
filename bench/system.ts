import { startSystem, systemOptions, type RunningSystem, type SystemOptions } from '../scripts/system';
import { progress } from './report';

export const BENCH_SECRETS = { jwtSecret: 'bench-jwt-secret-0123456789abcdef', internalIdentitySecret: 'bench-internal-secret-0123456789ab' };

/** `BENCH_ENGINES=per-region` gives each region its own engine process (as deployments have); one shared by default. */
const ENGINES = process.env.BENCH_ENGINES === 'per-region' ? 'per-region' : 'shared';

/**
 * The per-caller limits lifted for benchmarks that measure throughput and fan-out with a handful of tokens (the
 * abuse benchmark keeps the production table: its attacker must meet it).
 */
const UNLIMITED = { rate: { burst: 1e9, perSecond: 1e9 }, maxConcurrentRequests: 1e6, maxConcurrentRequestsOfKind: 1e6, maxSockets: 1e6, maxSubscriptionsPerSocket: 1e6 };
export const BENCH_CALLER_LIMITS_JSON = JSON.stringify({ agency: UNLIMITED, public: UNLIMITED });

/** The whole system for a benchmark: every server its own process (so each one's CPU and memory can be read), any free ports. */
export function startBenchSystem(overrides: Partial<SystemOptions>): Promise<RunningSystem> {
  return startSystem(systemOptions(BENCH_SECRETS, {
    ports: { gateway: 0, engine: 0, BJ: 0, TJ: 0, HE: 0 },
    metricsPorts: { gateway: 0, BJ: 0, TJ: 0, HE: 0 },
    engines: ENGINES,
    inProcess: false,
    regionEnv: { LOG_LEVEL: 'info' },
    progress,
    ...overrides,
    gatewayEnv: { LOG_LEVEL: 'info', CALLER_LIMITS_JSON: BENCH_CALLER_LIMITS_JSON, ...overrides.gatewayEnv },
  }));
}

/** The operating-system process ID of a started server. */
export function pidOf(process: { child: { pid?: number } } | undefined): number {
  const pid = process?.child.pid;
  if (pid === undefined) throw new Error('the process is not running');
  return pid;
}
