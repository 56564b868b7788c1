import { ALL_REGION_CODES, regionNameOf, type RegionCode } from '../kernel';
import { BoundedProbe } from '../platform/boundedProbe';

export interface RegionHealth {
  region: string;
  /** The regional service answered HTTP. */
  reachable: boolean;
  /** It answered and its database answered a ping within its bound. */
  ready: boolean;
  latencyMs: number | null;
  /** What the region said about its database, when it answered. */
  database?: unknown;
  error?: string;
}

export interface GatewayHealth {
  /** ok: every region ready; degraded: some; down: none. */
  status: 'ok' | 'degraded' | 'down';
  regions: Record<RegionCode, RegionHealth>;
}

/** Region health is asked at most every quarter second, whoever asks: /health cannot be used to flood the regions. */
const REGION_HEALTH_MAX_AGE_MS = 250;

/** Regional readiness as the gateway sees it: each region's /health/ready, bounded in time and in rate. */
export class RegionHealthMonitor {
  private readonly probes: Record<RegionCode, BoundedProbe>;
  private readonly answers = new Map<RegionCode, { reachable: boolean; database?: unknown; error?: string }>();

  constructor(regionBaseUrls: Record<RegionCode, string>, timeoutMs: number) {
    this.probes = Object.fromEntries(
      ALL_REGION_CODES.map((region) => [region, new BoundedProbe((signal) => this.ask(region, `${regionBaseUrls[region]}/health/ready`, signal), timeoutMs, REGION_HEALTH_MAX_AGE_MS)]),
    ) as Record<RegionCode, BoundedProbe>;
  }

  private async ask(region: RegionCode, url: string, signal: AbortSignal): Promise<void> {
    this.answers.set(region, { reachable: false });
    const response = await fetch(url, { signal });
    const body = (await response.json().catch(() => ({}))) as { database?: { error?: string } };
    this.answers.set(region, { reachable: true, database: body.database, ...(response.ok ? {} : { error: `not ready (HTTP ${response.status}${body.database?.error ? `: database ${body.database.error}` : ''})` }) });
    if (!response.ok) throw new Error(this.answers.get(region)!.error);
  }

  async check(): Promise<GatewayHealth> {
    const entries = await Promise.all(
      ALL_REGION_CODES.map(async (region): Promise<[RegionCode, RegionHealth]> => {
        const probe = await this.probes[region].check();
        const answer = this.answers.get(region);
        const reachable = probe.ok || answer?.reachable === true;
        return [region, { region: regionNameOf(region), reachable, ready: probe.ok, latencyMs: probe.latencyMs, ...(answer?.database ? { database: answer.database } : {}), ...(probe.ok ? {} : { error: answer?.error ?? probe.error }) }];
      }),
    );
    const ready = entries.filter(([, health]) => health.ready).length;
    return { status: ready === entries.length ? 'ok' : ready > 0 ? 'degraded' : 'down', regions: Object.fromEntries(entries) as Record<RegionCode, RegionHealth> };
  }
}
