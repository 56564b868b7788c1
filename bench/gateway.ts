import { Agent } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { ALL_REGION_CODES, type RegionCode } from '../kernel';
import { DEVELOPMENT_AGENCIES } from '../platform/agencies';
import { signClientToken } from '../platform/identity';
import { IdentityForwarder } from '../gateway/router/identityForwarding';
import type { RunningSystem } from '../scripts/system';
import { generateSeedData } from '../seeds/generate';
import { cpuMs, postGraphql, throughput } from './measure';

import { checkTarget, info, percentile, progress, type TargetResult } from './report';
import { BENCH_SECRETS, pidOf, startBenchSystem } from './system';
import { benchVersusStock } from './versusStock';

const REQUESTS = Number(process.env.BENCH_GATEWAY_REQUESTS ?? 1_000);
const WARM_UP = Number(process.env.BENCH_GATEWAY_WARM_UP ?? 200);
const THROUGHPUT_SECONDS = Number(process.env.BENCH_GATEWAY_THROUGHPUT_SECONDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_GATEWAY_CONCURRENCY ?? 8);
const throughputOf = (run: (i: number) => Promise<unknown>) => throughput(run, THROUGHPUT_SECONDS, CONCURRENCY);
const IDLE_SECONDS = 6;
const AFTER_IDLE_REQUESTS = 50;

const BY_ID_QUERY = 'query Recall($id: ID!) { recall(id: $id) { id region recallNumber productName brand announcedAt status } }';
const PAGE_SELECTION = 'totalCount edges { node { id region productName brand announcedAt } }';
const MERGED_PAGE_QUERY = `{ recalls(first: 20) { ${PAGE_SELECTION} } }`;
// What the router asks each region for the merged page: the client's selection plus the cursor, hasNextPage and totalCount.
const REGIONAL_PAGE_QUERY = `{ recalls(first: 20) { ${PAGE_SELECTION} cursors: edges { cursor } pageInfo { hasNextPage } } }`;

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Requests per second with `CONCURRENCY` requests in flight for `THROUGHPUT_SECONDS`. */

/**
 * Gateway benchmark over real processes on loopback (engine, three seeded regional subgraphs, gateway), measured
 * side by side in one run, each pair interleaved so both sides see the same machine load:
 *  - a single-region by-ID query sent straight to the owning subgraph vs through the gateway (overhead p50/p99, req/s);
 *  - a three-region merged page through the gateway vs three direct regional pages requested at the same moment;
 *  - stock `@apollo/gateway` over the Tianjin deployment vs ours on the same queries (bench/versusStock.ts).
 */
export async function benchGateway(): Promise<TargetResult[]> {
  console.log(`\n== gateway (${REQUESTS.toLocaleString()} interleaved requests per side after ${WARM_UP} warm-up; ${CONCURRENCY} in flight for req/s) ==`);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY * 4 });
  const results: TargetResult[] = [];
  let system: RunningSystem | undefined;
  try {
    // Every figure below depends on what else the machine is doing: say so next to them.
    info(`machine load average (1 min) at start, ${cpus().length} CPUs`, loadavg()[0]!, '');
    const seed = generateSeedData();
    system = await startBenchSystem({ seed: 'always', seedData: seed, dataDir: null });
    const { gatewayUrl, regionUrls } = system;

    const token = signClientToken(DEVELOPMENT_AGENCIES.BJ, BENCH_SECRETS.jwtSecret);
    // What the gateway forwards: a signed identity per region, reused for under half its lifetime as the gateway does.
    const forwarder = new IdentityForwarder(BENCH_SECRETS.internalIdentitySecret);
    const viaGateway = (body: string) => postGraphql(agent, gatewayUrl, { authorization: `Bearer ${token}` }, body);
    const direct = (region: RegionCode, body: string) => postGraphql(agent, `${regionUrls[region]}/graphql`, { 'x-jjj-identity': forwarder.headerFor(DEVELOPMENT_AGENCIES.BJ, { region, endpoint: 'regional' }) }, body);

    // Beijing's agency reads Tianjin recalls by ID: the router sends each to Tianjin only.
    const tianjinIds = seed.TJ.recalls.map((recall) => recall._id);
    const byIdBody = (i: number) => JSON.stringify({ query: BY_ID_QUERY, variables: { id: tianjinIds[i % tianjinIds.length] }, operationName: 'Recall' });
    const mergedBody = JSON.stringify({ query: MERGED_PAGE_QUERY });
    const regionalBody = JSON.stringify({ query: REGIONAL_PAGE_QUERY });
    const threeDirect = () => Promise.all(ALL_REGION_CODES.map((region) => direct(region, regionalBody)));

    progress(`warming up (${WARM_UP} of each)`);
    for (let i = 0; i < WARM_UP; i++) {
      await direct('TJ', byIdBody(i));
      await viaGateway(byIdBody(i));
      await threeDirect();
      await viaGateway(mergedBody);
    }

    progress('single-region by-ID query: direct vs through the gateway');
    const directById: number[] = [];
    const gatewayById: number[] = [];
    const gatewayPid = pidOf(system.gatewayProcess);
    const tianjinPid = pidOf(system.regionProcess('TJ'));
    const cpuBefore = { gateway: cpuMs(gatewayPid), tianjin: cpuMs(tianjinPid), bench: process.cpuUsage() };
    for (let i = 0; i < REQUESTS; i++) {
      // Alternate which side goes first so neither always follows the other.
      if (i % 2 === 0) {
        directById.push(await timed(() => direct('TJ', byIdBody(i))));
        gatewayById.push(await timed(() => viaGateway(byIdBody(i))));
      } else {
        gatewayById.push(await timed(() => viaGateway(byIdBody(i))));
        directById.push(await timed(() => direct('TJ', byIdBody(i))));
      }
    }
    const benchCpu = process.cpuUsage(cpuBefore.bench);
    // Machine-load-independent view: CPU each process spent per request (the gateway only works on the gateway half).
    info('gateway process CPU per by-ID request', (cpuMs(gatewayPid) - cpuBefore.gateway) / REQUESTS, 'ms');
    info('Tianjin subgraph process CPU per by-ID request (both sides)', (cpuMs(tianjinPid) - cpuBefore.tianjin) / (2 * REQUESTS), 'ms');
    info('benchmark client CPU per request', (benchCpu.user + benchCpu.system) / 1000 / (2 * REQUESTS), 'ms');
    const directP50 = percentile(directById, 50);
    const gatewayP50 = percentile(gatewayById, 50);
    info('by-ID direct to the Tianjin subgraph p50', directP50, 'ms');
    info('by-ID through the gateway p50', gatewayP50, 'ms');
    info('by-ID direct p99', percentile(directById, 99), 'ms');
    info('by-ID through the gateway p99', percentile(gatewayById, 99), 'ms');
    results.push(checkTarget('gateway overhead on a single-region by-ID query, p50 (gateway p50 − direct p50)', gatewayP50 - directP50, 'ms', '<=', 1.5));
    info('gateway overhead, p99 (gateway p99 − direct p99)', percentile(gatewayById, 99) - percentile(directById, 99), 'ms');
    const directPerSecond = await throughputOf((i) => direct('TJ', byIdBody(i)));
    const gatewayPerSecond = await throughputOf((i) => viaGateway(byIdBody(i)));
    info(`by-ID direct requests/s (${CONCURRENCY} in flight)`, directPerSecond, 'req/s');
    info(`by-ID through the gateway requests/s (${CONCURRENCY} in flight)`, gatewayPerSecond, 'req/s');
    // The goal (0.85×) is printed, not checked: on two cores the gateway and the region share the CPU.
    info('by-ID requests/s through the gateway / direct (goal ≥ 0.85×)', gatewayPerSecond / directPerSecond, '×');

    progress('three-region merged page: through the gateway vs three concurrent direct calls');
    const directPages: number[] = [];
    const mergedPages: number[] = [];
    const pageRequests = Math.max(1, Math.floor(REQUESTS / 2));
    const gatewayCpuBeforePages = cpuMs(gatewayPid);
    for (let i = 0; i < pageRequests; i++) {
      if (i % 2 === 0) {
        directPages.push(await timed(threeDirect));
        mergedPages.push(await timed(() => viaGateway(mergedBody)));
      } else {
        mergedPages.push(await timed(() => viaGateway(mergedBody)));
        directPages.push(await timed(threeDirect));
      }
    }
    info('gateway process CPU per merged page', (cpuMs(gatewayPid) - gatewayCpuBeforePages) / pageRequests, 'ms');
    const slowestDirectP50 = percentile(directPages, 50);
    const mergedP50 = percentile(mergedPages, 50);
    info('slowest of three concurrent direct regional pages (first: 20) p50', slowestDirectP50, 'ms');
    info('merged page through the gateway (recalls(first: 20)) p50', mergedP50, 'ms');
    info('slowest of three direct p99', percentile(directPages, 99), 'ms');
    info('merged page through the gateway p99', percentile(mergedPages, 99), 'ms');
    results.push(checkTarget('merged three-region page p50 / slowest of three concurrent direct calls p50', mergedP50 / slowestDirectP50, '×', '<=', 1.2));
    info(`three concurrent direct pages, rounds/s (${CONCURRENCY} in flight)`, await throughputOf(() => threeDirect()), 'rounds/s');
    info(`merged page through the gateway requests/s (${CONCURRENCY} in flight)`, await throughputOf(() => viaGateway(mergedBody)), 'req/s');
    progress(`idle for ${IDLE_SECONDS} s (past the regions' keep-alive timeout), then ${AFTER_IDLE_REQUESTS} merged pages`);
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
    // A fresh client pool: a socket of this client's that sat idle as long as the gateway's own keep-alive timeout
    // (5 s) can meet the gateway closing it ("socket hang up", a race of any keep-alive client, which browsers
    // retry); what is measured here is the gateway's sockets to the regions.
    const freshAgent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY * 4 });
    const afterIdle = await Promise.allSettled(Array.from({ length: AFTER_IDLE_REQUESTS }, () => postGraphql(freshAgent, gatewayUrl, { authorization: `Bearer ${token}` }, mergedBody)));
    freshAgent.destroy();
    const firstFailure = afterIdle.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (firstFailure) info(`first failure after idle: ${String((firstFailure.reason as Error)?.message ?? firstFailure.reason).slice(0, 200)}`, 1, '');
    results.push(checkTarget('failed requests right after the gateway sat idle', afterIdle.filter((outcome) => outcome.status === 'rejected').length, 'requests', '<=', 0));
    if (process.env.BENCH_GATEWAY_STOCK !== 'false') results.push(...(await benchVersusStock(system, agent, token, seed)));
    info('machine load average (1 min) at the end', loadavg()[0]!, '');
  } finally {
    agent.destroy();
    await system?.stop();
  }
  return results;
}
