/**
 * Lifecycle events end to end, with the real graphql-ws client against the gateway over the real system on loopback
 * (engine, three regional subgraph processes, gateway): each change of a recall or risk alert is one event of its own
 * type (a cancel one RECALL_CANCELLED, delivered once live and once to a subscriber resuming from before it),
 * `recallChanged` and `riskAlertChanged` carry them with `matchesFilter`, a recall that leaves a subscriber's filter is
 * sent to it once (matchesFilter false) and then no more, and `recallPublished` / `riskAlertRaised` keep their types.
 * Each test isolates its records by a credit code of its own; what must arrive is computed from what it wrote.
 */
import type { RegionCode } from '../../kernel';
import type { Stack } from '../helpers/stack';
import {
  createRecall,
  createRiskAlert,
  ESCALATE_RISK_ALERT,
  ok,
  randomTag,
  sleep,
  subscribeAll,
  subscriptionSuite,
  testCreditCode,
  waitForQuiet,
  waitUntil,
  type TestSubscription,
} from './subscriptionHelpers';

jest.setTimeout(120_000);

/** Time given to events that must not arrive, after the expected ones did. */
const SETTLE_MS = 1500;

let stack: Stack;

const sub = subscriptionSuite(
  (started) => {
    stack = started;
  },
  { afterEachTest: () => waitUntil(() => stack.gateway.hub.subscriberCount === 0, 'the gateway to drop closed subscriptions', 10_000) },
);

const RECALL_CHANGED = /* GraphQL */ `
  subscription RecallChanged($filter: RecallSubscriptionFilter, $after: String) {
    recallChanged(filter: $filter, after: $after) { cursor type region recordId matchesFilter status recall { id status productCategory } }
  }`;
const RECALL_PUBLISHED = /* GraphQL */ `
  subscription RecallPublished($filter: RecallSubscriptionFilter) { recallPublished(filter: $filter) { cursor type recordId } }`;
const ALERT_CHANGED = /* GraphQL */ `
  subscription AlertChanged($filter: RiskAlertSubscriptionFilter, $after: String) {
    riskAlertChanged(filter: $filter, after: $after) { cursor type region recordId matchesFilter status riskAlert { id status riskLevel } }
  }`;
const ALERT_RAISED = /* GraphQL */ `
  subscription AlertRaised($filter: RiskAlertSubscriptionFilter) { riskAlertRaised(filter: $filter) { cursor type recordId } }`;

const UPDATE_RECALL = /* GraphQL */ `mutation UpdateRecall($id: ID!, $input: UpdateRecallInput!) { updateRecall(id: $id, input: $input) { id status productCategory } }`;
const RESOLVE_RISK_ALERT = /* GraphQL */ `mutation Resolve($id: ID!) { resolveRiskAlert(id: $id) { id status } }`;
const LINK_RECALL = /* GraphQL */ `mutation Link($riskAlertId: ID!, $recallId: ID!) { linkRecallToRiskAlert(riskAlertId: $riskAlertId, recallId: $recallId) { id } }`;

interface ChangeEvent {
  cursor: string;
  type: string;
  region: string;
  recordId: string;
  matchesFilter: boolean;
  status: string;
  recall?: { id: string; status: string; productCategory: string } | null;
  riskAlert?: { id: string; status: string; riskLevel: string } | null;
}

async function updateRecall(region: RegionCode, id: string, input: Record<string, unknown>): Promise<void> {
  ok(await stack.query(stack.tokens[region], UPDATE_RECALL, { id, input }), `updateRecall ${id} ${JSON.stringify(input)}`);
}

/** Lifecycle event types (link events, kept by the regions' back-link upkeep, are another matter). */
const LIFECYCLE_TYPES = ['RECALL_PUBLISHED', 'RECALL_UPDATED', 'RECALL_CANCELLED', 'RECALL_COMPLETED', 'RISK_ALERT_RAISED', 'RISK_ALERT_ESCALATED', 'RISK_ALERT_UPDATED', 'RISK_ALERT_RESOLVED'];

/** The types of the lifecycle events a record's region logged for it, in order (one per write). */
async function loggedTypes(region: RegionCode, recordId: string): Promise<string[]> {
  const events = await stack.db(region).collection('eventLog').find({ recordId, type: { $in: LIFECYCLE_TYPES } }, { projection: { type: 1 }, sort: { seq: 1 } }).toArray();
  return events.map((event) => String(event.type));
}

/** What a test compares of each event received: type, record, whether it matches the filter, status after the change. */
const summary = (events: readonly ChangeEvent[]) => events.map((event) => [event.type, event.recordId, event.matchesFilter, event.status]);

/** The subscription's events once `count` have arrived and nothing more came for SETTLE_MS; no errors. */
async function settled(subscription: TestSubscription<ChangeEvent>, count: number): Promise<ChangeEvent[]> {
  await subscription.waitForEvents(count);
  await sleep(SETTLE_MS);
  expect({ errors: subscription.errors, ended: subscription.error ?? null }).toEqual({ errors: [], ended: null });
  return subscription.events;
}

describe('recallChanged', () => {
  test('a cancelled recall emits exactly one event: a live subscriber gets it once, a subscriber resuming from before the cancel gets it once, recallPublished not at all', async () => {
    const hub = stack.gateway.hub;
    await waitForQuiet(stack, [hub]);
    const code = testCreditCode('TJ', randomTag());
    const filter = { enterpriseCreditCode: code };
    const [live, published] = await subscribeAll(hub, () => [sub<ChangeEvent>(stack.tokens.PUBLIC, RECALL_CHANGED, { filter }), sub<ChangeEvent>(stack.tokens.TJ, RECALL_PUBLISHED, { filter })]);

    const id = await createRecall(stack, 'TJ', { category: 'TOYS', creditCode: code });
    const [publication] = await live.waitForEvents(1);
    expect(summary([publication!])).toEqual([['PUBLISHED', id, true, 'ANNOUNCED']]);

    await updateRecall('TJ', id, { status: 'CANCELLED' });
    const events = await settled(live, 2);
    expect(summary(events)).toEqual([
      ['PUBLISHED', id, true, 'ANNOUNCED'],
      ['CANCELLED', id, true, 'CANCELLED'],
    ]);
    expect(events[1]!.recall).toEqual({ id, status: 'CANCELLED', productCategory: 'TOYS' });
    expect(events[1]!.region).toBe('TIANJIN');
    // One write, one event: the region logged the publication and the cancel, nothing else.
    expect(await loggedTypes('TJ', id)).toEqual(['RECALL_PUBLISHED', 'RECALL_CANCELLED']);
    // recallPublished still sends publications only.
    expect(published.events.map((event) => [event.type, event.recordId])).toEqual([['PUBLISHED', id]]);

    const resumed = sub<ChangeEvent>(stack.tokens.HE, RECALL_CHANGED, { filter, after: publication!.cursor });
    expect(summary(await settled(resumed, 1))).toEqual([['CANCELLED', id, true, 'CANCELLED']]);
    // Resuming from the cancel's own cursor: nothing left to send.
    const resumedAfterCancel = sub<ChangeEvent>(stack.tokens.BJ, RECALL_CHANGED, { filter, after: events[1]!.cursor });
    await waitUntil(() => hub.subscriberCount >= 4 && hub.catchingUpCount === 0, 'the last subscriber to finish catching up', 20_000);
    await sleep(SETTLE_MS);
    expect({ events: resumedAfterCancel.events, errors: resumedAfterCancel.errors }).toEqual({ events: [], errors: [] });
  });

  test('completing a recall and other changes arrive with their own types and the status after each change', async () => {
    const hub = stack.gateway.hub;
    await waitForQuiet(stack, [hub]);
    const code = testCreditCode('HE', randomTag());
    const [changes] = await subscribeAll(hub, () => [sub<ChangeEvent>(stack.tokens.PUBLIC, RECALL_CHANGED, { filter: { enterpriseCreditCode: code, regions: ['HEBEI'] } })]);

    const id = await createRecall(stack, 'HE', { category: 'ELECTRIC_BICYCLE', creditCode: code });
    await updateRecall('HE', id, { quantityToRecall: 400 });
    await updateRecall('HE', id, { status: 'IN_PROGRESS' });
    await updateRecall('HE', id, { status: 'COMPLETED' });

    expect(summary(await settled(changes, 4))).toEqual([
      ['PUBLISHED', id, true, 'ANNOUNCED'],
      ['UPDATED', id, true, 'ANNOUNCED'],
      ['UPDATED', id, true, 'IN_PROGRESS'],
      ['COMPLETED', id, true, 'COMPLETED'],
    ]);
    expect(await loggedTypes('HE', id)).toEqual(['RECALL_PUBLISHED', 'RECALL_UPDATED', 'RECALL_UPDATED', 'RECALL_COMPLETED']);
  });

  test('a recall whose category moves out of a categories filter is sent there once with matchesFilter false, later changes not at all; a filter it moved into gets them', async () => {
    const hub = stack.gateway.hub;
    await waitForQuiet(stack, [hub]);
    const code = testCreditCode('BJ', randomTag());
    const [toys, bikes, any] = await subscribeAll(hub, () => [
      sub<ChangeEvent>(stack.tokens.PUBLIC, RECALL_CHANGED, { filter: { categories: ['TOYS'], enterpriseCreditCode: code } }),
      sub<ChangeEvent>(stack.tokens.TJ, RECALL_CHANGED, { filter: { categories: ['ELECTRIC_BICYCLE'], enterpriseCreditCode: code } }),
      sub<ChangeEvent>(stack.tokens.HE, RECALL_CHANGED, { filter: { enterpriseCreditCode: code } }),
    ]);

    const id = await createRecall(stack, 'BJ', { category: 'TOYS', creditCode: code });
    const [publication] = await toys.waitForEvents(1);
    await updateRecall('BJ', id, { productCategory: 'ELECTRIC_BICYCLE' });
    await updateRecall('BJ', id, { hazard: '电池可能起火' });
    await updateRecall('BJ', id, { status: 'CANCELLED' });

    expect(summary(await settled(any, 4))).toEqual([
      ['PUBLISHED', id, true, 'ANNOUNCED'],
      ['UPDATED', id, true, 'ANNOUNCED'],
      ['UPDATED', id, true, 'ANNOUNCED'],
      ['CANCELLED', id, true, 'CANCELLED'],
    ]);
    const left = await settled(toys, 2);
    expect(summary(left)).toEqual([
      ['PUBLISHED', id, true, 'ANNOUNCED'],
      ['UPDATED', id, false, 'ANNOUNCED'],
    ]);
    expect(left[1]!.recall?.productCategory).toBe('ELECTRIC_BICYCLE');
    expect(summary(await settled(bikes, 3))).toEqual([
      ['UPDATED', id, true, 'ANNOUNCED'],
      ['UPDATED', id, true, 'ANNOUNCED'],
      ['CANCELLED', id, true, 'CANCELLED'],
    ]);

    // A subscriber of the first filter resuming from before the move gets the move once, then nothing.
    const resumed = sub<ChangeEvent>(stack.tokens.BJ, RECALL_CHANGED, { filter: { categories: ['TOYS'], enterpriseCreditCode: code }, after: publication!.cursor });
    expect(summary(await settled(resumed, 1))).toEqual([['UPDATED', id, false, 'ANNOUNCED']]);
  });
});

describe('riskAlertChanged', () => {
  test('escalated, updated and resolved alerts arrive with their own types; a minimumLevel filter gets the alert from the escalation that reaches it; riskAlertRaised keeps RAISED and ESCALATED only', async () => {
    const hub = stack.gateway.hub;
    await waitForQuiet(stack, [hub]);
    const code = testCreditCode('BJ', randomTag());
    const [changes, high, raised] = await subscribeAll(hub, () => [
      sub<ChangeEvent>(stack.tokens.BJ, ALERT_CHANGED, { filter: { enterpriseCreditCode: code } }),
      sub<ChangeEvent>(stack.tokens.PUBLIC, ALERT_CHANGED, { filter: { enterpriseCreditCode: code, minimumLevel: 'HIGH' } }),
      sub<ChangeEvent>(stack.tokens.TJ, ALERT_RAISED, { filter: { enterpriseCreditCode: code } }),
    ]);

    const id = await createRiskAlert(stack, 'BJ', { level: 'MEDIUM', category: 'TOYS', title: `生命周期测试预警${randomTag()}`, creditCodes: [code] });
    ok(await stack.query(stack.tokens.BJ, ESCALATE_RISK_ALERT, { id, level: 'HIGH' }), 'escalateRiskAlert');
    // A recall of another enterprise, so that it sends nothing to these filters.
    const recallId = await createRecall(stack, 'BJ', { category: 'TOYS', creditCode: testCreditCode('BJ', randomTag()) });
    ok(await stack.query(stack.tokens.BJ, LINK_RECALL, { riskAlertId: id, recallId }), 'linkRecallToRiskAlert');
    ok(await stack.query(stack.tokens.BJ, RESOLVE_RISK_ALERT, { id }), 'resolveRiskAlert');

    const events = await settled(changes, 4);
    expect(summary(events)).toEqual([
      ['RAISED', id, true, 'OPEN'],
      ['ESCALATED', id, true, 'ESCALATED'],
      ['UPDATED', id, true, 'ESCALATED'],
      ['RESOLVED', id, true, 'RESOLVED'],
    ]);
    expect(events[3]!.riskAlert).toEqual({ id, status: 'RESOLVED', riskLevel: 'HIGH' });
    expect(summary(await settled(high, 3))).toEqual([
      ['ESCALATED', id, true, 'ESCALATED'],
      ['UPDATED', id, true, 'ESCALATED'],
      ['RESOLVED', id, true, 'RESOLVED'],
    ]);
    expect(raised.events.map((event) => [event.type, event.recordId])).toEqual([
      ['RAISED', id],
      ['ESCALATED', id],
    ]);
    expect(await loggedTypes('BJ', id)).toEqual(['RISK_ALERT_RAISED', 'RISK_ALERT_ESCALATED', 'RISK_ALERT_UPDATED', 'RISK_ALERT_RESOLVED']);
  });
});
