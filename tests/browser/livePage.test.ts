/**
 * The public page's live feed in headless Chromium over one real stack: a recall published through the API shows
 * within 5 s, recalls published while the gateway has dropped the page's socket show once each after it
 * reconnects, and a 10 s public token is renewed (on a second gateway over the same regions) without losing or
 * repeating an event.
 */
import type { Browser } from 'puppeteer-core';
import type { WebSocket } from 'ws';
import type { RegionCode } from '../../kernel';
import { startGateway, type RunningGateway } from '../../gateway/server';
import {
  countOf,
  DOM_TIMEOUT_MS,
  foreignRequests,
  framesAbout,
  goTo,
  launchBrowser,
  liveStates,
  openPage,
  recordLiveStates,
  waitForItem,
  waitForItems,
  waitForLiveState,
  type RecordedPage,
} from '../helpers/browser';
import { startStack, testGatewayConfig, type Stack } from '../helpers/stack';
import { CREATE_RECALL, ok, recallInput, testCreditCode, waitUntil } from '../subscriptions/subscriptionHelpers';

/** The page's two live subscriptions: recalls and risk alerts (both tabs stay live). */
const PAGE_SUBSCRIPTIONS = 2;
const LATENCY_LIMIT_MS = 5_000;

let stack: Stack;
let browser: Browser;
let secondGateway: RunningGateway | undefined;
/** Every page opened, with the gateway it was opened on. */
const pages: Array<{ recorded: RecordedPage; gatewayUrl: string }> = [];

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack({ buildWebApp: true }), launchBrowser()]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await secondGateway?.stop();
  await stack?.stop();
}, 60_000);

let published = 0;
/** Publishes a toy recall (fixed values; the recall number counts up) in `region` through the gateway; returns its ID. */
async function publishRecall(region: RegionCode): Promise<string> {
  published += 1;
  const input = recallInput({ category: 'TOYS', creditCode: testCreditCode(region, 'WEB1'), productName: `实时推送测试玩具${published}` }, region);
  return ok<{ createRecall: { id: string } }>(await stack.query(stack.tokens[region], CREATE_RECALL, { input }), `createRecall in ${region}`).createRecall.id;
}

/** A page on `gateway`'s `/` with its list loaded and both subscriptions registered there. */
async function openLivePage(gateway: RunningGateway): Promise<RecordedPage> {
  const recorded = await openPage(browser);
  pages.push({ recorded, gatewayUrl: gateway.url });
  const before = gateway.hub.subscriberCount;
  await goTo(recorded.page, gateway.url, '/');
  await waitForItems(recorded.page, 'recall');
  await waitForLiveState(recorded.page, 'open');
  await waitUntil(() => gateway.hub.subscriberCount >= before + PAGE_SUBSCRIPTIONS, 'the page’s subscriptions to be registered', DOM_TIMEOUT_MS);
  return recorded;
}

/** The page shows each recall exactly once, and received each over its WebSockets exactly once. */
async function expectShownOnce(recorded: RecordedPage, ids: readonly string[]): Promise<void> {
  for (const id of ids) await waitForItem(recorded.page, 'recall', id);
  const shown = await Promise.all(ids.map(async (id) => [id, await countOf(recorded.page, 'recall', id), framesAbout(recorded, 'recallChanged', id)] as const));
  expect(shown).toEqual(ids.map((id) => [id, 1, 1]));
}

describe('the live feed of the public page', () => {
  let recorded: RecordedPage;
  beforeAll(async () => {
    recorded = await openLivePage(stack.gateway);
  }, 60_000);

  test(`a recall published through the API is on the open page within ${LATENCY_LIMIT_MS / 1000} s, marked new`, async () => {
    const started = Date.now();
    const id = await publishRecall('TJ');
    await waitForItem(recorded.page, 'recall', id, LATENCY_LIMIT_MS);
    const latencyMs = Date.now() - started;
    console.log(`recall published → shown on the page: ${latencyMs} ms`);
    expect(latencyMs).toBeLessThan(LATENCY_LIMIT_MS);
    expect(await recorded.page.$eval(`[data-testid="recall-item"][data-id="${id}"]`, (item) => item.getAttribute('data-new'))).toBe('true');
    await expectShownOnce(recorded, [id]);
  });

  test('after the gateway drops the socket, two recalls published while the page reconnects are shown once each; the status goes closed, then open', async () => {
    const { page } = recorded;
    const hub = stack.gateway.hub;
    await recordLiveStates(page);
    // The gateway refuses the page's reconnections until both recalls are in, so they can only arrive by the
    // page resuming from its cursor.
    const refuse = (socket: WebSocket) => socket.terminate();
    stack.gateway.webSocketServer.on('connection', refuse);
    let ids: string[];
    try {
      for (const socket of stack.gateway.webSocketServer.clients) socket.terminate();
      await waitForLiveState(page, 'closed');
      ids = [await publishRecall('BJ'), await publishRecall('HE')];
      expect(await page.$eval('[data-testid="live-status"]', (status) => status.getAttribute('data-state'))).toBe('closed');
    } finally {
      stack.gateway.webSocketServer.off('connection', refuse);
    }
    await waitForLiveState(page, 'open');
    await waitUntil(() => hub.subscriberCount >= PAGE_SUBSCRIPTIONS, 'the page to resubscribe', DOM_TIMEOUT_MS);
    await expectShownOnce(recorded, ids);
    const states = (await liveStates(page)).join(' ');
    expect(states).toMatch(/^open closed( closed| open)* open$/);
  });
});

describe('a public token of 10 s', () => {
  test('is renewed on the open page without a lost or repeated event', async () => {
    secondGateway = await startGateway(testGatewayConfig(stack.regionUrls, { publicTokenSeconds: 10, logLevel: 'warn' }));
    const gateway = secondGateway;
    const recorded = await openLivePage(gateway);
    const tokenRequests = () => recorded.requests.filter((request) => request.method === 'POST' && new URL(request.url).pathname === '/public-token').length;
    const firstTokenExpires = Date.now() + 10_000; // at the latest: it was issued before the page loaded its list

    const ids = [await publishRecall('HE')];
    await waitForItem(recorded.page, 'recall', ids[0]!);
    expect(tokenRequests()).toBe(1);

    await waitUntil(() => tokenRequests() >= 2, 'the token to be renewed', 15_000);
    ids.push(await publishRecall('BJ')); // while the page moves to a connection with the new token
    await waitForItem(recorded.page, 'recall', ids[1]!);

    await waitUntil(() => Date.now() > firstTokenExpires + 500, 'the first token to expire', 15_000);
    await waitForLiveState(recorded.page, 'open');
    ids.push(await publishRecall('TJ'));
    await expectShownOnce(recorded, ids);
    expect(tokenRequests()).toBeGreaterThanOrEqual(2);
    // Each renewal moves the page to a new connection carrying the new token: the events crossed one.
    expect(recorded.requests.filter((request) => request.url.startsWith('ws://')).length).toBeGreaterThanOrEqual(2);
  }, 60_000);
});

describe('after all of the above', () => {
  test('no live page broke the CSP, reached another host or threw', () => {
    expect(pages.length).toBe(2);
    expect(pages.map(({ recorded, gatewayUrl }) => ({ csp: recorded.cspViolations, foreign: foreignRequests(recorded.requests, gatewayUrl), errors: recorded.pageErrors }))).toEqual(
      pages.map(() => ({ csp: [], foreign: [], errors: [] })),
    );
  });
});
