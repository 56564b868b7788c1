/**
 * The gateway end to end over the real system on loopback (engine, three regional subgraph processes, gateway):
 * merged and paged lists, cross-region references, an enterprise's records from every region, merged statistics,
 * by-ID routing and the committed schema. Every expected value is computed from the seed data in plain TypeScript,
 * never from the gateway's own output.
 */
import { ALL_REGION_CODES, encodeCursor, regionNameOf, shanghaiMonthKey, type RegionCode } from '../../kernel';
import { DEVELOPMENT_AGENCIES } from '../../platform/agencies';
import { composeSupergraph, staleSchemaFiles } from '../../scripts/compose';
import { generateSeedData, type SeedData } from '../../seeds/generate';
import { sharedStack, type SharedStack } from '../helpers/sharedStack';
import type { GraphQLResult } from '../helpers/stack';
import { analystStatisticsSuite } from './suites/analystStatistics';

jest.setTimeout(120_000);

let stack: SharedStack;
const seed: SeedData = generateSeedData();

beforeAll(async () => {
  // The analyst statistics suite asks for every measure at once; on a loaded 2-core machine the embedded engine may
  // need more than the default 3 s a region for it, so the wait is made explicit here (no assertion depends on it;
  // the shared regions allow a database command 30 s). Read-only: the worker's shared seeded regions.
  stack = await sharedStack({ gateway: { regionTimeoutMs: 30_000 } });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

/* ---------- expectations from the seed ---------- */

const all = <K extends keyof SeedData['BJ']>(entity: K, regions: readonly RegionCode[] = ALL_REGION_CODES): SeedData['BJ'][K] =>
  regions.flatMap((region) => seed[region][entity] as unknown[]) as SeedData['BJ'][K];

type SortValue = string | number;
/** Sorts like the API: by the sort value, ties broken by ID, both in `direction` (dates compare as ISO strings). */
function sortedIds<T extends { _id: string }>(records: readonly T[], sortValue: (record: T) => SortValue, direction: 1 | -1): string[] {
  const compare = (a: SortValue, b: SortValue) => (a < b ? -1 : a > b ? 1 : 0);
  return [...records].sort((a, b) => (compare(sortValue(a), sortValue(b)) || compare(a._id, b._id)) * direction).map((record) => record._id);
}

const iso = (date: Date) => date.toISOString();
const regionName = (region: RegionCode) => regionNameOf(region);

function data<T = Record<string, any>>(result: GraphQLResult<T>): T {
  expect(result.errors ?? []).toEqual([]);
  expect(result.status).toBe(200);
  return result.data as T;
}

const byId = <T extends { _id: string }>(records: readonly T[]) => new Map(records.map((record) => [record._id, record]));
const recallById = byId(all('recalls'));
const alertById = byId(all('riskAlerts'));
const enterpriseById = byId(all('enterprises'));

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: Array<{ node: Record<string, any> }>;
}

/** Follows endCursor through a list field of the gateway until hasNextPage is false; the query takes $first and $after. */
async function pageThrough(field: string, query: string, variables: Record<string, unknown>, first: number): Promise<{ nodes: Array<Record<string, any>>; pages: Page[] }> {
  const nodes: Array<Record<string, any>> = [];
  const pages: Page[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 500; guard++) {
    const page: Page = data(await stack.query(stack.tokens.BJ, query, { ...variables, first, after }))[field];
    pages.push(page);
    nodes.push(...page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasNextPage) break;
    expect(page.edges).toHaveLength(first);
    after = page.pageInfo.endCursor;
  }
  return { nodes, pages };
}

/* ---------- merged lists ---------- */

describe('merged lists: one page over three regions', () => {
  const ebikes = all('recalls').filter((recall) => recall.productCategory === 'ELECTRIC_BICYCLE');
  const ebikeOrder = sortedIds(ebikes, (recall) => iso(recall.announcedAt), -1);

  test('the seed has e-bike recalls in every region (or these tests prove little)', () => {
    for (const region of ALL_REGION_CODES) expect(seed[region].recalls.filter((recall) => recall.productCategory === 'ELECTRIC_BICYCLE').length).toBeGreaterThan(10);
  });

  test('recalls(filter: {categories: [ELECTRIC_BICYCLE]}, first: 10) is the union of the regions sorted by announcedAt desc, id desc', async () => {
    const result = data(
      await stack.query(
        stack.tokens.BJ,
        `{ recalls(filter: { categories: [ELECTRIC_BICYCLE] }, first: 10) {
             totalCount
             pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
             edges { cursor node { id region announcedAt productName manufacturerCreditCode } } } }`,
      ),
    );
    const expected = ebikeOrder.slice(0, 10).map((id) => recallById.get(id)!);
    expect(result.recalls.totalCount).toBe(ebikes.length);
    expect(result.recalls.edges).toEqual(
      expected.map((recall) => ({
        cursor: encodeCursor(recall.announcedAt, recall._id),
        node: {
          id: recall._id,
          region: regionName(recall.region),
          announcedAt: iso(recall.announcedAt),
          productName: recall.productName,
          manufacturerCreditCode: recall.manufacturer.creditCode,
        },
      })),
    );
    expect(result.recalls.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: encodeCursor(expected[0]!.announcedAt, expected[0]!._id),
      endCursor: encodeCursor(expected[9]!.announcedAt, expected[9]!._id),
    });
    // More than one region made the first page.
    expect(new Set(expected.map((recall) => recall.region)).size).toBeGreaterThan(1);
  });

  test('keyset paging with first: 7 visits every e-bike recall once, in order, with the summed totalCount on every page', async () => {
    // The client selects neither cursors nor announcedAt: the router needs the sort key anyway.
    const { nodes, pages } = await pageThrough(
      'recalls',
      `query ($first: Int, $after: String) { recalls(filter: { categories: [ELECTRIC_BICYCLE] }, first: $first, after: $after) {
         totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { id } } } }`,
      {},
      7,
    );
    expect(nodes.map((node) => node.id)).toEqual(ebikeOrder);
    expect(pages).toHaveLength(Math.ceil(ebikes.length / 7));
    for (const [index, page] of pages.entries()) {
      expect(page.totalCount).toBe(ebikes.length);
      expect(page.pageInfo.hasPreviousPage).toBe(index > 0);
      expect(page.pageInfo.hasNextPage).toBe(index < pages.length - 1);
    }
  });

  test('ascending order by a numeric field (quantityToRecall, with ties across regions) pages through all 1,200 recalls', async () => {
    const recalls = all('recalls');
    const quantities = recalls.map((recall) => recall.quantityToRecall);
    expect(new Set(quantities).size).toBeLessThan(quantities.length); // the seed has ties to break
    const { nodes } = await pageThrough(
      'recalls',
      `query ($first: Int, $after: String) { recalls(orderBy: { field: QUANTITY_TO_RECALL, direction: ASC }, first: $first, after: $after) {
         totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { id quantityToRecall } } } }`,
      {},
      100,
    );
    const expected = sortedIds(recalls, (recall) => recall.quantityToRecall, 1);
    expect(nodes.map((node) => node.id)).toEqual(expected);
    expect(nodes.map((node) => node.quantityToRecall)).toEqual(expected.map((id) => recallById.get(id)!.quantityToRecall));
  });

  test('risk alerts by RISK_LEVEL desc (four values, thousands of ties broken by ID) page through in order', async () => {
    const alerts = all('riskAlerts').filter((alert) => ['ELECTRIC_BICYCLE', 'TOYS', 'GAS_APPLIANCES'].includes(alert.productCategory));
    const { nodes, pages } = await pageThrough(
      'riskAlerts',
      `query ($first: Int, $after: String, $filter: RiskAlertFilter) { riskAlerts(orderBy: { field: RISK_LEVEL }, filter: $filter, first: $first, after: $after) {
         totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { id riskLevel } } } }`,
      { filter: { categories: ['ELECTRIC_BICYCLE', 'TOYS', 'GAS_APPLIANCES'] } },
      13,
    );
    const expected = sortedIds(alerts, (alert) => alert.riskLevelRank, -1);
    expect(nodes.map((node) => node.id)).toEqual(expected);
    expect(nodes.map((node) => node.riskLevel)).toEqual(expected.map((id) => alertById.get(id)!.riskLevel));
    expect(pages[0]!.totalCount).toBe(alerts.length);
  });

  test('complaints by AMOUNT_IN_DISPUTE asc (many equal amounts) and by ID desc', async () => {
    const complaints = all('complaints');
    const byAmount = await pageThrough(
      'complaints',
      `query ($first: Int, $after: String) { complaints(orderBy: { field: AMOUNT_IN_DISPUTE, direction: ASC }, first: $first, after: $after) {
         totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { id amountInDispute } } } }`,
      {},
      100,
    );
    expect(byAmount.nodes.map((node) => node.id)).toEqual(sortedIds(complaints, (complaint) => complaint.amountInDisputeFen, 1));
    const first50 = data(await stack.query(stack.tokens.TJ, '{ complaints(orderBy: { field: ID, direction: DESC }, first: 50) { edges { node { id } } } }'));
    expect(first50.complaints.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual(sortedIds(complaints, (complaint) => complaint._id, -1).slice(0, 50));
  });

  test('enterprises by credit code ascending, and by establishment date (the default, descending)', async () => {
    const enterprises = all('enterprises');
    const byCode = await pageThrough(
      'enterprises',
      `query ($first: Int, $after: String) { enterprises(orderBy: { field: CREDIT_CODE, direction: ASC }, first: $first, after: $after) {
         totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { creditCode } } } }`,
      {},
      64,
    );
    expect(byCode.nodes.map((node) => node.creditCode)).toEqual(sortedIds(enterprises, (enterprise) => enterprise._id, 1));
    const newest = data(await stack.query(stack.tokens.HE, '{ enterprises(first: 25) { totalCount edges { node { creditCode name establishedAt } } } }'));
    expect(newest.enterprises.totalCount).toBe(enterprises.length);
    expect(newest.enterprises.edges.map((edge: { node: { creditCode: string } }) => edge.node.creditCode)).toEqual(
      sortedIds(enterprises, (enterprise) => iso(enterprise.establishedAt), -1).slice(0, 25),
    );
  });

  test('filter.regions restricts the answer to those regions (and totalCount to their records)', async () => {
    const regions: RegionCode[] = ['TJ', 'HE'];
    const expectedRecords = all('recalls', regions).filter((recall) => recall.productCategory === 'ELECTRIC_BICYCLE');
    const result = data(
      await stack.query(stack.tokens.BJ, 'query ($filter: RecallFilter) { recalls(filter: $filter, first: 100) { totalCount edges { node { id region } } } }', {
        filter: { regions: ['TIANJIN', 'HEBEI'], categories: ['ELECTRIC_BICYCLE'] },
      }),
    );
    expect(result.recalls.totalCount).toBe(expectedRecords.length);
    expect(result.recalls.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual(sortedIds(expectedRecords, (recall) => iso(recall.announcedAt), -1));
    expect(new Set(result.recalls.edges.map((edge: { node: { region: string } }) => edge.node.region))).toEqual(new Set(['TIANJIN', 'HEBEI']));

    const beijingOnly = data(await stack.query(stack.tokens.TJ, '{ riskAlerts(filter: { regions: [BEIJING] }, first: 5) { totalCount edges { node { id } } } }'));
    expect(beijingOnly.riskAlerts.totalCount).toBe(seed.BJ.riskAlerts.length);
    expect(beijingOnly.riskAlerts.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual(sortedIds(seed.BJ.riskAlerts, (alert) => iso(alert.issuedAt), -1).slice(0, 5));
  });

  test('an empty regions filter is an empty page, not an error', async () => {
    const result = await stack.query(stack.tokens.BJ, '{ recalls(filter: { regions: [] }, first: 5) { __typename totalCount edges { node { id } } pageInfo { hasNextPage } } }');
    expect(result.errors ?? []).toEqual([]);
    expect(result.data).toEqual({ recalls: { __typename: 'ProductRecallConnection', totalCount: 0, edges: [], pageInfo: { hasNextPage: false } } });
  });

  test('the merged page follows the client’s aliases and fragments', async () => {
    const result = data(
      await stack.query(
        stack.tokens.HE,
        `query { page: recalls(filter: { regions: [BEIJING, HEBEI] }, first: 4) { items: edges { node { ...Recall } } info: pageInfo { more: hasNextPage } total: totalCount } }
         fragment Recall on ProductRecall { key: id brand }`,
      ),
    );
    const records = all('recalls', ['BJ', 'HE']);
    const expected = sortedIds(records, (recall) => iso(recall.announcedAt), -1).slice(0, 4).map((id) => recallById.get(id)!);
    expect(result).toEqual({
      page: { items: expected.map((recall) => ({ node: { key: recall._id, brand: recall.brand } })), info: { more: true }, total: records.length },
    });
  });
});

/* ---------- cross-region references ---------- */

describe('cross-region references resolve from the owning region with the requested fields', () => {
  const alertFields = (id: string) => {
    const alert = alertById.get(id);
    return alert ? { id: alert._id, region: regionName(alert.region), title: alert.title } : null;
  };

  test('a Hebei recall’s Tianjin risk alert: riskAlerts { id region title }', async () => {
    const recall = seed.HE.recalls.find((candidate) => candidate.riskAlertIds.some((id) => id.startsWith('TJ-')))!;
    expect(recall).toBeDefined();
    const result = data(await stack.query(stack.tokens.BJ, 'query ($id: ID!) { recall(id: $id) { id region riskAlerts { id region title } } }', { id: recall._id }));
    expect(result.recall).toEqual({ id: recall._id, region: 'HEBEI', riskAlerts: recall.riskAlertIds.map(alertFields) });
    expect(result.recall.riskAlerts.some((alert: { region: string }) => alert.region === 'TIANJIN')).toBe(true);
  });

  test('a page of Hebei recalls, each with its alerts from whichever regions issued them', async () => {
    const result = data(
      await stack.query(stack.tokens.TJ, '{ recalls(filter: { regions: [HEBEI] }, first: 60) { edges { node { id riskAlerts { id region title } } } } }'),
    );
    const expectedIds = sortedIds(seed.HE.recalls, (recall) => iso(recall.announcedAt), -1).slice(0, 60);
    expect(result.recalls.edges.map((edge: { node: unknown }) => edge.node)).toEqual(
      expectedIds.map((id) => ({ id, riskAlerts: recallById.get(id)!.riskAlertIds.map(alertFields) })),
    );
    const foreignRegions = new Set(expectedIds.flatMap((id) => recallById.get(id)!.riskAlertIds.filter((alertId) => !alertId.startsWith('HE-')).map((alertId) => alertId.slice(0, 2))));
    expect(foreignRegions.size).toBeGreaterThan(0);
  });

  test('a Tianjin risk alert’s relatedRecalls from other regions, and its enterprises', async () => {
    const alert = seed.TJ.riskAlerts.find((candidate) => candidate.relatedRecallIds.some((id) => !id.startsWith('TJ-')) && candidate.enterpriseCreditCodes.length > 0)!;
    expect(alert).toBeDefined();
    const result = data(
      await stack.query(
        stack.tokens.HE,
        'query ($id: ID!) { riskAlert(id: $id) { id relatedRecalls { id region productName manufacturerCreditCode } enterprises { creditCode name registrationRegion } } }',
        { id: alert._id },
      ),
    );
    expect(result.riskAlert).toEqual({
      id: alert._id,
      relatedRecalls: alert.relatedRecallIds.map((id) => {
        const recall = recallById.get(id)!;
        return { id, region: regionName(recall.region), productName: recall.productName, manufacturerCreditCode: recall.manufacturer.creditCode };
      }),
      enterprises: alert.enterpriseCreditCodes.map((code) => {
        const enterprise = enterpriseById.get(code)!;
        return { creditCode: code, name: enterprise.name, registrationRegion: regionName(enterprise.registrationRegion) };
      }),
    });
  });

  test('a Beijing complaint’s business registered in Tianjin', async () => {
    const complaint = seed.BJ.complaints.find((candidate) => enterpriseById.get(candidate.business.creditCode)?.registrationRegion === 'TJ')!;
    expect(complaint).toBeDefined();
    const enterprise = enterpriseById.get(complaint.business.creditCode)!;
    const result = data(
      await stack.query(
        stack.tokens.BJ,
        'query ($id: ID!) { complaint(id: $id) { id receivingRegion handlingRegion businessEnterprise { creditCode name registrationRegion address legalRepresentative } } }',
        { id: complaint._id },
      ),
    );
    expect(result.complaint).toEqual({
      id: complaint._id,
      receivingRegion: 'BEIJING',
      handlingRegion: regionName(complaint.handlingRegion),
      businessEnterprise: {
        creditCode: enterprise._id,
        name: enterprise.name,
        registrationRegion: 'TIANJIN',
        address: enterprise.address,
        legalRepresentative: enterprise.legalRepresentative,
      },
    });
  });

  test('two hops: recall → its alerts (other regions) → their related recalls (any region) and manufacturers', async () => {
    const recall = seed.BJ.recalls.find((candidate) => candidate.riskAlertIds.some((id) => !id.startsWith('BJ-')))!;
    const result = data(
      await stack.query(
        stack.tokens.BJ,
        'query ($id: ID!) { recall(id: $id) { riskAlerts { id relatedRecalls { id region manufacturerEnterprise { creditCode registrationRegion } } } } }',
        { id: recall._id },
      ),
    );
    expect(result.recall.riskAlerts).toEqual(
      recall.riskAlertIds.map((alertId) => ({
        id: alertId,
        relatedRecalls: alertById.get(alertId)!.relatedRecallIds.map((recallId) => {
          const related = recallById.get(recallId)!;
          const code = related.manufacturer.creditCode;
          return { id: recallId, region: regionName(related.region), manufacturerEnterprise: { creditCode: code, registrationRegion: regionName(enterpriseById.get(code)!.registrationRegion) } };
        }),
      })),
    );
  });
});

/* ---------- an enterprise across regions ---------- */

describe('an enterprise’s records from all regions in one query', () => {
  interface Holdings {
    recalls: string[];
    riskAlerts: string[];
    complaints: string[];
  }
  const holdings = new Map<string, Holdings>();
  const holdingsOf = (code: string) => {
    let entry = holdings.get(code);
    if (!entry) holdings.set(code, (entry = { recalls: [], riskAlerts: [], complaints: [] }));
    return entry;
  };
  for (const region of ALL_REGION_CODES) {
    for (const recall of seed[region].recalls) holdingsOf(recall.manufacturer.creditCode).recalls.push(recall._id);
    for (const alert of seed[region].riskAlerts) for (const code of alert.enterpriseCreditCodes) holdingsOf(code).riskAlerts.push(alert._id);
    for (const complaint of seed[region].complaints) holdingsOf(complaint.business.creditCode).complaints.push(complaint._id);
  }
  const regionsOf = (entry: Holdings) => new Set([...entry.recalls, ...entry.riskAlerts, ...entry.complaints].map((id) => id.slice(0, 2)));
  // The enterprise whose records are spread over the most regions (then the most records; then the lowest code).
  const [creditCode, expected] = [...holdings.entries()]
    .filter(([, entry]) => entry.recalls.length > 0 && entry.riskAlerts.length > 0 && entry.complaints.length > 0)
    .sort(
      ([codeA, a], [codeB, b]) =>
        regionsOf(b).size - regionsOf(a).size ||
        b.recalls.length + b.riskAlerts.length + b.complaints.length - (a.recalls.length + a.riskAlerts.length + a.complaints.length) ||
        (codeA < codeB ? -1 : 1),
    )[0]!;

  test('enterprise(creditCode) { recalls riskAlerts complaints } equals the seed records naming it in every region', async () => {
    expect(regionsOf(expected).size).toBeGreaterThanOrEqual(2);
    const enterprise = enterpriseById.get(creditCode)!;
    const result = data(
      await stack.query(
        stack.tokens.TJ,
        'query ($code: String!) { enterprise(creditCode: $code) { creditCode name registrationRegion recalls { id region } riskAlerts { id } complaints { id } } }',
        { code: creditCode },
      ),
    );
    const got = result.enterprise;
    expect({ creditCode: got.creditCode, name: got.name, registrationRegion: got.registrationRegion }).toEqual({
      creditCode,
      name: enterprise.name,
      registrationRegion: regionName(enterprise.registrationRegion),
    });
    const ids = (list: Array<{ id: string }>) => list.map((item) => item.id);
    // Every record once (no duplicates), the same set as the seed.
    expect(ids(got.recalls).sort()).toEqual([...expected.recalls].sort());
    expect(ids(got.riskAlerts).sort()).toEqual([...expected.riskAlerts].sort());
    expect(ids(got.complaints).sort()).toEqual([...expected.complaints].sort());
    expect(got.recalls).toEqual(expect.arrayContaining(expected.recalls.map((id) => ({ id, region: regionName(recallById.get(id)!.region) }))));
  });

  test('the lists name each record’s own region (a Tianjin-registered enterprise with records kept in other regions)', async () => {
    const [code, entry] = [...holdings.entries()].find(([candidate, entry]) => candidate.slice(2, 4) === '12' && [...regionsOf(entry)].some((region) => region !== 'TJ'))!;
    const result = data(
      await stack.query(stack.tokens.HE, 'query ($code: String!) { enterprise(creditCode: $code) { riskAlerts { id region } complaints { id receivingRegion } } }', { code }),
    );
    expect(result.enterprise.riskAlerts.map((alert: { id: string; region: string }) => [alert.id, alert.region]).sort()).toEqual(
      entry.riskAlerts.map((id) => [id, regionName(alertById.get(id)!.region)]).sort(),
    );
    expect(result.enterprise.complaints.map((complaint: { id: string }) => complaint.id).sort()).toEqual([...entry.complaints].sort());
  });
});

/* ---------- statistics ---------- */

describe('statistics merged by key equal the sum of the regions’ statistics and of the seed', () => {
  type Group = { key: Record<string, string | null>; count: number; sum?: number | null; overdue?: number | null };
  const keyId = (key: Record<string, string | null>) => JSON.stringify(Object.keys(key).sort().map((name) => [name, key[name]]));

  /** Adds up groups by key (what the gateway should do), keeping sums as floats. */
  function addUp(groupLists: Group[][]): Map<string, Group> {
    const merged = new Map<string, Group>();
    for (const groups of groupLists) {
      for (const group of groups) {
        const id = keyId(group.key);
        const existing = merged.get(id);
        if (!existing) merged.set(id, { ...group });
        else {
          existing.count += group.count;
          const add = (a: number | null | undefined, b: number | null | undefined) => (a === null || a === undefined) && (b === null || b === undefined) ? b : (a ?? 0) + (b ?? 0);
          if (group.sum !== undefined) existing.sum = add(existing.sum, group.sum);
          if (group.overdue !== undefined) existing.overdue = add(existing.overdue, group.overdue);
        }
      }
    }
    return merged;
  }

  function expectSameGroups(actual: Group[], expected: Map<string, Group>): void {
    const actualById = new Map(actual.map((group) => [keyId(group.key), group]));
    expect(actualById.size).toBe(actual.length); // one group per key
    expect([...actualById.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [id, group] of expected) {
      const got = actualById.get(id)!;
      expect(got.count).toBe(group.count);
      if (group.sum === null) expect(got.sum).toBeNull();
      else if (group.sum !== undefined) expect(got.sum).toBeCloseTo(group.sum, 6);
      if (group.overdue !== undefined) expect(got.overdue).toBe(group.overdue);
    }
  }

  async function perRegion(query: string, field: string, variables?: Record<string, unknown>): Promise<Group[][]> {
    return Promise.all(
      ALL_REGION_CODES.map(async (region) => data(await stack.querySubgraph(region, DEVELOPMENT_AGENCIES.BJ, query, variables))[field] as Group[]),
    );
  }

  test('recallStatistics by CATEGORY: counts and recalled quantities add up across regions', async () => {
    const query = '{ recallStatistics(groupBy: [CATEGORY]) { key { category } count sum } }';
    const gateway = data(await stack.query(stack.tokens.BJ, query)).recallStatistics as Group[];
    expectSameGroups(gateway, addUp(await perRegion(query, 'recallStatistics')));
    const fromSeed = addUp([all('recalls').map((recall) => ({ key: { category: recall.productCategory }, count: 1, sum: recall.quantityToRecall }))]);
    expectSameGroups(gateway, fromSeed);
    expect(gateway.reduce((total, group) => total + group.count, 0)).toBe(all('recalls').length);
  });

  test('recallStatistics by REGION and STATUS with a filter', async () => {
    const query = '{ recallStatistics(groupBy: [REGION, STATUS], filter: { categories: [ELECTRIC_BICYCLE, TOYS] }) { key { region status } count sum } }';
    const gateway = data(await stack.query(stack.tokens.HE, query)).recallStatistics as Group[];
    const recalls = all('recalls').filter((recall) => recall.productCategory === 'ELECTRIC_BICYCLE' || recall.productCategory === 'TOYS');
    expectSameGroups(gateway, addUp([recalls.map((recall) => ({ key: { region: regionName(recall.region), status: recall.status }, count: 1, sum: recall.quantityToRecall }))]));
  });

  test('riskAlertStatistics by LEVEL and MONTH (Asia/Shanghai) for e-bikes: months present in several regions add up', async () => {
    const query = '{ riskAlertStatistics(groupBy: [LEVEL, MONTH], filter: { categories: [ELECTRIC_BICYCLE] }) { key { level month } count sum } }';
    const gateway = data(await stack.query(stack.tokens.TJ, query)).riskAlertStatistics as Group[];
    const regional = await perRegion(query, 'riskAlertStatistics');
    expectSameGroups(gateway, addUp(regional));
    const alerts = all('riskAlerts').filter((alert) => alert.productCategory === 'ELECTRIC_BICYCLE');
    expectSameGroups(gateway, addUp([alerts.map((alert) => ({ key: { level: alert.riskLevel, month: shanghaiMonthKey(alert.issuedAt) }, count: 1, sum: null }))]));
    // At least one key really was merged from two regions.
    const keysPerRegion = regional.map((groups) => new Set(groups.map((group) => keyId(group.key))));
    expect([...keysPerRegion[0]!].some((id) => keysPerRegion[1]!.has(id) || keysPerRegion[2]!.has(id))).toBe(true);
  });

  test('complaintStatistics by CATEGORY: counts, amounts in dispute and overdue counts add up', async () => {
    const query = '{ complaintStatistics(groupBy: [CATEGORY]) { key { category } count sum overdue } }';
    const gateway = data(await stack.query(stack.tokens.BJ, query)).complaintStatistics as Group[];
    // Overdue depends on the clock, so it is checked against the regions' own answers.
    expectSameGroups(gateway, addUp(await perRegion(query, 'complaintStatistics')));
    const fromSeed = addUp([all('complaints').map((complaint) => ({ key: { category: complaint.category }, count: 1, sum: complaint.amountInDisputeFen / 100 }))]);
    expectSameGroups(
      gateway.map(({ key, count, sum }) => ({ key, count, sum })),
      fromSeed,
    );
  });
});

/* ---------- by-ID routing ---------- */

describe('analyst statistics (issue 18): every measure against a recomputation from the seed', () => analystStatisticsSuite(() => stack));

describe('by-ID fields route to the owning region', () => {
  test('one query reading records of all three regions by ID and credit code', async () => {
    const tjRecall = seed.TJ.recalls[17]!;
    const heAlert = seed.HE.riskAlerts[42]!;
    const bjComplaint = seed.BJ.complaints[5]!;
    const heTemplate = seed.HE.contractTemplates[3]!;
    const tjEnterprise = seed.TJ.enterprises[9]!;
    const result = data(
      await stack.query(
        stack.tokens.HE,
        `query ($a: ID!, $b: ID!, $c: ID!, $d: ID!, $e: String!) {
           a: recall(id: $a) { id region recallNumber }
           b: riskAlert(id: $b) { id region title }
           c: complaint(id: $c) { id receivingRegion subject }
           d: contractTemplate(id: $d) { id draftingRegion code }
           e: enterprise(creditCode: $e) { creditCode name registrationRegion } }`,
        { a: tjRecall._id, b: heAlert._id, c: bjComplaint._id, d: heTemplate._id, e: tjEnterprise._id },
      ),
    );
    expect(result).toEqual({
      a: { id: tjRecall._id, region: 'TIANJIN', recallNumber: tjRecall.recallNumber },
      b: { id: heAlert._id, region: 'HEBEI', title: heAlert.title },
      c: { id: bjComplaint._id, receivingRegion: 'BEIJING', subject: bjComplaint.subject },
      d: { id: heTemplate._id, draftingRegion: regionName(heTemplate.draftingRegion), code: heTemplate.code },
      e: { creditCode: tjEnterprise._id, name: tjEnterprise.name, registrationRegion: 'TIANJIN' },
    });
  });

  test('a Beijing caller reads a Tianjin recall; an unknown ID of a region is null without an error', async () => {
    const recall = seed.TJ.recalls[0]!;
    const result = data(await stack.query(stack.tokens.BJ, `{ recall(id: "${recall._id}") { id productName } missing: recall(id: "TJ-RCL-2099-000001") { id } }`));
    expect(result).toEqual({ recall: { id: recall._id, productName: recall.productName }, missing: null });
  });

  test('a mutation naming another region’s record is decided by that region (Beijing may not change a Tianjin recall)', async () => {
    const recall = seed.TJ.recalls[1]!;
    const result = await stack.query(stack.tokens.BJ, `mutation { updateRecall(id: "${recall._id}", input: { remedy: REFUND }) { id remedy } }`);
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.extensions?.code).toBe('FORBIDDEN');
    // Tianjin's subgraph answered (Beijing's would have said the recall does not exist there).
    expect(result.errors![0]!.message).toContain('(TJ)');
    const after = data(await stack.query(stack.tokens.BJ, `{ recall(id: "${recall._id}") { remedy } }`));
    expect(after.recall.remedy).toBe(recall.remedy);
  });
});

/* ---------- schema ---------- */

describe('the committed schema', () => {
  test('schema/ is what `npm run compose` writes from the current subgraphs (run it after changing a subgraph)', async () => {
    const files = await composeSupergraph();
    expect(Object.keys(files).sort()).toEqual(['api.graphql', 'subgraphs/links.graphql', 'subgraphs/regional.graphql', 'supergraph.graphql']);
    expect(staleSchemaFiles(files)).toEqual([]);
  });
});
