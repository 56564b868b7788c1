import type { Logger } from 'pino';
import { IDENTITY_HEADER, SUBGRAPH_NAMES, SUBGRAPHS, type SubgraphName } from '../contract';
import { ALL_REGION_CODES, type RegionCode } from '../kernel';
import { SERVICE_IDENTITY } from '../platform/identity';
import type { IdentityForwarder } from './router/identityForwarding';

export class SchemaMismatchError extends Error {}

/**
 * Composition saw the regional schema once, so every regional deployment must serve exactly that SDL.
 * A deployment serving another schema stops the gateway; an unreachable one is reported and skipped.
 */
export async function checkRegionalSchemas(
  regionBaseUrls: Record<RegionCode, string>,
  composedSdl: Readonly<Record<SubgraphName, string>>,
  forwarder: IdentityForwarder,
  logger: Logger,
  timeoutMs: number,
): Promise<{ unreachable: RegionCode[] }> {
  const unreachable = new Set<RegionCode>();
  const mismatches: string[] = [];
  await Promise.all(
    ALL_REGION_CODES.flatMap((region) =>
      SUBGRAPH_NAMES.map(async (subgraph) => {
        const url = `${regionBaseUrls[region]}${SUBGRAPHS[subgraph].path}`;
        try {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: forwarder.headerFor(SERVICE_IDENTITY, { region, endpoint: subgraph }) },
            body: JSON.stringify({ query: '{ _service { sdl } }' }),
            signal: AbortSignal.timeout(timeoutMs),
          });
          const body = (await response.json()) as { data?: { _service?: { sdl?: string } } };
          const served = body.data?._service?.sdl;
          if (served !== composedSdl[subgraph]) mismatches.push(`${region} ${subgraph} subgraph at ${url} serves a schema other than the composed one`);
        } catch (error) {
          unreachable.add(region);
          logger.warn({ region, subgraph, url, err: (error as Error).message }, 'regional deployment unreachable during the schema check');
        }
      }),
    ),
  );
  if (mismatches.length > 0) throw new SchemaMismatchError(`Schema check failed (run npm run compose and redeploy):\n  - ${mismatches.join('\n  - ')}`);
  return { unreachable: [...unreachable] };
}
