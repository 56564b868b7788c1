/**
 * The public web page (web/) in headless Chromium over one real stack: it talks to the gateway only, lists exactly
 * what the API returns for the filters chosen in its panel, shows Beijing dates on a New York machine, never shows
 * an enum code, has elder-mode sizes, no serious accessibility violation, no CSP violation, and says which region
 * is down. Screenshots go to tests/artifacts/. The region-down test stops Tianjin, so it runs last.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, isEnumType } from 'graphql';
import type { Browser, Page } from 'puppeteer-core';
import { REPO_ROOT } from '../../platform/childProcess';
import {
  bodyText,
  clickTestId,
  DOM_TIMEOUT_MS,
  foreignRequests,
  goTo,
  idsOnPage,
  launchBrowser,
  loadAllPages,
  openPage,
  runAxe,
  screenshot,
  waitForItems,
  waitForLiveState,
  type RecordedPage,
} from '../helpers/browser';
import { startStack, type Stack } from '../helpers/stack';

/** Every date on the page must be a Beijing date; the browser runs in another zone to prove it. */
const BROWSER_TIME_ZONE = 'America/New_York';
/** The enums whose values the page shows (as Chinese labels, never as codes). */
const SHOWN_ENUMS = ['ProductCategory', 'RiskLevel', 'RecallStatus', 'RiskAlertStatus', 'RecallRemedy', 'Region', 'HazardType', 'RiskSource', 'RecallEventType', 'RiskAlertEventType', 'RecallChangeEventType'];

let stack: Stack;
let browser: Browser;
let recorded: RecordedPage;
let page: Page;
const pages: RecordedPage[] = [];

beforeAll(async () => {
  // Each page load asks for a public token; the default per-address limit (20 a minute) would slow the suite down.
  [stack, browser] = await Promise.all([startStack({ buildWebApp: true, gateway: { publicTokensPerMinute: 600 } }), launchBrowser({ timeZone: BROWSER_TIME_ZONE })]);
  recorded = await openPage(browser);
  pages.push(recorded);
  page = recorded.page;
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 60_000);

/* ---------- the API, asked directly ---------- */

interface Connection<T> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: Array<{ node: T }>;
}

/** Every node of a list query (`$after` paging), in the API's order. */
async function allNodes<T>(query: string, field: string): Promise<T[]> {
  const nodes: T[] = [];
  let after: string | null = null;
  do {
    const result = await stack.query<Record<string, Connection<T>>>(stack.tokens.PUBLIC, query, { after });
    if (result.errors?.length || !result.data) throw new Error(`${field}: ${JSON.stringify(result.errors)}`);
    const connection: Connection<T> = result.data[field]!;
    nodes.push(...connection.edges.map((edge) => edge.node));
    after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
  } while (after);
  return nodes;
}

const RECALLS_WITH_ALERTS = `query ($after: String) { recalls(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id announcedAt riskAlerts { id } } } } }`;

async function someRecalls(): Promise<Array<{ id: string; announcedAt: string; riskAlerts: Array<{ id: string } | null> }>> {
  const result = await stack.query<{ recalls: Connection<{ id: string; announcedAt: string; riskAlerts: Array<{ id: string } | null> }> }>(stack.tokens.PUBLIC, RECALLS_WITH_ALERTS, { after: null });
  return result.data!.recalls.edges.map((edge) => edge.node);
}

const dayIn = (timeZone: string, iso: string) => new Intl.DateTimeFormat('zh-CN', { timeZone, year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(iso));

/* ---------- the page ---------- */

async function openList(path = '/'): Promise<void> {
  await goTo(page, stack.gatewayUrl, path);
  await waitForItems(page, path.includes('tab=alerts') ? 'alert' : 'recall');
}

async function openFilterPanel(): Promise<void> {
  if (!(await page.$('[data-testid="filters-panel"]'))) await clickTestId(page, 'filters-toggle');
  await page.waitForSelector('[data-testid="filters-panel"]', { timeout: DOM_TIMEOUT_MS });
}

async function openRecallDetail(id: string): Promise<void> {
  await goTo(page, stack.gatewayUrl, `/recall/${encodeURIComponent(id)}`);
  await page.waitForSelector(`[data-testid="recall-detail"][data-id="${id}"]`, { timeout: DOM_TIMEOUT_MS });
}

async function setElderMode(enabled: boolean): Promise<void> {
  const pressed = await page.$eval('[data-testid="elder-toggle"]', (toggle) => toggle.getAttribute('aria-pressed') === 'true');
  if (pressed !== enabled) await clickTestId(page, 'elder-toggle');
  await page.waitForFunction((wanted) => document.documentElement.classList.contains('elder-mode') === wanted, { timeout: DOM_TIMEOUT_MS }, enabled);
}

const bodyFontPx = () => page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));

/**
 * Visible controls (button, a, input, select, label) lower than `minPx`. A checkbox is reached through its label,
 * so the label is what is measured for it.
 */
function controlsLowerThan(minPx: number): Promise<{ measured: number; low: string[] }> {
  return page.evaluate((min) => {
    const low: string[] = [];
    let measured = 0;
    for (const element of document.querySelectorAll<HTMLElement>('button, a, input, select, label')) {
      const style = getComputedStyle(element);
      const box = element.getBoundingClientRect();
      if (style.display === 'none' || style.visibility === 'hidden' || box.width === 0 || box.height === 0) continue;
      const target = element instanceof HTMLInputElement && element.type === 'checkbox' && element.closest('label') ? element.closest('label')! : element;
      const height = target.getBoundingClientRect().height;
      measured += 1;
      if (height < min) low.push(`${element.tagName.toLowerCase()}${element.dataset.testid ? `[${element.dataset.testid}]` : ''} "${(element.textContent ?? '').trim().slice(0, 20)}" ${height.toFixed(1)}px`);
    }
    return { measured, low };
  }, minPx);
}

/* ---------- the tests ---------- */

describe('the public page', () => {
  test('loads from the gateway only (HTTP and WebSocket), with its CSP; the region filter lists 北京, 天津, 河北 in order', async () => {
    const response = await goTo(page, stack.gatewayUrl, '/');
    expect(response.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    await waitForItems(page, 'recall');
    await waitForLiveState(page, 'open');
    await openFilterPanel();

    const regions = await page.$$eval('[data-testid^="filter-region-"]', (boxes) => boxes.map((box) => `${box.getAttribute('data-testid')} ${box.closest('label')?.textContent?.trim()}`));
    expect(regions).toEqual(['filter-region-BJ 北京', 'filter-region-TJ 天津', 'filter-region-HE 河北']);

    const urls = recorded.requests.map((request) => request.url);
    expect(urls.some((url) => url.startsWith('ws://'))).toBe(true);
    expect(recorded.requests.some((request) => request.method === 'POST' && new URL(request.url).pathname === '/public-token')).toBe(true);
    expect(foreignRequests(recorded.requests, stack.gatewayUrl)).toEqual([]);
  });

  test('Hebei + 电动自行车 chosen in the filter panel lists exactly the API’s recalls for that filter, in order, over every page', async () => {
    const expected = (
      await allNodes<{ id: string }>(`query ($after: String) { recalls(filter: { regions: [HEBEI], categories: [ELECTRIC_BICYCLE] }, first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id } } } }`, 'recalls')
    ).map((node) => node.id);
    expect(expected.length).toBeGreaterThan(20); // more than one page of the list (20 a page)

    await openList('/');
    await openFilterPanel();
    for (const region of ['BJ', 'TJ']) {
      if (await page.$eval(`[data-testid="filter-region-${region}"]`, (box) => (box as HTMLInputElement).checked)) await clickTestId(page, `filter-region-${region}`);
    }
    if (!(await page.$eval('[data-testid="filter-region-HE"]', (box) => (box as HTMLInputElement).checked))) await clickTestId(page, 'filter-region-HE');
    await page.select('[data-testid="filter-category"]', 'ELECTRIC_BICYCLE');
    await clickTestId(page, 'filters-apply');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('region') === 'HE' && new URLSearchParams(location.search).get('category') === 'ELECTRIC_BICYCLE', { timeout: DOM_TIMEOUT_MS });
    // The filtered list has replaced the unfiltered one once its total is the filter's.
    await page.waitForFunction((total) => document.querySelector('.list-status')?.textContent?.includes(`共 ${total} 条召回信息`) === true, { timeout: DOM_TIMEOUT_MS }, expected.length);

    await loadAllPages(page, 'recall');
    expect(await idsOnPage(page, 'recall')).toEqual(expected);
  });

  test('with the browser in New York, a recall’s announced-at date is its Beijing date', async () => {
    const recall = (await someRecalls()).find((candidate) => dayIn('Asia/Shanghai', candidate.announcedAt) !== dayIn(BROWSER_TIME_ZONE, candidate.announcedAt));
    if (!recall) throw new Error('no seeded recall falls on different days in Beijing and New York');
    await openRecallDetail(recall.id);

    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(BROWSER_TIME_ZONE);
    const shown = await page.$eval('[data-testid="announced-at"]', (field) => field.textContent?.trim());
    expect(shown).toBe(dayIn('Asia/Shanghai', recall.announcedAt));
    expect(shown).not.toBe(dayIn(BROWSER_TIME_ZONE, recall.announcedAt));
  });

  test('no enum code on the lists, the open filter panel or the recall and alert detail views', async () => {
    const schema = buildSchema(readFileSync(join(REPO_ROOT, 'schema', 'api.graphql'), 'utf8'));
    const codes = SHOWN_ENUMS.flatMap((name) => {
      const type = schema.getType(name);
      if (!isEnumType(type)) throw new Error(`${name} is not an enum of schema/api.graphql`);
      return type.getValues().map((value) => value.name);
    });
    // Whole words only: "OTHER" inside "ANOTHER" or "LOW" in "LOW-3A" (a model) is not a code… but "LOW" alone is.
    const codesIn = (text: string) => codes.filter((code) => new RegExp(`(?<![A-Za-z0-9_-])${code}(?![A-Za-z0-9_-])`).test(text));
    expect(codesIn('类别 ELECTRIC_BICYCLE，等级 HIGH；ANOTHER')).toEqual(['ELECTRIC_BICYCLE', 'HIGH']);

    const seen: Record<string, string[]> = {};
    await openList('/');
    await openFilterPanel();
    seen['recall list with the filter panel'] = codesIn(await bodyText(page));
    await clickTestId(page, 'tab-alerts');
    await waitForItems(page, 'alert');
    seen['alert list'] = codesIn(await bodyText(page));

    const recall = (await someRecalls()).find((candidate) => candidate.riskAlerts.some((alert) => alert !== null));
    if (!recall) throw new Error('no seeded recall cites a risk alert');
    await openRecallDetail(recall.id);
    await page.waitForSelector('.link-list a', { timeout: DOM_TIMEOUT_MS });
    seen['recall detail'] = codesIn(await bodyText(page));
    await page.click('.link-list a'); // to the cited alert, inside the app
    await page.waitForSelector('[data-testid="alert-detail"]', { timeout: DOM_TIMEOUT_MS });
    seen['alert detail'] = codesIn(await bodyText(page));

    expect(seen).toEqual({ 'recall list with the filter panel': [], 'alert list': [], 'recall detail': [], 'alert detail': [] });
  });

  test('text is at least 16 px; in elder mode at least 18 px, and every visible control at least 44 px tall', async () => {
    await openList('/');
    try {
      expect(await bodyFontPx()).toBeGreaterThanOrEqual(16);
      await setElderMode(true);
      expect(await bodyFontPx()).toBeGreaterThanOrEqual(18);
      const onList = await controlsLowerThan(44);
      expect(onList.low).toEqual([]);
      expect(onList.measured).toBeGreaterThan(20); // the tabs, toggles, a link per recall, 加载更多
      await openFilterPanel();
      const withPanel = await controlsLowerThan(44);
      expect(withPanel.low).toEqual([]);
      expect(withPanel.measured).toBeGreaterThan(onList.measured);
    } finally {
      await setElderMode(false);
    }
  });

  test('axe-core finds no serious or critical violation on the list, the open filter panel, a recall and elder mode', async () => {
    const violations: Record<string, string[]> = {};
    await openList('/');
    violations.list = await runAxe(page);
    await openFilterPanel();
    violations['filter panel'] = await runAxe(page);
    const [recall] = await someRecalls();
    await openRecallDetail(recall!.id);
    violations['recall detail'] = await runAxe(page);
    await openList('/');
    try {
      await setElderMode(true);
      violations['elder mode'] = await runAxe(page);
    } finally {
      await setElderMode(false);
    }
    expect(violations).toEqual({ list: [], 'filter panel': [], 'recall detail': [], 'elder mode': [] });
  });

  test('screenshots of the list, a recall and elder mode in tests/artifacts/', async () => {
    await openList('/');
    const files = [await screenshot(page, 'list')];
    await page.click('[data-testid="recall-item"] a'); // the first recall, inside the app
    await page.waitForSelector('[data-testid="recall-detail"]', { timeout: DOM_TIMEOUT_MS });
    files.push(await screenshot(page, 'recall-detail', true));
    await openList('/');
    try {
      await setElderMode(true);
      files.push(await screenshot(page, 'elder-mode'));
    } finally {
      await setElderMode(false);
    }
    for (const file of files) expect(statSync(file).size).toBeGreaterThan(10_000);
  });

  test('after all of the above: no CSP violation and no request to another host, and the CSP recorder does catch one', async () => {
    const probe = await openPage(browser);
    try {
      await goTo(probe.page, stack.gatewayUrl, '/');
      await probe.page.evaluate(() => {
        const style = document.createElement('style'); // an inline style, which the CSP forbids
        style.textContent = 'body { color: red; }';
        document.head.append(style);
      });
      await probe.page.waitForFunction(() => (window.__csp ?? []).length > 0, { timeout: DOM_TIMEOUT_MS });
      expect(probe.cspViolations.join('\n')).toMatch(/style-src/);
    } finally {
      await probe.page.close();
    }
    expect(pages.map((opened) => ({ csp: opened.cspViolations, foreign: foreignRequests(opened.requests, stack.gatewayUrl), errors: opened.pageErrors }))).toEqual(pages.map(() => ({ csp: [], foreign: [], errors: [] })));
  });

  // Last: Tianjin stays down until the stack stops.
  test('with Tianjin down the page says so and lists Beijing’s and Hebei’s recalls', async () => {
    await stack.stopRegion('TJ');
    await goTo(page, stack.gatewayUrl, '/');
    await page.waitForSelector('[data-testid="region-unavailable"]', { timeout: DOM_TIMEOUT_MS });
    await waitForItems(page, 'recall');
    expect(await page.$eval('[data-testid="region-unavailable"]', (notice) => notice.textContent)).toContain('天津数据暂不可用');
    const regions = new Set((await idsOnPage(page, 'recall')).map((id) => id.slice(0, 2)));
    expect([...regions].sort()).toEqual(['BJ', 'HE']);
    expect(recorded.cspViolations).toEqual([]);
  });
});
