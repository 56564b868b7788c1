/**
 * Client of bench/engineGc/server.ts: SAMPLES pages of 20 by category (the regional list's find, sorted by
 * announcedAt and _id, limit 21) without and with countDocuments, as the scale bench's pages ask the engine, then
 * (unless NO_COMPACT) a forced compaction while pages go on, printing the engine's pause figures.
 */
import { MongoClient } from 'mongodb';
import { percentile } from '../report';

const PORT = Number(process.env.PORT ?? 27999);
const SAMPLES = Number(process.env.SAMPLES ?? 300);

interface CompactionReply {
  lastPauseMs: number;
  lastPauseOwnMs: number;
}

async function main(): Promise<void> {
  const client = await MongoClient.connect(`mongodb://127.0.0.1:${PORT}/?directConnection=true`, { maxPoolSize: 4 });
  const db = client.db('jjj_tj');
  const recalls = db.collection('recalls');
  // CATEGORIES (comma-separated) spares the engine a distinct over every recall (which would dominate ALLOCATIONS' profile).
  const categories = process.env.CATEGORIES ? process.env.CATEGORIES.split(',') : ((await recalls.distinct('productCategory')) as string[]);
  const page = async (i: number, count: boolean) => {
    const filter = { productCategory: categories[i % categories.length] };
    const started = performance.now();
    await Promise.all([recalls.find(filter, { sort: { announcedAt: -1, _id: -1 }, limit: 21 }).toArray(), count ? recalls.countDocuments(filter) : null]);
    return performance.now() - started;
  };
  const summary = (times: number[]) => `p50 ${percentile(times, 50).toFixed(2)} p99 ${percentile(times, 99).toFixed(2)} max ${Math.max(...times).toFixed(1)} ms`;
  for (let i = 0; i < 30; i++) await page(i, true);
  await db.admin().command({ serverStatus: 1, resetEventLoop: true });
  const plain: number[] = [];
  const counted: number[] = [];
  for (let i = 0; i < SAMPLES; i++) plain.push(await page(i, false));
  for (let i = 0; i < SAMPLES; i++) counted.push(await page(i, true));
  const status = (await db.admin().command({ serverStatus: 1 })) as { eventLoop: { maxPauseMs: number } };
  console.log(`pages ${summary(plain)} | counted ${summary(counted)} | engine's longest pause ${status.eventLoop.maxPauseMs.toFixed(1)} ms`);
  if (!process.env.NO_COMPACT) {
    let compacting = true;
    const started = performance.now();
    const compaction = db.command({ compact: 'recalls' }).finally(() => {
      compacting = false;
    });
    const during: number[] = [];
    for (let i = 0; compacting; i++) during.push(await page(i, false));
    const reply = (await compaction) as unknown as CompactionReply;
    console.log(`compaction ${((performance.now() - started) / 1000).toFixed(1)} s, longest pause ${reply.lastPauseMs.toFixed(1)} ms (own ${reply.lastPauseOwnMs.toFixed(1)}); ${during.length} pages meanwhile: ${summary(during)}`);
  }
  await client.close();
}

void main();
