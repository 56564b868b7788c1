/**
 * Back-links kept by the owners (issue 16), through the real gateway over the real regions: each region follows all
 * regions' event streams and keeps the other side of every mirrored link on its own records.
 */
import { ALL_REGION_CODES, regionOfRecordId, type RegionCode } from '../../kernel';
import { generateSeedData, type SeedData } from '../../seeds/generate';
import { startStack, type Stack } from '../helpers/stack';
import { CREATE_RECALL, ok, recallInput, TestSubscription, waitUntil } from '../subscriptions/subscriptionHelpers';

jest.setTimeout(180_000);

let stack: Stack;
const seed: SeedData = generateSeedData();

const ALERT_RECALLS = `query($id: ID!) { riskAlert(id: $id) { id relatedRecalls { id } } }`;
const UPDATE_RECALL = `mutation($id: ID!, $input: UpdateRecallInput!) { updateRecall(id: $id, input: $input) { id riskAlertIds } }`;

/** Until every region has applied every region's logged events (the backfill announcements at start included). */
async function waitForFollowers(timeoutMs = 60_000): Promise<void> {
  await waitFor(
    'every region following every log to its end',
    async () => {
      const behind: string[] = [];
      for (const source of ALL_REGION_CODES) {
        const latest = (await stack.db(source).collection('eventLog').find({}, { projection: { seq: 1 } }).sort({ seq: -1 }).limit(1).toArray())[0]?.seq ?? 0;
        for (const follower of ALL_REGION_CODES) {
          const applied = (await stack.db(follower).collection('followedEventPositions').findOne({ _id: source as never }))?.seq ?? 0;
          if (applied < latest) behind.push(`${follower} at ${source} ${applied}/${latest}`);
        }
      }
      return behind;
    },
    (behind) => behind.length === 0,
    timeoutMs,
  );
}

beforeAll(async () => {
  stack = await startStack();
  await waitForFollowers();
});

afterAll(async () => {
  await stack?.stop();
});

async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return { value, ms: Date.now() - started };
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms; last ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function relatedRecallIds(alertId: string): Promise<string[]> {
  const result = await stack.query<{ riskAlert: { relatedRecalls: Array<{ id: string } | null> } }>(stack.tokens.TJ, ALERT_RECALLS, { id: alertId });
  return (ok(result, 'riskAlert').riskAlert.relatedRecalls ?? []).filter((recall): recall is { id: string } => recall !== null).map((recall) => recall.id);
}

function heRecallInput(riskAlertIds: string[]): Record<string, unknown> {
  const enterprise = seed.HE.enterprises[0]!;
  const input = recallInput({ category: 'ELECTRIC_BICYCLE', creditCode: enterprise._id, riskAlertIds });
  return { ...input, manufacturer: { ...(input.manufacturer as object), creditCode: enterprise._id, name: enterprise.name } };
}

/** Every link whose other side is missing, over all regions' records ("cited ← citing"). */
async function unmirroredLinks(): Promise<string[]> {
  const recalls = new Map<string, string[]>();
  const alerts = new Map<string, string[]>();
  for (const region of ALL_REGION_CODES) {
    for (const recall of await stack.db(region).collection('recalls').find({}, { projection: { riskAlertIds: 1 } }).toArray()) recalls.set(String(recall._id), recall.riskAlertIds as string[]);
    for (const alert of await stack.db(region).collection('riskAlerts').find({}, { projection: { relatedRecallIds: 1 } }).toArray()) alerts.set(String(alert._id), alert.relatedRecallIds as string[]);
  }
  const missing: string[] = [];
  for (const [recallId, alertIds] of recalls) for (const alertId of alertIds) if (alerts.has(alertId) && !alerts.get(alertId)!.includes(recallId)) missing.push(`${alertId} ← ${recallId}`);
  for (const [alertId, recallIds] of alerts) for (const recallId of recallIds) if (recalls.has(recallId) && !recalls.get(recallId)!.includes(alertId)) missing.push(`${recallId} ← ${alertId}`);
  return missing;
}

test('every seeded link is mirrored', async () => {
  expect(await unmirroredLinks()).toEqual([]);
  expect(await stack.db('TJ').collection('riskAlerts').countDocuments({ 'relatedRecallIds.0': { $exists: true } })).toBeGreaterThan(0);
});

test('a Hebei recall citing a Tianjin alert appears in its relatedRecalls within 2 s; unlinking removes it', async () => {
  const alertId = seed.TJ.riskAlerts[0]!._id;
  const created = ok<{ createRecall: { id: string } }>(await stack.query(stack.tokens.HE, CREATE_RECALL, { input: heRecallInput([alertId]) }), 'createRecall').createRecall.id;
  const linked = await waitFor('back-link', () => relatedRecallIds(alertId), (ids) => ids.includes(created), 2000);
  console.log(`back-link in Tianjin after ${linked.ms} ms`);
  // The back-link is Tianjin's own write: an event of its own alert and an audit entry by its system identity.
  const audit = await stack.db('TJ').collection('auditLog').findOne({ recordId: alertId, detail: { $regex: created } });
  expect(audit).toMatchObject({ agency: 'jjj-hub-tj' });

  ok(await stack.query(stack.tokens.HE, UPDATE_RECALL, { id: created, input: { riskAlertIds: [] } }), 'updateRecall');
  await waitFor('back-link removed', () => relatedRecallIds(alertId), (ids) => !ids.includes(created), 2000);
});

test('Tianjin down when the Hebei write commits: within 2 s of Tianjin ready again, the alert lists the recall exactly once', async () => {
  const alertId = seed.TJ.riskAlerts[1]!._id;
  // The reference is checked while Tianjin is up; Tianjin stops right after the write commits.
  const created = ok<{ createRecall: { id: string } }>(await stack.query(stack.tokens.HE, CREATE_RECALL, { input: heRecallInput([alertId]) }), 'createRecall').createRecall.id;
  await stack.stopRegion('TJ', 'SIGKILL');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await stack.startRegion('TJ');
  const readyAt = Date.now();
  const { value } = await waitFor('back-link after restart', () => relatedRecallIds(alertId), (ids) => ids.includes(created), 2000);
  console.log(`back-link after Tianjin restarted: ${Date.now() - readyAt} ms`);
  expect(value.filter((id) => id === created)).toHaveLength(1);
  const stored = await stack.db('TJ').collection('riskAlerts').findOne({ _id: alertId as never });
  expect((stored!.relatedRecallIds as string[]).filter((id) => id === created)).toHaveLength(1);
});

test('no region writes another region\'s database: back-links are written by the cited record\'s own region', async () => {
  const regions = new Set<RegionCode>();
  for (const region of ALL_REGION_CODES) {
    const entries = await stack.db(region).collection('auditLog').find({ detail: { $regex: '^back-link' } }).toArray();
    for (const entry of entries) {
      expect(regionOfRecordId(String(entry.recordId))).toBe(region);
      expect(entry.agency).toBe(`jjj-hub-${region.toLowerCase()}`);
      regions.add(region);
    }
  }
  expect(regions.size).toBeGreaterThan(0);
});

test('a link made on the alert side is mirrored on the recall once, and nothing keeps bouncing between the regions', async () => {
  const LINK = `mutation($riskAlertId: ID!, $recallId: ID!) { linkRecallToRiskAlert(riskAlertId: $riskAlertId, recallId: $recallId) { id } }`;
  const alertId = seed.TJ.riskAlerts[2]!._id;
  const recallId = ok<{ createRecall: { id: string } }>(await stack.query(stack.tokens.HE, CREATE_RECALL, { input: heRecallInput([]) }), 'createRecall').createRecall.id;
  // The recall's own publication is logged from its outbox after the mutation answers: wait for it, so that only
  // what the link causes comes after the positions read here.
  await waitFor('the recall\'s publication logged', () => stack.db('HE').collection('eventLog').findOne({ recordId: recallId, type: 'RECALL_PUBLISHED' }), (event) => event !== null, 5000);
  const alertSeqBefore = (await stack.db('TJ').collection('eventLog').find({}).sort({ seq: -1 }).limit(1).toArray())[0]?.seq ?? 0;
  const recallSeqBefore = (await stack.db('HE').collection('eventLog').find({}).sort({ seq: -1 }).limit(1).toArray())[0]?.seq ?? 0;
  ok(await stack.query(stack.tokens.TJ, LINK, { riskAlertId: alertId, recallId }), 'linkRecallToRiskAlert');
  await waitFor('the recall lists the alert', async () => (await stack.db('HE').collection('recalls').findOne({ _id: recallId as never }))?.riskAlertIds as string[], (ids) => ids.includes(alertId), 2000);
  // Give any echo time to happen: ten follower polls.
  await new Promise((resolve) => setTimeout(resolve, 2500));
  const alertEvents = await stack.db('TJ').collection('eventLog').find({ seq: { $gt: alertSeqBefore }, recordId: alertId }).map((event) => event.type).toArray();
  const recallEvents = await stack.db('HE').collection('eventLog').find({ seq: { $gt: recallSeqBefore }, recordId: recallId }).map((event) => event.type).toArray();
  expect(alertEvents).toEqual(['RISK_ALERT_UPDATED']);
  expect(recallEvents).toEqual(['RECALL_LINKED']);
  expect(await relatedRecallIds(alertId)).toContain(recallId);
});

test('Tianjin\'s bureaus hear that a Hebei recall now cites their alert, and that it stopped (riskAlertLinked)', async () => {
  const alertId = seed.TJ.riskAlerts[3]!._id;
  const subscription = new TestSubscription(stack.gatewayUrl, stack.tokens.TJ, `subscription { riskAlertLinked(filter: { regions: [TIANJIN] }) { type region recordId citingRecordId citingRegion riskAlert { id } } }`);
  try {
    await waitUntil(() => stack.gateway.hub.subscriberCount > 0, 'the subscription');
    const recallId = ok<{ createRecall: { id: string } }>(await stack.query(stack.tokens.HE, CREATE_RECALL, { input: heRecallInput([alertId]) }), 'createRecall').createRecall.id;
    ok(await stack.query(stack.tokens.HE, UPDATE_RECALL, { id: recallId, input: { riskAlertIds: [] } }), 'updateRecall');
    await subscription.waitForEvents(2, 10_000);
    const mine = subscription.events.filter((event) => event.citingRecordId === recallId);
    expect(mine).toEqual([
      { type: 'LINKED', region: 'TIANJIN', recordId: alertId, citingRecordId: recallId, citingRegion: 'HEBEI', riskAlert: { id: alertId } },
      { type: 'UNLINKED', region: 'TIANJIN', recordId: alertId, citingRecordId: recallId, citingRegion: 'HEBEI', riskAlert: { id: alertId } },
    ]);
  } finally {
    await subscription.dispose();
  }
});

// Last: restarting Hebei re-announces all its links, which keeps the followers busy for a while.
test('the backfill at first start mirrors one-way links written before back-links existed', async () => {
  // A Hebei recall citing a Tianjin alert, made one-way behind the regions' backs (as data from an earlier build is).
  const recall = seed.HE.recalls.find((candidate) => candidate.riskAlertIds.some((id) => regionOfRecordId(id) === 'TJ'))!;
  const alertId = recall.riskAlertIds.find((id) => regionOfRecordId(id) === 'TJ')!;
  await stack.db('TJ').collection('riskAlerts').updateOne({ _id: alertId as never }, { $pull: { relatedRecallIds: recall._id } } as never);
  expect(await unmirroredLinks()).toEqual([`${alertId} ← ${recall._id}`]);
  // Hebei starts as if for the first time with this build: its migration announces its links.
  await stack.stopRegion('HE');
  await stack.db('HE').collection('migrations').deleteOne({ _id: '2026-12-06-02-announce-links' as never });
  await stack.startRegion('HE');
  const { ms } = await waitFor('the backfill', unmirroredLinks, (missing) => missing.length === 0, 10_000);
  console.log(`one-way link mirrored ${ms} ms after Hebei restarted`);
  expect(await relatedRecallIds(alertId)).toContain(recall._id);
});
