import { isDeepStrictEqual } from 'node:util';
import type { Agent } from 'node:http';
import { startTsProcess, type ManagedProcess } from '../platform/childProcess';
import type { RunningSystem } from '../scripts/system';
import type { SeedData } from '../seeds/generate';
import { postGraphql, preciseCpuMs, throughput } from './measure';

import { checkTarget, info, percentile, progress, type TargetResult } from './report';
import { BENCH_SECRETS, pidOf } from './system';

const REQUESTS = Number(process.env.BENCH_STOCK_REQUESTS ?? 1200);
const WARM_UP = Number(process.env.BENCH_STOCK_WARM_UP ?? 100);
/**
 * CPU per request is taken per block of this many requests per side (a GC or compilation burst moves one block, not
 * the result). The sides' requests alternate, so a block of ours and the stock block of the same requests ran on the
 * same machine at the same time: the ratio target is the median of those paired blocks' ratios, which a machine
 * whose speed drifts between blocks (by up to 2× here, minutes apart) moves far less than it moves either side.
 */
const BLOCK_REQUESTS = Number(process.env.BENCH_STOCK_BLOCK ?? 100);
const THROUGHPUT_SECONDS = Number(process.env.BENCH_GATEWAY_THROUGHPUT_SECONDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_GATEWAY_CONCURRENCY ?? 8);
/** How long our gateway's CPU is read with no request running, to tell its background work from the requests'. */
const IDLE_MS = Number(process.env.BENCH_STOCK_IDLE_MS ?? 3000);
const throughputOf = (run: (i: number) => Promise<unknown>) => throughput(run, THROUGHPUT_SECONDS, CONCURRENCY);

const BY_ID_QUERY = 'query Recall($id: ID!) { recall(id: $id) { id region recallNumber productName brand announcedAt status } }';
/** Tianjin recalls whose references are Tianjin records too, so Tianjin alone (all the stock gateway has) can answer. */
const LIST_QUERY = `query TianjinRecalls($filter: RecallFilter) { recalls(first: 20, filter: $filter) { edges { node {
  id productName brand status
  riskAlerts { id region title riskLevel }
  manufacturerEnterprise { creditCode name registrationRegion }
} } } }`;
const STATISTICS_QUERY = 'query TianjinStatistics { recallStatistics(filter: { regions: [TIANJIN] }, groupBy: [CATEGORY, STATUS]) { key { category status } count } }';

interface Case {
  name: string;
  body: (i: number) => string;
  /** The largest gateway CPU per request, as a share of stock @apollo/gateway's, that passes. */
  cpuRatioTarget: number;
}

interface ListNode {
  riskAlerts: Array<{ region: string } | null>;
  manufacturerEnterprise: { registrationRegion: string } | null;
}

function timedMs(run: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  return run().then(() => Number(process.hrtime.bigint() - started) / 1e6);
}


/**
 * The first Tianjin recall filter (by category, status or remedy) whose first page of 20 cites only Tianjin alerts
 * and Tianjin-registered manufacturers, as our gateway answers it.
 */
async function tianjinOnlyFilter(ours: (body: string) => Promise<unknown>, seed: SeedData): Promise<Record<string, unknown>> {
  const recalls = seed.TJ.recalls as unknown as Array<{ productCategory: string; status: string; remedy: string }>;
  const candidates = [
    ...new Set(recalls.map((recall) => JSON.stringify({ categories: [recall.productCategory] }))),
    ...new Set(recalls.map((recall) => JSON.stringify({ statuses: [recall.status] }))),
    ...new Set(recalls.map((recall) => JSON.stringify({ remedies: [recall.remedy] }))),
    ...new Set(recalls.map((recall) => JSON.stringify({ categories: [recall.productCategory], statuses: [recall.status] }))),
  ].map((text) => ({ regions: ['TIANJIN'], ...(JSON.parse(text) as Record<string, unknown>) }));
  for (const filter of candidates) {
    const data = (await ours(JSON.stringify({ query: LIST_QUERY, variables: { filter } }))) as { recalls: { edges: Array<{ node: ListNode }> } };
    const nodes = data.recalls.edges.map((edge) => edge.node);
    const tianjinOnly = nodes.every((node) => node.manufacturerEnterprise?.registrationRegion === 'TIANJIN' && node.riskAlerts.every((alert) => alert?.region === 'TIANJIN'));
    if (nodes.length === 20 && tianjinOnly && nodes.some((node) => node.riskAlerts.length > 0)) return filter;
  }
  throw new Error('no recall filter gives a page of 20 Tianjin recalls citing only Tianjin records');
}

/**
 * Our gateway against stock `@apollo/gateway` (bench/stockGateway.ts) over the same Tianjin deployment, on the same
 * queries, interleaved: equal `data` checked first, then p50/p99, requests/s and each gateway process's CPU per
 * request. Ours does more per request (authentication, limits, cost, masking of errors, metrics, merging). Ours
 * is measured twice: as clients send the request (the fast path takes what it can) and with `extensions` in the
 * body (Apollo's executor), and its idle CPU (background work) is printed next to it.
 */
export async function benchVersusStock(system: RunningSystem, agent: Agent, token: string, seed: SeedData): Promise<TargetResult[]> {
  progress('starting stock @apollo/gateway over the Tianjin deployment');
  const stock: ManagedProcess = startTsProcess('stock gateway', 'bench/stockGateway.ts', {
    STOCK_PORT: '0',
    STOCK_REGION: 'TJ',
    STOCK_REGION_URL: system.regionUrls.TJ,
    STOCK_INTERNAL_SECRET: BENCH_SECRETS.internalIdentitySecret,
    STOCK_AGENCY: 'BJ',
  }, { readyMessage: 'stock gateway ready' });
  const results: TargetResult[] = [];
  try {
    const stockUrl = String((await stock.ready).url);
    const ours = (body: string) => postGraphql(agent, system.gatewayUrl, { authorization: `Bearer ${token}` }, body);
    // Stock @apollo/gateway sends a subgraph request on a pooled socket the region may just have closed (its
    // keep-alive timeout) and answers ECONNRESET without retrying: such a request is sent once more, and counted.
    let stockResets = 0;
    const theirs = (body: string) => postGraphql(agent, stockUrl, {}, body).catch((error: Error) => {
      if (!/ECONNRESET|socket hang up/.test(error.message)) throw error;
      stockResets++;
      return postGraphql(agent, stockUrl, {}, body);
    });
    const tianjinIds = seed.TJ.recalls.map((recall) => recall._id);
    const listFilter = await tianjinOnlyFilter(ours, seed);
    info(`list filter with only Tianjin references: ${JSON.stringify(listFilter)}`, 20, 'rows');
    const cases: Case[] = [
      { name: 'by-ID lookup', body: (i) => JSON.stringify({ query: BY_ID_QUERY, variables: { id: tianjinIds[i % tianjinIds.length] }, operationName: 'Recall' }), cpuRatioTarget: 0.35 },
      { name: 'Tianjin list of 20 with references (links subgraph)', body: () => JSON.stringify({ query: LIST_QUERY, variables: { filter: listFilter } }), cpuRatioTarget: 0.5 },
      { name: 'statistics', body: () => JSON.stringify({ query: STATISTICS_QUERY }), cpuRatioTarget: 0.5 },
    ];
    const ourPid = pidOf(system.gatewayProcess);
    const stockPid = pidOf(stock);
    // The same request with `"extensions": {}` in its body is not the fast path's (gateway/fastPath): it runs
    // through Apollo Server and Apollo Gateway's executor in the same process, so the fast path's share is measured
    // side by side, under the same load.
    const viaExecutor = (body: string) => body.replace(/^\{/, '{"extensions":{},');
    for (const benchCase of cases) {
      progress(`ours vs stock @apollo/gateway: ${benchCase.name}`);
      for (let i = 0; i < 3; i++) {
        const [ourData, executorData, stockData] = await Promise.all([ours(benchCase.body(i)), ours(viaExecutor(benchCase.body(i))), theirs(benchCase.body(i))]);
        if (!isDeepStrictEqual(ourData, stockData) || !isDeepStrictEqual(executorData, stockData)) throw new Error(`${benchCase.name}: the gateways answered different data:\nours  ${JSON.stringify(ourData).slice(0, 400)}\nstock ${JSON.stringify(stockData).slice(0, 400)}`);
      }
      for (let i = 0; i < WARM_UP; i++) {
        await ours(benchCase.body(i));
        await ours(viaExecutor(benchCase.body(i)));
        await theirs(benchCase.body(i));
      }
      // What our process spends while no request runs (the shared rate buckets and revocations synchronised every
      // 250 ms, event streams, metrics): counted into every request's CPU below, whatever the request costs.
      const idleBefore = preciseCpuMs(ourPid);
      await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
      const idleCpuPerMs = (preciseCpuMs(ourPid) - idleBefore) / IDLE_MS;
      const sides = {
        ours: { ms: [] as number[], cpu: 0, blocks: [] as number[], pid: ourPid, send: ours, body: benchCase.body },
        executor: { ms: [] as number[], cpu: 0, blocks: [] as number[], pid: ourPid, send: ours, body: (i: number) => viaExecutor(benchCase.body(i)) },
        stock: { ms: [] as number[], cpu: 0, blocks: [] as number[], pid: stockPid, send: theirs, body: benchCase.body },
      };
      const order = [sides.ours, sides.executor, sides.stock];
      for (let i = 0; i < REQUESTS; i++) {
        // CPU read around each side's own requests only; rotate which goes first.
        for (let k = 0; k < order.length; k++) {
          const side = order[(i + k) % order.length]!;
          const body = side.body(i);
          const before = preciseCpuMs(side.pid);
          side.ms.push(await timedMs(() => side.send(body)));
          side.cpu += preciseCpuMs(side.pid) - before;
        }
        if ((i + 1) % BLOCK_REQUESTS === 0) {
          for (const side of order) side.blocks.push(side.cpu - side.blocks.reduce((sum, block) => sum + block, 0));
        }
      }
      /** The median block's CPU per request, in µs (all requests when there are fewer than a block's worth). */
      const perRequestUs = (side: { cpu: number; blocks: number[] }) => (side.blocks.length > 0 ? (percentile(side.blocks, 50) * 1000) / BLOCK_REQUESTS : (side.cpu * 1000) / REQUESTS);
      const spreadUs = (side: { blocks: number[] }) => side.blocks.map((block) => Math.round((block * 1000) / BLOCK_REQUESTS)).sort((a, b) => a - b).join(', ');
      /** Our CPU per request less the idle rate over the request's time. */
      const netUs = (side: { cpu: number; blocks: number[]; ms: number[] }) => perRequestUs(side) - (idleCpuPerMs * side.ms.reduce((sum, ms) => sum + ms, 0) * 1000) / REQUESTS;
      const ourCpuUs = perRequestUs(sides.ours);
      const executorCpuUs = perRequestUs(sides.executor);
      const stockCpuUs = perRequestUs(sides.stock);
      const pairedRatios = sides.ours.blocks.map((block, index) => block / sides.stock.blocks[index]!);
      const cpuRatio = pairedRatios.length > 0 ? percentile(pairedRatios, 50) : ourCpuUs / stockCpuUs;
      info(`${benchCase.name}: ours p50`, percentile(sides.ours.ms, 50), 'ms');
      info(`${benchCase.name}: ours through the executor p50`, percentile(sides.executor.ms, 50), 'ms');
      info(`${benchCase.name}: stock p50`, percentile(sides.stock.ms, 50), 'ms');
      info(`${benchCase.name}: ours p99`, percentile(sides.ours.ms, 99), 'ms');
      info(`${benchCase.name}: ours through the executor p99`, percentile(sides.executor.ms, 99), 'ms');
      info(`${benchCase.name}: stock p99`, percentile(sides.stock.ms, 99), 'ms');
      info(`${benchCase.name}: ours gateway CPU per request`, ourCpuUs, 'µs');
      info(`${benchCase.name}: ours through the executor, gateway CPU per request`, executorCpuUs, 'µs');
      info(`${benchCase.name}: stock gateway CPU per request`, stockCpuUs, 'µs');
      info(`${benchCase.name}: CPU per request of each block of ${BLOCK_REQUESTS}, ours: ${spreadUs(sides.ours)} µs; stock: ${spreadUs(sides.stock)} µs (the median is the figure)`, sides.ours.blocks.length, 'blocks');
      info(`${benchCase.name}: our idle CPU (background) per ms of wall time`, idleCpuPerMs * 1000, 'µs');
      info(`${benchCase.name}: ours less idle CPU, per request`, netUs(sides.ours), 'µs');
      info(`${benchCase.name}: ours through the executor less idle CPU, per request`, netUs(sides.executor), 'µs');
      info(`${benchCase.name}: ours less idle / stock`, netUs(sides.ours) / stockCpuUs, '×');
      info(`${benchCase.name}: median block of ours / median block of stock`, ourCpuUs / stockCpuUs, '×');
      info(`${benchCase.name}: ours / stock, block by block: ${pairedRatios.map((ratio) => ratio.toFixed(3)).sort().join(', ')} (the median is the figure)`, pairedRatios.length, 'blocks');
      info(`${benchCase.name}: ours / ours through the executor (CPU per request)`, ourCpuUs / executorCpuUs, '×');
      info(`${benchCase.name}: ours requests/s (${CONCURRENCY} in flight)`, await throughputOf((i) => ours(benchCase.body(i))), 'req/s');
      info(`${benchCase.name}: stock requests/s (${CONCURRENCY} in flight)`, await throughputOf((i) => theirs(benchCase.body(i))), 'req/s');
      results.push(checkTarget(`${benchCase.name}: our gateway CPU per request / stock @apollo/gateway's (median of paired blocks)`, cpuRatio, '×', '<=', benchCase.cpuRatioTarget));
    }
    info('stock requests sent again after a reset subgraph connection', stockResets, 'requests');
  } finally {
    await stock.stop();
  }
  return results;
}
