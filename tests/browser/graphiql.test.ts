/**
 * GraphiQL in headless Chromium over one real stack: the page carries no token (the gateway has development tokens
 * it used to embed); a development token typed into the bar is kept in localStorage, sent as the Authorization
 * header (a query returns data) and as connectionParams.authorization on the WebSocket (a subscription receives a
 * recall published meanwhile); after a reload it is still there; 清除 forgets it. No CSP violation, no page error,
 * nothing loaded from another host. Screenshot: tests/artifacts/graphiql.png.
 */
import type { Browser, CDPSession, Page } from 'puppeteer-core';
import { GRAPHIQL_TOKEN_KEY } from '../../gateway/graphiqlClient';
import { DEVELOPMENT_AGENCIES } from '../../platform/agencies';
import { signClientToken } from '../../platform/identity';
import { DOM_TIMEOUT_MS, foreignRequests, launchBrowser, openPage, screenshot, type RecordedPage } from '../helpers/browser';
import { startStack, TEST_JWT_SECRET, type Stack } from '../helpers/stack';
import { CREATE_RECALL, ok, recallInput, testCreditCode } from '../subscriptions/subscriptionHelpers';

const DEVELOPMENT_TOKENS = Object.fromEntries(Object.entries(DEVELOPMENT_AGENCIES).map(([name, identity]) => [name, signClientToken(identity, TEST_JWT_SECRET)]));
const JWT_PATTERN = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]+/;

let stack: Stack;
let browser: Browser;
let recorded: RecordedPage;
let page: Page;
/** Authorization header of every POST /graphql the page sent, in order ('' when none). */
const sentAuthorizations: string[] = [];
/** Text of every WebSocket frame the page sent. */
const framesSent: string[] = [];

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  recorded = await openPage(browser);
  page = recorded.page;
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/graphql') sentAuthorizations.push(request.headers().authorization ?? '');
  });
  const cdp: CDPSession = await page.createCDPSession();
  await cdp.send('Network.enable');
  cdp.on('Network.webSocketFrameSent', (event) => framesSent.push(event.response.payloadData));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 60_000);

const graphiqlUrl = () => new URL('/graphiql', stack.gatewayUrl).href;

async function openGraphiql(): Promise<void> {
  const response = await page.goto(graphiqlUrl(), { waitUntil: 'domcontentloaded' });
  expect(response?.status()).toBe(200);
  await page.waitForSelector('.graphiql-container .graphiql-execute-button', { timeout: DOM_TIMEOUT_MS });
}

const storedToken = () => page.evaluate((key) => window.localStorage.getItem(key), GRAPHIQL_TOKEN_KEY);
const inputValue = () => page.$eval('#token-input', (input) => (input as HTMLInputElement).value);
const statusText = () => page.$eval('#token-status', (status) => status.textContent ?? '');
/** The text of GraphiQL's response pane. */
const responseText = () => page.evaluate(() => (document.querySelector('.graphiql-response .CodeMirror') as (Element & { CodeMirror?: { getValue(): string } }) | null)?.CodeMirror?.getValue() ?? '');

/**
 * Replaces the active tab's operation (named: GraphiQL keeps the previous name for an anonymous one) and waits until
 * GraphiQL has taken it in (its debounced change handler stores the query, then picks the operation name).
 */
async function setQuery(query: string): Promise<void> {
  await page.evaluate((text) => {
    const editor = document.querySelector('.graphiql-query-editor .CodeMirror') as Element & { CodeMirror: { setValue(value: string): void } };
    editor.CodeMirror.setValue(text);
  }, query);
  await page.waitForFunction((text) => window.localStorage.getItem('graphiql:query') === text, { timeout: DOM_TIMEOUT_MS }, query);
}

async function runAndWaitFor(pattern: RegExp): Promise<string> {
  await page.click('.graphiql-execute-button');
  await page.waitForFunction(
    (source) => new RegExp(source).test((document.querySelector('.graphiql-response .CodeMirror') as (Element & { CodeMirror?: { getValue(): string } }) | null)?.CodeMirror?.getValue() ?? ''),
    { timeout: DOM_TIMEOUT_MS },
    pattern.source,
  );
  return responseText();
}

describe('GraphiQL', () => {
  test('the page embeds no token and asks for one', async () => {
    await openGraphiql();
    expect(await page.content()).not.toMatch(JWT_PATTERN);
    expect(await storedToken()).toBeNull();
    expect(await inputValue()).toBe('');
    expect(await page.$eval('label[for="token-input"]', (label) => label.textContent)).toBe('访问令牌 (Bearer)');
    expect(await statusText()).toContain('未设置令牌');
    expect(await page.$eval('#token-help', (help) => help.textContent)).toMatch(/npm start[\s\S]*npm run token/);
  });

  test('a typed development token is kept in localStorage and sent as Authorization: a query returns data', async () => {
    await page.type('#token-input', `Bearer ${DEVELOPMENT_TOKENS.BJ!}`);
    await page.click('#token-save');
    expect(await storedToken()).toBe(DEVELOPMENT_TOKENS.BJ);
    expect(await statusText()).toContain('bj-samr');
    // The first tab is the e-bike recalls example.
    const text = await runAndWaitFor(/"totalCount": \d+/);
    expect(JSON.parse(text)).toMatchObject({ data: { recalls: { totalCount: expect.any(Number) } } });
    expect(JSON.parse(text).data.recalls.totalCount).toBeGreaterThan(0);
    expect(sentAuthorizations.at(-1)).toBe(`Bearer ${DEVELOPMENT_TOKENS.BJ}`);
    await screenshot(page, 'graphiql');
  });

  test('after a reload the token is still there and used', async () => {
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.waitForSelector('.graphiql-container .graphiql-execute-button', { timeout: DOM_TIMEOUT_MS });
    expect(await page.content()).not.toContain(DEVELOPMENT_TOKENS.BJ);
    expect(await inputValue()).toBe(DEVELOPMENT_TOKENS.BJ);
    const before = sentAuthorizations.length;
    await setQuery('query OneRecall { recalls(first: 1) { edges { node { id region } } } }');
    const text = await runAndWaitFor(/"region": "/);
    expect(JSON.parse(text).data.recalls.edges).toHaveLength(1);
    expect(sentAuthorizations.slice(before).every((authorization) => authorization === `Bearer ${DEVELOPMENT_TOKENS.BJ}`)).toBe(true);
  });

  test('a subscription sends the token as connectionParams.authorization and receives a recall published meanwhile', async () => {
    await setQuery('subscription ToyRecalls { recallPublished(filter: { categories: [TOYS] }) { recordId region } }');
    await page.click('.graphiql-execute-button');
    const init = async () => framesSent.map((frame) => JSON.parse(frame) as { type: string; payload?: Record<string, unknown> }).find((message) => message.type === 'connection_init');
    await waitFor(async () => (await init()) !== undefined && recorded.framesReceived.some((frame) => frame.includes('connection_ack')) && framesSent.some((frame) => frame.includes('"subscribe"')));
    expect((await init())!.payload).toEqual({ authorization: `Bearer ${DEVELOPMENT_TOKENS.BJ}` });
    const input = recallInput({ category: 'TOYS', creditCode: testCreditCode('BJ', 'GQL1'), productName: 'GraphiQL 订阅测试玩具' }, 'BJ');
    const id = ok<{ createRecall: { id: string } }>(await stack.query(stack.tokens.BJ, CREATE_RECALL, { input }), 'createRecall').createRecall.id;
    await page.waitForFunction((wanted) => ((document.querySelector('.graphiql-response .CodeMirror') as (Element & { CodeMirror?: { getValue(): string } }) | null)?.CodeMirror?.getValue() ?? '').includes(wanted), { timeout: DOM_TIMEOUT_MS }, id);
    await page.click('.graphiql-execute-button'); // stops the subscription
  });

  test('清除 forgets the token; queries are then refused as unauthenticated', async () => {
    await page.click('#token-clear');
    expect(await storedToken()).toBeNull();
    expect(await inputValue()).toBe('');
    await setQuery('query RecallCount { recalls(first: 1) { totalCount } }');
    await runAndWaitFor(/UNAUTHENTICATED/);
    expect(sentAuthorizations.at(-1)).toBe('');
  });

  test('its dialogs and the documentation explorer open (they add inline <style> elements: the page allows inline styles)', async () => {
    await page.click('[aria-label="Open settings dialog"]');
    await page.waitForSelector('.graphiql-dialog', { timeout: DOM_TIMEOUT_MS });
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('.graphiql-dialog'), { timeout: DOM_TIMEOUT_MS });
    await page.click('[aria-label="Show Documentation Explorer"]');
    await page.waitForSelector('.graphiql-doc-explorer', { timeout: DOM_TIMEOUT_MS });
  });

  test('no CSP violation, no page error, nothing from another host', () => {
    expect(recorded.cspViolations).toEqual([]);
    expect(recorded.pageErrors).toEqual([]);
    expect(foreignRequests(recorded.requests, stack.gatewayUrl)).toEqual([]);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = DOM_TIMEOUT_MS): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
