/**
 * Engine GC harness (issue 22): an engine filled with N synthetic Tianjin recalls in-process (straight into the
 * collection, no journal: about 2 minutes per million on a quiet machine instead of the scale bench's 40), serving
 * the wire protocol. It notes event-loop pauses (a 1 ms timer's gaps over 8 ms) and garbage collections over 3 ms on
 * the same clock (performance timeline), and prints them on SIGUSR2 and at exit, so a pause can be matched to its
 * collection; run node with --trace-gc (or --trace-gc-nvp) for V8's own account. Then bench/engineGc/client.ts
 * reads pages and forces a compaction. For example:
 *
 *   N=1000000 node --max-old-space-size=12288 --max-semi-space-size=64 --trace-gc -r @swc-node/register bench/engineGc/server.ts
 *   PORT=27999 node -r @swc-node/register bench/engineGc/client.ts
 *
 * ALLOCATIONS=1 samples where the engine allocates once it is filled, garbage included (V8's sampling heap profiler
 * keeping objects the collections freed), and prints the top allocating functions at exit: what makes the
 * scavenges.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { Session } from 'node:inspector/promises';
import { deserialize, serialize } from 'bson';
import { generateSeedData } from '../../seeds/generate';
import { syntheticRecall } from '../syntheticRecalls';
import { Storage } from '../../services/engine/storage/storage';
import { createWireServer } from '../../services/engine/server';
import { CursorRegistry } from '../../services/engine/commands/cursorRegistry';
import { OperationRegistry } from '../../services/engine/operations';
import { gcKindOf, watchEventLoop } from '../../services/engine/eventLoop';
import { prepareInsert } from '../../services/engine/documents';
import type { IndexDirection } from '../../services/engine/storage/indexes';
import { REGION_INDEXES } from '../../services/regional/model/indexes';

const N = Number(process.env.N ?? 100_000);
const PORT = Number(process.env.PORT ?? 27999);

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jjj-engine-gc-'));
  watchEventLoop();
  const storage = await Storage.open({ dataDir });
  const seed = generateSeedData();
  const template = seed.TJ.recalls[0] as unknown as Record<string, unknown>;
  const categories = [...new Set(seed.TJ.recalls.map((recall) => String((recall as unknown as Record<string, unknown>).productCategory)))];
  const collection = storage.createCollection('jjj_tj', 'recalls', {});
  for (const spec of REGION_INDEXES.recalls) collection.createIndex({ name: spec.name!, key: spec.key as Record<string, IndexDirection>, unique: spec.unique });
  const started = performance.now();
  for (let n = 0; n < N; n++) {
    // As bench/scale.ts makes them, through BSON as the wire delivers them.
    const recall = syntheticRecall(template, n, categories);
    collection.insert(prepareInsert(deserialize(serialize(recall))));
    if (n % 50_000 === 49_999) {
      console.log(`filled ${n + 1} in ${((performance.now() - started) / 1000).toFixed(1)} s, heap ${(process.memoryUsage().heapUsed / 1e9).toFixed(2)} GB`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const heap = process.memoryUsage().heapUsed;
  console.log(`filled ${N} in ${((performance.now() - started) / 1000).toFixed(1)} s; heap ${(heap / 1e9).toFixed(2)} GB, ${(heap / N).toFixed(0)} B/document`);

  const events: string[] = [];
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    if (now - last - 1 > 8) events.push(`pause ${(now - last - 1).toFixed(1)} ms, ${last.toFixed(1)}-${now.toFixed(1)}`);
    last = now;
  }, 1);
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.duration > 3) events.push(`gc ${gcKindOf(entry)} ${entry.duration.toFixed(1)} ms, ${entry.startTime.toFixed(1)}-${(entry.startTime + entry.duration).toFixed(1)}`);
    }
  }).observe({ entryTypes: ['gc'] });
  const printEvents = () => {
    console.log(events.join('\n'));
    events.length = 0;
  };
  process.on('SIGUSR2', printEvents);

  const allocations = process.env.ALLOCATIONS ? await startAllocationSampling() : null;
  const { server } = createWireServer({ storage, cursors: new CursorRegistry(), operations: new OperationRegistry() });
  server.listen(PORT, '127.0.0.1', () => console.log(`ready on ${PORT}`));
  const stop = async () => {
    printEvents();
    if (allocations) await allocations();
    server.close();
    await storage.close();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SamplingNode[];
}

/** Starts sampling allocations; the returned function stops and prints the top allocating functions. */
async function startAllocationSampling(): Promise<() => Promise<void>> {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
  return async () => {
    const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as { profile: { head: SamplingNode } };
    const bySite = new Map<string, number>();
    const siteOf = (node: SamplingNode) => `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*\/(node_modules|services)\//, '$1/')}:${node.callFrame.lineNumber + 1}`;
    // A builtin's allocations (Object.keys, Map, …) are named with their caller's.
    const visit = (node: SamplingNode, parent: string) => {
      const own = siteOf(node);
      const site = node.callFrame.url ? own : `${own} ← ${parent}`;
      bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
      for (const child of node.children) visit(child, own);
    };
    visit(profile.head, '');
    const total = [...bySite.values()].reduce((sum, bytes) => sum + bytes, 0);
    console.log(`allocations sampled: ${(total / 1e6).toFixed(1)} MB`);
    for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${((100 * bytes) / total).toFixed(1).padStart(5)}% ${(bytes / 1e6).toFixed(1).padStart(8)} MB  ${site}`);
  };
}

void main();
