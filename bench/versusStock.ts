import { isDeepStrictEqual } from 'node:util';
import type { Agent } from 'node:http';
import { startTsProcess, type ManagedProcess } from '../platform/childProcess';
import type { RunningSystem } from '../scripts/system';
import type { SeedData } from '../seeds/generate';
import { cpuMs, postGraphql, throughput } from './measure';

import { checkTarget, info, percentile, progress, type TargetResult } from './report';
import { BENCH_SECRETS, pidOf } from './system';

const REQUESTS = Number(process.env.BENCH_STOCK_REQUESTS ?? 600);
const WARM_UP = Number(process.env.BENCH_STOCK_WARM_UP ?? 100);
const THROUGHPUT_SECONDS = Number(process.env.BENCH_GATEWAY_THROUGHPUT_SECONDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_GATEWAY_CONCURRENCY ?? 8);
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
 * request. Ours does more per request (authentication, limits, cost, masking of errors, metrics, merging).
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
    const theirs = (body: string) => postGraphql(agent, stockUrl, {}, body);
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
    for (const benchCase of cases) {
      progress(`ours vs stock @apollo/gateway: ${benchCase.name}`);
      for (let i = 0; i < 3; i++) {
        const [ourData, stockData] = await Promise.all([ours(benchCase.body(i)), theirs(benchCase.body(i))]);
        if (!isDeepStrictEqual(ourData, stockData)) throw new Error(`${benchCase.name}: the two gateways answered different data:\nours  ${JSON.stringify(ourData).slice(0, 400)}\nstock ${JSON.stringify(stockData).slice(0, 400)}`);
      }
      for (let i = 0; i < WARM_UP; i++) {
        await ours(benchCase.body(i));
        await theirs(benchCase.body(i));
      }
      const ourMs: number[] = [];
      const stockMs: number[] = [];
      let ourCpu = 0;
      let stockCpu = 0;
      for (let i = 0; i < REQUESTS; i++) {
        const body = benchCase.body(i);
        // CPU read around each side's own requests only; alternate which goes first.
        const sides: Array<() => Promise<void>> = [
          async () => {
            const before = cpuMs(ourPid);
            ourMs.push(await timedMs(() => ours(body)));
            ourCpu += cpuMs(ourPid) - before;
          },
          async () => {
            const before = cpuMs(stockPid);
            stockMs.push(await timedMs(() => theirs(body)));
            stockCpu += cpuMs(stockPid) - before;
          },
        ];
        if (i % 2 === 1) sides.reverse();
        for (const side of sides) await side();
      }
      const ourCpuUs = (ourCpu * 1000) / REQUESTS;
      const stockCpuUs = (stockCpu * 1000) / REQUESTS;
      info(`${benchCase.name}: ours p50`, percentile(ourMs, 50), 'ms');
      info(`${benchCase.name}: stock p50`, percentile(stockMs, 50), 'ms');
      info(`${benchCase.name}: ours p99`, percentile(ourMs, 99), 'ms');
      info(`${benchCase.name}: stock p99`, percentile(stockMs, 99), 'ms');
      info(`${benchCase.name}: ours gateway CPU per request`, ourCpuUs, 'µs');
      info(`${benchCase.name}: stock gateway CPU per request`, stockCpuUs, 'µs');
      info(`${benchCase.name}: ours requests/s (${CONCURRENCY} in flight)`, await throughputOf((i) => ours(benchCase.body(i))), 'req/s');
      info(`${benchCase.name}: stock requests/s (${CONCURRENCY} in flight)`, await throughputOf((i) => theirs(benchCase.body(i))), 'req/s');
      results.push(checkTarget(`${benchCase.name}: our gateway CPU per request / stock @apollo/gateway's`, ourCpuUs / stockCpuUs, '×', '<=', benchCase.cpuRatioTarget));
    }
  } finally {
    await stock.stop();
  }
  return results;
}
