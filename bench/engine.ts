import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { startEngine } from '../services/engine';
import { checkTarget, info, percentile, progress, timeEach, type TargetResult } from './report';

const DOCUMENTS = Number(process.env.BENCH_ENGINE_DOCS ?? 100_000);
const BATCH = 1_000;
const CATEGORIES = ['ELECTRIC_BICYCLE', 'TOYS', 'COSMETICS', 'TEXTILES', 'FOOD_CONTACT', 'AUTO_PARTS', 'FURNITURE', 'GAS_APPLIANCES'];

/** Engine benchmark: insert throughput, indexed lookup, indexed page and recovery time over 100,000 documents. */
export async function benchEngine(): Promise<TargetResult[]> {
  console.log(`\n== embedded engine (${DOCUMENTS.toLocaleString()} documents) ==`);
  const dataDir = mkdtempSync(join(tmpdir(), 'jjj-bench-engine-'));
  const results: TargetResult[] = [];
  let engine = await startEngine({ dataDir });
  let client = await MongoClient.connect(engine.uri);
  try {
    let collection = client.db('bench').collection<{ _id: string }>('recalls');
    await collection.createIndex({ recallNumber: 1 }, { unique: true });
    await collection.createIndex({ productCategory: 1, announcedAt: -1, _id: -1 });
    const started = Date.now();
    for (let offset = 0; offset < DOCUMENTS; offset += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, DOCUMENTS - offset) }, (_, i) => {
        const n = offset + i;
        return {
          _id: `TJ-RCL-2024-${String(n).padStart(6, '0')}`,
          recallNumber: `津召〔2024〕${n}号`,
          productCategory: CATEGORIES[n % CATEGORIES.length],
          status: n % 5 === 0 ? 'COMPLETED' : 'ANNOUNCED',
          announcedAt: new Date(Date.UTC(2022, 0, 1) + ((n * 7919) % 1_000_000) * 60_000),
          productName: `某品牌产品型号${n}`,
          quantityToRecall: n % 1000,
        };
      });
      await collection.insertMany(batch, { ordered: false });
      if ((offset / BATCH) % 20 === 0) progress(`inserted ${offset + batch.length}/${DOCUMENTS}`);
    }
    const insertSeconds = (Date.now() - started) / 1000;
    info('insert throughput (insertMany batches of 1,000, journaled)', DOCUMENTS / insertSeconds, 'docs/s');

    const lookups = await timeEach(2_000, (i) => collection.findOne({ recallNumber: `津召〔2024〕${(i * 37) % DOCUMENTS}号` }));
    results.push(checkTarget('indexed equality lookup p50', percentile(lookups, 50), 'ms', '<=', 1));
    info('indexed equality lookup p99', percentile(lookups, 99), 'ms');

    const pages = await timeEach(1_000, (i) =>
      collection.find({ productCategory: CATEGORIES[i % CATEGORIES.length] }).sort({ announcedAt: -1, _id: -1 }).limit(20).toArray(),
    );
    results.push(checkTarget('page of 20 (indexed equality, sorted by indexed date) p50', percentile(pages, 50), 'ms', '<=', 10));
    info('page of 20 p99', percentile(pages, 99), 'ms');

    await client.close();
    await engine.close();
    progress('restarting engine to measure recovery');
    const recoveryStarted = Date.now();
    engine = await startEngine({ dataDir });
    const recoveryMs = Date.now() - recoveryStarted;
    client = await MongoClient.connect(engine.uri);
    collection = client.db('bench').collection<{ _id: string }>('recalls');
    const recovered = await collection.estimatedDocumentCount();
    results.push(checkTarget(`recovery of ${recovered.toLocaleString()} documents from the journal`, recoveryMs / 1000, 's', '<=', 5));
    if (recovered !== DOCUMENTS) console.log(`FAIL  recovered ${recovered} of ${DOCUMENTS} documents`);
    // Compaction while lookups go on: the longest event-loop pause it causes, beside the longest pause of the same
    // lookups without it (what the machine and the garbage collector cause anyway).
    const lookupsWhile = async (running: () => boolean) => {
      const pauses = { longestMs: 0, last: performance.now() };
      const ticker = setInterval(() => {
        const now = performance.now();
        pauses.longestMs = Math.max(pauses.longestMs, now - pauses.last);
        pauses.last = now;
      }, 1);
      const latencies: number[] = [];
      for (let i = 0; running(); i++) {
        const lookupStarted = performance.now();
        await collection.findOne({ recallNumber: `津召〔2024〕${(i * 53) % DOCUMENTS}号` });
        latencies.push(performance.now() - lookupStarted);
      }
      clearInterval(ticker);
      return { longestPauseMs: pauses.longestMs, p99: percentile(latencies, 99) };
    };
    const compactionStarted = Date.now();
    let compacting = true;
    const compaction = engine.compact().finally(() => (compacting = false));
    const during = await lookupsWhile(() => compacting);
    await compaction;
    const compactionMs = Date.now() - compactionStarted;
    const baselineUntil = Date.now() + compactionMs;
    const without = await lookupsWhile(() => Date.now() < baselineUntil);
    info(`compaction of ${recovered.toLocaleString()} documents into a snapshot`, compactionMs / 1000, 's');
    info('indexed lookup p99 during compaction', during.p99, 'ms');
    info('indexed lookup p99 for as long without compaction', without.p99, 'ms');
    info('longest event-loop pause for as long without compaction (machine, GC)', without.longestPauseMs, 'ms');
    info('memory per document (heap used / documents)', process.memoryUsage().heapUsed / recovered, 'bytes');
    results.push(checkTarget('longest event-loop pause during compaction (lookups running)', during.longestPauseMs, 'ms', '<=', 50));
    await client.close();
    await engine.close();
    const snapshotStarted = Date.now();
    engine = await startEngine({ dataDir });
    results.push(checkTarget('recovery from a compacted snapshot', (Date.now() - snapshotStarted) / 1000, 's', '<=', 5));
    client = await MongoClient.connect(engine.uri);
  } finally {
    await client.close();
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return results;
}
