import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { ALL_REGION_CODES, type RegionCode } from '../kernel';
import { SERVICE_IDENTITY } from '../platform/identity';
import { SUBGRAPHS, type SubgraphName } from './subgraphs';
import type { IdentityForwarder } from './router/identityForwarding';

export const SCHEMA_DIR = join(__dirname, '..', 'schema');

export function composedSubgraphSdl(name: SubgraphName): string {
  return readFileSync(join(SCHEMA_DIR, 'subgraphs', `${name}.graphql`), 'utf8');
}

export class SchemaMismatchError extends Error {}

/**
 * Composition saw the regional schema once, so every regional deployment must serve exactly that SDL.
 * A deployment serving another schema stops the gateway; an unreachable one is reported and skipped.
 */
export async function checkRegionalSchemas(
  regionBaseUrls: Record<RegionCode, string>,
  forwarder: IdentityForwarder,
  logger: Logger,
  timeoutMs: number,
): Promise<{ unreachable: RegionCode[] }> {
  const unreachable = new Set<RegionCode>();
  const mismatches: string[] = [];
  await Promise.all(
    ALL_REGION_CODES.flatMap((region) =>
      (Object.keys(SUBGRAPHS) as SubgraphName[]).map(async (subgraph) => {
        const url = `${regionBaseUrls[region]}${SUBGRAPHS[subgraph].path}`;
        try {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-jjj-identity': forwarder.headerFor(SERVICE_IDENTITY) },
            body: JSON.stringify({ query: '{ _service { sdl } }' }),
            signal: AbortSignal.timeout(timeoutMs),
          });
          const body = (await response.json()) as { data?: { _service?: { sdl?: string } } };
          const served = body.data?._service?.sdl;
          if (served !== composedSubgraphSdl(subgraph)) mismatches.push(`${region} ${subgraph} subgraph at ${url} serves a schema other than the composed one`);
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
