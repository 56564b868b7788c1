/**
 * Helpers shared by the subscription tests (not a test file itself): a real graphql-ws client per subscription
 * that records what arrives, waiting helpers, and mutations that publish events through the gateway.
 */
import { randomBytes } from 'node:crypto';
import type { FormattedExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { ALL_REGION_CODES, buildCreditCode, regionOfCreditCode, shanghaiYear, type RegionCode } from '../../kernel';
import { formatRecallNumber } from '../../kernel/formats';
import { now } from '../../platform/clock';
import { defaultDatabaseName } from '../../services/regional/model';
import type { SubscriptionHub } from '../../gateway/subscriptions/subscriptionHub';
import { startStack, type GraphQLResult, type Stack } from '../helpers/stack';

export type Token = string | null;
export type AnyRecord = Record<string, any>;

/** Starting three subgraph processes and seeding three regions takes ~10 s, much more on a busy machine. */
export const STACK_TIMEOUT_MS = 240_000;

export const REGION_NAMES: Record<RegionCode, 'BEIJING' | 'TIANJIN' | 'HEBEI'> = { BJ: 'BEIJING', TJ: 'TIANJIN', HE: 'HEBEI' };

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `condition` until it holds; fails with `what` (and the state `describe` gives) after `timeoutMs`. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000, describe?: () => unknown): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${describe ? `; state: ${JSON.stringify(describe())}` : ''}`);
    await sleep(50);
  }
}

export const wsUrlOf = (httpUrl: string) => httpUrl.replace(/^http/, 'ws');

/** The close event graphql-ws reports (ws' CloseEvent carries code and reason). */
export interface CloseInfo {
  code: number;
  reason: string;
}

/**
 * One subscription over its own graphql-ws connection (the real client, no retries, so any disconnect is
 * visible). Records every result, the terminal error or completion and the socket's close event.
 */
export class TestSubscription<T extends AnyRecord = AnyRecord> {
  readonly results: FormattedExecutionResult<AnyRecord, unknown>[] = [];
  readonly client: Client;
  error: unknown;
  completed = false;
  closed: CloseInfo | undefined;
  private readonly field: string;

  constructor(
    gatewayUrl: string,
    token: Token,
    readonly query: string,
    readonly variables: Record<string, unknown> = {},
    options: { connectionParams?: Record<string, unknown> } = {},
  ) {
    this.field = /{\s*(\w+)/.exec(query.replace(/^[^{]*/, ''))?.[1] ?? '';
    this.client = createClient({
      url: wsUrlOf(gatewayUrl),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: options.connectionParams ?? (token === null ? {} : { authorization: `Bearer ${token}` }),
      on: {
        closed: (event) => {
          const close = event as { code?: number; reason?: string };
          this.closed = { code: close.code ?? 0, reason: String(close.reason ?? '') };
        },
      },
    });
    this.client.subscribe<AnyRecord>(
      { query, variables },
      {
        next: (result) => {
          this.results.push(result);
        },
        error: (error) => {
          this.error = error;
        },
        complete: () => {
          this.completed = true;
        },
      },
    );
  }

  /** Payloads of the results without errors (the event objects under the root field). */
  get events(): T[] {
    return this.results.filter((result) => !result.errors?.length && result.data).map((result) => result.data![this.field] as T);
  }

  get errors(): AnyRecord[] {
    return this.results.flatMap((result) => (result.errors ?? []) as unknown as AnyRecord[]);
  }

  /** Waits until at least `count` events arrived. */
  async waitForEvents(count: number, timeoutMs = 30_000): Promise<T[]> {
    await waitUntil(
      () => this.events.length >= count || this.error !== undefined,
      `${count} events on ${this.field}`,
      timeoutMs,
      () => ({ received: this.events.length, errors: this.errors, error: String(this.error ?? ''), closed: this.closed }),
    );
    if (this.error !== undefined && this.events.length < count) throw new Error(`subscription ended early: ${describeError(this.error)}`);
    return this.events;
  }

  async waitForEnd(timeoutMs = 15_000): Promise<void> {
    await waitUntil(() => this.completed || this.error !== undefined, `${this.field} to end`, timeoutMs, () => ({ results: this.results.length, closed: this.closed }));
  }

  async dispose(): Promise<void> {
    await this.client.dispose();
  }
}

export function describeError(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error) return `close ${(error as CloseInfo).code} ${(error as CloseInfo).reason}`;
  return error instanceof Error ? error.message : JSON.stringify(error);
}

/** Opens subscriptions and waits until `hub` holds them all (graphql-ws has no subscribe acknowledgement). */
export async function subscribeAll<S extends TestSubscription<any>[]>(hub: SubscriptionHub, create: () => S): Promise<S> {
  const before = hub.subscriberCount;
  const subscriptions = create();
  await waitUntil(
    () => hub.subscriberCount >= before + subscriptions.length || subscriptions.some((subscription) => subscription.error !== undefined),
    `${subscriptions.length} subscriptions to be registered`,
    20_000,
    () => ({ before, now: hub.subscriberCount, errors: subscriptions.map((subscription) => subscription.errors) }),
  );
  for (const subscription of subscriptions) if (subscription.error !== undefined) throw new Error(`subscribing failed: ${describeError(subscription.error)}`);
  return subscriptions;
}

/* ---------- the regions' logs ---------- */

const OUTBOX_COLLECTIONS = ['recalls', 'riskAlerts', 'complaints', 'contractTemplates', 'inspectionComparisons'];

export async function latestLoggedSeq(stack: Stack, region: RegionCode): Promise<number> {
  const [latest] = await stack.mongo.db(defaultDatabaseName(region)).collection('eventLog').find({}, { projection: { seq: 1 }, sort: { seq: -1 }, limit: 1 }).toArray();
  return (latest?.seq as number | undefined) ?? 0;
}

export async function pendingOutboxes(stack: Stack, region: RegionCode): Promise<number> {
  const db = stack.mongo.db(defaultDatabaseName(region));
  let pending = 0;
  for (const name of OUTBOX_COLLECTIONS) pending += await db.collection(name).countDocuments({ outboxPending: true });
  return pending;
}

/**
 * Waits until every outbox is relayed and every given gateway has consumed each region's log to its end, so a
 * subscription opened now sees only what is published afterwards.
 */
export async function waitForQuiet(stack: Stack, hubs: SubscriptionHub[], timeoutMs = 30_000): Promise<void> {
  let state: unknown;
  await waitUntil(
    async () => {
      const rows = await Promise.all(
        ALL_REGION_CODES.map(async (region) => ({ region, pending: await pendingOutboxes(stack, region), latest: await latestLoggedSeq(stack, region) })),
      );
      state = { rows, hubs: hubs.map((hub) => hub.livePositions()) };
      return rows.every((row) => row.pending === 0 && hubs.every((hub) => (hub.livePositions()[row.region] ?? -1) === row.latest));
    },
    'the regions and gateways to be quiet',
    timeoutMs,
    () => state,
  );
}

/* ---------- publishing ---------- */

const DIVISIONS: Record<RegionCode, string> = { BJ: '110105', TJ: '120116', HE: '130102' };
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A random organisation-code fragment from the credit-code alphabet (tells this run's records from others). */
export function randomTag(length = 4): string {
  return [...randomBytes(length)].map((byte) => CREDIT_ALPHABET[byte % CREDIT_ALPHABET.length]).join('');
}

/** A valid unified social credit code registered in `region`, with an organisation code no seed produces. */
export function testCreditCode(region: RegionCode, tag: string): string {
  const organizationCode = `QB${tag}`.padEnd(9, '0').slice(0, 9);
  return buildCreditCode({ registrationAuthority: '9', organizationType: '1', divisionCode: DIVISIONS[region], organizationCode });
}

export function ok<T = AnyRecord>(result: GraphQLResult<T>, what: string): T {
  if ((result.errors && result.errors.length > 0) || !result.data) throw new Error(`${what} failed (HTTP ${result.status}): ${JSON.stringify(result.errors ?? result)}`);
  return result.data;
}

export const CREATE_RECALL = /* GraphQL */ `mutation CreateRecall($input: CreateRecallInput!) { createRecall(input: $input) { id } }`;
export const CREATE_RISK_ALERT = /* GraphQL */ `mutation CreateRiskAlert($input: CreateRiskAlertInput!) { createRiskAlert(input: $input) { id } }`;
export const ESCALATE_RISK_ALERT = /* GraphQL */ `mutation Escalate($id: ID!, $level: RiskLevel!) { escalateRiskAlert(id: $id, level: $level) { id riskLevel status } }`;

let recallCounter = 0;
/** Serials of this run's recall numbers start here: far above the seed's (a few hundred a year), different each run. */
const RUN_SERIAL_BASE = (1_000 + (randomBytes(2).readUInt16BE(0) % 9_000)) * 10_000;

/** An official recall number of `region` (津召字〔2026〕第…号) for a recall announced now, unique in the run. */
export function nextRecallNumber(region: RegionCode): string {
  recallCounter += 1;
  return formatRecallNumber({ region, year: shanghaiYear(now()), serial: RUN_SERIAL_BASE + recallCounter });
}

export interface RecallSpec {
  category: string;
  creditCode: string;
  riskAlertIds?: string[];
  productName?: string;
  defect?: string;
}

/** A valid CreateRecallInput for `region` (by default the manufacturer's); the recall number is unique in the run. */
export function recallInput(spec: RecallSpec, region: RegionCode = regionOfCreditCode(spec.creditCode) ?? 'BJ'): AnyRecord {
  return {
    recallNumber: nextRecallNumber(region),
    productName: spec.productName ?? `测试产品${recallCounter}`,
    brand: '测试牌',
    manufacturer: { creditCode: spec.creditCode, name: '测试制造有限公司', contact: { person: '王五', phone: '010-12345678' } },
    productionStart: '2023-01-01T00:00:00Z',
    productionEnd: '2023-06-01T00:00:00Z',
    quantityMade: 1000,
    quantityToRecall: 500,
    defect: spec.defect ?? '充电器过热',
    hazard: '可能引发火灾',
    remedy: 'REPLACE',
    productCategory: spec.category,
    riskAlertIds: spec.riskAlertIds ?? [],
  };
}

/** Publishes a recall in the token's region through the gateway; returns its ID. */
export async function createRecall(stack: Stack, region: RegionCode, spec: RecallSpec): Promise<string> {
  return ok<{ createRecall: { id: string } }>(await stack.query(stack.tokens[region], CREATE_RECALL, { input: recallInput(spec, region) }), `createRecall in ${region}`).createRecall.id;
}

export async function createRiskAlert(stack: Stack, region: RegionCode, spec: { level: string; category: string; title: string; creditCodes?: string[] }): Promise<string> {
  const input = {
    title: spec.title,
    description: `${spec.title}（订阅测试）`,
    productCategory: spec.category,
    hazardType: 'FIRE',
    riskLevel: spec.level,
    source: 'SAMPLING',
    enterpriseCreditCodes: spec.creditCodes ?? [],
  };
  return ok<{ createRiskAlert: { id: string } }>(await stack.query(stack.tokens[region], CREATE_RISK_ALERT, { input }), `createRiskAlert in ${region}`).createRiskAlert.id;
}

/** Events grouped by region, in arrival order: the per-region order the tests compare. */
export function byRegion<T extends { region: string; recordId: string }>(events: readonly T[]): Record<string, string[]> {
  const grouped: Record<string, string[]> = {};
  for (const event of events) (grouped[event.region] ??= []).push(event.recordId);
  return grouped;
}

/** Record IDs that occur more than once. */
export function duplicatesOf(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const id of ids) (seen.has(id) ? duplicates : seen).add(id);
  return [...duplicates];
}

/** Expected per-region order: the published IDs (already in publication order within each region) grouped by their ID's region. */
export function expectedByRegion(ids: readonly string[]): Record<string, string[]> {
  const grouped: Record<string, string[]> = {};
  for (const id of ids) (grouped[REGION_NAMES[id.slice(0, 2) as RegionCode]] ??= []).push(id);
  return grouped;
}

/** `recordId`s of a region's logged events of `types`, in `seq` order, restricted to `ids`: the order subscribers must see. */
export async function logOrder(stack: Stack, region: RegionCode, types: string[], ids: ReadonlySet<string>): Promise<string[]> {
  const events = await stack.mongo
    .db(defaultDatabaseName(region))
    .collection('eventLog')
    .find({ type: { $in: types } }, { projection: { recordId: 1, seq: 1 }, sort: { seq: 1 } })
    .toArray();
  return events.map((event) => String(event.recordId)).filter((id) => ids.has(id));
}

/**
 * The usual life of a subscription test file: one stack for the file (handed to `onStack`), each test's
 * subscriptions closed after it (then `afterEachTest`), and `beforeStop` before the stack stops.
 */
export function subscriptionSuite(onStack: (stack: Stack) => void, hooks: { afterEachTest?: () => Promise<void>; beforeStop?: () => Promise<void> } = {}) {
  let stack: Stack | undefined;
  const open: TestSubscription[] = [];
  beforeAll(async () => {
    stack = await startStack();
    onStack(stack);
  }, STACK_TIMEOUT_MS);
  afterEach(async () => {
    await Promise.all(open.splice(0).map((subscription) => subscription.dispose()));
    await hooks.afterEachTest?.();
  });
  afterAll(async () => {
    await Promise.all(open.splice(0).map((subscription) => subscription.dispose()));
    await hooks.beforeStop?.();
    await stack?.stop();
  }, 60_000);
  /** A subscription on the stack's gateway (or `url`), closed after the test. */
  return function sub<T extends AnyRecord = AnyRecord>(token: Token, query: string, variables: Record<string, unknown> = {}, url = stack!.gatewayUrl, options: { connectionParams?: Record<string, unknown> } = {}): TestSubscription<T> {
    const subscription = new TestSubscription<T>(url, token, query, variables, options);
    open.push(subscription);
    return subscription;
  };
}
