import { benchAbuse } from './abuse';
import { benchEngine } from './engine';
import { benchExport } from './export';
import { benchFuzz } from './fuzz';
import { benchGateway } from './gateway';
import { benchObservability } from './observability';
import { benchScale } from './scale';
import { benchStatistics } from './statistics';
import { benchSubgraph } from './subgraph';
import { benchSubscriptions } from './subscriptions';
import { benchSubscriptionsScale } from './subscriptionsScale';
import type { TargetResult } from './report';

/** `npm run bench [name…]`: runs the named benchmarks (all by default) and exits non-zero if a target failed. */
const BENCHMARKS: Record<string, () => Promise<TargetResult[]>> = {
  abuse: benchAbuse,
  engine: benchEngine,
  export: benchExport,
  fuzz: benchFuzz,
  gateway: benchGateway,
  observability: benchObservability,
  scale: benchScale,
  statistics: benchStatistics,
  subgraph: benchSubgraph,
  subscriptions: benchSubscriptions,
  subscriptionsScale: benchSubscriptionsScale,
};

/**
 * Long runs (hundreds of thousands of seeded records, 50,000 subscriptions): `npm run bench scale`,
 * `npm run bench statistics`, `npm run bench subscriptionsScale`.
 */
const ONLY_WHEN_NAMED = new Set(['scale', 'statistics', 'subscriptionsScale']);

async function main(): Promise<void> {
  const requested = process.argv.slice(2);
  // `scale` loads a million records: only when asked for by name.
  const names = requested.length > 0 ? requested : Object.keys(BENCHMARKS).filter((name) => !ONLY_WHEN_NAMED.has(name));
  const results: TargetResult[] = [];
  for (const name of names) {
    const bench = BENCHMARKS[name];
    if (!bench) throw new Error(`unknown benchmark '${name}'; known: ${Object.keys(BENCHMARKS).join(', ')}`);
    results.push(...(await bench()));
  }
  const failed = results.filter((result) => !result.passed);
  console.log(`\n${results.length - failed.length} targets passed, ${failed.length} failed`);
  process.exitCode = failed.length > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
