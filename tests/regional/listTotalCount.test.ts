/**
 * A list's totalCount at scale (issue 22): through the regional subgraph over HTTP (real driver, embedded engine,
 * Tianjin's seed data), the filter shapes the lists send are counted from index ranges — the engine's serverStatus
 * `metrics.count` shows no count by scan for them — and the numbers equal the seed documents the filter selects,
 * computed here in plain TypeScript. A text filter, which no index answers, is counted by the scan, also exactly.
 */
import { MongoClient } from 'mongodb';
import type { ConsumerComplaintDocument, ProductRecallDocument, RiskAlertDocument } from '../../services/regional/model';
import { startSeededSubgraph, type SeededSubgraph } from '../helpers/regionalSubgraph';

jest.setTimeout(120_000);

let subgraph: SeededSubgraph;
let probe: MongoClient;

beforeAll(async () => {
  subgraph = await startSeededSubgraph('TJ');
  probe = await MongoClient.connect(subgraph.engine.uri);
});

afterAll(async () => {
  await probe?.close();
  await subgraph?.stop();
});

async function countSources(): Promise<{ indexRanges: number; scans: number }> {
  const status = await probe.db('admin').command({ serverStatus: 1 });
  return status.metrics.count;
}

async function totalCount(list: string, filterType: string, filter: Record<string, unknown>): Promise<number> {
  const data = await subgraph.ok<Record<string, { totalCount: number }>>(`query($filter: ${filterType}) { ${list}(first: 3, filter: $filter) { totalCount } }`, { filter });
  return data[list]!.totalCount;
}

function mostCommon<D>(documents: readonly D[], key: (document: D) => string, rank = 1): string {
  const counts = new Map<string, number>();
  for (const document of documents) counts.set(key(document), (counts.get(key(document)) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[rank - 1]![0];
}

const within = (date: Date, from?: string, to?: string) => (!from || date.getTime() >= Date.parse(from)) && (!to || date.getTime() <= Date.parse(to));

interface Case<D> {
  name: string;
  filter: Record<string, unknown>;
  predicate: (document: D) => boolean;
}

async function expectCountedFromIndexes<D>(list: string, filterType: string, documents: readonly D[], cases: Case<D>[]): Promise<void> {
  for (const { name, filter, predicate } of cases) {
    const before = await countSources();
    const actual = await totalCount(list, filterType, filter);
    const after = await countSources();
    const expected = documents.filter(predicate).length;
    expect({ name, totalCount: actual, scans: after.scans - before.scans }).toEqual({ name, totalCount: expected, scans: 0 });
  }
}

describe('totalCount from index ranges', () => {
  it('recalls: no filter, region-only, status, category, date range and their combinations', async () => {
    const recalls = subgraph.seed.recalls;
    const category = mostCommon(recalls, (d) => d.productCategory);
    const second = mostCommon(recalls, (d) => d.productCategory, 2);
    const from = '2024-03-01T00:00:00.000Z';
    const to = '2025-06-30T23:59:59.999Z';
    const cases: Case<ProductRecallDocument>[] = [
      { name: 'no filter', filter: {}, predicate: () => true },
      { name: 'region-only, this region', filter: { regions: ['TIANJIN'] }, predicate: () => true },
      { name: 'region-only, another region', filter: { regions: ['BEIJING'] }, predicate: () => false },
      { name: 'status', filter: { statuses: ['IN_PROGRESS'] }, predicate: (d) => d.status === 'IN_PROGRESS' },
      { name: 'statuses', filter: { statuses: ['COMPLETED', 'CANCELLED'] }, predicate: (d) => d.status === 'COMPLETED' || d.status === 'CANCELLED' },
      { name: 'categories', filter: { categories: [category, second] }, predicate: (d) => d.productCategory === category || d.productCategory === second },
      { name: 'date range', filter: { announcedFrom: from, announcedTo: to }, predicate: (d) => within(d.announcedAt, from, to) },
      { name: 'open date range', filter: { announcedFrom: from }, predicate: (d) => within(d.announcedAt, from) },
      {
        name: 'category + statuses + date range',
        filter: { categories: [category], statuses: ['COMPLETED', 'IN_PROGRESS'], announcedFrom: from, announcedTo: to },
        predicate: (d) => d.productCategory === category && ['COMPLETED', 'IN_PROGRESS'].includes(d.status) && within(d.announcedAt, from, to),
      },
      { name: 'status + date range', filter: { statuses: ['IN_PROGRESS'], announcedTo: to }, predicate: (d) => d.status === 'IN_PROGRESS' && within(d.announcedAt, undefined, to) },
      { name: 'category + date range', filter: { categories: [category], announcedFrom: from }, predicate: (d) => d.productCategory === category && within(d.announcedAt, from) },
    ];
    await expectCountedFromIndexes('recalls', 'RecallFilter', recalls, cases);
  });

  it('risk alerts: levels, minimum level, level + date range', async () => {
    const alerts = subgraph.seed.riskAlerts;
    const from = '2024-06-01T00:00:00.000Z';
    const cases: Case<RiskAlertDocument>[] = [
      { name: 'levels', filter: { levels: ['LOW', 'SEVERE'] }, predicate: (d) => d.riskLevel === 'LOW' || d.riskLevel === 'SEVERE' },
      { name: 'minimum level', filter: { minimumLevel: 'HIGH' }, predicate: (d) => d.riskLevel === 'HIGH' || d.riskLevel === 'SEVERE' },
      { name: 'level + date range', filter: { levels: ['MEDIUM'], issuedFrom: from }, predicate: (d) => d.riskLevel === 'MEDIUM' && within(d.issuedAt, from) },
      { name: 'statuses', filter: { statuses: ['OPEN', 'ESCALATED'] }, predicate: (d) => d.status === 'OPEN' || d.status === 'ESCALATED' },
    ];
    await expectCountedFromIndexes('riskAlerts', 'RiskAlertFilter', alerts, cases);
  });

  it('complaints: handling region + status + date range', async () => {
    const complaints = subgraph.seed.complaints;
    const status = mostCommon(complaints, (d) => d.status);
    const from = '2024-01-01T00:00:00.000Z';
    const cases: Case<ConsumerComplaintDocument>[] = [
      { name: 'handling region + status + date range', filter: { handlingRegions: ['TIANJIN'], statuses: [status], receivedFrom: from }, predicate: (d) => d.handlingRegion === 'TJ' && d.status === status && within(d.receivedAt, from) },
      { name: 'category', filter: { categories: [mostCommon(complaints, (d) => d.category)] }, predicate: (d) => d.category === mostCommon(complaints, (c) => c.category) },
    ];
    await expectCountedFromIndexes('complaints', 'ComplaintFilter', complaints, cases);
  });

  it('counts a text search, which no index answers, by the scan, with the same exactness', async () => {
    const recalls = subgraph.seed.recalls;
    const word = recalls[0]!.brand.slice(0, 1);
    const before = await countSources();
    const actual = await totalCount('recalls', 'RecallFilter', { text: word });
    const after = await countSources();
    const expected = recalls.filter((d) => [d.productName, d.brand, d.defect, d.hazard].some((text) => text.toLowerCase().includes(word.toLowerCase()))).length;
    expect(actual).toBe(expected);
    expect(after.scans - before.scans).toBeGreaterThanOrEqual(1);
  });
});
