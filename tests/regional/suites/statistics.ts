/**
 * Group-by statistics of the regional subgraph over HTTP (seeded Tianjin), against counts and sums computed
 * from `generateSeedData()` in plain TypeScript: by region, category, status, level and month (the calendar
 * month in Asia/Shanghai, UTC+8), alone and combined, with and without filters.
 */
import type { RegionCode } from '../../../kernel';
import type {
  ConsumerComplaintDocument,
  ContractTemplateDocument,
  EnterpriseDocument,
  ProductRecallDocument,
  RiskAlertDocument,
} from '../../../services/regional/model';
import { REGION_NAMES as R, shanghaiMonth, type SeededSubgraph } from '../../helpers/regionalSubgraph';

let subgraph: SeededSubgraph;

type Dimension = 'REGION' | 'CATEGORY' | 'STATUS' | 'LEVEL' | 'MONTH';
const KEY_FIELDS = { REGION: 'region', CATEGORY: 'category', STATUS: 'status', LEVEL: 'level', MONTH: 'month' } as const;

interface GroupKey {
  region: string | null;
  category: string | null;
  status: string | null;
  level: string | null;
  month: string | null;
}
interface Group {
  key: GroupKey;
  count: number;
  sum: number | null;
  overdue: number | null;
}

/** How the test reads each dimension (and the measures) from a seed document. */
interface StatisticsSpec<D> {
  field: string;
  filterType: string;
  documents: () => readonly D[];
  dimensions: Partial<Record<Dimension, (document: D) => string>>;
  sum?: (document: D) => number;
  overdue?: (document: D, now: number) => boolean;
}

const keyString = (key: GroupKey) => JSON.stringify([key.region, key.category, key.status, key.level, key.month]);

/** Groups the seed documents in plain TypeScript, the expected answer of a statistics field. */
function expectedGroups<D>(spec: StatisticsSpec<D>, groupBy: Dimension[], predicate: (document: D) => boolean, now: number): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const document of spec.documents().filter(predicate)) {
    const key: GroupKey = { region: null, category: null, status: null, level: null, month: null };
    for (const dimension of groupBy) key[KEY_FIELDS[dimension]] = spec.dimensions[dimension]!(document);
    const id = keyString(key);
    const group = groups.get(id) ?? { key, count: 0, sum: spec.sum ? 0 : null, overdue: spec.overdue ? 0 : null };
    group.count += 1;
    if (spec.sum) group.sum = group.sum! + spec.sum(document);
    if (spec.overdue && spec.overdue(document, now)) group.overdue = group.overdue! + 1;
    groups.set(id, group);
  }
  return groups;
}

async function actualGroups(field: string, filterType: string, groupBy: Dimension[], filter?: Record<string, unknown>): Promise<Group[]> {
  const data = await subgraph.ok<Record<string, Group[]>>(
    `query($groupBy: [StatisticsDimension!]!, $filter: ${filterType}) {
      ${field}(groupBy: $groupBy, filter: $filter) { key { region category status level month } count sum overdue }
    }`,
    { groupBy, filter },
  );
  return data[field]!;
}

async function expectStatistics<D>(spec: StatisticsSpec<D>, groupBy: Dimension[], options: { filter?: Record<string, unknown>; predicate?: (document: D) => boolean } = {}): Promise<void> {
  const now = Date.now();
  const actual = await actualGroups(spec.field, spec.filterType, groupBy, options.filter);
  const expected = expectedGroups(spec, groupBy, options.predicate ?? (() => true), now);
  const byKey = new Map(actual.map((group) => [keyString(group.key), group]));
  expect(byKey.size).toBe(actual.length);
  expect([...byKey.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [id, want] of expected) {
    const got = byKey.get(id)!;
    expect({ key: got.key, count: got.count, overdue: got.overdue }).toEqual({ key: want.key, count: want.count, overdue: want.overdue });
    if (want.sum === null) expect(got.sum).toBeNull();
    else expect(got.sum).toBeCloseTo(want.sum, 2);
  }
  const total = [...expected.values()].reduce((sum, group) => sum + group.count, 0);
  expect(actual.reduce((sum, group) => sum + group.count, 0)).toBe(total);
}

const region = (code: RegionCode) => R[code];

const RECALLS: StatisticsSpec<ProductRecallDocument> = {
  field: 'recallStatistics',
  filterType: 'RecallFilter',
  documents: () => subgraph.seed.recalls,
  dimensions: { REGION: (d) => region(d.region), CATEGORY: (d) => d.productCategory, STATUS: (d) => d.status, MONTH: (d) => shanghaiMonth(d.announcedAt) },
  sum: (d) => d.quantityToRecall,
};
const RISK_ALERTS: StatisticsSpec<RiskAlertDocument> = {
  field: 'riskAlertStatistics',
  filterType: 'RiskAlertFilter',
  documents: () => subgraph.seed.riskAlerts,
  dimensions: {
    REGION: (d) => region(d.region),
    CATEGORY: (d) => d.productCategory,
    STATUS: (d) => d.status,
    LEVEL: (d) => d.riskLevel,
    MONTH: (d) => shanghaiMonth(d.issuedAt),
  },
};
const CONTRACT_TEMPLATES: StatisticsSpec<ContractTemplateDocument> = {
  field: 'contractTemplateStatistics',
  filterType: 'ContractTemplateFilter',
  documents: () => subgraph.seed.contractTemplates,
  dimensions: { REGION: (d) => region(d.draftingRegion), CATEGORY: (d) => d.category, STATUS: (d) => d.status, MONTH: (d) => shanghaiMonth(d.createdAt) },
};
const COMPLAINTS: StatisticsSpec<ConsumerComplaintDocument> = {
  field: 'complaintStatistics',
  filterType: 'ComplaintFilter',
  documents: () => subgraph.seed.complaints,
  dimensions: { REGION: (d) => region(d.receivingRegion), CATEGORY: (d) => d.category, STATUS: (d) => d.status, MONTH: (d) => shanghaiMonth(d.receivedAt) },
  sum: (d) => d.amountInDisputeFen / 100,
  overdue: (d, now) =>
    d.status === 'REGISTERED' || d.status === 'TRANSFERRED'
      ? d.acceptDeadline.getTime() < now
      : d.status === 'ACCEPTED' || d.status === 'MEDIATING'
        ? d.mediationDeadline !== null && d.mediationDeadline.getTime() < now
        : false,
};
const ENTERPRISES: StatisticsSpec<EnterpriseDocument> = {
  field: 'enterpriseStatistics',
  filterType: 'EnterpriseFilter',
  documents: () => subgraph.seed.enterprises,
  dimensions: { REGION: (d) => region(d.registrationRegion), CATEGORY: (d) => d.industry, MONTH: (d) => shanghaiMonth(d.establishedAt) },
};

/** Registers these tests against the running subgraph that `current` returns (started by the test file). */
export function statisticsSuite(current: () => SeededSubgraph): void {
  beforeAll(() => {
    subgraph = current();
  });

  describe('recallStatistics', () => {
    it.each<[string, Dimension[]]>([
      ['region', ['REGION']],
      ['category', ['CATEGORY']],
      ['status', ['STATUS']],
      ['month (Shanghai)', ['MONTH']],
      ['category and status', ['CATEGORY', 'STATUS']],
      ['region, category and month', ['REGION', 'CATEGORY', 'MONTH']],
    ])('counts recalls and sums the quantity to recall by %s', async (_name, groupBy) => {
      await expectStatistics(RECALLS, groupBy);
    });

    it('applies the list filter before grouping', async () => {
      const from = '2024-01-01T00:00:00.000Z';
      await expectStatistics(RECALLS, ['CATEGORY'], { filter: { statuses: ['COMPLETED'], announcedFrom: from }, predicate: (d) => d.status === 'COMPLETED' && d.announcedAt.toISOString() >= from });
      await expectStatistics(RECALLS, ['STATUS', 'MONTH'], { filter: { remedies: ['REFUND'] }, predicate: (d) => d.remedy === 'REFUND' });
      expect(await actualGroups('recallStatistics', 'RecallFilter', ['CATEGORY'], { regions: ['BEIJING', 'HEBEI'] })).toEqual([]);
    });

    it('totals the whole region in one REGION group', async () => {
      const [group] = await actualGroups('recallStatistics', 'RecallFilter', ['REGION']);
      expect(group).toEqual({
        key: { region: 'TIANJIN', category: null, status: null, level: null, month: null },
        count: subgraph.seed.recalls.length,
        sum: subgraph.seed.recalls.reduce((sum, d) => sum + d.quantityToRecall, 0),
        overdue: null,
      });
    });
  });

  describe('riskAlertStatistics', () => {
    it.each<[string, Dimension[]]>([
      ['region', ['REGION']],
      ['category', ['CATEGORY']],
      ['status', ['STATUS']],
      ['level', ['LEVEL']],
      ['month (Shanghai)', ['MONTH']],
      ['level and status', ['LEVEL', 'STATUS']],
      ['category, level and month', ['CATEGORY', 'LEVEL', 'MONTH']],
    ])('counts risk alerts by %s', async (_name, groupBy) => {
      await expectStatistics(RISK_ALERTS, groupBy);
    });

    it('applies the list filter before grouping', async () => {
      await expectStatistics(RISK_ALERTS, ['LEVEL'], { filter: { minimumLevel: 'HIGH' }, predicate: (d) => d.riskLevel === 'HIGH' || d.riskLevel === 'SEVERE' });
      await expectStatistics(RISK_ALERTS, ['MONTH'], { filter: { sources: ['SAMPLING'], statuses: ['RESOLVED'] }, predicate: (d) => d.source === 'SAMPLING' && d.status === 'RESOLVED' });
    });
  });

  describe('contractTemplateStatistics', () => {
    it.each<[string, Dimension[]]>([
      ['drafting region', ['REGION']],
      ['category', ['CATEGORY']],
      ['status', ['STATUS']],
      ['month (Shanghai)', ['MONTH']],
      ['category and status', ['CATEGORY', 'STATUS']],
    ])('counts contract templates by %s', async (_name, groupBy) => {
      await expectStatistics(CONTRACT_TEMPLATES, groupBy);
    });

    it('applies the list filter before grouping', async () => {
      await expectStatistics(CONTRACT_TEMPLATES, ['CATEGORY'], { filter: { statuses: ['PUBLISHED'] }, predicate: (d) => d.status === 'PUBLISHED' });
    });
  });

  describe('complaintStatistics', () => {
    it.each<[string, Dimension[]]>([
      ['receiving region', ['REGION']],
      ['category', ['CATEGORY']],
      ['status', ['STATUS']],
      ['month (Shanghai)', ['MONTH']],
      ['category and status', ['CATEGORY', 'STATUS']],
      ['region, status and month', ['REGION', 'STATUS', 'MONTH']],
    ])('counts complaints, sums the amount in dispute and counts overdue ones by %s', async (_name, groupBy) => {
      await expectStatistics(COMPLAINTS, groupBy);
    });

    it('applies the list filter before grouping', async () => {
      await expectStatistics(COMPLAINTS, ['CATEGORY'], { filter: { handlingRegions: ['BEIJING'] }, predicate: (d) => d.handlingRegion === 'BJ' });
      await expectStatistics(COMPLAINTS, ['STATUS'], { filter: { channels: ['HOTLINE_12315'] }, predicate: (d) => d.channel === 'HOTLINE_12315' });
    });
  });

  describe('enterpriseStatistics', () => {
    it('has enterprises established late in the evening of a month’s last day (UTC), so the Shanghai month differs', () => {
      const shifted = subgraph.seed.enterprises.filter((d) => shanghaiMonth(d.establishedAt) !== d.establishedAt.toISOString().slice(0, 7));
      expect(shifted.length).toBeGreaterThan(0);
    });

    it.each<[string, Dimension[]]>([
      ['registration region', ['REGION']],
      ['industry (CATEGORY)', ['CATEGORY']],
      ['month of establishment (Shanghai)', ['MONTH']],
      ['industry and month', ['CATEGORY', 'MONTH']],
    ])('counts enterprises by %s', async (_name, groupBy) => {
      await expectStatistics(ENTERPRISES, groupBy);
    });

    it('applies the list filter before grouping', async () => {
      await expectStatistics(ENTERPRISES, ['MONTH'], { filter: { text: '有限公司' }, predicate: (d) => d.name.includes('有限公司') || d.address.includes('有限公司') });
    });
  });

  describe('dimensions an entity does not have', () => {
    it.each([
      ['recallStatistics', 'LEVEL'],
      ['contractTemplateStatistics', 'LEVEL'],
      ['complaintStatistics', 'LEVEL'],
      ['enterpriseStatistics', 'STATUS'],
      ['enterpriseStatistics', 'LEVEL'],
    ])('%s refuses groupBy %s with BAD_USER_INPUT on groupBy, failing that field alone', async (field, dimension) => {
      const result = await subgraph.post(`{ ${field}(groupBy: [${dimension}]) { count } }`);
      expect(result.data).toEqual({ [field]: null });
      expect(result.errors?.[0]).toMatchObject({ path: [field], locations: [{ line: 1, column: 3 }] });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'groupBy' });
      expect(result.errors?.[0]?.extensions).not.toHaveProperty('stacktrace');
    });
  });
}
