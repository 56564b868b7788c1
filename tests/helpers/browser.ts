/**
 * Helpers of the browser suites (tests/browser/): headless Chromium over a real stack, pages that record every
 * request (HTTP and WebSocket), every WebSocket frame received and every CSP violation, DOM waits, axe-core and
 * screenshots. Not a test file itself.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AxeResults, ImpactValue } from 'axe-core';
import puppeteer, { type Browser, type BrowserContext, type Page } from 'puppeteer-core';
import { REPO_ROOT } from '../../platform/childProcess';
import { chromiumPath } from './chromium';

declare global {
  interface Window {
    /** CSP violations of this document ("<directive> <blocked URI>"), registered before any page script. */
    __csp?: string[];
    /** Reports a CSP violation to the test (a puppeteer binding, survives navigations). */
    __reportCspViolation?(violation: string): Promise<void>;
    /** axe-core, once `runAxe` has injected it. */
    axe?: { run(context?: unknown): Promise<AxeResults> };
    /** `data-state` values the live status went through since `recordLiveStates`. */
    __liveStates?: string[];
  }
}

export const ARTIFACTS_DIR = join(REPO_ROOT, 'tests', 'artifacts');
/** Waits for page conditions; a loaded 2-core machine is slow, so generous. */
export const DOM_TIMEOUT_MS = 15_000;

export type RecordKind = 'recall' | 'alert';

export async function launchBrowser(options: { timeZone?: string } = {}): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('no Chromium here (CHROMIUM_PATH or /usr/bin/chromium); run the browser suites with scripts/testBrowser.ts');
  return puppeteer.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
    env: { ...process.env, ...(options.timeZone ? { TZ: options.timeZone } : {}) },
    defaultViewport: { width: 1280, height: 900 },
  });
}

export interface RecordedRequest {
  method: string;
  url: string;
}

/** A page and what it did since it was opened, over all its navigations. */
export interface RecordedPage {
  page: Page;
  /** Every request, HTTP (`page.on('request')`) and WebSocket (CDP `Network.webSocketCreated`), in order. */
  requests: RecordedRequest[];
  /** Text of every WebSocket frame the page received. */
  framesReceived: string[];
  /** CSP violations reported by `securitypolicyviolation` events and by the console. */
  cspViolations: string[];
  /** Uncaught exceptions in the page. */
  pageErrors: string[];
}

/** A recorded page in the browser, or in one of its contexts (e.g. one that saves downloads to a folder). */
export async function openPage(browser: Browser | BrowserContext): Promise<RecordedPage> {
  const page = await browser.newPage();
  const recorded: RecordedPage = { page, requests: [], framesReceived: [], cspViolations: [], pageErrors: [] };
  page.on('request', (request) => recorded.requests.push({ method: request.method(), url: request.url() }));
  page.on('pageerror', (error) => recorded.pageErrors.push(error instanceof Error ? error.message : String(error)));
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) recorded.cspViolations.push(`console: ${message.text()}`);
  });
  const cdp = await page.createCDPSession();
  await cdp.send('Network.enable');
  cdp.on('Network.webSocketCreated', (event) => recorded.requests.push({ method: 'GET', url: event.url }));
  cdp.on('Network.webSocketFrameReceived', (event) => recorded.framesReceived.push(event.response.payloadData));
  await page.exposeFunction('__reportCspViolation', (violation: string) => {
    recorded.cspViolations.push(violation);
  });
  await page.evaluateOnNewDocument(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const violation = `${event.violatedDirective} ${event.blockedURI}`;
      (window.__csp ||= []).push(violation);
      void window.__reportCspViolation?.(violation);
    });
  });
  return recorded;
}

/**
 * Requests to anything but the gateway's origin (http://host:port, and ws://host:port for the WebSocket).
 * `data:` URLs reach no host (Chromium reports its own date-picker icon as one), so they are not counted.
 */
export function foreignRequests(requests: readonly RecordedRequest[], gatewayUrl: string): string[] {
  const origin = new URL(gatewayUrl).origin;
  const allowed = new Set([origin, origin.replace(/^http/, 'ws')]);
  return requests.map((request) => request.url).filter((url) => !url.startsWith('data:') && !allowed.has(new URL(url).origin));
}

/** Opens `path` on the gateway and waits until the app has rendered a list or a detail view. */
export async function goTo(page: Page, gatewayUrl: string, path: string) {
  const response = await page.goto(new URL(path, gatewayUrl).href, { waitUntil: 'domcontentloaded' });
  if (!response?.ok()) throw new Error(`GET ${path}: HTTP ${response?.status()}`);
  return response;
}

const itemSelector = (kind: RecordKind, id?: string) => `[data-testid="${kind}-item"]${id === undefined ? '' : `[data-id="${id}"]`}`;

/** Waits until the visible list has loaded (not busy) and shows at least `count` records. */
export async function waitForItems(page: Page, kind: RecordKind, count = 1): Promise<void> {
  await page.waitForFunction(
    (selector, wanted) => document.querySelector('.record-list-section[aria-busy="false"]') !== null && document.querySelectorAll(selector).length >= wanted,
    { timeout: DOM_TIMEOUT_MS },
    itemSelector(kind),
    count,
  );
}

export function waitForItem(page: Page, kind: RecordKind, id: string, timeoutMs = DOM_TIMEOUT_MS): Promise<unknown> {
  return page.waitForSelector(itemSelector(kind, id), { timeout: timeoutMs });
}

/** The `data-id`s of the records listed, top to bottom. */
export function idsOnPage(page: Page, kind: RecordKind): Promise<string[]> {
  return page.$$eval(itemSelector(kind), (items) => items.map((item) => (item as HTMLElement).dataset.id ?? ''));
}

/** How many list items show the record `id`. */
export async function countOf(page: Page, kind: RecordKind, id: string): Promise<number> {
  return (await page.$$(itemSelector(kind, id))).length;
}

/** Pages through the whole list with 加载更多 (and whatever scrolling loads) until it says there is no more. */
export async function loadAllPages(page: Page, kind: RecordKind): Promise<void> {
  for (;;) {
    await waitForItems(page, kind);
    const before = (await idsOnPage(page, kind)).length;
    const clicked = await page.evaluate(() => {
      const button = document.querySelector<HTMLButtonElement>('[data-testid="load-more"]');
      if (!button) return null;
      if (!button.disabled) button.click();
      return true;
    });
    if (clicked === null) break;
    await page.waitForFunction(
      (selector, count) => document.querySelectorAll(selector).length > count || document.querySelector('[data-testid="load-more"]') === null,
      { timeout: DOM_TIMEOUT_MS },
      itemSelector(kind),
      before,
    );
  }
  await page.waitForSelector('.list-end', { timeout: DOM_TIMEOUT_MS });
}

export async function waitForLiveState(page: Page, state: 'open' | 'closed', timeoutMs = DOM_TIMEOUT_MS): Promise<void> {
  await page.waitForSelector(`[data-testid="live-status"][data-state="${state}"]`, { timeout: timeoutMs });
}

/** From now on, every `data-state` the live status takes is kept (read with `liveStates`). */
export async function recordLiveStates(page: Page): Promise<void> {
  await page.evaluate(() => {
    const status = document.querySelector<HTMLElement>('[data-testid="live-status"]');
    if (!status) throw new Error('no live status on the page');
    window.__liveStates = [status.dataset.state ?? ''];
    new MutationObserver(() => window.__liveStates!.push(status.dataset.state ?? '')).observe(status, { attributes: true, attributeFilter: ['data-state'] });
  });
}

export function liveStates(page: Page): Promise<string[]> {
  return page.evaluate(() => window.__liveStates ?? []);
}

/** How many `next` messages of subscription field `field` about `recordId` the page received over its WebSockets. */
export function framesAbout(recorded: RecordedPage, field: string, recordId: string): number {
  return recorded.framesReceived.filter((frame) => {
    const message = JSON.parse(frame) as { type?: string; payload?: { data?: Record<string, { recordId?: string } | undefined> } };
    return message.type === 'next' && message.payload?.data?.[field]?.recordId === recordId;
  }).length;
}

export function bodyText(page: Page): Promise<string> {
  return page.evaluate(() => document.body.innerText);
}

export function clickTestId(page: Page, testId: string): Promise<void> {
  return page.click(`[data-testid="${testId}"]`);
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SERIOUS: readonly ImpactValue[] = ['serious', 'critical'];

/** axe-core's serious and critical violations on the page as it is, one line each (rule, impact, help, elements). */
export async function runAxe(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const results = await window.axe!.run(document);
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
    }));
  });
  return violations.filter((violation) => violation.impact !== null && SERIOUS.includes(violation.impact)).map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.targets.join(' | ')}`);
}

/** Writes tests/artifacts/<name>.png. */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`) as `${string}.png`;
  await page.screenshot({ path, fullPage });
  return path;
}
