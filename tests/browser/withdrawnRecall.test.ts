/**
 * Lifecycle events on the public page in headless Chromium over one real stack: a recall cancelled through the API
 * is marked withdrawn (已撤销 badge, struck-through title) on the open page within 5 s, from one `recallChanged`
 * event, and again after a reload (from the list's status); a recall whose category moves out of the page's
 * category filter is taken off that page. Screenshot: tests/artifacts/recall-withdrawn.png.
 */
import type { Browser } from 'puppeteer-core';
import type { RegionCode } from '../../kernel';
import { countOf, DOM_TIMEOUT_MS, foreignRequests, goTo, launchBrowser, openPage, screenshot, waitForItem, waitForItems, waitForLiveState, type RecordedPage } from '../helpers/browser';
import { startStack, type Stack } from '../helpers/stack';
import { CREATE_RECALL, ok, recallInput, testCreditCode, waitUntil } from '../subscriptions/subscriptionHelpers';

/** The page's two live subscriptions: recalls and risk alerts. */
const PAGE_SUBSCRIPTIONS = 2;
const LATENCY_LIMIT_MS = 5_000;
const UPDATE_RECALL = /* GraphQL */ `mutation UpdateRecall($id: ID!, $input: UpdateRecallInput!) { updateRecall(id: $id, input: $input) { id status productCategory } }`;

let stack: Stack;
let browser: Browser;
const pages: RecordedPage[] = [];

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack({ buildWebApp: true }), launchBrowser()]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 60_000);

let published = 0;
async function publishRecall(region: RegionCode, category: string): Promise<string> {
  published += 1;
  const input = recallInput({ category, creditCode: testCreditCode(region, 'WDR1'), productName: `撤回测试产品${published}` }, region);
  return ok<{ createRecall: { id: string } }>(await stack.query(stack.tokens[region], CREATE_RECALL, { input }), `createRecall in ${region}`).createRecall.id;
}

async function updateRecall(region: RegionCode, id: string, input: Record<string, unknown>): Promise<void> {
  ok(await stack.query(stack.tokens[region], UPDATE_RECALL, { id, input }), `updateRecall ${id}`);
}

/** A page on `path` with its recall list loaded and both subscriptions registered. */
async function openLivePage(path: string): Promise<RecordedPage> {
  const recorded = await openPage(browser);
  pages.push(recorded);
  const before = stack.gateway.hub.subscriberCount;
  await goTo(recorded.page, stack.gatewayUrl, path);
  await waitForItems(recorded.page, 'recall');
  await waitForLiveState(recorded.page, 'open');
  await waitUntil(() => stack.gateway.hub.subscriberCount >= before + PAGE_SUBSCRIPTIONS, 'the page’s subscriptions to be registered', DOM_TIMEOUT_MS);
  return recorded;
}

const item = (id: string) => `[data-testid="recall-item"][data-id="${id}"]`;

/** `recallChanged` messages of `type` about `recordId` the page received over its WebSockets. */
function changeFrames(recorded: RecordedPage, recordId: string, type: string): number {
  return recorded.framesReceived.filter((frame) => {
    const message = JSON.parse(frame) as { type?: string; payload?: { data?: { recallChanged?: { recordId?: string; type?: string } } } };
    const event = message.type === 'next' ? message.payload?.data?.recallChanged : undefined;
    return event?.recordId === recordId && event.type === type;
  }).length;
}

describe('a cancelled recall on the public page', () => {
  test(`is marked withdrawn on the open page within ${LATENCY_LIMIT_MS / 1000} s of the cancel, from one event, and after a reload`, async () => {
    const recorded = await openLivePage('/');
    const { page } = recorded;
    const id = await publishRecall('TJ', 'TOYS');
    await waitForItem(page, 'recall', id);
    expect(await page.$eval(item(id), (element) => element.getAttribute('data-withdrawn'))).toBeNull();

    const started = Date.now();
    await updateRecall('TJ', id, { status: 'CANCELLED' });
    await page.waitForSelector(`${item(id)}[data-withdrawn="true"]`, { timeout: LATENCY_LIMIT_MS });
    const latencyMs = Date.now() - started;
    console.log(`recall cancelled → marked withdrawn on the page: ${latencyMs} ms`);
    expect(latencyMs).toBeLessThan(LATENCY_LIMIT_MS);

    const shown = await page.$eval(item(id), (element) => ({
      badge: element.querySelector('[data-testid="withdrawn-badge"]')?.textContent ?? null,
      decoration: getComputedStyle(element.querySelector('.record-link')!).textDecorationLine,
    }));
    expect(shown.badge).toBe('已撤销');
    expect(shown.decoration).toContain('line-through');
    expect(await countOf(page, 'recall', id)).toBe(1);
    expect(changeFrames(recorded, id, 'CANCELLED')).toBe(1);
    await page.$eval(item(id), (element) => element.scrollIntoView({ block: 'center' }));
    console.log(`screenshot: ${await screenshot(page, 'recall-withdrawn')}`);

    await page.reload({ waitUntil: 'domcontentloaded' });
    await waitForItem(page, 'recall', id);
    expect(await page.$eval(item(id), (element) => [element.getAttribute('data-withdrawn'), element.querySelector('[data-testid="withdrawn-badge"]')?.textContent ?? null])).toEqual(['true', '已撤销']);
  });

  test('a recall moved out of the category the page filters by is taken off that page', async () => {
    const recorded = await openLivePage('/?category=TOYS');
    const { page } = recorded;
    const id = await publishRecall('HE', 'TOYS');
    await waitForItem(page, 'recall', id);
    await updateRecall('HE', id, { productCategory: 'ELECTRIC_BICYCLE' });
    await page.waitForFunction((selector) => document.querySelector(selector) === null, { timeout: LATENCY_LIMIT_MS }, item(id));
  });

  test('no page broke the CSP, reached another host or threw', () => {
    expect(pages.length).toBe(2);
    expect(pages.map((recorded) => ({ csp: recorded.cspViolations, foreign: foreignRequests(recorded.requests, stack.gatewayUrl), errors: recorded.pageErrors }))).toEqual(
      pages.map(() => ({ csp: [], foreign: [], errors: [] })),
    );
  });
});
