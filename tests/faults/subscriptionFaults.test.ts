/**
 * Subscriptions across regional failures, over the real system on loopback: a regional subgraph SIGKILLed and
 * restarted mid-stream, and SIGKILLed while it takes ~1,000 concurrent createRecall mutations. Checked at the
 * client (every event once, per-region order) and in the region's database (committed changes and logged events
 * are the same set, sequence numbers unique and increasing, no outbox left behind).
 */
import type { Document } from 'mongodb';
import type { RegionCode } from '../../kernel';
import { defaultDatabaseName } from '../../services/regional/model';
import type { Stack } from '../helpers/stack';
import {
  byRegion,
  createRecall,
  CREATE_RECALL,
  duplicatesOf,
  expectedByRegion,
  latestLoggedSeq,
  logOrder,
  pendingOutboxes,
  randomTag,
  recallInput,
  sleep,
  subscribeAll,
  subscriptionSuite,
  testCreditCode,
  waitForQuiet,
  waitUntil,
} from '../subscriptions/subscriptionHelpers';

jest.setTimeout(600_000);

/** Mutations in the durability test (SUBSCRIPTION_DURABILITY_N overrides, e.g. for a quick run). */
const DURABILITY_N = Number(process.env.SUBSCRIPTION_DURABILITY_N ?? 1000);
const DURABILITY_WORKERS = 12;
const SETTLE_MS = 1500;

let stack: Stack;
const sub = subscriptionSuite((started) => {
  stack = started;
});

interface RecallEvent {
  cursor: string;
  region: string;
  recordId: string;
  recall: { id: string; recallNumber: string } | null;
}

/** Every event delivered, with or without an error beside it (an entity that could not be read is null). */
function deliveredEvents(subscription: { results: ReadonlyArray<{ data?: Record<string, unknown> | null }> }): RecallEvent[] {
  return subscription.results.filter((result) => result.data).map((result) => result.data!.recallPublished as RecallEvent);
}

test('a regional subgraph SIGKILLed and restarted mid-stream: the other regions keep delivering, then every event arrives exactly once, in order', async () => {
  const hub = stack.gateway.hub;
  await waitForQuiet(stack, [hub]);
  const creditCode = testCreditCode('BJ', `${randomTag()}M`);
  const query = /* GraphQL */ `
    subscription Materials { recallPublished(filter: { categories: [BUILDING_MATERIALS] }) { cursor region recordId recall { id recallNumber } } }`;
  const [agency, publicPage] = await subscribeAll(hub, () => [sub<RecallEvent>(stack.tokens.BJ, query), sub<RecallEvent>(stack.tokens.PUBLIC, query)]);
  // Publication order within each region (regions publish at the same time).
  const published: string[] = [];
  const round = async (regions: RegionCode[]) => {
    const ids = await Promise.all(regions.map((region) => createRecall(stack, region, { category: 'BUILDING_MATERIALS', creditCode })));
    published.push(...ids);
  };

  await round(['BJ', 'TJ', 'HE']);
  await round(['BJ', 'TJ', 'HE']);
  await agency.waitForEvents(6);
  // Tianjin publishes three more and dies right after: their events may still sit in the outboxes or be logged
  // but not streamed yet.
  for (let i = 0; i < 3; i++) await round(['TJ']);
  const publishedAsTianjinDied = new Set(published.slice(-3));
  await stack.stopRegion('TJ', 'SIGKILL');

  // The other regions go on, and their events are delivered while Tianjin is down.
  for (let i = 0; i < 3; i++) await round(['BJ', 'HE']);
  const othersSoFar = published.filter((id) => !id.startsWith('TJ-'));
  for (const subscription of [agency, publicPage]) {
    await waitUntil(
      () => othersSoFar.every((id) => subscription.events.some((event) => event.recordId === id)),
      'Beijing and Hebei events while Tianjin is down',
      30_000,
      // On failure, say what did arrive: events, errors (an event delivered with an error is not in `events`), and the hub's positions.
      () => ({ events: subscription.events.map((event) => event.recordId), errors: subscription.errors, closed: subscription.closed, hub: hub.livePositions(), subscribers: hub.subscriberCount }),
    );
  }
  expect(agency.error).toBeUndefined();

  await stack.startRegion('TJ');
  for (let i = 0; i < 3; i++) await round(['TJ']);
  await round(['BJ', 'TJ', 'HE']);

  // Tianjin's last events before the kill may be streamed while it dies: their record cannot be read then, and the
  // event is delivered (by design) with `recall: null` and a REGION_UNAVAILABLE error naming Tianjin. Such an event
  // is delivered all the same; any other error is a failure.
  for (const [name, subscription] of [['agency', agency], ['public', publicPage]] as const) {
    await waitUntil(() => deliveredEvents(subscription).length >= published.length, `${name}: every event`, 60_000).catch(() => undefined);
    await sleep(SETTLE_MS);
    const events = deliveredEvents(subscription);
    const ids = events.map((event) => event.recordId);
    expect({ name, duplicates: duplicatesOf(ids) }).toEqual({ name, duplicates: [] });
    expect({ name, missing: published.filter((id) => !ids.includes(id)), unexpected: ids.filter((id) => !published.includes(id)) }).toEqual({ name, missing: [], unexpected: [] });
    expect({ name, order: byRegion(events) }).toEqual({ name, order: expectedByRegion(published) });
    const unexpectedErrors = subscription.results
      .filter((result) => result.errors?.length)
      .filter((result) => {
        const event = result.data?.recallPublished as RecallEvent | undefined;
        const regionDown = result.errors!.every((error) => (error.extensions as Record<string, unknown> | undefined)?.code === 'REGION_UNAVAILABLE' && (error.extensions as Record<string, unknown>).regionCode === 'TJ');
        return !(event && publishedAsTianjinDied.has(event.recordId) && event.recall === null && regionDown);
      });
    if (unexpectedErrors.length < subscription.results.filter((result) => result.errors?.length).length) console.log(`${name}: events delivered while Tianjin died, with recall null and REGION_UNAVAILABLE`);
    expect({ name, errors: unexpectedErrors, error: subscription.error ?? null }).toEqual({ name, errors: [], error: null });
    for (const event of subscription.events) expect(event.recall?.id).toBe(event.recordId);
  }
  const tianjin = new Set(published.filter((id) => id.startsWith('TJ-')));
  expect(byRegion(deliveredEvents(agency)).TIANJIN).toEqual(await logOrder(stack, 'TJ', ['RECALL_PUBLISHED'], tianjin));
});

test(`SIGKILL during ${DURABILITY_N} concurrent createRecall mutations: committed recalls and logged events are the same set`, async () => {
  const hub = stack.gateway.hub;
  await waitForQuiet(stack, [hub]);
  const region: RegionCode = 'HE';
  const db = stack.mongo.db(defaultDatabaseName(region));
  const recallsBefore = new Set((await db.collection<Document>('recalls').find({}, { projection: { _id: 1 } }).toArray()).map((doc) => String(doc._id)));
  const seqBefore = await latestLoggedSeq(stack, region);
  const creditCode = testCreditCode(region, `${randomTag()}D`);
  const [watcher] = await subscribeAll(hub, () => [
    sub<{ region: string; recordId: string }>(stack.tokens.HE, `subscription { recallPublished(filter: { regions: [HEBEI], enterpriseCreditCode: "${creditCode}" }) { region recordId } }`),
  ]);

  // Kill Hebei twice while the workers are mid-flight; a worker whose mutation fails waits for the restart.
  const killPoints = new Set([Math.floor(DURABILITY_N * 0.3), Math.floor(DURABILITY_N * 0.65)]);
  let regionUp: Promise<void> = Promise.resolve();
  const restarts: Array<Promise<void>> = [];
  const succeeded: string[] = [];
  const failed: string[] = [];
  let next = 0;
  const killAndRestart = () => {
    let release!: () => void;
    regionUp = new Promise<void>((resolve) => (release = resolve));
    const restart = (async () => {
      await stack.stopRegion(region, 'SIGKILL');
      await sleep(300);
      await stack.startRegion(region);
      release();
    })();
    restarts.push(restart);
  };
  const started = Date.now();
  const worker = async () => {
    for (;;) {
      const n = next++;
      if (n >= DURABILITY_N) return;
      if (killPoints.has(n)) killAndRestart();
      await regionUp;
      const input = recallInput({ category: 'HOUSEHOLD_APPLIANCES', creditCode, productName: `耐久性测试${n}` });
      try {
        const result = await stack.query<{ createRecall: { id: string } | null }>(stack.tokens.HE, CREATE_RECALL, { input });
        if (result.data?.createRecall?.id && !result.errors?.length) succeeded.push(result.data.createRecall.id);
        else failed.push(input.recallNumber as string);
      } catch {
        failed.push(input.recallNumber as string);
      }
    }
  };
  await Promise.all(Array.from({ length: DURABILITY_WORKERS }, worker));
  await Promise.all(restarts);
  const mutationMs = Date.now() - started;

  // Wait for the relay to empty every outbox and for the gateway to catch up.
  await waitForQuiet(stack, [hub], 60_000);
  const created = (await db.collection<Document>('recalls').find({ 'manufacturer.creditCode': creditCode }, { projection: { _id: 1 } }).toArray()).map((doc) => String(doc._id));
  const createdSet = new Set(created);
  const allNewRecalls = (await db.collection<Document>('recalls').find({}, { projection: { _id: 1 } }).toArray()).map((doc) => String(doc._id)).filter((id) => !recallsBefore.has(id));
  const logged = await db.collection<Document>('eventLog').find({ seq: { $gt: seqBefore } }, { sort: { seq: 1 } }).toArray();
  const publishedEvents = logged.filter((event) => event.type === 'RECALL_PUBLISHED').map((event) => String(event.recordId));

  // eslint-disable-next-line no-console
  console.log(
    `durability: ${DURABILITY_N} mutations by ${DURABILITY_WORKERS} workers in ${mutationMs} ms, 2 SIGKILLs; ${succeeded.length} succeeded, ${failed.length} failed, ` +
      `${created.length} committed (${created.length - succeeded.length} committed although the client saw a failure), ${logged.length} events logged`,
  );
  // Sanity: the run did something, and both kills hit requests in flight.
  expect(succeeded.length).toBeGreaterThan(DURABILITY_N * 0.9);
  expect(succeeded.length + failed.length).toBe(DURABILITY_N);
  // Every acknowledged mutation is committed; nothing else of this test was.
  expect(succeeded.filter((id) => !createdSet.has(id))).toEqual([]);
  expect(allNewRecalls.sort()).toEqual([...created].sort());
  expect(created.length).toBeLessThanOrEqual(DURABILITY_N);
  // Committed changes and logged events are the same set: one RECALL_PUBLISHED per created recall, none other.
  expect(duplicatesOf(publishedEvents)).toEqual([]);
  expect({ missingEvents: created.filter((id) => !publishedEvents.includes(id)), eventsWithoutRecall: publishedEvents.filter((id) => !createdSet.has(id)) }).toEqual({
    missingEvents: [],
    eventsWithoutRecall: [],
  });
  // Sequence numbers: unique, and assigned in increasing order over time.
  const seqs = logged.map((event) => event.seq as number);
  expect(new Set(seqs).size).toBe(seqs.length);
  for (let i = 1; i < logged.length; i++) {
    expect(seqs[i]!).toBeGreaterThan(seqs[i - 1]!);
    expect((logged[i]!.loggedAt as Date).getTime()).toBeGreaterThanOrEqual((logged[i - 1]!.loggedAt as Date).getTime());
  }
  const allSeqs = (await db.collection<Document>('eventLog').find({}, { projection: { seq: 1 } }).toArray()).map((event) => event.seq as number);
  expect(new Set(allSeqs).size).toBe(allSeqs.length);
  expect(new Set(logged.map((event) => String(event._id))).size).toBe(logged.length);
  // Nothing left in any outbox.
  expect(await pendingOutboxes(stack, region)).toBe(0);
  for (const name of ['recalls', 'riskAlerts', 'complaints', 'contractTemplates']) {
    expect({ name, withOutbox: await db.collection<Document>(name).countDocuments({ 'outbox.0': { $exists: true } }) }).toEqual({ name, withOutbox: 0 });
  }

  // And the gateway delivered each of them exactly once to a live subscriber, across both restarts.
  await waitUntil(() => watcher.events.length >= created.length, 'the subscriber to receive every event', 60_000).catch(() => undefined);
  await sleep(SETTLE_MS);
  const received = watcher.events.map((event) => event.recordId);
  expect(duplicatesOf(received)).toEqual([]);
  expect({ missing: created.filter((id) => !received.includes(id)).length, unexpected: received.filter((id) => !createdSet.has(id)) }).toEqual({ missing: 0, unexpected: [] });
  expect(received).toEqual(await logOrder(stack, region, ['RECALL_PUBLISHED'], createdSet));
  expect(watcher.error).toBeUndefined();
});
