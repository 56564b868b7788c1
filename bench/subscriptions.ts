import { readFileSync } from 'node:fs';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { ALL_REGION_CODES, buildCreditCode, PRODUCT_CATEGORIES, regionNameOf, shanghaiYear, type RegionCode } from '../kernel';
import { formatRecallNumber } from '../kernel/formats';
import { now } from '../platform/clock';
import { DEVELOPMENT_AGENCIES } from '../platform/agencies';
import { signClientToken } from '../platform/identity';
import type { RunningSystem } from '../scripts/system';
import { checkTarget, info, percentile, progress, type TargetResult } from './report';
import { BENCH_SECRETS, pidOf, startBenchSystem } from './system';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 10_000);
const CONNECTIONS = Number(process.env.BENCH_SUBSCRIPTION_CONNECTIONS ?? 2_500);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 150);
const EVENTS_PER_SECOND = Number(process.env.BENCH_EVENTS_PER_SECOND ?? 10);
const SELECTIONS = ['recordId', 'recordId region', 'recordId region recall { id productName brand }'];
const REGION_SETS: RegionCode[][] = [['BJ'], ['TJ'], ['HE'], ['BJ', 'TJ', 'HE']];

interface SubscriptionPlan {
  categories: string[];
  regions: RegionCode[];
  selection: string;
}

/** A few hundred distinct filters: category × region set × selection. */
function plans(): SubscriptionPlan[] {
  const result: SubscriptionPlan[] = [];
  for (const category of PRODUCT_CATEGORIES) for (const regions of REGION_SETS) for (const selection of SELECTIONS) result.push({ categories: [category], regions, selection });
  return result;
}

function rssMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

function creditCode(region: RegionCode): string {
  const division = { BJ: '110105', TJ: '120101', HE: '130102' }[region];
  return buildCreditCode({ registrationAuthority: '9', organizationType: '1', divisionCode: division, organizationCode: 'MA0BENCH1' });
}

/** Subscription benchmark: many subscribers on one gateway process, events written to the regions, delivery latency. */
export async function benchSubscriptions(): Promise<TargetResult[]> {
  console.log(`\n== subscriptions (${SUBSCRIBERS.toLocaleString()} subscribers over ${CONNECTIONS.toLocaleString()} WebSocket connections) ==`);
  const clients: Client[] = [];
  const results: TargetResult[] = [];
  let system: RunningSystem | undefined;
  try {
    system = await startBenchSystem({ seed: 'never', dataDir: null, gatewayEnv: { MAX_QUEUED_EVENTS_PER_SUBSCRIBER: '5000' } });
    const { gatewayUrl } = system;
    const gatewayPid = pidOf(system.gatewayProcess);
    const baselineRss = rssMegabytes(gatewayPid);
    const tokens = Object.fromEntries(ALL_REGION_CODES.map((region) => [region, signClientToken(DEVELOPMENT_AGENCIES[region], BENCH_SECRETS.jwtSecret)])) as Record<RegionCode, string>;
    const publicToken = signClientToken(DEVELOPMENT_AGENCIES.PUBLIC, BENCH_SECRETS.jwtSecret);

    const allPlans = plans();
    const received: Array<Map<string, number>> = [];
    const latencies: number[] = [];
    let duplicates = 0;
    const planOf: SubscriptionPlan[] = [];
    progress(`opening ${CONNECTIONS} connections with ${SUBSCRIBERS} subscriptions (${allPlans.length} distinct filters)`);
    const perConnection = Math.ceil(SUBSCRIBERS / CONNECTIONS);
    let subscribed = 0;
    for (let c = 0; c < CONNECTIONS && subscribed < SUBSCRIBERS; c++) {
      const client = createClient({ url: gatewayUrl.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${publicToken}` }, retryAttempts: 0 });
      clients.push(client);
      for (let s = 0; s < perConnection && subscribed < SUBSCRIBERS; s++, subscribed++) {
        const index = subscribed;
        const plan = allPlans[index % allPlans.length];
        planOf.push(plan);
        const seen = new Map<string, number>();
        received.push(seen);
        client.subscribe(
          {
            query: `subscription ($filter: RecallSubscriptionFilter) { recallPublished(filter: $filter) { at ${plan.selection} } }`,
            variables: { filter: { categories: plan.categories, regions: plan.regions.map(regionNameOf) } },
          },
          {
            next: (result) => {
              const event = (result.data as { recallPublished?: { recordId: string; at: string } } | undefined)?.recallPublished;
              if (!event) return;
              if (seen.has(event.recordId)) duplicates++;
              seen.set(event.recordId, Date.now());
              latencies.push(Date.now() - Date.parse(event.at));
            },
            error: () => undefined,
            complete: () => undefined,
          },
        );
      }
      if (c % 500 === 499) progress(`${c + 1} connections open`);
    }
    for (let attempt = 0; attempt < 120; attempt++) {
      const health = (await (await fetch(gatewayUrl.replace('/graphql', '/health'))).json()) as { subscriptions: { subscribers: number; groups: number } };
      if (health.subscriptions.subscribers >= SUBSCRIBERS) {
        info('subscriptions registered on the gateway', health.subscriptions.subscribers, 'subscriptions');
        info('distinct subscription groups (filter × selection × visibility)', health.subscriptions.groups, 'groups');
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const idleRss = rssMegabytes(gatewayPid);

    progress(`publishing ${EVENTS} recalls at ${EVENTS_PER_SECOND}/s across the three regions`);
    const published: Array<{ id: string; region: RegionCode; category: string }> = [];
    const started = Date.now();
    const writes: Array<Promise<void>> = [];
    for (let n = 0; n < EVENTS; n++) {
      const region = ALL_REGION_CODES[n % 3];
      const category = PRODUCT_CATEGORIES[(n * 5) % PRODUCT_CATEGORIES.length];
      const due = started + (n * 1000) / EVENTS_PER_SECOND;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
      writes.push(
        fetch(gatewayUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[region]}` },
          body: JSON.stringify({
            query: 'mutation ($input: CreateRecallInput!) { createRecall(input: $input) { id } }',
            variables: {
              input: {
                recallNumber: formatRecallNumber({ region, year: shanghaiYear(now()), serial: 50_000_000 + n }), productName: `基准测试产品${n}`, brand: '基准牌', models: ['M1'], batches: [],
                manufacturer: { creditCode: creditCode(region), name: '基准测试有限公司', contact: { person: '测试', phone: '010-12345678' } },
                productionStart: '2024-01-01T00:00:00Z', productionEnd: '2024-06-01T00:00:00Z', quantityMade: 100, quantityToRecall: 10, salesAreas: [],
                defect: '基准测试缺陷', hazard: '基准测试危害', remedy: 'REPLACE', productCategory: category, riskAlertIds: [],
              },
            },
          }),
        })
          .then((response) => response.json() as Promise<{ data?: { createRecall?: { id: string } } }>)
          .then((body) => {
            if (body.data?.createRecall) published.push({ id: body.data.createRecall.id, region, category });
          }),
      );
    }
    await Promise.all(writes);
    const publishSeconds = (Date.now() - started) / 1000;
    const peakRssDuring = rssMegabytes(gatewayPid);

    const expectedFor = (plan: SubscriptionPlan) => published.filter((event) => plan.regions.includes(event.region) && plan.categories.includes(event.category));
    const expectedTotal = planOf.reduce((sum, plan) => sum + expectedFor(plan).length, 0);
    for (let waited = 0; waited < 30_000; waited += 250) {
      const got = received.reduce((sum, seen) => sum + seen.size, 0);
      if (got >= expectedTotal) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    let lost = 0;
    planOf.forEach((plan, index) => {
      for (const event of expectedFor(plan)) if (!received[index].has(event.id)) lost++;
    });
    const deliveries = received.reduce((sum, seen) => sum + seen.size, 0);
    info('events published', published.length, 'events');
    info('events per second (writes through the gateway)', published.length / publishSeconds, 'events/s');
    info('deliveries (event × matching subscriber)', deliveries, 'deliveries');
    info('deliveries per second', deliveries / publishSeconds, 'deliveries/s');
    info('delivery latency p50 (write in the region → client)', percentile(latencies, 50), 'ms');
    info('gateway RSS before subscribers', baselineRss, 'MiB');
    info('gateway RSS with subscribers, idle', idleRss, 'MiB');
    info('gateway RSS after publishing', peakRssDuring, 'MiB');
    results.push(checkTarget('subscribers held on one gateway process', subscribed, 'subscriptions', '>=', 10_000));
    results.push(checkTarget('delivery latency p99 (write → client)', percentile(latencies, 99), 'ms', '<=', 250));
    results.push(checkTarget('lost events (expected deliveries not received)', lost, 'events', '<=', 0));
    results.push(checkTarget('duplicate deliveries', duplicates, 'events', '<=', 0));
  } finally {
    progress('closing clients and processes');
    await Promise.all(clients.map((client) => client.dispose()));
    await system?.stop();
  }
  return results;
}
