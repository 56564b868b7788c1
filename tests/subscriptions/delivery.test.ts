/**
 * Federated subscriptions end to end, with the real graphql-ws client against the gateway over the real system on
 * loopback (engine, three regional subgraph processes, gateway): filters, per-region order and cross-region
 * fields, resuming with a cursor, several gateway instances, visibility, authentication and slow consumers.
 * What each subscriber must receive is computed here from what the test published, never from the gateway.
 */
import { once } from 'node:events';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { decodeEventCursor, type RegionCode } from '../../kernel';
import { DEVELOPMENT_AGENCIES } from '../../platform/agencies';
import { callerLimitsWith } from '../../platform/config';
import { signClientToken, signInternalIdentity } from '../../platform/identity';
import { startGateway, type RunningGateway } from '../../gateway/server';
import type { GatewayConfig } from '../../gateway/config';
import { testGatewayConfig, TEST_INTERNAL_SECRET, TEST_JWT_SECRET, type Stack } from '../helpers/stack';
import {
  byRegion,
  createRecall,
  createRiskAlert,
  duplicatesOf,
  ESCALATE_RISK_ALERT,
  expectedByRegion,
  logOrder,
  ok,
  randomTag,
  REGION_NAMES,
  sleep,
  subscribeAll,
  subscriptionSuite,
  testCreditCode,
  TestSubscription,
  waitForQuiet,
  waitUntil,
  wsUrlOf,
  type AnyRecord,
  type CloseInfo,
} from './subscriptionHelpers';

jest.setTimeout(180_000);

/** Time given to events that must not arrive, after the expected ones did. */
const SETTLE_MS = 1500;

let stack: Stack;
const extraGateways: RunningGateway[] = [];

function gatewayConfig(overrides: Partial<GatewayConfig> = {}): GatewayConfig {
  return testGatewayConfig(stack.regionUrls, { callerLimits: callerLimitsWith({ agency: { maxCost: 20_000 }, public: { maxCost: 20_000, maxAliases: 200, maxTokens: 5000 } }), graphiql: false, ...overrides });
}

const sub = subscriptionSuite(
  (started) => {
    stack = started;
  },
  {
    afterEachTest: () => waitUntil(() => stack.gateway.hub.subscriberCount === 0, 'the gateway to drop closed subscriptions', 10_000),
    beforeStop: async () => {
      for (const gateway of extraGateways) await gateway.stop();
    },
  },
);

const RECALL_EVENT_FIELDS = `cursor type region at recordId recall { id region recallNumber productCategory manufacturerCreditCode riskAlerts { id region title } }`;
const RECALL_SUBSCRIPTION = /* GraphQL */ `
  subscription Recalls($filter: RecallSubscriptionFilter, $after: String) {
    recallPublished(filter: $filter, after: $after) { ${RECALL_EVENT_FIELDS} }
  }`;
const ALERT_SUBSCRIPTION = /* GraphQL */ `
  subscription Alerts($filter: RiskAlertSubscriptionFilter) {
    riskAlertRaised(filter: $filter) { cursor type region at recordId riskAlert { id region riskLevel status title } }
  }`;

interface RecallEvent {
  cursor: string;
  type: string;
  region: string;
  at: string;
  recordId: string;
  recall: { id: string; region: string; recallNumber: string; productCategory: string; manufacturerCreditCode: string; riskAlerts: Array<{ id: string; region: string; title: string }> } | null;
}

interface AlertEvent {
  cursor: string;
  type: string;
  region: string;
  recordId: string;
  riskAlert: { id: string; region: string; riskLevel: string; status: string; title: string } | null;
}

/** Exactly `expected` (IDs in publication order, each region's published sequentially): same set, no duplicates, each region in order. */
async function expectExactly<T extends { region: string; recordId: string }>(subscription: TestSubscription<T>, expected: string[], what: string): Promise<T[]> {
  // On a timeout, go on: the comparisons below say what is missing.
  await subscription.waitForEvents(expected.length).catch(() => undefined);
  await sleep(SETTLE_MS);
  const events = subscription.events;
  const ids = events.map((event) => event.recordId);
  expect({ what, duplicates: duplicatesOf(ids) }).toEqual({ what, duplicates: [] });
  expect({ what, ids: [...ids].sort() }).toEqual({ what, ids: [...expected].sort() });
  expect({ what, order: byRegion(events) }).toEqual({ what, order: expectedByRegion(expected) });
  expect({ what, errors: subscription.errors, ended: subscription.error ?? null }).toEqual({ what, errors: [], ended: null });
  return events;
}

/* ---------- filters, order and cross-region fields ---------- */

describe('recallPublished and riskAlertRaised', () => {
  test('recalls published in all three regions reach exactly the subscribers whose filter matches, in per-region order, with cross-region fields resolved', async () => {
    await waitForQuiet(stack, [stack.gateway.hub]);
    const tag = randomTag();
    const code = { BJ: testCreditCode('BJ', `${tag}B`), TJ: testCreditCode('TJ', `${tag}T`), HE: testCreditCode('HE', `${tag}H`), X: testCreditCode('HE', `${tag}X`) };
    const hub = stack.gateway.hub;
    const [all, tianjinHebeiBikesToys, enterpriseX, hebeiBikesOfX] = await subscribeAll(hub, () => [
      sub<RecallEvent>(stack.tokens.TJ, RECALL_SUBSCRIPTION),
      sub<RecallEvent>(stack.tokens.PUBLIC, RECALL_SUBSCRIPTION, { filter: { regions: ['TIANJIN', 'HEBEI'], categories: ['ELECTRIC_BICYCLE', 'TOYS'] } }),
      // Lower case on purpose: the filter normalises credit codes.
      sub<RecallEvent>(stack.tokens.BJ, RECALL_SUBSCRIPTION, { filter: { enterpriseCreditCode: code.X.toLowerCase() } }),
      sub<RecallEvent>(stack.tokens.HE, RECALL_SUBSCRIPTION, { filter: { regions: ['HEBEI'], categories: ['ELECTRIC_BICYCLE'], enterpriseCreditCode: code.X } }),
    ]);

    const tianjinAlertTitle = `天津充电器起火风险提示 ${tag}`;
    const tianjinAlert = await createRiskAlert(stack, 'TJ', { level: 'HIGH', category: 'ELECTRIC_BICYCLE', title: tianjinAlertTitle, creditCodes: [code.X] });
    const plan: Record<RegionCode, Array<{ category: string; creditCode: string; riskAlertIds?: string[] }>> = {
      BJ: [
        { category: 'ELECTRIC_BICYCLE', creditCode: code.BJ },
        { category: 'TOYS', creditCode: code.X },
        { category: 'COSMETICS', creditCode: code.BJ },
      ],
      TJ: [
        { category: 'ELECTRIC_BICYCLE', creditCode: code.TJ },
        { category: 'TOYS', creditCode: code.TJ },
        { category: 'FURNITURE', creditCode: code.X },
      ],
      HE: [
        { category: 'ELECTRIC_BICYCLE', creditCode: code.X, riskAlertIds: [tianjinAlert] },
        { category: 'TOYS', creditCode: code.HE },
        { category: 'COSMETICS', creditCode: code.HE },
        { category: 'ELECTRIC_BICYCLE', creditCode: code.HE },
      ],
    };
    // Each region publishes its recalls one after the other; the regions publish at the same time.
    const published = await Promise.all(
      (Object.keys(plan) as RegionCode[]).map(async (region) => {
        const rows: Array<{ id: string; region: RegionCode; category: string; creditCode: string }> = [];
        for (const spec of plan[region]) rows.push({ id: await createRecall(stack, region, spec), region, category: spec.category, creditCode: spec.creditCode });
        return rows;
      }),
    ).then((rows) => rows.flat());
    const ids = (predicate: (row: (typeof published)[number]) => boolean) => published.filter(predicate).map((row) => row.id);
    const hebeiBikeOfX = published.find((row) => row.region === 'HE' && row.creditCode === code.X)!.id;

    const allEvents = await expectExactly(all, ids(() => true), 'no filter');
    await expectExactly(tianjinHebeiBikesToys, ids((row) => row.region !== 'BJ' && ['ELECTRIC_BICYCLE', 'TOYS'].includes(row.category)), 'regions + categories');
    await expectExactly(enterpriseX, ids((row) => row.creditCode === code.X), 'enterprise');
    const [onlyOne] = await expectExactly(hebeiBikesOfX, [hebeiBikeOfX], 'regions + categories + enterprise');

    // Each event carries its own fields and the recall as selected.
    const byId = new Map(published.map((row) => [row.id, row]));
    for (const event of allEvents) {
      const row = byId.get(event.recordId)!;
      expect(event).toMatchObject({ type: 'PUBLISHED', region: REGION_NAMES[row.region], recordId: row.id });
      expect(typeof event.cursor).toBe('string');
      expect(event.cursor.length).toBeGreaterThan(0);
      expect(Number.isNaN(Date.parse(event.at))).toBe(false);
      expect(event.recall).toMatchObject({ id: row.id, region: REGION_NAMES[row.region], productCategory: row.category, manufacturerCreditCode: row.creditCode });
    }
    // The Hebei recall cites a Tianjin risk alert: resolved by Tianjin through the supergraph.
    expect(onlyOne!.recall!.riskAlerts).toEqual([{ id: tianjinAlert, region: 'TIANJIN', title: tianjinAlertTitle }]);
    expect(allEvents.find((event) => event.recordId === hebeiBikeOfX)!.recall!.riskAlerts).toEqual([{ id: tianjinAlert, region: 'TIANJIN', title: tianjinAlertTitle }]);
    // The order each region delivered is its log's order.
    for (const region of ['BJ', 'TJ', 'HE'] as RegionCode[]) {
      const mine = new Set(ids((row) => row.region === region));
      expect(byRegion(allEvents)[REGION_NAMES[region]]).toEqual(await logOrder(stack, region, ['RECALL_PUBLISHED'], mine));
    }
  });

  test('riskAlertRaised: minimumLevel, regions, categories and enterprise filters; escalations count at their new level', async () => {
    await waitForQuiet(stack, [stack.gateway.hub]);
    const tag = randomTag();
    const bjCode = testCreditCode('BJ', `${tag}A`);
    const [highOrAbove, hebeiMediumOrAbove, toysOfEnterprise] = await subscribeAll(stack.gateway.hub, () => [
      sub<AlertEvent>(stack.tokens.PUBLIC, ALERT_SUBSCRIPTION, { filter: { minimumLevel: 'HIGH' } }),
      sub<AlertEvent>(stack.tokens.BJ, ALERT_SUBSCRIPTION, { filter: { minimumLevel: 'MEDIUM', regions: ['HEBEI'] } }),
      sub<AlertEvent>(stack.tokens.TJ, ALERT_SUBSCRIPTION, { filter: { categories: ['TOYS'], enterpriseCreditCode: bjCode } }),
    ]);
    const tianjinHigh = await createRiskAlert(stack, 'TJ', { level: 'HIGH', category: 'ELECTRIC_BICYCLE', title: `津高风险 ${tag}` });
    const beijingLow = await createRiskAlert(stack, 'BJ', { level: 'LOW', category: 'TOYS', title: `京低风险 ${tag}`, creditCodes: [bjCode] });
    const beijingSevere = await createRiskAlert(stack, 'BJ', { level: 'SEVERE', category: 'TOYS', title: `京严重风险 ${tag}`, creditCodes: [bjCode] });
    const hebeiMedium = await createRiskAlert(stack, 'HE', { level: 'MEDIUM', category: 'ELECTRIC_BICYCLE', title: `冀中风险 ${tag}` });
    const hebeiLow = await createRiskAlert(stack, 'HE', { level: 'LOW', category: 'TOYS', title: `冀低风险 ${tag}` });
    const tianjinLow = await createRiskAlert(stack, 'TJ', { level: 'LOW', category: 'COSMETICS', title: `津低风险 ${tag}` });
    const escalated = ok(await stack.query(stack.tokens.HE, ESCALATE_RISK_ALERT, { id: hebeiMedium, level: 'HIGH' }), 'escalate').escalateRiskAlert;
    expect(escalated).toEqual({ id: hebeiMedium, riskLevel: 'HIGH', status: 'ESCALATED' });
    void hebeiLow;
    void tianjinLow;

    const pairs = (subscription: TestSubscription<AlertEvent>) => subscription.events.map((event) => `${event.recordId}:${event.type}`);
    await highOrAbove.waitForEvents(3);
    await hebeiMediumOrAbove.waitForEvents(2);
    await toysOfEnterprise.waitForEvents(2);
    await sleep(SETTLE_MS);
    expect(pairs(highOrAbove).sort()).toEqual([`${tianjinHigh}:RAISED`, `${beijingSevere}:RAISED`, `${hebeiMedium}:ESCALATED`].sort());
    expect(pairs(hebeiMediumOrAbove)).toEqual([`${hebeiMedium}:RAISED`, `${hebeiMedium}:ESCALATED`]);
    expect(pairs(toysOfEnterprise)).toEqual([`${beijingLow}:RAISED`, `${beijingSevere}:RAISED`]);
    for (const subscription of [highOrAbove, hebeiMediumOrAbove, toysOfEnterprise]) expect(subscription.errors).toEqual([]);
    // The entity is resolved as it is now; the escalation's event shows the new level.
    const escalation = highOrAbove.events.find((event) => event.type === 'ESCALATED')!;
    expect(escalation).toMatchObject({ region: 'HEBEI', recordId: hebeiMedium, riskAlert: { id: hebeiMedium, region: 'HEBEI', riskLevel: 'HIGH', status: 'ESCALATED' } });
    expect(highOrAbove.events.find((event) => event.recordId === beijingSevere)).toMatchObject({ region: 'BEIJING', riskAlert: { riskLevel: 'SEVERE', status: 'OPEN', title: `京严重风险 ${tag}` } });
  });
});

/* ---------- resuming with a cursor ---------- */

describe('resuming with the last cursor', () => {
  const TOYS_QUERY = /* GraphQL */ `
    subscription Toys($after: String) { recallPublished(filter: { categories: [TOYS] }, after: $after) { cursor region recordId recall { id productCategory } } }`;

  /** Publishes one recall per spec, each region's in order, the regions at the same time; returns the IDs. */
  async function publish(specs: Array<{ region: RegionCode; category: string }>, creditCode: string): Promise<string[]> {
    const regions = [...new Set(specs.map((spec) => spec.region))];
    const results = await Promise.all(
      regions.map(async (region) => {
        const out: Array<{ id: string; category: string }> = [];
        for (const spec of specs.filter((candidate) => candidate.region === region)) out.push({ id: await createRecall(stack, region, { category: spec.category, creditCode }), category: spec.category });
        return out;
      }),
    );
    return results.flat().filter((row) => row.category === 'TOYS').map((row) => row.id);
  }

  test('a client that disconnects, misses events and reconnects with its last cursor receives exactly the missed ones, then live ones', async () => {
    await waitForQuiet(stack, [stack.gateway.hub]);
    const creditCode = testCreditCode('TJ', `${randomTag()}R`);
    const hub = stack.gateway.hub;
    const [first] = await subscribeAll(hub, () => [sub<RecallEvent>(stack.tokens.BJ, TOYS_QUERY)]);
    const before = await publish([{ region: 'BJ', category: 'TOYS' }, { region: 'TJ', category: 'TOYS' }, { region: 'HE', category: 'TOYS' }], creditCode);
    await expectExactly(first, before, 'before the disconnect');
    const cursor = first.events.at(-1)!.cursor;
    await first.dispose();
    await waitUntil(() => hub.subscriberCount === 0, 'the disconnect to reach the gateway');

    const missed = await publish(
      (['BJ', 'TJ', 'HE'] as RegionCode[]).flatMap((region) => [
        { region, category: 'TOYS' },
        { region, category: 'COSMETICS' },
        { region, category: 'TOYS' },
      ]),
      creditCode,
    );
    expect(missed).toHaveLength(6);
    await waitForQuiet(stack, [hub]);

    const [resumed] = await subscribeAll(hub, () => [sub<RecallEvent>(stack.tokens.BJ, TOYS_QUERY, { after: cursor })]);
    await expectExactly(resumed, missed, 'replayed after the cursor');
    for (const event of resumed.events) expect(event.recall).toEqual({ id: event.recordId, productCategory: 'TOYS' });

    const live = await publish([{ region: 'HE', category: 'TOYS' }, { region: 'BJ', category: 'TOYS' }, { region: 'TJ', category: 'COSMETICS' }, { region: 'TJ', category: 'TOYS' }], creditCode);
    await expectExactly(resumed, [...missed, ...live], 'replayed, then live');
    // The live events come after every replayed one.
    expect(resumed.events.slice(missed.length).map((event) => event.recordId).sort()).toEqual([...live].sort());

    // Resuming from the newest cursor replays nothing; both connections then get the next event once.
    const [upToDate] = await subscribeAll(hub, () => [sub<RecallEvent>(stack.tokens.BJ, TOYS_QUERY, { after: resumed.events.at(-1)!.cursor })]);
    await sleep(SETTLE_MS);
    expect(upToDate.events).toEqual([]);
    const next = await publish([{ region: 'BJ', category: 'TOYS' }], creditCode);
    await expectExactly(upToDate, next, 'after resuming from the newest cursor');
    await expectExactly(resumed, [...missed, ...live, ...next], 'still live');
  });

  test('an invalid cursor is refused with BAD_USER_INPUT', async () => {
    const bad = sub(stack.tokens.BJ, TOYS_QUERY, { after: 'not-a-cursor!' });
    await bad.waitForEnd();
    expect(bad.events).toEqual([]);
    expect(bad.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('a cursor older than the events a region still keeps ends with CURSOR_EXPIRED instead of resuming past a gap', async () => {
    await waitForQuiet(stack, [stack.gateway.hub]);
    const creditCode = testCreditCode('TJ', `${randomTag()}X`);
    const hub = stack.gateway.hub;
    const [first] = await subscribeAll(hub, () => [sub<RecallEvent>(stack.tokens.BJ, TOYS_QUERY)]);
    await expectExactly(first, await publish([{ region: 'TJ', category: 'TOYS' }], creditCode), 'the first event');
    const cursor = first.events.at(-1)!.cursor;
    await first.dispose();
    await publish([{ region: 'TJ', category: 'TOYS' }, { region: 'TJ', category: 'TOYS' }], creditCode);
    await waitForQuiet(stack, [hub]);
    // As the retention pruning would: the first event after the cursor is gone from Tianjin's log.
    const log = stack.db('TJ').collection('eventLog');
    const position = decodeEventCursor(cursor).TJ!;
    const pruned = await log.find({ seq: position + 1 }).toArray();
    expect(pruned).toHaveLength(1);
    await log.deleteMany({ seq: position + 1 });
    try {
      const expired = sub<RecallEvent>(stack.tokens.BJ, TOYS_QUERY, { after: cursor });
      await expired.waitForEnd();
      expect(expired.events).toEqual([]);
      expect(expired.errors[0]?.extensions).toMatchObject({ code: 'CURSOR_EXPIRED', regionCode: 'TJ' });
      expect(expired.completed).toBe(true);
      // Only the subscription ended: the client then closes its idle lazy socket normally (1000), the server did not.
      expect(expired.closed?.code ?? 1000).toBe(1000);
    } finally {
      await log.insertMany(pruned);
    }
  });

  test('a client resuming while an identical subscription stays live and writes continue still gets every event exactly once', async () => {
    await waitForQuiet(stack, [stack.gateway.hub]);
    const hub = stack.gateway.hub;
    const creditCode = testCreditCode('HE', `${randomTag()}C`);
    const query = /* GraphQL */ `
      subscription Furniture($after: String) { recallPublished(filter: { categories: [FURNITURE] }, after: $after) { cursor region recordId recall { id productName } } }`;
    const [live, firstSegment] = await subscribeAll(hub, () => [sub<RecallEvent>(stack.tokens.BJ, query), sub<RecallEvent>(stack.tokens.BJ, query)]);
    const published: Record<RegionCode, string[]> = { BJ: [], TJ: [], HE: [] };
    let writing = true;
    const writers = (['BJ', 'TJ', 'HE'] as RegionCode[]).map(async (region) => {
      while (writing) published[region].push(await createRecall(stack, region, { category: 'FURNITURE', creditCode }));
    });
    // The second client disconnects and resumes from its last cursor three times while the writers keep going.
    const segments = [firstSegment];
    for (let round = 0; round < 3; round++) {
      const current = segments.at(-1)!;
      await current.waitForEvents(current.events.length + 4);
      await current.dispose();
      await waitUntil(() => current.closed !== undefined, 'the client socket to close');
      await sleep(200);
      const cursor = current.events.at(-1)!.cursor;
      segments.push(sub<RecallEvent>(stack.tokens.BJ, query, { after: cursor }));
      await sleep(300);
    }
    await segments.at(-1)!.waitForEvents(6);
    writing = false;
    await Promise.all(writers);
    const expected = [...published.BJ, ...published.TJ, ...published.HE];
    await expectExactly(live, expected, 'the live subscription');
    const distinct = () => new Set(segments.flatMap((segment) => segment.events.map((event) => event.recordId))).size;
    await waitUntil(() => distinct() >= expected.length, 'the resuming client to have every event', 30_000).catch(() => undefined);
    await sleep(SETTLE_MS);
    for (const segment of segments.slice(0, -1)) expect(segment.closed?.code).toBe(1000);
    expect(segments.at(-1)!.error).toBeUndefined();
    const received = segments.flatMap((segment) => segment.events);
    const seqOf = new Map<string, number>();
    for (const region of ['BJ', 'TJ', 'HE'] as RegionCode[]) {
      for (const event of await stack.mongo.db(`jjj_${region.toLowerCase()}`).collection('eventLog').find({ recordId: { $in: expected } }).toArray()) seqOf.set(String(event.recordId), Number(event.seq));
    }
    const ids = received.map((event) => event.recordId);
    // Where each duplicate arrived: segment (connection) index, position in it, and the cursor it came with.
    const where = (id: string) =>
      segments.flatMap((segment, index) =>
        segment.events.flatMap((event, position) => (event.recordId === id ? [{ segment: index, position, of: segment.events.length, cursor: decodeEventCursor(event.cursor), resumedFrom: segment.variables.after ? decodeEventCursor(String(segment.variables.after)) : null }] : [])),
      );
    expect({ duplicates: duplicatesOf(ids).map((id) => ({ id, seq: seqOf.get(id), where: where(id) })) }).toEqual({ duplicates: [] });
    expect([...ids].sort()).toEqual([...expected].sort());
    expect(byRegion(received)).toEqual(expectedByRegion(expected));
  });
});

/* ---------- several gateway instances ---------- */

describe('two gateway instances', () => {
  test('deliver the same events, and a cursor from one resumes on the other', async () => {
    const second = await startGateway(gatewayConfig());
    extraGateways.push(second);
    await waitForQuiet(stack, [stack.gateway.hub, second.hub]);
    const creditCode = testCreditCode('BJ', `${randomTag()}G`);
    const query = /* GraphQL */ `
      subscription Parts($after: String) {
        recallPublished(filter: { categories: [AUTO_PARTS] }, after: $after) { cursor region recordId recall { id productName riskAlerts { id } } }
      }`;
    const [onFirst] = await subscribeAll(stack.gateway.hub, () => [sub<RecallEvent>(stack.tokens.HE, query)]);
    const [onSecond] = await subscribeAll(second.hub, () => [sub<RecallEvent>(stack.tokens.HE, query, {}, second.url)]);
    const expected: string[] = [];
    for (let round = 0; round < 2; round++) {
      const ids = await Promise.all((['BJ', 'TJ', 'HE'] as RegionCode[]).map((region) => createRecall(stack, region, { category: 'AUTO_PARTS', creditCode, productName: `汽车配件${round}` })));
      expected.push(...ids);
      await createRecall(stack, 'TJ', { category: 'TEXTILES', creditCode });
    }
    const firstEvents = await expectExactly(onFirst, expected, 'first gateway');
    const secondEvents = await expectExactly(onSecond, expected, 'second gateway');
    // Same events, same per-region order, same resolved payloads on both instances.
    expect(byRegion(secondEvents)).toEqual(byRegion(firstEvents));
    const payload = (events: RecallEvent[]) => new Map(events.map((event) => [event.recordId, event.recall]));
    expect(payload(secondEvents)).toEqual(payload(firstEvents));
    for (const event of firstEvents) expect(event.recall).toMatchObject({ id: event.recordId, riskAlerts: [] });

    // A cursor the first instance issued is valid on the second: it resumes with what came after it there.
    const cut = 2;
    const [resumedOnSecond] = await subscribeAll(second.hub, () => [sub<RecallEvent>(stack.tokens.HE, query, { after: firstEvents[cut]!.cursor }, second.url)]);
    await expectExactly(resumedOnSecond, firstEvents.slice(cut + 1).map((event) => event.recordId), 'resumed on the second gateway with the first one\'s cursor');
  });
});
/* ---------- visibility ---------- */

describe('complaintChanged visibility', () => {
  const COMPLAINT_SUBSCRIPTION = /* GraphQL */ `
    subscription Complaints($filter: ComplaintSubscriptionFilter) {
      complaintChanged(filter: $filter) { cursor type region recordId status complaint { id receivingRegion handlingRegion } }
    }`;
  const REGISTER = /* GraphQL */ `mutation Register($input: RegisterComplaintInput!) { registerComplaint(input: $input) { id } }`;
  const step = (name: string) => `mutation Step($input: ComplaintStepInput!) { ${name}(input: $input) { id status } }`;

  interface ComplaintEvent {
    type: string;
    region: string;
    recordId: string;
    status: string;
    complaint: { id: string; receivingRegion: string; handlingRegion: string } | null;
  }

  function registerInput(creditCode: string) {
    return {
      channel: 'HOTLINE_12315',
      consumer: { name: '张小明', phone: '13812345678', address: '北京市朝阳区建国路88号' },
      business: { creditCode, name: '测试电器销售有限公司' },
      category: 'AFTER_SALES',
      subject: '空调安装后不制冷',
      description: '消费者购买空调一台，安装后不制冷，商家拒绝上门维修。',
      amountInDispute: 3299,
    };
  }

  test('the public token may not subscribe to complaint changes (FORBIDDEN)', async () => {
    const refused = sub(stack.tokens.PUBLIC, COMPLAINT_SUBSCRIPTION);
    await refused.waitForEnd();
    expect(refused.events).toEqual([]);
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors[0]!.extensions?.code).toBe('FORBIDDEN');
    expect(refused.errors[0]!.message).toMatch(/agenc/i);
  });

  test('a Beijing complaint about a Tianjin business reaches Beijing and Tianjin subscribers, not Hebei', async () => {
    await waitForQuiet(stack, [stack.gateway.hub]);
    const tag = randomTag();
    const tianjinBusiness = testCreditCode('TJ', `${tag}J`);
    const hebeiBusiness = testCreditCode('HE', `${tag}K`);
    const [beijing, tianjin, hebei, beijingAboutHebei] = await subscribeAll(stack.gateway.hub, () => [
      sub<ComplaintEvent>(stack.tokens.BJ, COMPLAINT_SUBSCRIPTION),
      sub<ComplaintEvent>(stack.tokens.TJ, COMPLAINT_SUBSCRIPTION),
      sub<ComplaintEvent>(stack.tokens.HE, COMPLAINT_SUBSCRIPTION),
      sub<ComplaintEvent>(stack.tokens.BJ, COMPLAINT_SUBSCRIPTION, { filter: { regions: ['HEBEI'] } }),
    ]);
    const aboutTianjin = ok<{ registerComplaint: { id: string } }>(await stack.query(stack.tokens.BJ, REGISTER, { input: registerInput(tianjinBusiness) }), 'register').registerComplaint.id;
    ok(await stack.query(stack.tokens.BJ, step('transferComplaint'), { input: { id: aboutTianjin, note: '转天津市处理' } }), 'transfer');
    ok(await stack.query(stack.tokens.TJ, step('acceptComplaint'), { input: { id: aboutTianjin } }), 'accept');
    // Then one Hebei may see: Beijing's events arrive in order, so once it arrives the others were decided.
    const aboutHebei = ok<{ registerComplaint: { id: string } }>(await stack.query(stack.tokens.BJ, REGISTER, { input: registerInput(hebeiBusiness) }), 'register').registerComplaint.id;

    const summary = (subscription: TestSubscription<ComplaintEvent>) => subscription.events.map((event) => `${event.recordId}:${event.type}:${event.status}`);
    await beijing.waitForEvents(4);
    await tianjin.waitForEvents(3);
    await hebei.waitForEvents(1);
    await beijingAboutHebei.waitForEvents(1);
    await sleep(SETTLE_MS);
    const tianjinChain = [`${aboutTianjin}:REGISTERED:REGISTERED`, `${aboutTianjin}:CHANGED:TRANSFERRED`, `${aboutTianjin}:CHANGED:ACCEPTED`];
    expect(summary(beijing)).toEqual([...tianjinChain, `${aboutHebei}:REGISTERED:REGISTERED`]);
    expect(summary(tianjin)).toEqual(tianjinChain);
    expect(summary(hebei)).toEqual([`${aboutHebei}:REGISTERED:REGISTERED`]);
    expect(summary(beijingAboutHebei)).toEqual([`${aboutHebei}:REGISTERED:REGISTERED`]);
    for (const subscription of [beijing, tianjin, hebei, beijingAboutHebei]) expect(subscription.errors).toEqual([]);
    expect(tianjin.events[0]).toMatchObject({ region: 'BEIJING', complaint: { id: aboutTianjin, receivingRegion: 'BEIJING', handlingRegion: 'TIANJIN' } });
    expect(hebei.events[0]).toMatchObject({ region: 'BEIJING', complaint: { id: aboutHebei, receivingRegion: 'BEIJING', handlingRegion: 'HEBEI' } });
  });
});

/* ---------- authentication ---------- */

describe('authentication', () => {
  const QUERY = 'subscription { recallPublished { cursor recordId } }';
  const cases: Array<[string, () => Record<string, unknown>]> = [
    ['no connectionParams', () => ({})],
    ['no Bearer prefix', () => ({ authorization: stack.tokens.BJ })],
    ['a malformed token', () => ({ authorization: 'Bearer not-a-jwt' })],
    ['a token signed with another secret', () => ({ authorization: `Bearer ${signClientToken(DEVELOPMENT_AGENCIES.BJ, 'another-secret-0123456789abcdef')}` })],
    ['an expired token', () => ({ authorization: `Bearer ${signClientToken(DEVELOPMENT_AGENCIES.BJ, TEST_JWT_SECRET, -60)}` })],
    ['the internal identity instead of a client token', () => ({ authorization: `Bearer ${signInternalIdentity(DEVELOPMENT_AGENCIES.BJ, TEST_INTERNAL_SECRET, { region: 'BJ', endpoint: 'regional' })}` })],
  ];

  test.each(cases)('%s: the socket is closed with 4401', async (_name, params) => {
    const subscription = sub(null, QUERY, {}, stack.gatewayUrl, { connectionParams: params() });
    await subscription.waitForEnd();
    expect(subscription.results).toEqual([]);
    expect(subscription.closed?.code).toBe(4401);
    expect(subscription.closed?.reason).toMatch(/^Unauthenticated/);
    expect((subscription.error as CloseInfo).code).toBe(4401);
  });
});

/* ---------- slow consumers ---------- */

describe('bounded buffers', () => {
  /** Random CJK text (does not compress), 3 bytes a character in UTF-8. */
  const bulky = (length: number) => Array.from({ length }, () => String.fromCharCode(0x4e00 + Math.floor(Math.random() * 0x5000))).join('');

  test('a client that stops reading is disconnected with 4008 and a reason once more than maxQueuedEventsPerSubscriber events wait', async () => {
    const slow = await startGateway(gatewayConfig({ maxQueuedEventsPerSubscriber: 5 }));
    extraGateways.push(slow);
    await waitForQuiet(stack, [stack.gateway.hub, slow.hub]);
    // ~600 kB per event: the kernel's socket buffers fill after a few events, then the gateway's queue does.
    const aliases = Array.from({ length: 100 }, (_, i) => `d${i}: defect`).join(' ');
    const query = `subscription { recallPublished(filter: { categories: [GAS_APPLIANCES] }) { cursor recordId recall { id ${aliases} } } }`;

    const socket = new WebSocket(wsUrlOf(slow.url), 'graphql-transport-ws');
    const messages: AnyRecord[] = [];
    let closed: CloseInfo | undefined;
    socket.on('message', (data) => messages.push(JSON.parse(String(data)) as AnyRecord));
    socket.on('close', (code, reason) => {
      closed = { code, reason: reason.toString() };
    });
    await once(socket, 'open');
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${stack.tokens.PUBLIC}` } }));
    await waitUntil(() => messages.some((message) => message.type === 'connection_ack'), 'connection_ack');
    socket.send(JSON.stringify({ id: 'slow-1', type: 'subscribe', payload: { query } }));
    await waitUntil(() => slow.hub.subscriberCount === 1, 'the subscription to be registered');
    // Stop reading: nothing is taken from the TCP socket any more, so the gateway's sends stop completing.
    const tcp = (socket as unknown as { _socket: Socket })._socket;
    tcp.pause();

    const creditCode = testCreditCode('HE', `${randomTag()}L`);
    const defect = bulky(2000);
    let published = 0;
    for (let round = 0; round < 20 && slow.hub.subscriberCount > 0; round++) {
      await Promise.all((['BJ', 'TJ', 'HE'] as RegionCode[]).map((region) => createRecall(stack, region, { category: 'GAS_APPLIANCES', creditCode, defect })));
      published += 3;
    }
    await waitUntil(() => slow.hub.subscriberCount === 0, 'the slow subscriber to be dropped', 30_000, () => ({ published, subscribers: slow.hub.subscriberCount }));
    // Read again: what was sent arrives, then the close frame.
    tcp.resume();
    await waitUntil(() => closed !== undefined, 'the close frame', 30_000);
    expect(closed!.code).toBe(4008);
    expect(closed!.reason).toMatch(/slow consumer/i);
    expect(closed!.reason).toMatch(/cursor/i);
    const delivered = messages.filter((message) => message.type === 'next');
    expect(delivered.length).toBeLessThan(published);
    // The main gateway (1000 queued events allowed) did not drop anyone meanwhile, and the slow one still serves others.
    // Events of the last round may still be on their way to the gateway; a new subscription starts after them.
    await waitForQuiet(stack, [slow.hub]);
    const [fresh] = await subscribeAll(slow.hub, () => [sub<RecallEvent>(stack.tokens.PUBLIC, RECALL_SUBSCRIPTION, { filter: { categories: ['GAS_APPLIANCES'] } }, slow.url)]);
    const id = await createRecall(stack, 'BJ', { category: 'GAS_APPLIANCES', creditCode });
    await expectExactly(fresh, [id], 'a new subscriber on the same gateway');
  });
});
