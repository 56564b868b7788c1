/**
 * Analyst statistics through the gateway over the three seeded regions (read-only; registered by
 * federation.test.ts on its stack): every group's key, count, exact measures (counts, integer sums, min, max,
 * means), exact day histograms and percentiles of durations, and amount percentiles within 1 %, against a
 * recomputation with plain loops over `generateSeedData()` — never through the service's code. Each dimension alone,
 * and REGION×MONTH, HANDLING_REGION×CATEGORY, LEVEL×QUARTER.
 */
import { generateSeedData, type SeedData } from '../../../seeds/generate';
import type { SharedStack } from '../../helpers/sharedStack';

type Doc = Record<string, any>;
const REGION_NAME: Record<string, string> = { BJ: 'BEIJING', TJ: 'TIANJIN', HE: 'HEBEI' };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/* ---------- time buckets, written out here (Asia/Shanghai is UTC+8, no daylight saving) ---------- */
const shanghai = (date: Date) => new Date(date.getTime() + 8 * HOUR);
const dayOf = (date: Date) => shanghai(date).toISOString().slice(0, 10);
const monthOf = (date: Date) => dayOf(date).slice(0, 7);
const yearOf = (date: Date) => dayOf(date).slice(0, 4);
const quarterOf = (date: Date) => `${yearOf(date)}-Q${Math.floor(shanghai(date).getUTCMonth() / 3) + 1}`;
function isoWeekOf(date: Date): string {
  const day = Date.parse(`${dayOf(date)}T00:00:00Z`);
  const mondayBased = (new Date(day).getUTCDay() + 6) % 7;
  const thursday = new Date(day + (3 - mondayBased) * DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
const timeDimensions = (date: (d: Doc) => Date) => ({
  DAY: (d: Doc) => dayOf(date(d)),
  WEEK: (d: Doc) => isoWeekOf(date(d)),
  MONTH: (d: Doc) => monthOf(date(d)),
  QUARTER: (d: Doc) => quarterOf(date(d)),
  YEAR: (d: Doc) => yearOf(date(d)),
});

const KEY_FIELD: Record<string, string> = {
  REGION: 'region', RECEIVING_REGION: 'receivingRegion', HANDLING_REGION: 'handlingRegion', CATEGORY: 'category', STATUS: 'status', LEVEL: 'level',
  SOURCE: 'source', REMEDY: 'remedy', ENTERPRISE: 'enterprise', DAY: 'day', WEEK: 'week', MONTH: 'month', QUARTER: 'quarter', YEAR: 'year',
};

interface Spec {
  field: string;
  entity: keyof SeedData['BJ'];
  dimensions: Record<string, (d: Doc) => string>;
}

const COMPLAINTS: Spec = {
  field: 'complaintStatistics',
  entity: 'complaints',
  dimensions: {
    REGION: (d) => REGION_NAME[d.receivingRegion]!,
    RECEIVING_REGION: (d) => REGION_NAME[d.receivingRegion]!,
    HANDLING_REGION: (d) => REGION_NAME[d.handlingRegion]!,
    CATEGORY: (d) => d.category,
    STATUS: (d) => d.status,
    SOURCE: (d) => d.channel,
    ENTERPRISE: (d) => d.business.creditCode,
    ...timeDimensions((d) => d.receivedAt),
  },
};
const RECALLS: Spec = {
  field: 'recallStatistics',
  entity: 'recalls',
  dimensions: {
    REGION: (d) => REGION_NAME[d.region]!,
    CATEGORY: (d) => d.productCategory,
    STATUS: (d) => d.status,
    REMEDY: (d) => d.remedy,
    ENTERPRISE: (d) => d.manufacturer.creditCode,
    ...timeDimensions((d) => d.announcedAt),
  },
};
const RISK_ALERTS: Spec = {
  field: 'riskAlertStatistics',
  entity: 'riskAlerts',
  dimensions: {
    REGION: (d) => REGION_NAME[d.region]!,
    CATEGORY: (d) => d.productCategory,
    STATUS: (d) => d.status,
    LEVEL: (d) => d.riskLevel,
    SOURCE: (d) => d.source,
    ...timeDimensions((d) => d.issuedAt),
  },
};

/* ---------- measures, written out here ---------- */
const STAGES = ['receiptToAcceptance', 'acceptanceToClosure', 'receiptToFeedback'] as const;
/** Nearest rank: the value of rank ⌈q·n⌉ of the ascending values. */
const nearestRank = (sorted: number[], q: number) => (sorted.length === 0 ? null : sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!);
const money = (fen: number) => `${fen < 0 ? '-' : ''}${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;
/** Calendar days between the Shanghai days of two instants. */
const calendarDays = (from: Date, to: Date) => Math.round((Date.parse(`${dayOf(to)}T00:00:00Z`) - Date.parse(`${dayOf(from)}T00:00:00Z`)) / DAY);

function dayMeasures(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const histogram = new Map<number, number>();
  for (const value of sorted) histogram.set(value, (histogram.get(value) ?? 0) + 1);
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    count: sorted.length,
    sum,
    min: sorted[0] ?? null,
    max: sorted[sorted.length - 1] ?? null,
    mean: sorted.length ? sum / sorted.length : null,
    median: nearestRank(sorted, 0.5),
    p90: nearestRank(sorted, 0.9),
    histogram: [...histogram].map(([days, count]) => ({ days, count })),
  };
}

const MEASURES: Record<string, string> = {
  complaintStatistics: `count overdue
    overdueByStage { acceptance mediation decidedLate closedLate }
    amount { count sum min max mean median p90 }
    durations { ${STAGES.map((stage) => `${stage} { calendarDays { ...days } workingDays { ...days } }`).join(' ')} }`,
  recallStatistics: 'count quantity { count sum min max mean median p90 }',
  riskAlertStatistics: 'count',
};
/** Dimensions with hundreds of groups: a lighter selection keeps the query under the gateway's cost limit. */
const MANY_GROUPS = new Set(['DAY', 'WEEK', 'ENTERPRISE']);
const LIGHT_MEASURES: Record<string, string> = {
  complaintStatistics: 'count amount { count sum min max mean }',
  recallStatistics: 'count quantity { count sum min max }',
  riskAlertStatistics: 'count',
};
const FRAGMENTS: Record<string, string> = {
  complaintStatistics: 'fragment days on DayMeasures { count sum min max mean median p90 histogram { days count } }',
};

/** One group's expectations, computed from its seed documents. */
function expectGroup(spec: Spec, documents: Doc[], got: Doc, now: number, full: boolean): void {
  expect(got.count).toBe(documents.length);
  if (spec.entity === 'recalls') {
    const quantities = documents.map((d) => d.quantityToRecall as number).sort((a, b) => a - b);
    const sum = quantities.reduce((total, value) => total + value, 0);
    expect(got.quantity).toMatchObject({ count: quantities.length, sum, min: quantities[0], max: quantities[quantities.length - 1] });
    if (!full) return;
    expect(got.quantity.mean).toBeCloseTo(sum / quantities.length, 9);
    for (const [q, field] of [[0.5, 'median'], [0.9, 'p90']] as const) {
      const exact = nearestRank(quantities, q)!;
      expect(Math.abs(got.quantity[field] - exact)).toBeLessThanOrEqual(0.01 * exact);
    }
  }
  if (spec.entity === 'complaints') {
    const amounts = documents.map((d) => d.amountInDisputeFen as number).sort((a, b) => a - b);
    let sum = 0;
    for (const amount of amounts) sum += amount;
    expect(got.amount).toMatchObject({ count: amounts.length, sum: money(sum), min: money(amounts[0]!), max: money(amounts[amounts.length - 1]!), mean: money(Math.round(sum / amounts.length)) });
    if (!full) return;
    for (const [q, field] of [[0.5, 'median'], [0.9, 'p90']] as const) {
      const exact = nearestRank(amounts, q)!;
      const [yuan, fen] = (got.amount[field] as string).split('.');
      expect(Math.abs(Number(yuan) * 100 + Number(fen) - exact)).toBeLessThanOrEqual(0.01 * exact);
    }
    const overdue = { acceptance: 0, mediation: 0, decidedLate: 0, closedLate: 0 };
    for (const d of documents) {
      if ((d.status === 'REGISTERED' || d.status === 'TRANSFERRED') && d.acceptDeadline.getTime() < now) overdue.acceptance++;
      if ((d.status === 'ACCEPTED' || d.status === 'MEDIATING') && d.mediationDeadline && d.mediationDeadline.getTime() < now) overdue.mediation++;
      if ((d.durations?.receiptToAcceptance?.workingDays ?? 0) > 7) overdue.decidedLate++;
      if ((d.durations?.acceptanceToClosure?.workingDays ?? 0) > 45) overdue.closedLate++;
    }
    expect(got.overdueByStage).toEqual(overdue);
    expect(got.overdue).toBe(overdue.acceptance + overdue.mediation);
    // Stage ends from the timeline (first entry of the status), calendar days counted here; working days as stored.
    const first = (d: Doc, ...statuses: string[]) => d.timeline.find((entry: Doc) => statuses.includes(entry.status))?.at as Date | undefined;
    const ends: Record<(typeof STAGES)[number], (d: Doc) => [Date, Date] | null> = {
      receiptToAcceptance: (d) => (first(d, 'ACCEPTED', 'REJECTED') ? [d.receivedAt, first(d, 'ACCEPTED', 'REJECTED')!] : null),
      acceptanceToClosure: (d) => (first(d, 'ACCEPTED') && first(d, 'RESOLVED', 'TERMINATED') ? [first(d, 'ACCEPTED')!, first(d, 'RESOLVED', 'TERMINATED')!] : null),
      receiptToFeedback: (d) => (first(d, 'FEEDBACK_GIVEN') ? [d.receivedAt, first(d, 'FEEDBACK_GIVEN')!] : null),
    };
    for (const stage of STAGES) {
      const finished = documents.filter((d) => ends[stage](d) !== null);
      const calendar = dayMeasures(finished.map((d) => calendarDays(...ends[stage](d)!)));
      const working = dayMeasures(finished.map((d) => d.durations[stage].workingDays as number));
      expect({ ...got.durations[stage].calendarDays, mean: null }).toEqual({ ...calendar, mean: null });
      expect({ ...got.durations[stage].workingDays, mean: null }).toEqual({ ...working, mean: null });
      if (calendar.mean === null) expect(got.durations[stage].calendarDays.mean).toBeNull();
      else expect(got.durations[stage].calendarDays.mean).toBeCloseTo(calendar.mean, 9);
      if (working.mean === null) expect(got.durations[stage].workingDays.mean).toBeNull();
      else expect(got.durations[stage].workingDays.mean).toBeCloseTo(working.mean, 9);
    }
  }
}

/** Registers the suite against the stack `current` returns (started, seeded and stopped by the test file). */
export function analystStatisticsSuite(current: () => SharedStack): void {
  const seed = generateSeedData();
  const all = (entity: Spec['entity']) => (['BJ', 'TJ', 'HE'] as const).flatMap((region) => seed[region][entity] as Doc[]);

  async function check(spec: Spec, groupBy: string[]): Promise<void> {
    const stack = current();
    const now = Date.now();
    const keyFields = groupBy.map((dimension) => KEY_FIELD[dimension]).join(' ');
    const full = !groupBy.some((dimension) => MANY_GROUPS.has(dimension));
    const query = full
      ? `query($groupBy: [StatisticsDimension!]!) { ${spec.field}(groupBy: $groupBy) { key { ${keyFields} } ${MEASURES[spec.field]} } } ${FRAGMENTS[spec.field] ?? ''}`
      : `query($groupBy: [StatisticsDimension!]!) { ${spec.field}(groupBy: $groupBy) { key { ${keyFields} } ${LIGHT_MEASURES[spec.field]} } }`;
    const result = await stack.query(stack.tokens.BJ, query, { groupBy });
    expect(result.errors ?? []).toEqual([]);
    const groups = result.data![spec.field] as Doc[];
    const expected = new Map<string, Doc[]>();
    for (const document of all(spec.entity)) {
      const id = JSON.stringify(groupBy.map((dimension) => spec.dimensions[dimension]!(document)));
      expected.set(id, [...(expected.get(id) ?? []), document]);
    }
    const gotIds = groups.map((group) => JSON.stringify(groupBy.map((dimension) => group.key[KEY_FIELD[dimension]!])));
    expect([...gotIds].sort()).toEqual([...expected.keys()].sort());
    expect(new Set(gotIds).size).toBe(gotIds.length);
    groups.forEach((group, index) => expectGroup(spec, expected.get(gotIds[index]!)!, group, now, full));
  }

  const alone = (spec: Spec) => Object.keys(spec.dimensions).map((dimension) => [spec.field, dimension] as const);
  describe.each([COMPLAINTS, RECALLS, RISK_ALERTS].map((spec) => [spec.field, spec] as const))('%s', (_name, spec) => {
    it.each(alone(spec).map(([, dimension]) => [dimension]))('by %s alone', async (dimension) => {
      await check(spec, [dimension]);
    });
  });

  it('complaints by REGION × MONTH', () => check(COMPLAINTS, ['REGION', 'MONTH']));
  it('complaints by HANDLING_REGION × CATEGORY: Beijing’s received complaints that Tianjin handles count for Tianjin', async () => {
    const transferred = all('complaints').filter((d) => d.receivingRegion !== d.handlingRegion);
    expect(transferred.length).toBeGreaterThan(0);
    await check(COMPLAINTS, ['HANDLING_REGION', 'CATEGORY']);
  });
  it('risk alerts by LEVEL × QUARTER', () => check(RISK_ALERTS, ['LEVEL', 'QUARTER']));
  it('recalls by REGION × REMEDY × YEAR', () => check(RECALLS, ['REGION', 'REMEDY', 'YEAR']));

  it('the seed spans ISO weeks whose year differs from the calendar year, or the WEEK test proves less', () => {
    const dates = all('complaints').map((d) => d.receivedAt as Date);
    expect(dates.some((date) => isoWeekOf(date).slice(0, 4) !== yearOf(date))).toBe(true);
  });

  it('a client never sees the merge state: _state is not in the API', async () => {
    const stack = current();
    const result = await stack.query(stack.tokens.BJ, '{ complaintStatistics(groupBy: [REGION]) { _state } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
}
