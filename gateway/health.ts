import { ALL_REGION_CODES, regionNameOf, type RegionCode } from '../kernel';

export interface RegionHealth {
  region: string;
  reachable: boolean;
  latencyMs: number | null;
  error?: string;
}

/** Asks each regional deployment's /health at once; the gateway is "degraded" while any region is unreachable. */
export async function checkRegions(regionBaseUrls: Record<RegionCode, string>, timeoutMs: number): Promise<{ status: 'ok' | 'degraded'; regions: Record<RegionCode, RegionHealth> }> {
  const entries = await Promise.all(
    ALL_REGION_CODES.map(async (region): Promise<[RegionCode, RegionHealth]> => {
      const started = Date.now();
      try {
        const response = await fetch(`${regionBaseUrls[region]}/health`, { signal: AbortSignal.timeout(timeoutMs) });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        await response.arrayBuffer();
        return [region, { region: regionNameOf(region), reachable: true, latencyMs: Date.now() - started }];
      } catch (error) {
        return [region, { region: regionNameOf(region), reachable: false, latencyMs: null, error: (error as Error).message }];
      }
    }),
  );
  const regions = Object.fromEntries(entries) as Record<RegionCode, RegionHealth>;
  return { status: entries.every(([, health]) => health.reachable) ? 'ok' : 'degraded', regions };
}
