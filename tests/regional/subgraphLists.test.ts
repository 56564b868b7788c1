/**
 * The regional subgraph over HTTP (in-process server on a loopback port, real driver, embedded engine),
 * seeded with Tianjin's standard seed data: by-ID and list queries of every entity, their filters, every
 * order in both directions and keyset pagination. Expected values are computed from `generateSeedData()`
 * in plain TypeScript, never from the subgraph's answers.
 */
import type {
  ConsumerComplaintDocument,
  ContractTemplateDocument,
  EnterpriseDocument,
  ProductRecallDocument,
  RiskAlertDocument,
} from '../../services/regional/model';
import {
  REGION_NAMES as R,
  decodeCursorForTest,
  iso,
  sortedIds,
  startSeededSubgraph,
  type SeededSubgraph,
} from '../helpers/regionalSubgraph';

jest.setTimeout(120_000);

let subgraph: SeededSubgraph;

beforeAll(async () => {
  subgraph = await startSeededSubgraph('TJ');
});

afterAll(async () => {
  await subgraph?.stop();
});

/* ---------- entity descriptions (how the test computes expectations) ---------- */

type SortValue = number | string;
interface OrderSpec<D> {
  /** The value the list sorts by (dates as epoch ms). */
  value: (document: D) => SortValue;
  /** The sort value as a cursor carries it (dates as ISO strings). */
  cursor: (document: D) => unknown;
}
interface EntitySpec<D extends { _id: string }> {
  label: string;
  list: string;
  filterType: string;
  orderType: string;
  key: 'id' | 'creditCode';
  documents: () => readonly D[];
  orders: Record<string, OrderSpec<D>>;
  defaultOrder: string;
  /** A filtered subset (40–100 records) that the order tests walk with pages of 7; absent: the whole list. */
  subset?: { filter: Record<string, unknown>; predicate: (document: D) => boolean };
}

const byDate = <D>(get: (document: D) => Date): OrderSpec<D> => ({ value: (d) => get(d).getTime(), cursor: (d) => get(d).toISOString() });
const byNumber = <D>(get: (document: D) => number): OrderSpec<D> => ({ value: get, cursor: get });
const byId = <D extends { _id: string }>(): OrderSpec<D> => ({ value: (d) => d._id, cursor: (d) => d._id });

const RECALLS: EntitySpec<ProductRecallDocument> = {
  label: 'ProductRecall',
  list: 'recalls',
  filterType: 'RecallFilter',
  orderType: 'RecallOrder',
  key: 'id',
  documents: () => subgraph.seed.recalls,
  orders: { ANNOUNCED_AT: byDate((d) => d.announcedAt), QUANTITY_TO_RECALL: byNumber((d) => d.quantityToRecall), ID: byId() },
  defaultOrder: 'ANNOUNCED_AT',
  subset: { filter: { announcedFrom: '2025-01-01T00:00:00.000Z', announcedTo: '2025-12-31T23:59:59.999Z' }, predicate: (d) => d.announcedAt.toISOString().startsWith('2025') },
};
const RISK_ALERTS: EntitySpec<RiskAlertDocument> = {
  label: 'RiskAlert',
  list: 'riskAlerts',
  filterType: 'RiskAlertFilter',
  orderType: 'RiskAlertOrder',
  key: 'id',
  documents: () => subgraph.seed.riskAlerts,
  orders: { ISSUED_AT: byDate((d) => d.issuedAt), RISK_LEVEL: byNumber((d) => LEVEL_RANK[d.riskLevel]), ID: byId() },
  defaultOrder: 'ISSUED_AT',
  subset: { filter: { issuedFrom: '2024-01-01T00:00:00.000Z', issuedTo: '2024-12-31T23:59:59.999Z' }, predicate: (d) => d.issuedAt.toISOString().startsWith('2024') },
};
const CONTRACT_TEMPLATES: EntitySpec<ContractTemplateDocument> = {
  label: 'ContractTemplate',
  list: 'contractTemplates',
  filterType: 'ContractTemplateFilter',
  orderType: 'ContractTemplateOrder',
  key: 'id',
  documents: () => subgraph.seed.contractTemplates,
  orders: { UPDATED_AT: byDate((d) => d.updatedAt), VERSION: byNumber((d) => d.version), ID: byId() },
  defaultOrder: 'UPDATED_AT',
};
const COMPLAINTS: EntitySpec<ConsumerComplaintDocument> = {
  label: 'ConsumerComplaint',
  list: 'complaints',
  filterType: 'ComplaintFilter',
  orderType: 'ComplaintOrder',
  key: 'id',
  documents: () => subgraph.seed.complaints,
  orders: { RECEIVED_AT: byDate((d) => d.receivedAt), AMOUNT_IN_DISPUTE: byNumber((d) => d.amountInDisputeFen), ID: byId() },
  defaultOrder: 'RECEIVED_AT',
  subset: { filter: { receivedFrom: '2023-01-01T00:00:00.000Z', receivedTo: '2023-12-31T23:59:59.999Z' }, predicate: (d) => d.receivedAt.toISOString().startsWith('2023') },
};
const ENTERPRISES: EntitySpec<EnterpriseDocument> = {
  label: 'Enterprise',
  list: 'enterprises',
  filterType: 'EnterpriseFilter',
  orderType: 'EnterpriseOrder',
  key: 'creditCode',
  documents: () => subgraph.seed.enterprises,
  orders: { ESTABLISHED_AT: byDate((d) => d.establishedAt), CREDIT_CODE: byId() },
  defaultOrder: 'ESTABLISHED_AT',
  subset: {
    filter: { establishedFrom: '2009-01-01T00:00:00.000Z', establishedTo: '2016-12-31T23:59:59.999Z' },
    predicate: (d) => d.establishedAt.toISOString() >= '2009-01-01T00:00:00.000Z' && d.establishedAt.toISOString() <= '2016-12-31T23:59:59.999Z',
  },
};

const LEVEL_RANK: Record<string, number> = { LOW: 1, MEDIUM: 2, HIGH: 3, SEVERE: 4 };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ALL_SPECS: Array<EntitySpec<any>> = [RECALLS, RISK_ALERTS, CONTRACT_TEMPLATES, COMPLAINTS, ENTERPRISES];

/* ---------- list helpers ---------- */

interface Walk {
  ids: string[];
  totalCount: number;
  pages: number;
}

/**
 * Walks every page of a list with `first`, following `endCursor`, and checks each page on the way: the page
 * size, pageInfo, a constant totalCount and every cursor's content ([sortValue, id] of its node).
 */
async function walk<D extends { _id: string }>(spec: EntitySpec<D>, args: { filter?: Record<string, unknown>; orderBy?: { field: string; direction: 'ASC' | 'DESC' } }, first = 7): Promise<Walk> {
  const byKey = new Map(spec.documents().map((d) => [d._id, d]));
  const order = spec.orders[args.orderBy?.field ?? spec.defaultOrder]!;
  const query = `query($first: Int, $after: String, $filter: ${spec.filterType}, $orderBy: ${spec.orderType}) {
    ${spec.list}(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { ${spec.key} } }
    }
  }`;
  const ids: string[] = [];
  let after: string | null = null;
  let totalCount = -1;
  let pages = 0;
  for (;;) {
    const data: Record<string, any> = await subgraph.ok(query, { ...args, first, after });
    const page = data[spec.list];
    pages += 1;
    if (totalCount >= 0) expect(page.totalCount).toBe(totalCount);
    totalCount = page.totalCount;
    expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
    const edges = page.edges as Array<{ cursor: string; node: Record<string, string> }>;
    expect(page.pageInfo.startCursor).toBe(edges[0]?.cursor ?? null);
    expect(page.pageInfo.endCursor).toBe(edges[edges.length - 1]?.cursor ?? null);
    for (const edge of edges) {
      const id = edge.node[spec.key]!;
      const document = byKey.get(id);
      if (!document) throw new Error(`${spec.list} returned ${id}, which is not in the seed data`);
      expect(decodeCursorForTest(edge.cursor)).toEqual([order.cursor(document), id]);
      ids.push(id);
    }
    if (!page.pageInfo.hasNextPage) break;
    expect(edges).toHaveLength(first);
    after = page.pageInfo.endCursor;
    if (pages > 500) throw new Error('runaway pagination');
  }
  return { ids, totalCount, pages };
}

function expectedPages(count: number, first = 7): number {
  return Math.max(1, Math.ceil(count / first));
}

/** First page of 100 in the default order: its IDs and totalCount. */
async function firstHundred<D extends { _id: string }>(spec: EntitySpec<D>, filter: Record<string, unknown>): Promise<{ ids: string[]; totalCount: number }> {
  const data: Record<string, any> = await subgraph.ok(
    `query($filter: ${spec.filterType}) { ${spec.list}(first: 100, filter: $filter) { totalCount edges { node { ${spec.key} } } } }`,
    { filter },
  );
  return { ids: data[spec.list].edges.map((edge: { node: Record<string, string> }) => edge.node[spec.key]), totalCount: data[spec.list].totalCount };
}

/** Checks one filter case against the documents the predicate selects (in the default order, newest first). */
async function expectFilter<D extends { _id: string }>(spec: EntitySpec<D>, filter: Record<string, unknown>, predicate: (document: D) => boolean, options: { allowEmpty?: boolean; allowAll?: boolean } = {}): Promise<void> {
  const matching = spec.documents().filter(predicate);
  if (!options.allowEmpty) expect(matching.length).toBeGreaterThan(0);
  if (!options.allowAll) expect(matching.length).toBeLessThan(spec.documents().length);
  const expected = sortedIds(matching, spec.orders[spec.defaultOrder]!.value, 'DESC');
  const actual = await firstHundred(spec, filter);
  expect({ filter, totalCount: actual.totalCount }).toEqual({ filter, totalCount: expected.length });
  expect(actual.ids).toEqual(expected.slice(0, 100));
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function mostCommon<T>(items: readonly T[], key: (item: T) => string, rank = 0): string {
  return [...countBy(items, key).entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[rank]![0];
}

const includesText = (text: string, ...fields: string[]) => fields.some((field) => field.toLowerCase().includes(text.toLowerCase()));

/* ---------- keyset pagination and ordering, every entity ---------- */

describe.each(ALL_SPECS.map((spec) => [spec.label, spec] as const))('%s list', (_label, spec) => {
  it('pages through every record once with first: 7, in the default order (newest first), with the total count', async () => {
    const documents = spec.documents();
    const expected = sortedIds(documents, spec.orders[spec.defaultOrder]!.value, 'DESC');
    const result = await walk(spec, {});
    expect(result.ids).toEqual(expected);
    expect(new Set(result.ids).size).toBe(documents.length);
    expect(result.totalCount).toBe(documents.length);
    expect(result.pages).toBe(expectedPages(documents.length));
  });

  const orders = Object.keys(spec.orders).flatMap((field) => (['ASC', 'DESC'] as const).map((direction) => [field, direction] as const));
  it.each(orders)('orders by %s %s, ties broken by ID in the same direction, across pages', async (field, direction) => {
    const documents = spec.documents();
    const order = spec.orders[field]!;
    if (spec.subset) {
      // Pages of 7 over a filtered subset (tens of records), then pages of 100 over the whole list.
      const matching = documents.filter(spec.subset.predicate);
      expect(matching.length).toBeGreaterThan(40);
      expect(matching.length).toBeLessThan(documents.length);
      const small = await walk(spec, { filter: spec.subset.filter, orderBy: { field, direction } });
      expect(small.ids).toEqual(sortedIds(matching, order.value, direction));
      expect(small.totalCount).toBe(matching.length);
      expect(small.pages).toBe(expectedPages(matching.length));
      const large = await walk(spec, { orderBy: { field, direction } }, 100);
      expect(large.ids).toEqual(sortedIds(documents, order.value, direction));
      expect(large.totalCount).toBe(documents.length);
      expect(large.pages).toBe(expectedPages(documents.length, 100));
    } else {
      const result = await walk(spec, { orderBy: { field, direction } });
      expect(result.ids).toEqual(sortedIds(documents, order.value, direction));
      expect(result.totalCount).toBe(documents.length);
      expect(result.pages).toBe(expectedPages(documents.length));
    }
  });

  it('returns nothing for a region list that leaves this region out, everything for one that includes it', async () => {
    const none: Record<string, any> = await subgraph.ok(
      `query($filter: ${spec.filterType}) { ${spec.list}(filter: $filter) { totalCount edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
      { filter: { regions: ['BEIJING', 'HEBEI'] } },
    );
    expect(none[spec.list]).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } });
    await expectFilter(spec, { regions: ['TIANJIN'] }, () => true, { allowAll: true });
    await expectFilter(spec, { regions: ['HEBEI', 'TIANJIN'] }, () => true, { allowAll: true });
  });

  it('gives the total without nodes for first: 0', async () => {
    const data: Record<string, any> = await subgraph.ok(`{ ${spec.list}(first: 0) { totalCount edges { cursor } pageInfo { hasNextPage } } }`);
    expect(data[spec.list].totalCount).toBe(spec.documents().length);
    expect(data[spec.list].edges).toEqual([]);
  });
});

it('walks data with ties in the numeric orders, so the tie-break by ID is exercised', () => {
  const hasTies = (values: readonly number[]) => new Set(values).size < values.length;
  expect(hasTies(RISK_ALERTS.documents().filter(RISK_ALERTS.subset!.predicate).map((d) => LEVEL_RANK[d.riskLevel]!))).toBe(true);
  expect(hasTies(COMPLAINTS.documents().filter(COMPLAINTS.subset!.predicate).map((d) => d.amountInDisputeFen))).toBe(true);
  expect(hasTies(COMPLAINTS.documents().map((d) => d.amountInDisputeFen))).toBe(true);
  expect(hasTies(CONTRACT_TEMPLATES.documents().map((d) => d.version))).toBe(true);
  expect(hasTies(CONTRACT_TEMPLATES.documents().map((d) => d.updatedAt.getTime()))).toBe(true);
});

/* ---------- by ID ---------- */

const RECALL_FIELDS = `id region recallNumber productName brand models batches manufacturer { creditCode name contact { person phone } }
  manufacturerCreditCode productionStart productionEnd quantityMade quantityToRecall salesAreas defect hazard remedy productCategory
  announcedAt status riskAlertIds createdAt updatedAt`;
const ALERT_FIELDS = `id region title description productCategory hazardType riskLevel riskLevelRank source status issuedAt resolvedAt
  enterpriseCreditCodes relatedRecallIds createdAt updatedAt`;
const TEMPLATE_FIELDS = `id code title category version clauses { number heading text } status draftingRegion
  endorsements { region agency decision comment at round } supersedesId effectiveFrom createdAt updatedAt`;
const COMPLAINT_FIELDS = `id receivingRegion handlingRegion channel business { creditCode name } businessCreditCode category subject description
  amountInDispute amount status timeline { at status region agency note } receivedAt acceptDeadline mediationDeadline closedAt createdAt updatedAt overdue`;
const ENTERPRISE_FIELDS = 'creditCode name registrationRegion address legalRepresentative industry establishedAt createdAt updatedAt';

function recallNodeOf(d: ProductRecallDocument) {
  return {
    id: d._id,
    region: R[d.region],
    recallNumber: d.recallNumber,
    productName: d.productName,
    brand: d.brand,
    models: d.models,
    batches: d.batches,
    manufacturer: { creditCode: d.manufacturer.creditCode, name: d.manufacturer.name, contact: { person: d.manufacturer.contact.person, phone: d.manufacturer.contact.phone } },
    manufacturerCreditCode: d.manufacturer.creditCode,
    productionStart: iso(d.productionStart),
    productionEnd: iso(d.productionEnd),
    quantityMade: d.quantityMade,
    quantityToRecall: d.quantityToRecall,
    salesAreas: d.salesAreas,
    defect: d.defect,
    hazard: d.hazard,
    remedy: d.remedy,
    productCategory: d.productCategory,
    announcedAt: iso(d.announcedAt),
    status: d.status,
    riskAlertIds: d.riskAlertIds,
    createdAt: iso(d.createdAt),
    updatedAt: iso(d.updatedAt),
  };
}

function alertNodeOf(d: RiskAlertDocument) {
  return {
    id: d._id,
    region: R[d.region],
    title: d.title,
    description: d.description,
    productCategory: d.productCategory,
    hazardType: d.hazardType,
    riskLevel: d.riskLevel,
    riskLevelRank: LEVEL_RANK[d.riskLevel],
    source: d.source,
    status: d.status,
    issuedAt: iso(d.issuedAt),
    resolvedAt: iso(d.resolvedAt),
    enterpriseCreditCodes: d.enterpriseCreditCodes,
    relatedRecallIds: d.relatedRecallIds,
    createdAt: iso(d.createdAt),
    updatedAt: iso(d.updatedAt),
  };
}

function templateNodeOf(d: ContractTemplateDocument) {
  return {
    id: d._id,
    code: d.code,
    title: d.title,
    category: d.category,
    version: d.version,
    clauses: d.clauses.map((c) => ({ number: c.number, heading: c.heading, text: c.text })),
    status: d.status,
    draftingRegion: R[d.draftingRegion],
    endorsements: d.endorsements.map((e) => ({ region: R[e.region], agency: e.agency, decision: e.decision, comment: e.comment ?? null, at: iso(e.at), round: e.round ?? 1 })),
    supersedesId: d.supersedesId,
    effectiveFrom: iso(d.effectiveFrom),
    createdAt: iso(d.createdAt),
    updatedAt: iso(d.updatedAt),
  };
}

/** Past the 7-working-day decision deadline undecided, or past the mediation deadline unclosed. */
function isOverdueAt(d: ConsumerComplaintDocument, now: number): boolean {
  if (d.status === 'REGISTERED' || d.status === 'TRANSFERRED') return d.acceptDeadline.getTime() < now;
  if (d.status === 'ACCEPTED' || d.status === 'MEDIATING') return d.mediationDeadline !== null && d.mediationDeadline.getTime() < now;
  return false;
}

function complaintNodeOf(d: ConsumerComplaintDocument) {
  return {
    id: d._id,
    receivingRegion: R[d.receivingRegion],
    handlingRegion: R[d.handlingRegion],
    channel: d.channel,
    business: { creditCode: d.business.creditCode, name: d.business.name },
    businessCreditCode: d.business.creditCode,
    category: d.category,
    subject: d.subject,
    description: d.description,
    amountInDispute: d.amountInDisputeFen / 100,
    amount: (d.amountInDisputeFen / 100).toFixed(2),
    status: d.status,
    timeline: d.timeline.map((t) => ({ at: iso(t.at), status: t.status, region: R[t.region], agency: t.agency, note: t.note })),
    receivedAt: iso(d.receivedAt),
    acceptDeadline: iso(d.acceptDeadline),
    mediationDeadline: iso(d.mediationDeadline),
    closedAt: iso(d.closedAt),
    createdAt: iso(d.createdAt),
    updatedAt: iso(d.updatedAt),
    overdue: isOverdueAt(d, Date.now()),
  };
}

function enterpriseNodeOf(d: EnterpriseDocument) {
  return {
    creditCode: d._id,
    name: d.name,
    registrationRegion: R[d.registrationRegion],
    address: d.address,
    legalRepresentative: d.legalRepresentative,
    industry: d.industry,
    establishedAt: iso(d.establishedAt),
    createdAt: iso(d.createdAt),
    updatedAt: iso(d.updatedAt),
  };
}

/** First, last and a spread of records in between. */
function sample<T>(items: readonly T[], count = 8): T[] {
  const step = Math.max(1, Math.floor(items.length / (count - 1)));
  const picked = new Set<T>();
  for (let i = 0; i < items.length && picked.size < count - 1; i += step) picked.add(items[i]!);
  picked.add(items[items.length - 1]!);
  return [...picked];
}

/** Queries several records by key in one request (aliases) and compares every field with the seed document. */
async function expectById<D extends { _id: string }>(field: string, argName: string, selection: string, documents: readonly D[], nodeOf: (d: D) => unknown): Promise<void> {
  const picked = sample(documents);
  const query = `query { ${picked.map((d, i) => `r${i}: ${field}(${argName}: ${JSON.stringify(d._id)}) { ${selection} }`).join('\n')} }`;
  const data = await subgraph.ok<Record<string, unknown>>(query);
  picked.forEach((d, i) => expect(data[`r${i}`]).toEqual(nodeOf(d)));
}

describe('by ID', () => {
  it('returns a recall with every field as seeded; unknown and other-region IDs give null', async () => {
    await expectById('recall', 'id', RECALL_FIELDS, subgraph.seed.recalls, recallNodeOf);
    const data = await subgraph.ok(`{ unknown: recall(id: "TJ-RCL-2019-999999") { id } foreign: recall(id: "BJ-RCL-2022-000001") { id } }`);
    expect(data).toEqual({ unknown: null, foreign: null });
  });

  it('returns a risk alert with every field as seeded', async () => {
    await expectById('riskAlert', 'id', ALERT_FIELDS, subgraph.seed.riskAlerts, alertNodeOf);
    expect(await subgraph.ok(`{ riskAlert(id: "TJ-RSK-2019-999999") { id } }`)).toEqual({ riskAlert: null });
  });

  it('returns a contract template with its clauses and endorsements as seeded', async () => {
    await expectById('contractTemplate', 'id', TEMPLATE_FIELDS, subgraph.seed.contractTemplates, templateNodeOf);
    expect(await subgraph.ok(`{ contractTemplate(id: "TJ-CTP-2019-999999") { id } }`)).toEqual({ contractTemplate: null });
  });

  it('returns a complaint with its timeline as seeded', async () => {
    await expectById('complaint', 'id', COMPLAINT_FIELDS, subgraph.seed.complaints, complaintNodeOf);
    expect(await subgraph.ok(`{ complaint(id: "TJ-CMP-2019-999999") { id } }`)).toEqual({ complaint: null });
  });

  it('shows the consumer of a complaint this region received to its own agency', async () => {
    const complaint = subgraph.seed.complaints[7]!;
    const data: Record<string, any> = await subgraph.ok(`query($id: ID!) { complaint(id: $id) { consumer { name phone address masked } } }`, { id: complaint._id });
    expect(data.complaint.consumer).toEqual({ ...complaint.consumer, masked: false });
  });

  it('returns an enterprise by credit code (also given in lower case)', async () => {
    await expectById('enterprise', 'creditCode', ENTERPRISE_FIELDS, subgraph.seed.enterprises, enterpriseNodeOf);
    const enterprise = subgraph.seed.enterprises.find((e) => /[A-Z]/.test(e._id))!;
    const data: Record<string, any> = await subgraph.ok(`query($code: String!) { enterprise(creditCode: $code) { creditCode name } }`, { code: enterprise._id.toLowerCase() });
    expect(data.enterprise).toEqual({ creditCode: enterprise._id, name: enterprise.name });
  });
});

/* ---------- filters ---------- */

const Y2024 = { from: '2024-01-01T00:00:00.000Z', to: '2024-12-31T23:59:59.999Z' };
const inRange = (date: Date, from?: string, to?: string) => (!from || date.toISOString() >= from) && (!to || date.toISOString() <= to);

describe('recall filters', () => {
  const docs = () => subgraph.seed.recalls;

  it('filters by categories, statuses and remedies', async () => {
    const top = mostCommon(docs(), (d) => d.productCategory);
    const second = mostCommon(docs(), (d) => d.productCategory, 1);
    await expectFilter(RECALLS, { categories: [top] }, (d) => d.productCategory === top);
    await expectFilter(RECALLS, { categories: [top, second] }, (d) => d.productCategory === top || d.productCategory === second);
    await expectFilter(RECALLS, { statuses: ['IN_PROGRESS'] }, (d) => d.status === 'IN_PROGRESS');
    await expectFilter(RECALLS, { statuses: ['COMPLETED', 'CANCELLED'] }, (d) => d.status === 'COMPLETED' || d.status === 'CANCELLED');
    await expectFilter(RECALLS, { remedies: ['REPAIR', 'STOP_SALE'] }, (d) => d.remedy === 'REPAIR' || d.remedy === 'STOP_SALE');
  });

  it('filters by announced date range, both ends inclusive', async () => {
    await expectFilter(RECALLS, { announcedFrom: Y2024.from, announcedTo: Y2024.to }, (d) => inRange(d.announcedAt, Y2024.from, Y2024.to));
    await expectFilter(RECALLS, { announcedFrom: Y2024.from }, (d) => inRange(d.announcedAt, Y2024.from));
    await expectFilter(RECALLS, { announcedTo: Y2024.to }, (d) => inRange(d.announcedAt, undefined, Y2024.to));
    const sorted = [...docs()].sort((a, b) => a.announcedAt.getTime() - b.announcedAt.getTime());
    const from = sorted[100]!.announcedAt.toISOString();
    const to = sorted[140]!.announcedAt.toISOString();
    await expectFilter(RECALLS, { announcedFrom: from, announcedTo: to }, (d) => inRange(d.announcedAt, from, to));
    expect(docs().filter((d) => inRange(d.announcedAt, from, to))).toHaveLength(41);
  });

  it('filters by manufacturer credit code (normalized), by risk alert (any region) and by text', async () => {
    const code = mostCommon(docs(), (d) => d.manufacturer.creditCode);
    await expectFilter(RECALLS, { enterpriseCreditCode: code }, (d) => d.manufacturer.creditCode === code);
    await expectFilter(RECALLS, { enterpriseCreditCode: ` ${code.toLowerCase()} ` }, (d) => d.manufacturer.creditCode === code);
    const foreignAlert = mostCommon(docs().flatMap((d) => d.riskAlertIds.filter((id) => !id.startsWith('TJ-'))), (id) => id);
    await expectFilter(RECALLS, { riskAlertId: foreignAlert }, (d) => d.riskAlertIds.includes(foreignAlert));
    const ownAlert = mostCommon(docs().flatMap((d) => d.riskAlertIds.filter((id) => id.startsWith('TJ-'))), (id) => id);
    await expectFilter(RECALLS, { riskAlertId: ownAlert }, (d) => d.riskAlertIds.includes(ownAlert));
    const brand = docs()[10]!.brand;
    await expectFilter(RECALLS, { text: brand }, (d) => includesText(brand, d.productName, d.brand, d.defect, d.hazard));
    await expectFilter(RECALLS, { text: 'gb 28007' }, (d) => includesText('gb 28007', d.productName, d.brand, d.defect, d.hazard));
    const defectWord = '起火';
    await expectFilter(RECALLS, { text: defectWord }, (d) => includesText(defectWord, d.productName, d.brand, d.defect, d.hazard));
    await expectFilter(RECALLS, { text: `  ${defectWord}\t` }, (d) => includesText(defectWord, d.productName, d.brand, d.defect, d.hazard));
  });

  it('searches text literally: regular-expression characters match themselves', async () => {
    for (const text of ['.*', '[', '(召回', '\\d+', '$', '^本次', 'GB 28007-2011', '?']) {
      await expectFilter(RECALLS, { text }, (d) => includesText(text, d.productName, d.brand, d.defect, d.hazard), { allowEmpty: true });
    }
    expect(docs().filter((d) => includesText('GB 28007-2011', d.defect)).length).toBeGreaterThan(0);
  });

  it('pages through a text search with pages of 7 (the text condition and the cursor both use $or)', async () => {
    const filter = { text: '起火' };
    const matching = docs().filter((d) => includesText('起火', d.productName, d.brand, d.defect, d.hazard));
    expect(matching.length).toBeGreaterThan(14);
    for (const direction of ['ASC', 'DESC'] as const) {
      const result = await walk(RECALLS, { filter, orderBy: { field: 'ANNOUNCED_AT', direction } });
      expect(result.ids).toEqual(sortedIds(matching, (d) => d.announcedAt.getTime(), direction));
      expect(result.totalCount).toBe(matching.length);
    }
  });

  it('combines conditions, and pages through a filtered list in both directions', async () => {
    const top = mostCommon(docs(), (d) => d.productCategory);
    const filter = { categories: [top, mostCommon(docs(), (d) => d.productCategory, 2)], statuses: ['COMPLETED', 'IN_PROGRESS'], announcedFrom: '2023-01-01T00:00:00.000Z' };
    const predicate = (d: ProductRecallDocument) => filter.categories.includes(d.productCategory) && filter.statuses.includes(d.status) && inRange(d.announcedAt, filter.announcedFrom);
    await expectFilter(RECALLS, filter, predicate);
    const matching = docs().filter(predicate);
    for (const direction of ['ASC', 'DESC'] as const) {
      const result = await walk(RECALLS, { filter, orderBy: { field: 'QUANTITY_TO_RECALL', direction } });
      expect(result.ids).toEqual(sortedIds(matching, (d) => d.quantityToRecall, direction));
      expect(result.totalCount).toBe(matching.length);
      expect(result.pages).toBe(expectedPages(matching.length));
    }
  });
});

describe('risk alert filters', () => {
  const docs = () => subgraph.seed.riskAlerts;

  it('filters by categories, hazard types, levels, minimum level, sources and statuses', async () => {
    const top = mostCommon(docs(), (d) => d.productCategory);
    await expectFilter(RISK_ALERTS, { categories: [top] }, (d) => d.productCategory === top);
    const hazard = mostCommon(docs(), (d) => d.hazardType);
    await expectFilter(RISK_ALERTS, { hazardTypes: [hazard] }, (d) => d.hazardType === hazard);
    await expectFilter(RISK_ALERTS, { levels: ['LOW', 'SEVERE'] }, (d) => d.riskLevel === 'LOW' || d.riskLevel === 'SEVERE');
    await expectFilter(RISK_ALERTS, { minimumLevel: 'HIGH' }, (d) => LEVEL_RANK[d.riskLevel]! >= 3);
    await expectFilter(RISK_ALERTS, { minimumLevel: 'MEDIUM' }, (d) => LEVEL_RANK[d.riskLevel]! >= 2);
    await expectFilter(RISK_ALERTS, { sources: ['COMPLAINT', 'PUBLIC_OPINION'] }, (d) => d.source === 'COMPLAINT' || d.source === 'PUBLIC_OPINION');
    await expectFilter(RISK_ALERTS, { statuses: ['OPEN', 'ESCALATED'] }, (d) => d.status === 'OPEN' || d.status === 'ESCALATED');
  });

  it('filters by issued date range, enterprise, related recall and text', async () => {
    await expectFilter(RISK_ALERTS, { issuedFrom: Y2024.from, issuedTo: Y2024.to }, (d) => inRange(d.issuedAt, Y2024.from, Y2024.to));
    const code = mostCommon(docs().flatMap((d) => d.enterpriseCreditCodes), (c) => c);
    await expectFilter(RISK_ALERTS, { enterpriseCreditCode: code }, (d) => d.enterpriseCreditCodes.includes(code));
    const foreignCode = mostCommon(docs().flatMap((d) => d.enterpriseCreditCodes.filter((c) => c.slice(2, 4) !== '12')), (c) => c);
    await expectFilter(RISK_ALERTS, { enterpriseCreditCode: foreignCode }, (d) => d.enterpriseCreditCodes.includes(foreignCode));
    const recallId = mostCommon(docs().flatMap((d) => d.relatedRecallIds.filter((id) => id.startsWith('HE-'))), (id) => id);
    await expectFilter(RISK_ALERTS, { recallId }, (d) => d.relatedRecallIds.includes(recallId));
    await expectFilter(RISK_ALERTS, { text: '起火' }, (d) => includesText('起火', d.title, d.description));
    const brandWord = docs()[3]!.title.slice(2, 4);
    await expectFilter(RISK_ALERTS, { text: brandWord }, (d) => includesText(brandWord, d.title, d.description));
    await expectFilter(RISK_ALERTS, { text: 'gb' }, (d) => includesText('gb', d.title, d.description));
  });
});

describe('contract template filters', () => {
  const docs = () => subgraph.seed.contractTemplates;

  it('filters by categories, statuses, updated range and text over title and code', async () => {
    const top = mostCommon(docs(), (d) => d.category);
    await expectFilter(CONTRACT_TEMPLATES, { categories: [top] }, (d) => d.category === top);
    await expectFilter(CONTRACT_TEMPLATES, { statuses: ['PUBLISHED'] }, (d) => d.status === 'PUBLISHED');
    await expectFilter(CONTRACT_TEMPLATES, { statuses: ['DRAFT', 'IN_REVIEW', 'WITHDRAWN'] }, (d) => ['DRAFT', 'IN_REVIEW', 'WITHDRAWN'].includes(d.status));
    await expectFilter(CONTRACT_TEMPLATES, { updatedFrom: Y2024.from, updatedTo: Y2024.to }, (d) => inRange(d.updatedAt, Y2024.from, Y2024.to));
    await expectFilter(CONTRACT_TEMPLATES, { text: 'jjj-tj-ht-2023' }, (d) => includesText('jjj-tj-ht-2023', d.title, d.code));
    // A word of one seeded title (after 京津冀): the seed decides which subjects a region's templates have.
    const subjectWord = docs()[0]!.title.slice(3, 5);
    await expectFilter(CONTRACT_TEMPLATES, { text: subjectWord }, (d) => includesText(subjectWord, d.title, d.code));
    await expectFilter(CONTRACT_TEMPLATES, { categories: [top], statuses: ['PUBLISHED', 'SUPERSEDED'] }, (d) => d.category === top && ['PUBLISHED', 'SUPERSEDED'].includes(d.status));
  });
});

describe('complaint filters', () => {
  const docs = () => subgraph.seed.complaints;

  it('filters by handling region, categories, statuses and channels', async () => {
    await expectFilter(COMPLAINTS, { handlingRegions: ['BEIJING', 'HEBEI'] }, (d) => d.handlingRegion !== 'TJ');
    await expectFilter(COMPLAINTS, { handlingRegions: ['TIANJIN'] }, (d) => d.handlingRegion === 'TJ');
    const top = mostCommon(docs(), (d) => d.category);
    await expectFilter(COMPLAINTS, { categories: [top] }, (d) => d.category === top);
    await expectFilter(COMPLAINTS, { statuses: ['RESOLVED', 'TERMINATED'] }, (d) => d.status === 'RESOLVED' || d.status === 'TERMINATED');
    await expectFilter(COMPLAINTS, { channels: ['LETTER', 'VISIT'] }, (d) => d.channel === 'LETTER' || d.channel === 'VISIT');
  });

  it('filters by received range, business credit code, overdue and text', async () => {
    await expectFilter(COMPLAINTS, { receivedFrom: Y2024.from, receivedTo: Y2024.to }, (d) => inRange(d.receivedAt, Y2024.from, Y2024.to));
    const code = mostCommon(docs(), (d) => d.business.creditCode);
    await expectFilter(COMPLAINTS, { enterpriseCreditCode: code.toLowerCase() }, (d) => d.business.creditCode === code);
    const foreign = mostCommon(docs().filter((d) => d.handlingRegion === 'BJ'), (d) => d.business.creditCode);
    await expectFilter(COMPLAINTS, { enterpriseCreditCode: foreign }, (d) => d.business.creditCode === foreign);
    const now = Date.now();
    const overdue = docs().filter((d) => isOverdueAt(d, now)).length;
    await expectFilter(COMPLAINTS, { overdue: true }, (d) => isOverdueAt(d, now), { allowEmpty: overdue === 0 });
    await expectFilter(COMPLAINTS, { overdue: false }, (d) => !isOverdueAt(d, now), { allowAll: overdue === 0 });
    const word = docs()[0]!.subject.slice(-4);
    await expectFilter(COMPLAINTS, { text: word }, (d) => includesText(word, d.subject, d.description));
    await expectFilter(COMPLAINTS, { text: '预付' }, (d) => includesText('预付', d.subject, d.description));
  });

  it('pages through complaints that are not overdue (a $nor condition) by amount, ties by ID', async () => {
    const now = Date.now();
    const matching = docs().filter((d) => !isOverdueAt(d, now) && d.category === mostCommon(docs(), (c) => c.category));
    const filter = { overdue: false, categories: [mostCommon(docs(), (c) => c.category)] };
    const result = await walk(COMPLAINTS, { filter, orderBy: { field: 'AMOUNT_IN_DISPUTE', direction: 'DESC' } });
    expect(result.ids).toEqual(sortedIds(matching, (d) => d.amountInDisputeFen, 'DESC'));
    expect(result.totalCount).toBe(matching.length);
  });
});

describe('enterprise filters', () => {
  const docs = () => subgraph.seed.enterprises;

  it('filters by industries, establishment range and text over name and address', async () => {
    const industry = mostCommon(docs(), (d) => d.industry);
    const service = docs().find((d) => d.industry === '物业管理')!.industry;
    await expectFilter(ENTERPRISES, { industries: [industry] }, (d) => d.industry === industry);
    await expectFilter(ENTERPRISES, { industries: [industry, service] }, (d) => d.industry === industry || d.industry === service);
    const from = '2010-01-01T00:00:00.000Z';
    const to = '2015-12-31T15:59:59.999Z';
    await expectFilter(ENTERPRISES, { establishedFrom: from, establishedTo: to }, (d) => inRange(d.establishedAt, from, to));
    await expectFilter(ENTERPRISES, { text: '津南' }, (d) => includesText('津南', d.name, d.address));
    await expectFilter(ENTERPRISES, { text: '有限公司' }, (d) => includesText('有限公司', d.name, d.address));
    await expectFilter(ENTERPRISES, { text: '有限公司', industries: [industry] }, (d) => includesText('有限公司', d.name, d.address) && d.industry === industry);
  });
});
