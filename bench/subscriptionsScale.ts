import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { ALL_REGION_CODES, buildCreditCode, PRODUCT_CATEGORIES, regionNameOf, shanghaiYear, type RegionCode } from '../kernel';
import { formatRecallNumber } from '../kernel/formats';
import { now } from '../platform/clock';
import { DEVELOPMENT_AGENCIES } from '../platform/agencies';
import { signClientToken } from '../platform/identity';
import { IdentityForwarder } from '../gateway/router/identityForwarding';
import type { ManagedProcess } from '../platform/childProcess';
import type { RunningSystem } from '../scripts/system';
import { SeededRandom } from '../seeds/random';
import { cpuMs } from './measure';
import { checkTarget, info, percentile, progress, type TargetResult } from './report';
import { BENCH_SECRETS, pidOf, startBenchSystem } from './system';

/**
 * `npm run bench subscriptionsScale` (issue 22; only when named): 50,000 subscriptions on one gateway process —
 * SOCKETS WebSocket connections × PER_SOCKET subscriptions, FILTERS distinct filters of `recallPublished` and
 * `riskAlertRaised` (category sets × region sets × minimum levels) — with the public caller's limits table raised in
 * the bench config to exactly that load. Live events are written through the gateway; delivery latency (region write →
 * client), lost and duplicated deliveries are counted per subscription. Then the gateway process is stopped, events
 * are written straight to the regions while it is down, a new gateway process starts on the same port and every
 * subscription resubscribes with the last cursor it received (`after`): each must get exactly what it missed, then
 * live events again. Printed: the time until all resumed, and jjj_gateway_catch_up_log_reads per region.
 */
const SOCKETS = Number(process.env.BENCH_SCALE_SOCKETS ?? 1_000);
const PER_SOCKET = Number(process.env.BENCH_SCALE_SUBSCRIPTIONS_PER_SOCKET ?? 50);
const FILTERS = Number(process.env.BENCH_SCALE_FILTERS ?? 10_000);
const EVENTS_PER_SECOND = Number(process.env.BENCH_SCALE_EVENTS_PER_SECOND ?? 2);
const RESUME_TARGET_SECONDS = 10;
const SELECTIONS = ['cursor recordId at', 'cursor recordId at region'];
const REGION_SETS: RegionCode[][] = [['BJ'], ['TJ'], ['HE'], ['BJ', 'TJ'], ['BJ', 'HE'], ['TJ', 'HE'], ['BJ', 'TJ', 'HE']];
const LEVELS = ['LOW', 'MEDIUM', 'HIGH', 'SEVERE'] as const;
const LEVEL_RANK: Record<string, number> = { LOW: 1, MEDIUM: 2, HIGH: 3, SEVERE: 4 };

type Kind = 'recall' | 'riskAlert';

interface Filter {
  kind: Kind;
  categories: string[];
  regions: RegionCode[];
  minimumLevel?: (typeof LEVELS)[number];
}

interface Published {
  id: string;
  kind: Kind;
  region: RegionCode;
  category: string;
  level: number;
}

/** One client subscription: its filter and selection, what it received (record ID → arrival) and its last cursor. */
interface Subscriber {
  filter: Filter;
  selection: string;
  received: Map<string, number>;
  cursor: string | null;
  duplicates: number;
  latencies: number[];
}

/** Category sets of 1–3 categories × region sets × (recalls, or risk alerts with no/any minimum level), shuffled. */
function distinctFilters(count: number): Filter[] {
  const categorySets: string[][] = [];
  const categories = [...PRODUCT_CATEGORIES];
  for (let a = 0; a < categories.length; a++) {
    categorySets.push([categories[a]!]);
    for (let b = a + 1; b < categories.length; b++) {
      categorySets.push([categories[a]!, categories[b]!]);
      for (let c = b + 1; c < categories.length; c++) categorySets.push([categories[a]!, categories[b]!, categories[c]!]);
    }
  }
  const all: Filter[] = [];
  for (const categorySet of categorySets) {
    for (const regions of REGION_SETS) {
      all.push({ kind: 'recall', categories: categorySet, regions });
      all.push({ kind: 'riskAlert', categories: categorySet, regions });
      for (const minimumLevel of LEVELS) all.push({ kind: 'riskAlert', categories: categorySet, regions, minimumLevel });
    }
  }
  if (all.length < count) throw new Error(`only ${all.length} distinct filters can be made, ${count} asked`);
  return new SeededRandom(22).sample(all, count);
}

function matches(filter: Filter, event: Published): boolean {
  return filter.kind === event.kind && filter.regions.includes(event.region) && filter.categories.includes(event.category) && (!filter.minimumLevel || event.level >= LEVEL_RANK[filter.minimumLevel]!);
}

function creditCode(region: RegionCode): string {
  const division = { BJ: '110105', TJ: '120101', HE: '130102' }[region];
  return buildCreditCode({ registrationAuthority: '9', organizationType: '1', divisionCode: division, organizationCode: 'MA0BENCH1' });
}

let serial = 60_000_000;

/** The mutation that writes one record whose event the subscriptions listen to. */
function writeBody(kind: Kind, region: RegionCode, category: string, level: (typeof LEVELS)[number]): string {
  const n = serial++;
  if (kind === 'recall') {
    return JSON.stringify({
      query: 'mutation ($input: CreateRecallInput!) { createRecall(input: $input) { id } }',
      variables: {
        input: {
          recallNumber: formatRecallNumber({ region, year: shanghaiYear(now()), serial: n }), productName: `规模测试产品${n}`, brand: '规模牌', models: ['M1'], batches: [],
          manufacturer: { creditCode: creditCode(region), name: '规模测试有限公司', contact: { person: '测试', phone: '010-12345678' } },
          productionStart: '2024-01-01T00:00:00Z', productionEnd: '2024-06-01T00:00:00Z', quantityMade: 100, quantityToRecall: 10, salesAreas: [],
          defect: '规模测试缺陷', hazard: '规模测试危害', remedy: 'REPLACE', productCategory: category, riskAlertIds: [],
        },
      },
    });
  }
  return JSON.stringify({
    query: 'mutation ($input: CreateRiskAlertInput!) { createRiskAlert(input: $input) { id } }',
    variables: { input: { title: `规模测试预警${n}`, description: '规模测试', productCategory: category, hazardType: 'FIRE', riskLevel: level, source: 'SAMPLING', enterpriseCreditCodes: [], relatedRecallIds: [] } },
  });
}

function idOf(kind: Kind, body: unknown): string | undefined {
  const data = (body as { data?: Record<string, { id: string } | null> }).data;
  return data?.[kind === 'recall' ? 'createRecall' : 'createRiskAlert']?.id;
}

function subscriptionQuery(filter: Filter, selection: string): string {
  return filter.kind === 'recall'
    ? `subscription ($filter: RecallSubscriptionFilter, $after: String) { event: recallPublished(filter: $filter, after: $after) { ${selection} } }`
    : `subscription ($filter: RiskAlertSubscriptionFilter, $after: String) { event: riskAlertRaised(filter: $filter, after: $after) { ${selection} } }`;
}

function filterVariables(filter: Filter): Record<string, unknown> {
  return { categories: filter.categories, regions: filter.regions.map(regionNameOf), ...(filter.minimumLevel ? { minimumLevel: filter.minimumLevel } : {}) };
}

/** Close codes of client sockets, by code (the restart's closes included). */
const closeCodes = new Map<string, number>();

/** Opens SOCKETS connections and subscribes every subscriber (from its cursor when `resume`). */
function subscribeAll(url: string, token: string, subscribers: Subscriber[], resume: boolean): Client[] {
  const clients: Client[] = [];
  for (let socket = 0; socket < SOCKETS; socket++) {
    // A socket the busy gateway closes while connecting (e.g. its connection_init not answered in time) reconnects and
    // subscribes again; the close codes are counted and printed.
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 20,
      shouldRetry: () => true,
      lazy: true,
      on: { closed: (event) => { const code = String((event as { code?: number }).code ?? 'unknown'); closeCodes.set(code, (closeCodes.get(code) ?? 0) + 1); } },
    });
    clients.push(client);
    for (let s = socket * PER_SOCKET; s < (socket + 1) * PER_SOCKET; s++) {
      const subscriber = subscribers[s]!;
      // graphql-ws sends this payload again when it reconnects (a socket closed by the busy gateway, e.g. 4408): like
      // a real client, it then resumes from the last cursor received, not from where it first subscribed.
      const variables = { filter: filterVariables(subscriber.filter), after: resume ? subscriber.cursor : null };
      client.subscribe(
        { query: subscriptionQuery(subscriber.filter, subscriber.selection), variables },
        {
          next: (result) => {
            const event = (result.data as { event?: { recordId: string; at: string; cursor: string } } | undefined)?.event;
            if (!event) return;
            const arrived = Date.now();
            if (subscriber.received.has(event.recordId)) subscriber.duplicates++;
            else subscriber.received.set(event.recordId, arrived);
            subscriber.cursor = event.cursor;
            variables.after = event.cursor;
            subscriber.latencies.push(arrived - Date.parse(event.at));
          },
          error: () => undefined,
          complete: () => undefined,
        },
      );
    }
  }
  return clients;
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 250): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}

async function registeredSubscribers(gatewayUrl: string): Promise<{ subscribers: number; groups: number }> {
  try {
    const health = (await (await fetch(gatewayUrl.replace('/graphql', '/health'))).json()) as { subscriptions: { subscribers: number; groups: number } };
    return health.subscriptions;
  } catch {
    return { subscribers: 0, groups: 0 };
  }
}

async function catchUpReads(metricsUrl: string | undefined): Promise<Record<string, number>> {
  if (!metricsUrl) {
    console.log('the gateway serves no metrics (METRICS off?): catch-up reads unknown');
    return {};
  }
  const text = await (await fetch(metricsUrl)).text();
  const reads: Record<string, number> = {};
  for (const match of text.matchAll(/^jjj_gateway_catch_up_log_reads\{[^}]*region="(\w+)"[^}]*\} (\d+)/gm)) reads[match[1]!] = Number(match[2]);
  return reads;
}

function rssMegabytes(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

/** CPU ms used so far by the gateway, the regional services (all three) and this benchmark client (its 1,000 sockets). */
function cpuSplit(gatewayPid: number, regionPids: number[]): { gateway: number; regions: number; client: number } {
  const own = process.cpuUsage();
  return { gateway: cpuMs(gatewayPid), regions: regionPids.reduce((sum, pid) => sum + cpuMs(pid), 0), client: (own.user + own.system) / 1000 };
}

/** Prints where the CPU went in a phase: the gateway's, the regions' and the benchmark client's share of its wall time. */
function printCpuSplit(phase: string, before: ReturnType<typeof cpuSplit>, after: ReturnType<typeof cpuSplit>, wallMs: number, deliveries: number): void {
  const gateway = after.gateway - before.gateway;
  const client = after.client - before.client;
  const regions = after.regions - before.regions;
  console.log(`CPU during ${phase} (${(wallMs / 1000).toFixed(1)} s wall): gateway ${(gateway / 1000).toFixed(1)} s (${Math.round((100 * gateway) / wallMs)}% of a core), ` +
    `bench client ${(client / 1000).toFixed(1)} s (${Math.round((100 * client) / wallMs)}%), regions ${(regions / 1000).toFixed(1)} s (${Math.round((100 * regions) / wallMs)}%)` +
    (deliveries > 0 ? `; per delivery: gateway ${((1000 * gateway) / deliveries).toFixed(1)} µs, client ${((1000 * client) / deliveries).toFixed(1)} µs` : ''));
}

const loadAverage = () => loadavg().map((load) => load.toFixed(2)).join(' / ');

export async function benchSubscriptionsScale(): Promise<TargetResult[]> {
  const total = SOCKETS * PER_SOCKET;
  console.log(`\n== subscriptions at scale (${total.toLocaleString()} subscriptions: ${SOCKETS} sockets × ${PER_SOCKET}, ${FILTERS.toLocaleString()} distinct filters, one gateway process) ==`);
  console.log(`load average (1/5/15 min) at start: ${loadAverage()}`);
  const results: TargetResult[] = [];
  let clients: Client[] = [];
  let system: RunningSystem | undefined;
  try {
    // The limits table raised to this load: the public caller may hold SOCKETS sockets of PER_SOCKET subscriptions.
    const limits = { rate: { burst: 1e9, perSecond: 1e9 }, maxConcurrentRequests: 1e6, maxConcurrentRequestsOfKind: 1e6, maxSockets: SOCKETS, maxSubscriptionsPerSocket: PER_SOCKET };
    const gatewayEnv = { CALLER_LIMITS_JSON: JSON.stringify({ public: limits, agency: limits }), MAX_QUEUED_EVENTS_PER_SUBSCRIBER: '5000', REGION_TIMEOUT_MS: '30000', METRICS: 'true' };
    system = await startBenchSystem({ seed: 'never', dataDir: null, gatewayEnv });
    const running = system;
    const wsUrl = running.gatewayUrl.replace(/^http/, 'ws');
    const publicToken = signClientToken(DEVELOPMENT_AGENCIES.PUBLIC, BENCH_SECRETS.jwtSecret);
    const agencyTokens = Object.fromEntries(ALL_REGION_CODES.map((region) => [region, signClientToken(DEVELOPMENT_AGENCIES[region], BENCH_SECRETS.jwtSecret)])) as Record<RegionCode, string>;
    const forwarder = new IdentityForwarder(BENCH_SECRETS.internalIdentitySecret);
    const published: Published[] = [];
    let connectionResets = 0;

    const write = async (via: 'gateway' | 'region', kind: Kind, region: RegionCode, category: string, level: (typeof LEVELS)[number]) => {
      const body = writeBody(kind, region, category, level);
      const send = () =>
        via === 'gateway'
          ? fetch(running.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${agencyTokens[region]}` }, body })
          : fetch(`${running.regionUrls[region]}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-jjj-identity': forwarder.headerFor(DEVELOPMENT_AGENCIES[region], { region, endpoint: 'regional' }) }, body });
      // A kept-alive socket the server closed just as it was reused (its keep-alive timeout) fails before the request is
      // read — reset, or closed with the request unanswered (undici's UND_ERR_SOCKET "other side closed") — and a
      // connection between gateway and region can be lost the same way on a loaded machine (REGION_UNAVAILABLE): the
      // write is sent again, up to 4 times, with a pause (a record written twice would show as a delivery outside
      // the tracked events, printed below).
      let response: Response | undefined;
      let result: unknown;
      for (let attempt = 1; ; attempt++) {
        const last = attempt === 4;
        try {
          response = await send();
        } catch (error) {
          const code = (error as { cause?: { code?: string } }).cause?.code;
          if (last || (code !== 'ECONNRESET' && code !== 'UND_ERR_SOCKET')) throw error;
          connectionResets++;
          await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
          continue;
        }
        result = await response.json();
        if (last || idOf(kind, result) || !JSON.stringify(result).includes('REGION_UNAVAILABLE')) break;
        connectionResets++;
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
      }
      const id = idOf(kind, result);
      if (!id) throw new Error(`writing a ${kind} in ${region} through the ${via} failed (HTTP ${response!.status}): ${JSON.stringify(result).slice(0, 500)}`);
      published.push({ id, kind, region, category, level: LEVEL_RANK[level]! });
    };
    /** Every (kind, region, category) once, at `perSecond` (all at once when 0): every subscription gets at least one. */
    const writeEveryCombination = async (via: 'gateway' | 'region', perSecond: number) => {
      const started = Date.now();
      const writes: Array<Promise<void>> = [];
      let n = 0;
      for (const category of PRODUCT_CATEGORIES) {
        for (const region of ALL_REGION_CODES) {
          for (const kind of ['recall', 'riskAlert'] as const) {
            if (perSecond > 0) await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + (n * 1000) / perSecond - Date.now())));
            const written = write(via, kind, region, category, 'SEVERE');
            written.catch(() => undefined); // awaited below with the others; no unhandled rejection meanwhile
            writes.push(written);
            n++;
          }
        }
      }
      await Promise.all(writes);
      return (Date.now() - started) / 1000;
    };

    const filters = distinctFilters(FILTERS);
    const subscribers: Subscriber[] = Array.from({ length: total }, (_, i) => ({
      filter: filters[i % filters.length]!,
      selection: SELECTIONS[Math.floor(i / filters.length) % SELECTIONS.length]!,
      received: new Map(),
      cursor: null,
      duplicates: 0,
      latencies: [],
    }));
    const expectedCount = (subscriber: Subscriber, events: readonly Published[]) => events.reduce((n, event) => n + (matches(subscriber.filter, event) ? 1 : 0), 0);
    /** A check that every subscription received as many events as match it among `events` (counted once, ahead). */
    const deliveredAll = (events: readonly Published[]) => {
      const expected = subscribers.map((subscriber) => expectedCount(subscriber, events));
      return () => subscribers.every((subscriber, i) => subscriber.received.size >= expected[i]!);
    };

    progress(`opening ${SOCKETS} sockets with ${total.toLocaleString()} subscriptions`);
    const gatewayPid = pidOf(running.gatewayProcess);
    const rssBefore = rssMegabytes(gatewayPid);
    clients = subscribeAll(wsUrl, publicToken, subscribers, false);
    const subscribingStarted = Date.now();
    let lastReport = subscribingStarted;
    const allRegistered = await waitFor(async () => {
      const { subscribers: count } = await registeredSubscribers(running.gatewayUrl);
      if (Date.now() - lastReport > 30_000) {
        lastReport = Date.now();
        progress(`${count.toLocaleString()} subscriptions registered after ${Math.round((lastReport - subscribingStarted) / 1000)} s`);
      }
      return count >= total;
    }, 900_000, 500);
    console.log(`client socket closes so far, by code: ${JSON.stringify(Object.fromEntries(closeCodes))}`);
    info('time to register every subscription', (Date.now() - subscribingStarted) / 1000, 's');
    const registered = await registeredSubscribers(running.gatewayUrl);
    info('subscriptions registered on the gateway', registered.subscribers, 'subscriptions');
    info('subscription groups (filter × selection × visibility)', registered.groups, 'groups');
    if (!allRegistered) throw new Error(`only ${registered.subscribers} of ${total} subscriptions registered within 900 s`);
    const rssIdle = rssMegabytes(gatewayPid);

    progress(`publishing ${PRODUCT_CATEGORIES.length * 3 * 2} recalls and risk alerts through the gateway at ${EVENTS_PER_SECOND}/s`);
    const regionPids = ALL_REGION_CODES.map((region) => pidOf(running.regionProcess(region)));
    const liveCpuBefore = cpuSplit(gatewayPid, regionPids);
    const liveStarted = Date.now();
    const publishSeconds = await writeEveryCombination('gateway', EVENTS_PER_SECOND);
    await waitFor(deliveredAll(published), 300_000, 100);
    const live = [...published];
    const liveDeliveries = subscribers.reduce((sum, subscriber) => sum + subscriber.received.size, 0);
    const liveLatencies = subscribers.flatMap((subscriber) => subscriber.latencies);
    printCpuSplit('the live phase (publishing → all delivered)', liveCpuBefore, cpuSplit(gatewayPid, regionPids), Date.now() - liveStarted, liveDeliveries);
    info('live events published', live.length, 'events');
    info('live deliveries (event × matching subscription)', liveDeliveries, 'deliveries');
    info('deliveries per second while publishing', liveDeliveries / publishSeconds, 'deliveries/s');
    info('delivery latency p50 (region write → client)', percentile(liveLatencies, 50), 'ms');
    info('gateway RSS before subscribers / idle with them / after publishing', rssBefore, 'MiB');
    info('  … idle with 50,000 subscriptions', rssIdle, 'MiB');
    info('  … after publishing', rssMegabytes(gatewayPid), 'MiB');
    console.log(`load average after the live phase: ${loadAverage()}`);
    results.push(checkTarget('subscriptions held on one gateway process', registered.subscribers, 'subscriptions', '>=', total));
    results.push(checkTarget('delivery latency p99 (region write → client)', percentile(liveLatencies, 99), 'ms', '<=', 250));

    progress('stopping the gateway; writing to the regions while it is down');
    const gatewayPort = new URL(running.gatewayUrl).port;
    // The clients close first (left open, their reconnect attempts to the stopped port only add noise), then the
    // gateway process stops; every subscription comes back on a new socket with its last cursor.
    await Promise.all(clients.map((client) => client.dispose()));
    clients = [];
    const stoppedAt = Date.now();
    await running.gatewayProcess!.stop();
    const beforeDowntime = published.length;
    await writeEveryCombination('region', 0);
    const missed = published.slice(beforeDowntime);
    progress('starting a new gateway process on the same port');
    const restarted: ManagedProcess = running.startGatewayProcess({ PORT: gatewayPort });
    const ready = (await restarted.ready) as { url: string; metricsUrl?: string | null };
    const readyAt = Date.now();
    info('gateway restart: stopped → new process listening', (readyAt - stoppedAt) / 1000, 's');
    const restartedPid = pidOf(restarted);
    const resumeCpuBefore = cpuSplit(restartedPid, regionPids);
    clients = subscribeAll(wsUrl, publicToken, subscribers, true);
    const resumedInTime = await waitFor(deliveredAll(published), 900_000, 100);
    const catchUpDeliveries = subscribers.reduce((sum, subscriber) => sum + expectedCount(subscriber, missed), 0);
    printCpuSplit('the resume (listening → all caught up)', resumeCpuBefore, cpuSplit(restartedPid, regionPids), Date.now() - readyAt, catchUpDeliveries);
    const resumeTimes = subscribers.map((subscriber) => Math.max(...missed.filter((event) => matches(subscriber.filter, event)).map((event) => subscriber.received.get(event.id) ?? Infinity)) - readyAt);
    const allResumedSeconds = Math.max(...resumeTimes) / 1000;
    info('resume: new gateway listening → subscription caught up, p50', percentile(resumeTimes, 50) / 1000, 's');
    info('resume: … all subscriptions caught up', allResumedSeconds, 's');
    const reads = await catchUpReads(ready.metricsUrl ?? undefined);
    for (const region of ALL_REGION_CODES) info(`catch-up log reads, ${region} (jjj_gateway_catch_up_log_reads)`, reads[region] ?? 0, 'reads');
    info('events missed while the gateway was down', missed.length, 'events');
    info('catch-up deliveries (missed event × matching subscription)', catchUpDeliveries, 'deliveries');

    progress('publishing again after the restart');
    const beforeAfter = published.length;
    await writeEveryCombination('gateway', EVENTS_PER_SECOND * 2);
    await waitFor(deliveredAll(published), 300_000);
    info('events published after the restart', published.length - beforeAfter, 'events');
    console.log(`load average at the end: ${loadAverage()}`);
    console.log(`client socket closes over the run, by code: ${JSON.stringify(Object.fromEntries(closeCodes))}; writes sent again (ECONNRESET, UND_ERR_SOCKET, REGION_UNAVAILABLE): ${connectionResets}`);

    let lost = 0;
    for (const subscriber of subscribers) for (const event of published) if (matches(subscriber.filter, event) && !subscriber.received.has(event.id)) lost++;
    const byId = new Map(published.map((event) => [event.id, event]));
    const unexpected = subscribers.reduce((sum, subscriber) => sum + [...subscriber.received.keys()].filter((id) => !byId.has(id) || !matches(subscriber.filter, byId.get(id)!)).length, 0);
    const duplicates = subscribers.reduce((sum, subscriber) => sum + subscriber.duplicates, 0);
    info('deliveries outside a subscription\'s filter', unexpected, 'deliveries');
    results.push(checkTarget('lost events (expected deliveries not received, whole run)', lost, 'events', '<=', 0));
    results.push(checkTarget('duplicate deliveries (whole run, restart included)', duplicates, 'events', '<=', 0));
    results.push(checkTarget(`all ${total.toLocaleString()} subscriptions resumed after a gateway restart (from listening)`, resumedInTime ? allResumedSeconds : Infinity, 's', '<=', RESUME_TARGET_SECONDS));
  } finally {
    progress('closing clients and processes');
    await Promise.all(clients.map((client) => client.dispose()));
    await system?.stop();
  }
  return results;
}
