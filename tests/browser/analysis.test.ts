/**
 * The analyst console (/analysis) in headless Chromium over one real stack, one page load: it asks for an agency
 * token (a public one is refused) and keeps it in sessionStorage only; each of the four ECharts charts shows the
 * series the gateway's statistics give for its filters (asked here by the test itself, with its own queries), its
 * table the same numbers; each export button downloads (a real download, into a folder) the CSV the export endpoint
 * gives for those filters, with the token only in the Authorization header; the recall export's rows are the recall
 * list's records in order, the overdue export's as many as the statistics count; each chart's GraphiQL link opens its
 * query and variables there. No CSP violation, page error, foreign request, token in a URL or serious axe finding.
 * Screenshots: tests/artifacts/analysis-*.png.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import { endOfShanghaiDay, shanghaiDayKey, startOfShanghaiDay } from '../../kernel';
import { ARTIFACTS_DIR, DOM_TIMEOUT_MS, foreignRequests, goTo, launchBrowser, openPage, runAxe, type RecordedPage } from '../helpers/browser';
import { getExport, parseCsv } from '../helpers/exportClient';
import { startStack, type Stack } from '../helpers/stack';

const REGION_NAMES = { BEIJING: '北京', TIANJIN: '天津', HEBEI: '河北' } as const;
type RegionName = keyof typeof REGION_NAMES;
const ALL_REGIONS: RegionName[] = ['BEIJING', 'TIANJIN', 'HEBEI'];
const CATEGORY_LABELS: Record<string, string> = {
  ELECTRIC_BICYCLE: '电动自行车及配件', CHILDREN_PRODUCTS: '儿童用品', HOUSEHOLD_APPLIANCES: '家用电器', FOOD_CONTACT: '食品相关产品', TEXTILES: '纺织服装', TOYS: '玩具',
  COSMETICS: '化妆品', AUTO_PARTS: '汽车及配件', ELECTRICAL_ACCESSORIES: '电器附件', BUILDING_MATERIALS: '建筑装饰材料', FURNITURE: '家具', GAS_APPLIANCES: '燃气器具',
};
const LEVELS = ['LOW', 'MEDIUM', 'HIGH', 'SEVERE'] as const;
const LEVEL_LABELS = { LOW: '低风险', MEDIUM: '中风险', HIGH: '高风险', SEVERE: '严重风险' } as const;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let recorded: RecordedPage;
let page: Page;
let downloadDir: string;
/** Every /export/ request the page sent: its URL and Authorization header. */
const exportRequests: Array<{ url: string; authorization: string | undefined }> = [];

beforeAll(async () => {
  // Statistics over the seeds take seconds on a loaded machine: the regions get time to answer (the defaults are 3 s).
  [stack, browser] = await Promise.all([startStack({ buildWebApp: true, gateway: { regionTimeoutMs: 30_000 }, regionEnv: { DB_COMMAND_TIMEOUT_MS: '30000' } }), launchBrowser()]);
  downloadDir = mkdtempSync(join(tmpdir(), 'jjj-analysis-downloads-'));
  context = await browser.createBrowserContext({ downloadBehavior: { policy: 'allow', downloadPath: downloadDir } });
  recorded = await openPage(context);
  page = recorded.page;
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/export/')) exportRequests.push({ url: request.url(), authorization: request.headers().authorization });
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (downloadDir) rmSync(downloadDir, { recursive: true, force: true });
}, 60_000);

const agencyToken = () => stack.tokens.BJ;

async function api<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const result = await stack.query<T>(agencyToken(), query, variables);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

/** The console's default dates: the twelve Beijing months up to today. */
function defaultDays(): { from: string; to: string } {
  const to = shanghaiDayKey(new Date());
  const monthIndex = Number(to.slice(0, 4)) * 12 + Number(to.slice(5, 7)) - 1 - 11;
  return { from: `${Math.floor(monthIndex / 12)}-${String((monthIndex % 12) + 1).padStart(2, '0')}-01`, to };
}
const instants = (days: { from: string; to: string }) => ({ from: startOfShanghaiDay(days.from).toISOString(), to: endOfShanghaiDay(days.to).toISOString() });

interface ChartOption {
  xAxis: Array<{ data?: string[]; name?: string }>;
  yAxis: Array<{ data?: string[]; name?: string }>;
  series: Array<{ id: string; name: string; data: Array<number | null> }>;
}

/** Waits until the panel has the whole answer to its current query and the chart shows it; returns the chart's option. */
async function shownOption(id: string): Promise<ChartOption> {
  await page.waitForFunction(
    (panelId) => {
      const panel = document.querySelector<HTMLElement>(`[data-testid="panel-${panelId}"]`);
      const chart = document.querySelector<HTMLElement>(`[data-testid="chart-${panelId}"]`);
      return panel?.dataset.status === 'error' || panel?.dataset.status === 'partial' || (panel?.dataset.status === 'ready' && chart?.dataset.optionKey === panel.dataset.variables);
    },
    { timeout: DOM_TIMEOUT_MS },
    id,
  );
  const status = await page.$eval(`[data-testid="panel-${id}"]`, (panel) => ({ status: (panel as HTMLElement).dataset.status, text: panel.querySelector('[role="alert"], .notice')?.textContent ?? '' }));
  expect(status).toEqual({ status: 'ready', text: '' });
  return (await page.evaluate((panelId) => window.jjjChartOption?.(`chart-${panelId}`), id)) as ChartOption;
}

/** The series as { name: values }. */
const seriesOf = (option: ChartOption) => Object.fromEntries(option.series.map((series) => [series.name, series.data]));

/** The chart's table: header and rows of cell texts. */
function tableOf(id: string): Promise<string[][]> {
  return page.$$eval(`[data-testid="table-${id}"] tr`, (rows) => rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent ?? '')));
}
const number = (text: string) => (text === '—' ? null : Number(text.replace(/,/g, '')));

/** Sets a chart's filter fields and applies them. */
async function applyFilters(id: string, filters: { regions?: RegionName[]; from?: string; to?: string; select?: Record<string, string> }): Promise<void> {
  const codes = { BEIJING: 'BJ', TIANJIN: 'TJ', HEBEI: 'HE' } as const;
  for (const region of ALL_REGIONS) {
    const box = `[data-testid="${id}-region-${codes[region]}"]`;
    const wanted = filters.regions ? filters.regions.includes(region) : true;
    if ((await page.$eval(box, (input) => (input as HTMLInputElement).checked)) !== wanted) await page.click(box);
  }
  for (const [field, value] of [['from', filters.from], ['to', filters.to]] as const) {
    if (value !== undefined) await page.$eval(`[data-testid="${id}-${field}"]`, (input, day) => ((input as HTMLInputElement).value = day), value);
  }
  for (const [field, value] of Object.entries(filters.select ?? {})) await page.select(`[data-testid="${id}-${field}"]`, value);
  await page.click(`[data-testid="${id}-apply"]`);
}

/** Element screenshot of a panel (its table opened when asked), tests/artifacts/analysis-<name>.png. */
async function panelScreenshot(id: string, name: string, openTable = false): Promise<void> {
  if (openTable) await page.$eval(`[data-testid="table-${id}"]`, (details) => ((details as HTMLDetailsElement).open = true));
  const panel = (await page.$(`[data-testid="panel-${id}"]`))!;
  await panel.scrollIntoView();
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await panel.screenshot({ path: join(ARTIFACTS_DIR, `analysis-${name}.png`) });
}

/** Clicks the export button, waits for the file in the download folder and returns its name and bytes. */
async function download(id: string): Promise<{ name: string; body: Buffer; url: string }> {
  // An emptied folder: a second file of the same name (two complaint exports on one day) replaces the first.
  for (const name of readdirSync(downloadDir)) rmSync(join(downloadDir, name), { force: true });
  const requestsBefore = exportRequests.length;
  await page.click(`[data-testid="${id}-export"]`);
  await page.waitForSelector(`[data-testid="${id}-export-status"][data-state="done"]`, { timeout: 60_000 });
  const until = Date.now() + DOM_TIMEOUT_MS;
  for (;;) {
    const fresh = readdirSync(downloadDir).filter((name) => !name.endsWith('.crdownload'));
    if (fresh.length === 1) {
      expect(exportRequests.length).toBe(requestsBefore + 1);
      return { name: fresh[0]!, body: readFileSync(join(downloadDir, fresh[0]!)), url: exportRequests.at(-1)!.url };
    }
    if (Date.now() > until) throw new Error(`no download of ${id} in ${downloadDir}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The CSV the export endpoint itself gives the test for these parameters. */
async function directExport(list: string, parameters: Record<string, string>): Promise<Buffer> {
  const answer = await getExport(stack.gatewayUrl, agencyToken(), `${list}?${new URLSearchParams(parameters)}`);
  expect(answer.status).toBe(200);
  expect(answer.complete).toBe(true);
  return answer.body;
}

const today = () => shanghaiDayKey(new Date());

/** Pastes a token into the token field (typing 300 characters one by one takes 20 s on a loaded machine) and submits. */
async function enterToken(token: string): Promise<void> {
  await page.$eval('[data-testid="analysis-token-input"]', (input, value) => ((input as HTMLInputElement).value = value), token);
  await page.click('[data-testid="analysis-token-save"]');
}

describe('the analyst console', () => {
  test('asks for an agency token, refuses a public one, and keeps the agency token in this tab only', async () => {
    await goTo(page, stack.gatewayUrl, '/analysis');
    await page.waitForSelector('[data-testid="analysis-token-input"]', { timeout: DOM_TIMEOUT_MS });
    expect(await page.title()).toContain('数据分析台');
    expect(await page.$('[data-testid^="panel-"]')).toBeNull();

    await enterToken(stack.tokens.PUBLIC);
    await page.waitForSelector('[data-testid="analysis-token-problem"]', { timeout: DOM_TIMEOUT_MS });
    expect(await page.$eval('[data-testid="analysis-token-problem"]', (element) => element.textContent)).toContain('公众令牌');

    await enterToken(`Bearer ${agencyToken()}`);
    await page.waitForSelector('[data-testid="panel-recalls-by-month"]', { timeout: DOM_TIMEOUT_MS });
    expect(await page.$eval('[data-testid="analysis-token-status"]', (element) => element.textContent)).toContain('北京市市场监督管理局');
    const storage = await page.evaluate(() => ({ session: { ...window.sessionStorage }, local: { ...window.localStorage } }));
    expect(Object.values(storage.session)).toContain(agencyToken());
    expect(JSON.stringify(storage.local)).not.toContain(agencyToken());
    expect(page.url()).not.toContain(agencyToken());
  });

  test('recalls per month by region: the chart and its table are the statistics for the filters; the export is the list', async () => {
    const id = 'recalls-by-month';
    const query = `query($filter: RecallFilter) { recallStatistics(groupBy: [REGION, MONTH], filter: $filter) { key { region month } count } }`;
    type Answer = { recallStatistics: Array<{ key: { region: RegionName; month: string }; count: number }> };
    const monthsOf = (from: string, to: string) => {
      const months: string[] = [];
      for (let index = Number(from.slice(0, 4)) * 12 + Number(from.slice(5, 7)) - 1; index <= Number(to.slice(0, 4)) * 12 + Number(to.slice(5, 7)) - 1; index += 1) months.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
      return months;
    };
    const expectChart = async (days: { from: string; to: string }, regions: RegionName[]) => {
      const bounds = instants(days);
      const answer = await api<Answer>(query, { filter: { ...(regions.length < 3 ? { regions } : {}), announcedFrom: bounds.from, announcedTo: bounds.to } });
      const months = monthsOf(days.from, days.to);
      const count = (region: RegionName, month: string) => answer.recallStatistics.find((group) => group.key.region === region && group.key.month === month)?.count ?? 0;
      const expected = Object.fromEntries(regions.map((region) => [REGION_NAMES[region], months.map((month) => count(region, month))]));
      const option = await shownOption(id);
      expect(option.xAxis[0]!.data).toEqual(months.map((month) => `${month.slice(0, 4)}年${Number(month.slice(5))}月`));
      expect(seriesOf(option)).toEqual(expected);
      expect(Object.values(expected).flat().reduce((sum, value) => sum + value, 0)).toBe(answer.recallStatistics.reduce((sum, group) => sum + group.count, 0));
      const table = await tableOf(id);
      expect(table[0]).toEqual(['月份', ...regions.map((region) => REGION_NAMES[region]), '合计']);
      expect(table.slice(1).map((row) => row.slice(1, -1).map(number))).toEqual(months.map((_, index) => regions.map((region) => expected[REGION_NAMES[region]]![index]!)));
      return answer;
    };

    const initial = await expectChart(defaultDays(), ALL_REGIONS);
    expect(initial.recallStatistics.length).toBeGreaterThan(0);
    await panelScreenshot(id, 'recalls');

    const days = { from: '2025-03-01', to: '2026-02-28' };
    await applyFilters(id, { regions: ['TIANJIN', 'HEBEI'], ...days });
    await expectChart(days, ['TIANJIN', 'HEBEI']);

    const file = await download(id);
    expect(file.name).toBe(`缺陷产品召回-${today()}.csv`);
    expect(file.body.subarray(0, 3).equals(BOM)).toBe(true);
    const bounds = instants(days);
    expect(file.body.equals(await directExport('recalls', { regions: 'TIANJIN,HEBEI', announcedFrom: bounds.from, announcedTo: bounds.to }))).toBe(true);
    // The rows are the list's records, in the list's order.
    const ids: string[] = [];
    for (let after: string | null = null; ; ) {
      const page_: { recalls: { edges: Array<{ node: { id: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string } } } = await api(
        `query($filter: RecallFilter, $after: String) { recalls(first: 100, after: $after, filter: $filter) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
        { filter: { regions: ['TIANJIN', 'HEBEI'], announcedFrom: bounds.from, announcedTo: bounds.to }, after },
      );
      ids.push(...page_.recalls.edges.map((edge) => edge.node.id));
      if (!page_.recalls.pageInfo.hasNextPage) break;
      after = page_.recalls.pageInfo.endCursor;
    }
    const rows = parseCsv(file.body.subarray(3).toString('utf8'));
    expect(rows[0]![0]).toBe('编号');
    expect(rows.slice(1).map((row) => row[0])).toEqual(ids);
    expect(ids.length).toBeGreaterThan(0);
  });

  test('risk alerts by level and category: the stacked bars and the table are the statistics; the export is the endpoint’s CSV', async () => {
    const id = 'alerts-by-level';
    const bounds = instants(defaultDays());
    const answer = await api<{ riskAlertStatistics: Array<{ key: { category: string; level: string }; count: number }> }>(
      `query($filter: RiskAlertFilter) { riskAlertStatistics(groupBy: [CATEGORY, LEVEL], filter: $filter) { key { category level } count } }`,
      { filter: { issuedFrom: bounds.from, issuedTo: bounds.to } },
    );
    expect(answer.riskAlertStatistics.length).toBeGreaterThan(0);
    const categories = Object.keys(CATEGORY_LABELS);
    const count = (category: string, level: string) => answer.riskAlertStatistics.find((group) => group.key.category === category && group.key.level === level)?.count ?? 0;
    const option = await shownOption(id);
    expect(option.yAxis[0]!.data).toEqual(categories.map((category) => CATEGORY_LABELS[category]).reverse());
    expect(seriesOf(option)).toEqual(Object.fromEntries(LEVELS.map((level) => [LEVEL_LABELS[level], [...categories].reverse().map((category) => count(category, level))])));
    const table = await tableOf(id);
    expect(table[0]).toEqual(['产品类别', ...LEVELS.map((level) => LEVEL_LABELS[level]), '合计']);
    expect(table.slice(1).map((row) => [row[0], ...row.slice(1).map(number)])).toEqual(
      categories.map((category) => [CATEGORY_LABELS[category], ...LEVELS.map((level) => count(category, level)), LEVELS.reduce((sum, level) => sum + count(category, level), 0)]),
    );
    await panelScreenshot(id, 'alerts');

    const file = await download(id);
    expect(file.name).toBe(`风险预警-${today()}.csv`);
    expect(file.body.equals(await directExport('riskAlerts', { issuedFrom: bounds.from, issuedTo: bounds.to }))).toBe(true);
    expect(parseCsv(file.body.subarray(3).toString('utf8')).length - 1).toBe(answer.riskAlertStatistics.reduce((sum, group) => sum + group.count, 0));
  });

  test('complaint resolution time by handling region: median, p90 and mean in working days, per stage', async () => {
    const id = 'resolution-time';
    const bounds = instants(defaultDays());
    const measures = '{ workingDays { count median p90 mean } }';
    type Measures = { workingDays: { count: number; median: number | null; p90: number | null; mean: number | null } };
    const answer = await api<{ complaintStatistics: Array<{ key: { handlingRegion: RegionName }; durations: Record<'acceptanceToClosure' | 'receiptToAcceptance', Measures> }> }>(
      `query($filter: ComplaintFilter) { complaintStatistics(groupBy: [HANDLING_REGION], filter: $filter) { key { handlingRegion } durations { acceptanceToClosure ${measures} receiptToAcceptance ${measures} } } }`,
      { filter: { receivedFrom: bounds.from, receivedTo: bounds.to } },
    );
    const expected = (stage: 'acceptanceToClosure' | 'receiptToAcceptance') => {
      const of = (region: RegionName) => answer.complaintStatistics.find((group) => group.key.handlingRegion === region)?.durations[stage].workingDays;
      return { 中位数: ALL_REGIONS.map((region) => of(region)?.median ?? null), 第90百分位: ALL_REGIONS.map((region) => of(region)?.p90 ?? null), 平均值: ALL_REGIONS.map((region) => of(region)?.mean ?? null) };
    };
    const closure = expected('acceptanceToClosure');
    expect(closure.中位数.every((value) => typeof value === 'number')).toBe(true);
    const option = await shownOption(id);
    expect(option.xAxis[0]!.data).toEqual(['北京', '天津', '河北']);
    expect(seriesOf(option)).toEqual(closure);
    const table = await tableOf(id);
    expect(table.slice(1).map((row) => row.slice(2, 4).map(number))).toEqual(ALL_REGIONS.map((_, index) => [closure.中位数[index], closure.第90百分位[index]]));
    await panelScreenshot(id, 'resolution-time', true);

    await applyFilters(id, { select: { view: 'receiptToAcceptance' } });
    await page.waitForFunction((chartId) => ((window.jjjChartOption?.(chartId) as ChartOption | null)?.yAxis[0]?.name ?? '').startsWith('登记 → 受理'), { timeout: DOM_TIMEOUT_MS }, `chart-${id}`);
    expect(seriesOf(await shownOption(id))).toEqual(expected('receiptToAcceptance'));

    const file = await download(id);
    expect(file.name).toBe(`消费投诉-${today()}.csv`);
    expect(file.body.equals(await directExport('complaints', { receivedFrom: bounds.from, receivedTo: bounds.to }))).toBe(true);
  });

  test('overdue complaints per stage by handling region; the export lists the complaints overdue now', async () => {
    const id = 'overdue-complaints';
    const answer = await api<{ complaintStatistics: Array<{ key: { handlingRegion: RegionName }; count: number; overdue: number; overdueByStage: Record<'acceptance' | 'mediation' | 'decidedLate' | 'closedLate', number> }> }>(
      `query { complaintStatistics(groupBy: [HANDLING_REGION]) { key { handlingRegion } count overdue overdueByStage { acceptance mediation decidedLate closedLate } } }`,
      {},
    );
    const of = (region: RegionName) => answer.complaintStatistics.find((group) => group.key.handlingRegion === region);
    const stages = { 逾期未受理: 'acceptance', 调解超期: 'mediation', 受理决定超时: 'decidedLate', 办结超时: 'closedLate' } as const;
    const option = await shownOption(id);
    expect(option.xAxis[0]!.data).toEqual(['北京', '天津', '河北']);
    expect(seriesOf(option)).toEqual(Object.fromEntries(Object.entries(stages).map(([label, stage]) => [label, ALL_REGIONS.map((region) => of(region)?.overdueByStage[stage] ?? 0)])));
    const overdueNow = answer.complaintStatistics.reduce((sum, group) => sum + group.overdue, 0);
    expect(overdueNow).toBeGreaterThan(0);
    const table = await tableOf(id);
    expect(table.slice(1).map((row) => row.slice(1, 3).map(number))).toEqual(ALL_REGIONS.map((region) => [of(region)?.count ?? 0, of(region)?.overdue ?? 0]));
    await panelScreenshot(id, 'overdue', true);

    const file = await download(id);
    expect(file.body.equals(await directExport('complaints', { overdue: 'true' }))).toBe(true);
    expect(parseCsv(file.body.subarray(3).toString('utf8')).length - 1).toBe(overdueNow);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'analysis-page.png') });
  });

  test('every export sent the token in the Authorization header and in no URL', () => {
    expect(exportRequests).toHaveLength(4);
    for (const request of exportRequests) {
      expect(request.authorization).toBe(`Bearer ${agencyToken()}`);
      expect(request.url).not.toContain(agencyToken());
    }
    expect(recorded.requests.filter((request) => request.url.includes(agencyToken()))).toEqual([]);
  });

  test('each chart’s GraphiQL link opens its exact query and variables there (and carries no token)', async () => {
    const links = await page.$$eval('[data-testid$="-graphiql"]', (anchors) =>
      anchors.map((anchor) => ({ href: (anchor as HTMLAnchorElement).href, variables: anchor.closest<HTMLElement>('[data-variables]')?.dataset.variables ?? '' })),
    );
    expect(links).toHaveLength(4);
    const graphiql = await openPage(context);
    for (const [index, link] of links.entries()) {
      expect(link.href).not.toContain(agencyToken());
      const url = new URL(link.href);
      expect(url.pathname).toBe('/graphiql');
      expect(url.searchParams.get('query')).toMatch(/^query Analysis\w+\(\$filter: \w+Filter\) \{\n {2}\w+Statistics\(groupBy: /);
      expect(JSON.parse(url.searchParams.get('variables')!)).toEqual(JSON.parse(link.variables));
      // Opened there: the first (GraphiQL has no tabs stored yet) and the third (a tab added to the stored ones).
      if (index % 2 === 1) continue;
      await graphiql.page.goto(link.href, { waitUntil: 'domcontentloaded' });
      await graphiql.page.waitForSelector('.graphiql-container .graphiql-execute-button', { timeout: DOM_TIMEOUT_MS });
      const editors = await graphiql.page.evaluate(() => {
        const value = (selector: string) => (document.querySelector(selector) as (Element & { CodeMirror?: { getValue(): string } }) | null)?.CodeMirror?.getValue() ?? null;
        return { query: value('.graphiql-query-editor .CodeMirror'), variables: value('.graphiql-editor-tool .CodeMirror') };
      });
      expect(editors.query).toBe(url.searchParams.get('query'));
      expect(JSON.parse(editors.variables ?? 'null')).toEqual(JSON.parse(link.variables));
    }
    expect(graphiql.pageErrors).toEqual([]);
    await graphiql.page.close();
  });

  test('axe finds no serious or critical accessibility violation (tables open)', async () => {
    await page.$$eval('[data-testid^="table-"]', (tables) => tables.forEach((details) => ((details as HTMLDetailsElement).open = true)));
    expect(await runAxe(page)).toEqual([]);
  });

  test('no CSP violation, no page error, nothing from another host', () => {
    expect(recorded.cspViolations).toEqual([]);
    expect(recorded.pageErrors).toEqual([]);
    expect(foreignRequests(recorded.requests, stack.gatewayUrl)).toEqual([]);
  });
});
