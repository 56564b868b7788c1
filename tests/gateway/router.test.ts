/**
 * The region router's decisions as pure functions, without a network: which region owns a key, how `_entities`
 * representations are split and put back, how regional pages are merge-sorted into one keyset page, and how
 * group-by statistics are added up.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, type FieldNode, type FragmentDefinitionNode, type GraphQLFormattedError } from 'graphql';
import { creditCodeOwner, deriveRootFieldRoutes, ownerOfRepresentation as regionOfRepresentation, recordIdOwner } from '../../contract';
import { buildCreditCode, compareCursors, cursorSortKey as cursorKey, encodeCursor, type RegionCode } from '../../kernel';
import {
  HIDDEN,
  mergeConnectionPages,
  remapConnectionError,
  type MergeRequest,
  type RegionPage,
} from '../../gateway/router/connectionMerge';
import { mergeFannedOutEntities, reassembleEntities, remapEntityErrorPath, splitRepresentations, type RegionBatch } from '../../gateway/router/entityRouting';
import { fieldsOf, parsedOperation } from '../../gateway/router/operations';
import { regionsFromFilterValue } from '../../gateway/router/regionKeys';
import { routeRootField } from '../../gateway/router/rootFieldRoutes';
import { HIDDEN_STATISTICS, mergeStatistics, orderedRegionGroups, withStatisticsKeyOnly } from '../../gateway/router/statisticsMerge';
import { sketchBucket, STATISTICS_KEY_FIELD_NAMES } from '../../contract';

type JsonObject = Record<string, unknown>;

const ROUTES = deriveRootFieldRoutes(buildSchema(readFileSync(join(__dirname, '..', '..', 'schema', 'api.graphql'), 'utf8')));
const regionOfKey = (key: unknown) => recordIdOwner(key) ?? creditCodeOwner(key);

/* ---------- fixtures ---------- */

const DIVISIONS: Record<RegionCode, string> = { BJ: '110105', TJ: '120116', HE: '130102' };
function creditCode(region: RegionCode, serial: number): string {
  return buildCreditCode({ registrationAuthority: '9', organizationType: '1', divisionCode: DIVISIONS[region], organizationCode: `MA0${String(serial).padStart(5, '0')}X` });
}

/** The first root field of a client-style operation, with the operation's fragments. */
function rootField(query: string): { field: FieldNode; fragments: Map<string, FragmentDefinitionNode> } {
  const operation = parsedOperation(parse(query));
  const [field] = fieldsOf(operation.operation.selectionSet, operation.fragments);
  return { field: field!, fragments: operation.fragments };
}

/** One record as a region would put it in a page: its sort value and ID. */
interface Row {
  id: string;
  sort: string | number;
}

const dateCursor = (row: Row) => encodeCursor(new Date(row.sort as string), row.id);
const numberCursor = (row: Row) => encodeCursor(row.sort as number, row.id);

/**
 * A region's answer to the rewritten connection field: the hidden edges/pageInfo/totalCount the router adds,
 * plus what the client selected (`edges { node { id } }` under the client's key).
 */
function regionPage(region: RegionCode, rows: Row[], options: { hasNextPage?: boolean; totalCount?: number; edgesKey?: string; cursorOf?: (row: Row) => string } = {}): RegionPage {
  const cursorOf = options.cursorOf ?? dateCursor;
  return {
    region,
    connection: {
      [options.edgesKey ?? 'edges']: rows.map((row) => ({ node: { id: row.id } })),
      [HIDDEN.edges]: rows.map((row) => ({ [HIDDEN.cursor]: cursorOf(row) })),
      [HIDDEN.pageInfo]: { hasNextPage: options.hasNextPage ?? false },
      [HIDDEN.totalCount]: options.totalCount ?? rows.length,
    },
  };
}

function idsOf(connection: JsonObject, edgesKey = 'edges'): string[] {
  return (connection[edgesKey] as Array<{ node: { id: string } }>).map((edge) => edge.node.id);
}

const CLIENT_LIST = rootField('{ recalls(first: 3) { edges { node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } totalCount } }');

function mergeRequest(first: number, direction: 1 | -1, extra: Partial<MergeRequest> = {}): MergeRequest {
  return { first, direction, clientField: CLIENT_LIST.field, fragments: CLIENT_LIST.fragments, ...extra };
}

/** A small deterministic generator (no Math.random: a failure must be reproducible). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/* ---------- regionKeys ---------- */

describe('regionKeys: the owner of a key', () => {
  test('record IDs are owned by the region in their prefix', () => {
    expect(regionOfKey('BJ-RCL-2024-000001')).toBe('BJ');
    expect(regionOfKey('TJ-RSK-2022-000123')).toBe('TJ');
    expect(regionOfKey('HE-CMP-2026-999999')).toBe('HE');
    expect(regionOfKey('HE-CTP-2023-000007')).toBe('HE');
  });

  test('credit codes are owned by the division code in characters 3–4', () => {
    expect(regionOfKey(creditCode('BJ', 1))).toBe('BJ');
    expect(regionOfKey(creditCode('TJ', 2))).toBe('TJ');
    expect(regionOfKey(creditCode('HE', 3))).toBe('HE');
    // A Shanghai (31) code belongs to none of the three regions.
    expect(regionOfKey(buildCreditCode({ registrationAuthority: '9', organizationType: '1', divisionCode: '310101', organizationCode: 'MA000001X' }))).toBeNull();
  });

  test('anything else has no owner', () => {
    for (const key of [undefined, null, 42, {}, '', 'SH-RCL-2024-000001', 'TJ-XXX-2024-000001', 'TJ-RCL-2024-000000', 'TJ-RCL-24-1', '9112']) {
      expect(regionOfKey(key)).toBeNull();
    }
  });

  test('representations are routed by id, or by creditCode for enterprises', () => {
    expect(regionOfRepresentation({ __typename: 'RiskAlert', id: 'TJ-RSK-2024-000001' })).toBe('TJ');
    expect(regionOfRepresentation({ __typename: 'Enterprise', creditCode: creditCode('HE', 9) })).toBe('HE');
    expect(regionOfRepresentation({ __typename: 'ProductRecall', id: 'BJ-RCL-2024-000001', riskAlertIds: ['TJ-RSK-2024-000001'] })).toBe('BJ');
    expect(regionOfRepresentation({ __typename: 'RiskAlert' })).toBeNull();
    expect(regionOfRepresentation(null)).toBeNull();
    expect(regionOfRepresentation('TJ-RSK-2024-000001')).toBeNull();
  });

  test('filter.regions become region codes in canonical order; absent means all regions', () => {
    expect(regionsFromFilterValue(undefined)).toEqual(['BJ', 'TJ', 'HE']);
    expect(regionsFromFilterValue(null)).toEqual(['BJ', 'TJ', 'HE']);
    expect(regionsFromFilterValue(['HEBEI', 'BEIJING'])).toEqual(['BJ', 'HE']);
    expect(regionsFromFilterValue(['TIANJIN', 'TIANJIN'])).toEqual(['TJ']);
    expect(regionsFromFilterValue([])).toEqual([]);
  });
});

/* ---------- rootFieldRoutes ---------- */

describe('rootFieldRoutes: which regions answer a root field', () => {
  const route = (query: string, variables: JsonObject = {}, caller: RegionCode | null = 'BJ') => routeRootField(ROUTES, query.trimStart().startsWith('mutation') ? 'mutation' as never : 'query' as never, rootField(query).field, variables, caller);

  test('list fields fan out to every region unless filter.regions restricts them (literal or variable)', () => {
    expect(route('{ recalls(first: 5) { totalCount } }')).toEqual({ kind: 'connection', regions: ['BJ', 'TJ', 'HE'] });
    expect(route('{ riskAlerts(filter: { regions: [HEBEI, TIANJIN] }) { totalCount } }')).toEqual({ kind: 'connection', regions: ['TJ', 'HE'] });
    expect(route('query ($f: ComplaintFilter) { complaints(filter: $f) { totalCount } }', { f: { regions: ['TIANJIN'] } })).toEqual({ kind: 'connection', regions: ['TJ'] });
    expect(route('{ enterprises { totalCount } }', {}, null)).toEqual({ kind: 'connection', regions: ['BJ', 'TJ', 'HE'] });
    expect(route('{ contractTemplates(filter: { regions: [BEIJING] }) { totalCount } }', {}, 'HE')).toEqual({ kind: 'connection', regions: ['BJ'] });
  });

  test('a list filtered by a key of another region still fans out (recalls citing a Tianjin alert live anywhere)', () => {
    expect(route('{ recalls(filter: { riskAlertId: "TJ-RSK-2024-000001" }) { totalCount } }')).toEqual({ kind: 'connection', regions: ['BJ', 'TJ', 'HE'] });
    expect(route(`{ complaints(filter: { enterpriseCreditCode: "${creditCode('HE', 1)}" }) { totalCount } }`)).toEqual({ kind: 'connection', regions: ['BJ', 'TJ', 'HE'] });
  });

  test('statistics fan out the same way', () => {
    expect(route('{ recallStatistics(groupBy: [REGION]) { count } }')).toEqual({ kind: 'statistics', regions: ['BJ', 'TJ', 'HE'] });
    expect(route('{ complaintStatistics(groupBy: [STATUS], filter: { regions: [BEIJING, HEBEI] }) { count } }')).toEqual({ kind: 'statistics', regions: ['BJ', 'HE'] });
  });

  test('by-ID fields go to the owner of the ID, whoever calls', () => {
    expect(route('{ recall(id: "HE-RCL-2024-000001") { id } }', {}, 'BJ')).toEqual({ kind: 'single', region: 'HE' });
    expect(route('query ($id: ID!) { riskAlert(id: $id) { id } }', { id: 'TJ-RSK-2023-000004' }, 'HE')).toEqual({ kind: 'single', region: 'TJ' });
    expect(route(`{ enterprise(creditCode: "${creditCode('TJ', 5)}") { name } }`, {}, 'BJ')).toEqual({ kind: 'single', region: 'TJ' });
    expect(route('{ auditLog(recordId: "HE-CMP-2024-000002") { at } }', {}, 'BJ')).toEqual({ kind: 'single', region: 'HE' });
  });

  test('mutations go to the owner of the record they name, else to the caller’s region', () => {
    expect(route('mutation { updateRecall(id: "TJ-RCL-2024-000001", input: { status: COMPLETED }) { id } }', {}, 'BJ')).toEqual({ kind: 'single', region: 'TJ' });
    expect(route('mutation ($input: ComplaintStepInput!) { acceptComplaint(input: $input) { id } }', { input: { id: 'HE-CMP-2024-000001' } }, 'TJ')).toEqual({ kind: 'single', region: 'HE' });
    expect(route('mutation { linkRecallToRiskAlert(riskAlertId: "HE-RSK-2024-000001", recallId: "BJ-RCL-2024-000001") { id } }', {}, 'TJ')).toEqual({ kind: 'single', region: 'HE' });
    expect(route('mutation ($input: CreateRecallInput!) { createRecall(input: $input) { id } }', { input: { productName: 'x' } }, 'TJ')).toEqual({ kind: 'single', region: 'TJ' });
    expect(route('{ auditLog { at } }', {}, 'HE')).toEqual({ kind: 'single', region: 'HE' });
  });

  test('a malformed key goes to one region (the caller’s, else Beijing) whose validation answers', () => {
    expect(route('{ recall(id: "nonsense") { id } }', {}, 'TJ')).toEqual({ kind: 'single', region: 'TJ' });
    expect(route('{ recall(id: "nonsense") { id } }', {}, null)).toEqual({ kind: 'single', region: 'BJ' });
  });
});

/* ---------- entityRouting ---------- */

describe('entityRouting: _entities split by region and put back in order', () => {
  const tjCode = creditCode('TJ', 11);
  const representations: unknown[] = [
    { __typename: 'RiskAlert', id: 'TJ-RSK-2024-000001' },
    { __typename: 'ProductRecall', id: 'BJ-RCL-2024-000002' },
    { __typename: 'Enterprise', creditCode: tjCode },
    { __typename: 'RiskAlert', id: 'HE-RSK-2025-000003' },
    { __typename: 'RiskAlert', id: 'not-an-id' },
    { __typename: 'ProductRecall', id: 'BJ-RCL-2024-000004' },
    null,
    { __typename: 'RiskAlert', id: 'TJ-RSK-2024-000005' },
  ];

  test('representations are grouped by the region in their key, keeping their original positions', () => {
    const { batches, unroutable } = splitRepresentations(representations);
    expect(unroutable).toEqual([4, 6]);
    const byRegion = Object.fromEntries(batches.map((batch) => [batch.region, batch]));
    expect(Object.keys(byRegion).sort()).toEqual(['BJ', 'HE', 'TJ']);
    expect(batches).toHaveLength(3);
    expect(byRegion.TJ!.positions).toEqual([0, 2, 7]);
    expect(byRegion.TJ!.representations).toEqual([representations[0], representations[2], representations[7]]);
    expect(byRegion.BJ!.positions).toEqual([1, 5]);
    expect(byRegion.BJ!.representations).toEqual([representations[1], representations[5]]);
    expect(byRegion.HE!.positions).toEqual([3]);
  });

  test('each region’s answers go back to the original positions; unroutable and failed ones are null', () => {
    const { batches } = splitRepresentations(representations);
    // Each region answers its batch in its batch order, tagging what it resolved.
    const results = batches.map((batch) => ({
      batch,
      entities:
        batch.region === 'HE'
          ? null // Hebei failed
          : batch.representations.map((representation) => ({ resolvedBy: batch.region, key: (representation as JsonObject).id ?? (representation as JsonObject).creditCode })),
    }));
    const entities = reassembleEntities(representations.length, results);
    expect(entities).toEqual([
      { resolvedBy: 'TJ', key: 'TJ-RSK-2024-000001' },
      { resolvedBy: 'BJ', key: 'BJ-RCL-2024-000002' },
      { resolvedBy: 'TJ', key: tjCode },
      null,
      null,
      { resolvedBy: 'BJ', key: 'BJ-RCL-2024-000004' },
      null,
      { resolvedBy: 'TJ', key: 'TJ-RSK-2024-000005' },
    ]);
  });

  test('a region returning fewer entities than asked leaves nulls, not shifted results', () => {
    const batch: RegionBatch = { region: 'TJ', positions: [1, 3], representations: [{}, {}] };
    expect(reassembleEntities(4, [{ batch, entities: [{ n: 1 }] }])).toEqual([null, { n: 1 }, null, null]);
  });

  test('error paths of one region’s batch are remapped to the original positions', () => {
    const { batches } = splitRepresentations(representations);
    const tj = batches.find((batch) => batch.region === 'TJ')!;
    const error: GraphQLFormattedError = { message: 'boom', path: ['_entities', 2, 'title'], extensions: { code: 'X' } };
    expect(remapEntityErrorPath(error, tj)).toEqual({ message: 'boom', path: ['_entities', 7, 'title'], extensions: { code: 'X' } });
    expect(remapEntityErrorPath({ message: 'a', path: ['_entities', 1] }, tj).path).toEqual(['_entities', 2]);
    // Not an _entities path, no path, or an index the batch does not have: unchanged.
    expect(remapEntityErrorPath({ message: 'b', path: ['recall', 0] }, tj)).toEqual({ message: 'b', path: ['recall', 0] });
    expect(remapEntityErrorPath({ message: 'c' }, tj)).toEqual({ message: 'c' });
    expect(remapEntityErrorPath({ message: 'd', path: ['_entities', 9] }, tj)).toEqual({ message: 'd', path: ['_entities', 9] });
  });

  test('an enterprise asked of every region gets the three regions’ records concatenated, newest first', () => {
    const code = creditCode('BJ', 3);
    const perRegion: Array<readonly unknown[] | null> = [
      [{ creditCode: code, recalls: [{ id: 'BJ-RCL-2024-000010' }, { id: 'BJ-RCL-2022-000003' }], complaints: [] }, null],
      null, // a region that failed contributes nothing
      [{ creditCode: code, recalls: [{ id: 'HE-RCL-2025-000001' }, { id: 'HE-RCL-2024-000010' }], complaints: [{ id: 'HE-CMP-2023-000002' }] }, null],
    ];
    expect(mergeFannedOutEntities(perRegion, 2)).toEqual([
      {
        creditCode: code,
        recalls: [{ id: 'HE-RCL-2025-000001' }, { id: 'BJ-RCL-2024-000010' }, { id: 'HE-RCL-2024-000010' }, { id: 'BJ-RCL-2022-000003' }],
        complaints: [{ id: 'HE-CMP-2023-000002' }],
      },
      null,
    ]);
  });
});

/* ---------- connectionMerge ---------- */

describe('connectionMerge: cursors', () => {
  test('a cursor decodes to [sortValue, id]', () => {
    expect(cursorKey(encodeCursor(new Date('2024-05-01T08:00:00.000Z'), 'TJ-RCL-2024-000001'))).toEqual(['2024-05-01T08:00:00.000Z', 'TJ-RCL-2024-000001']);
    expect(cursorKey(encodeCursor(42, 'HE-RCL-2024-000001'))).toEqual([42, 'HE-RCL-2024-000001']);
    expect(() => cursorKey(undefined as never)).toThrow();
  });

  test('cursors order by sort value, then by ID, in the requested direction', () => {
    const early = encodeCursor(new Date('2024-01-01T00:00:00.000Z'), 'TJ-RCL-2024-000001');
    const late = encodeCursor(new Date('2024-06-01T00:00:00.000Z'), 'BJ-RCL-2024-000001');
    const lateHe = encodeCursor(new Date('2024-06-01T00:00:00.000Z'), 'HE-RCL-2024-000001');
    expect(compareCursors(early, late, 1)).toBeLessThan(0);
    expect(compareCursors(early, late, -1)).toBeGreaterThan(0);
    expect(compareCursors(late, lateHe, 1)).toBeLessThan(0); // tie broken by ID: BJ < HE
    expect(compareCursors(late, lateHe, -1)).toBeGreaterThan(0);
    expect(compareCursors(late, late, 1)).toBe(0);
  });

  test('numeric sort values compare as numbers, not as text', () => {
    const nine = encodeCursor(9, 'TJ-RCL-2024-000001');
    const ten = encodeCursor(10, 'BJ-RCL-2024-000001');
    const thousand = encodeCursor(1000, 'BJ-RCL-2024-000002');
    expect(compareCursors(nine, ten, 1)).toBeLessThan(0);
    expect(compareCursors(ten, thousand, 1)).toBeLessThan(0);
    expect(compareCursors(thousand, nine, -1)).toBeLessThan(0);
  });
});

describe('connectionMerge: merging regional pages', () => {
  const bj: Row[] = [
    { id: 'BJ-RCL-2024-000009', sort: '2024-09-01T00:00:00.000Z' },
    { id: 'BJ-RCL-2024-000005', sort: '2024-05-01T00:00:00.000Z' },
    { id: 'BJ-RCL-2024-000002', sort: '2024-02-01T00:00:00.000Z' },
  ];
  const tj: Row[] = [
    { id: 'TJ-RCL-2024-000010', sort: '2024-10-01T00:00:00.000Z' },
    { id: 'TJ-RCL-2024-000005', sort: '2024-05-01T00:00:00.000Z' }, // same instant as BJ-…-000005 and HE-…-000005
    { id: 'TJ-RCL-2024-000001', sort: '2024-01-01T00:00:00.000Z' },
  ];
  const he: Row[] = [
    { id: 'HE-RCL-2024-000007', sort: '2024-07-01T00:00:00.000Z' },
    { id: 'HE-RCL-2024-000005', sort: '2024-05-01T00:00:00.000Z' },
  ];

  test('the first `first` edges of the merge-sorted pages, ties broken by ID (descending)', () => {
    const pages = [regionPage('BJ', bj, { totalCount: 30 }), regionPage('TJ', tj, { totalCount: 40 }), regionPage('HE', he, { totalCount: 2 })];
    const { connection } = mergeConnectionPages(pages, mergeRequest(6, -1));
    expect(idsOf(connection)).toEqual([
      'TJ-RCL-2024-000010',
      'BJ-RCL-2024-000009',
      'HE-RCL-2024-000007',
      'TJ-RCL-2024-000005',
      'HE-RCL-2024-000005',
      'BJ-RCL-2024-000005',
    ]);
    expect(connection.totalCount).toBe(72);
    expect(connection.pageInfo).toEqual({
      hasNextPage: true, // two candidates were left over
      hasPreviousPage: false,
      startCursor: dateCursor(tj[0]!),
      endCursor: dateCursor(bj[1]!),
    });
  });

  test('each region page is taken in its own order: the merge reads only the cursors it compares', () => {
    // Past the page's end (first: 3) no cursor is decoded: a region's later edges cannot make a page that is full.
    const cursorOf = (row: Row) => (row.id === 'BJ-RCL-2024-000002' || row.id === 'TJ-RCL-2024-000001' ? 'not a cursor' : dateCursor(row));
    const pages = [regionPage('BJ', bj, { cursorOf }), regionPage('TJ', tj, { cursorOf }), regionPage('HE', he, { cursorOf })];
    const { connection } = mergeConnectionPages(pages, mergeRequest(3, -1));
    expect(idsOf(connection)).toEqual(['TJ-RCL-2024-000010', 'BJ-RCL-2024-000009', 'HE-RCL-2024-000007']);
    expect((connection.pageInfo as JsonObject).hasNextPage).toBe(true);
    // An edge the merge does reach must carry a cursor.
    expect(() => mergeConnectionPages(pages, mergeRequest(8, -1))).toThrow();
  });

  test('ascending order reverses both the sort value and the ID tie-break', () => {
    const asc = (rows: Row[]) => [...rows].reverse();
    const pages = [regionPage('BJ', asc(bj)), regionPage('TJ', asc(tj)), regionPage('HE', asc(he))];
    const { connection } = mergeConnectionPages(pages, mergeRequest(5, 1, { after: 'some-cursor' }));
    expect(idsOf(connection)).toEqual(['TJ-RCL-2024-000001', 'BJ-RCL-2024-000002', 'BJ-RCL-2024-000005', 'HE-RCL-2024-000005', 'TJ-RCL-2024-000005']);
    expect((connection.pageInfo as JsonObject).hasPreviousPage).toBe(true);
  });

  test('numeric sort keys with ties across regions', () => {
    const rows: Record<RegionCode, Row[]> = {
      BJ: [{ id: 'BJ-RCL-2023-000001', sort: 1000 }, { id: 'BJ-RCL-2023-000002', sort: 9 }],
      TJ: [{ id: 'TJ-RCL-2023-000001', sort: 1000 }, { id: 'TJ-RCL-2023-000002', sort: 10 }],
      HE: [{ id: 'HE-RCL-2023-000001', sort: 80 }],
    };
    const pages = (['BJ', 'TJ', 'HE'] as const).map((region) => regionPage(region, rows[region], { cursorOf: numberCursor }));
    const { connection } = mergeConnectionPages(pages, mergeRequest(10, -1));
    expect(idsOf(connection)).toEqual(['TJ-RCL-2023-000001', 'BJ-RCL-2023-000001', 'HE-RCL-2023-000001', 'TJ-RCL-2023-000002', 'BJ-RCL-2023-000002']);
    expect((connection.pageInfo as JsonObject).hasNextPage).toBe(false);
  });

  test('hasNextPage is true when any region has more, even if the merged page is not full of leftovers', () => {
    const pages = [regionPage('BJ', bj.slice(0, 1), { hasNextPage: true }), regionPage('TJ', [], {}), regionPage('HE', [], {})];
    const { connection } = mergeConnectionPages(pages, mergeRequest(1, -1));
    expect(idsOf(connection)).toEqual(['BJ-RCL-2024-000009']);
    expect((connection.pageInfo as JsonObject).hasNextPage).toBe(true);
  });

  test('hasNextPage is false when every record was returned; an empty merge has null cursors and zero total', () => {
    const pages = [regionPage('BJ', bj), regionPage('TJ', tj), regionPage('HE', he)];
    expect((mergeConnectionPages(pages, mergeRequest(8, -1)).connection.pageInfo as JsonObject).hasNextPage).toBe(false);
    expect((mergeConnectionPages(pages, mergeRequest(7, -1)).connection.pageInfo as JsonObject).hasNextPage).toBe(true);
    const empty = mergeConnectionPages([regionPage('BJ', []), regionPage('TJ', [])], mergeRequest(5, -1)).connection;
    expect(empty).toEqual({ edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }, totalCount: 0 });
  });

  test('the output follows the client’s selection: aliases, fragments, __typename, no hidden fields', () => {
    const client = rootField(`
      query { page: recalls(first: 2) { items: edges { node { id } } ...Info total: totalCount __typename } }
      fragment Info on ProductRecallConnection { info: pageInfo { more: hasNextPage __typename end: endCursor } }
    `);
    const page = (region: RegionCode, rows: Row[]): RegionPage => {
      const base = regionPage(region, rows, { edgesKey: 'items' });
      return { region, connection: { ...base.connection, __typename: 'ProductRecallConnection' } };
    };
    const { connection } = mergeConnectionPages([page('BJ', bj), page('HE', he)], { first: 2, direction: -1, clientField: client.field, fragments: client.fragments });
    expect(connection).toEqual({
      items: [{ node: { id: 'BJ-RCL-2024-000009' } }, { node: { id: 'HE-RCL-2024-000007' } }],
      info: { more: true, __typename: 'PageInfo', end: dateCursor(he[0]!) },
      total: 5,
      __typename: 'ProductRecallConnection',
    });
  });

  test('paging through regional pages with the merged endCursor visits every record once, in order (generated data)', () => {
    const random = lcg(20180427);
    for (const direction of [-1, 1] as const) {
      for (const kind of ['date', 'number'] as const) {
        // Three regions with sort-value collisions inside and across regions.
        const data: Record<RegionCode, Row[]> = { BJ: [], TJ: [], HE: [] };
        for (const region of ['BJ', 'TJ', 'HE'] as const) {
          const count = 5 + Math.floor(random() * 30);
          for (let serial = 1; serial <= count; serial++) {
            const bucket = Math.floor(random() * 25);
            data[region].push({
              id: `${region}-RCL-2024-${String(serial).padStart(6, '0')}`,
              sort: kind === 'date' ? new Date(Date.UTC(2024, 0, 1 + bucket)).toISOString() : bucket * 7,
            });
          }
        }
        const cursorOf = kind === 'date' ? dateCursor : numberCursor;
        const order = (a: Row, b: Row) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0) * direction;
        const expected = Object.values(data).flat().sort(order).map((row) => row.id);
        // A region answers like keysetPage: sorted, strictly after the cursor, `first` rows and whether more exist.
        const answer = (region: RegionCode, first: number, after: string | null): RegionPage => {
          const sorted = [...data[region]].sort(order);
          const afterKey = after ? cursorKey(after) : null;
          const beyond = afterKey ? sorted.filter((row) => order(row, { sort: afterKey[0] as string | number, id: afterKey[1] }) > 0) : sorted;
          return regionPage(region, beyond.slice(0, first), { hasNextPage: beyond.length > first, totalCount: data[region].length, cursorOf });
        };
        for (const first of [1, 4, 7, 50]) {
          const seen: string[] = [];
          let after: string | null = null;
          for (let pageNumber = 0; pageNumber < 200; pageNumber++) {
            const pages = (['BJ', 'TJ', 'HE'] as const).map((region) => answer(region, first, after));
            const { connection } = mergeConnectionPages(pages, mergeRequest(first, direction, { after }));
            const ids = idsOf(connection);
            const pageInfo = connection.pageInfo as { hasNextPage: boolean; endCursor: string | null };
            expect(connection.totalCount).toBe(expected.length);
            expect(ids.length).toBeLessThanOrEqual(first);
            seen.push(...ids);
            if (!pageInfo.hasNextPage) break;
            expect(ids).toHaveLength(first);
            after = pageInfo.endCursor;
          }
          expect(seen).toEqual(expected);
        }
      }
    }
  });
});

describe('connectionMerge: error paths', () => {
  const pages = [
    regionPage('BJ', [
      { id: 'BJ-RCL-2024-000003', sort: '2024-03-01T00:00:00.000Z' },
      { id: 'BJ-RCL-2024-000001', sort: '2024-01-01T00:00:00.000Z' },
    ]),
    regionPage('TJ', [
      { id: 'TJ-RCL-2024-000004', sort: '2024-04-01T00:00:00.000Z' },
      { id: 'TJ-RCL-2024-000002', sort: '2024-02-01T00:00:00.000Z' },
    ]),
  ];
  // Merged: TJ#0, BJ#0, TJ#1 (first: 3); BJ#1 did not make the page.
  const merged = mergeConnectionPages(pages, mergeRequest(3, -1));

  test('an error on a region’s edge moves to that edge’s merged position', () => {
    expect(idsOf(merged.connection)).toEqual(['TJ-RCL-2024-000004', 'BJ-RCL-2024-000003', 'TJ-RCL-2024-000002']);
    const error: GraphQLFormattedError = { message: 'x', path: ['recalls', 'edges', 1, 'node', 'riskAlerts', 0], extensions: { code: 'FORBIDDEN' } };
    expect(remapConnectionError(error, 'TJ', 'recalls', merged)).toEqual({ ...error, path: ['recalls', 'edges', 2, 'node', 'riskAlerts', 0] });
    expect(remapConnectionError({ message: 'y', path: ['recalls', 'edges', 0, 'node'] }, 'BJ', 'recalls', merged)!.path).toEqual(['recalls', 'edges', 1, 'node']);
  });

  test('an error on an edge that did not make the merged page is dropped', () => {
    expect(remapConnectionError({ message: 'z', path: ['recalls', 'edges', 1, 'node'] }, 'BJ', 'recalls', merged)).toBeNull();
  });

  test('errors not about an edge of this field are kept as they are', () => {
    const onField: GraphQLFormattedError = { message: 'bad filter', path: ['recalls'] };
    expect(remapConnectionError(onField, 'BJ', 'recalls', merged)).toBe(onField);
    const elsewhere: GraphQLFormattedError = { message: 'other', path: ['complaints', 'edges', 0] };
    expect(remapConnectionError(elsewhere, 'BJ', 'recalls', merged)).toBe(elsewhere);
    const noPath: GraphQLFormattedError = { message: 'none' };
    expect(remapConnectionError(noPath, 'BJ', 'recalls', merged)).toBe(noPath);
  });
});

/* ---------- statisticsMerge ---------- */

describe('statisticsMerge: group-by statistics added up by key', () => {
  type Key = { region?: string | null; category?: string | null; status?: string | null; level?: string | null; month?: string | null };
  /** A region's group as returned for the rewritten field: the hidden key/measures plus the client's selection. */
  const group = (key: Key, count: number, sum: number | null, overdue: number | null = null, clientKey: JsonObject = key): JsonObject => ({
    key: clientKey,
    count,
    sum,
    overdue,
    [HIDDEN_STATISTICS.key]: { region: null, category: null, status: null, level: null, month: null, ...key },
    [HIDDEN_STATISTICS.state]: JSON.stringify({ count, sum, overdue, overdueByStage: null, values: {} }),
  });
  const client = rootField('{ complaintStatistics(groupBy: [CATEGORY, STATUS]) { key { category status } count sum overdue } }');

  test('groups with the same key from different regions add up; others pass through; sorted by key', () => {
    const bj = [group({ category: 'PRICE', status: 'RESOLVED' }, 3, 150.5, 1), group({ category: 'AFTER_SALES', status: 'ACCEPTED' }, 2, 20, 0)];
    const tj = [group({ category: 'PRICE', status: 'RESOLVED' }, 4, 49.5, 2), group({ category: 'FOOD_SAFETY', status: 'REGISTERED' }, 1, 0, 1)];
    const he = [group({ category: 'AFTER_SALES', status: 'ACCEPTED' }, 5, 80, 3)];
    expect(mergeStatistics([bj, tj, he], client.field, client.fragments)).toEqual([
      { key: { category: 'AFTER_SALES', status: 'ACCEPTED' }, count: 7, sum: 100, overdue: 3 },
      { key: { category: 'FOOD_SAFETY', status: 'REGISTERED' }, count: 1, sum: 0, overdue: 1 },
      { key: { category: 'PRICE', status: 'RESOLVED' }, count: 7, sum: 200, overdue: 3 },
    ]);
  });

  test('the merge is by the full hidden key, even when the client selected only part of it', () => {
    const partial = rootField('{ recallStatistics(groupBy: [REGION, CATEGORY]) { key { category } n: count } }');
    const groups = [
      [group({ region: 'BEIJING', category: 'TOYS' }, 2, 10, null, { category: 'TOYS' })],
      [group({ region: 'TIANJIN', category: 'TOYS' }, 3, 30, null, { category: 'TOYS' })],
    ];
    expect(mergeStatistics(groups, partial.field, partial.fragments)).toEqual([
      { key: { category: 'TOYS' }, n: 2 },
      { key: { category: 'TOYS' }, n: 3 },
    ]);
  });

  test('null measures stay null (entities without a sum), a null next to a number counts as zero', () => {
    const alerts = rootField('{ riskAlertStatistics(groupBy: [LEVEL]) { key { level } count sum overdue } }');
    expect(mergeStatistics([[group({ level: 'HIGH' }, 2, null)], [group({ level: 'HIGH' }, 5, null)]], alerts.field, alerts.fragments)).toEqual([
      { key: { level: 'HIGH' }, count: 7, sum: null, overdue: null },
    ]);
    expect(mergeStatistics([[group({ level: 'LOW' }, 1, null)], [group({ level: 'LOW' }, 1, 4)]], alerts.field, alerts.fragments)).toEqual([
      { key: { level: 'LOW' }, count: 2, sum: 4, overdue: null },
    ]);
  });

  test('measures come from the merged state, never from averaging the regions’ answers', () => {
    // Beijing: 1, 1, 1 day; Tianjin: 10, 20 days. Medians 1 and 15 would "average" to 8; the merged median is 1.
    const days = (values: number[]) => ({ n: values.length, sum: values.reduce((a, b) => a + b, 0), min: Math.min(...values), max: Math.max(...values), exact: Object.fromEntries([...new Set(values)].map((v) => [String(v), values.filter((w) => w === v).length])) });
    const fen = (values: number[]) => ({ n: values.length, sum: values.reduce((a, b) => a + b, 0), min: Math.min(...values), max: Math.max(...values), sketch: values.reduce<Record<string, number>>((sketch, v) => ({ ...sketch, [sketchBucket(v)]: (sketch[sketchBucket(v)] ?? 0) + 1 }), {}) });
    const regionGroup = (workingDays: number[], amounts: number[]) => ({
      key: { category: 'PRICE' },
      [HIDDEN_STATISTICS.key]: { category: 'PRICE' },
      [HIDDEN_STATISTICS.state]: JSON.stringify({ count: workingDays.length, sum: null, overdue: null, overdueByStage: null, values: { 'durations.receiptToAcceptance.workingDays': days(workingDays), amount: fen(amounts) } }),
    });
    const query = rootField(`{ complaintStatistics(groupBy: [CATEGORY]) { key { category } n: count
      amount { sum mean median p90 __typename }
      durations { receiptToAcceptance { workingDays { ...d } } } } } fragment d on DayMeasures { median p90 mean histogram { days count } }`);
    const [merged] = mergeStatistics([[regionGroup([1, 1, 1], [10, 10, 10])], [regionGroup([10, 20], [100_000, 20])]], query.field, query.fragments);
    expect(merged).toEqual({
      key: { category: 'PRICE' },
      n: 5,
      amount: { sum: '1000.50', mean: '200.10', median: '0.10', p90: expect.stringMatching(/^(99[0-9]|100[0-9])\.\d\d$/), __typename: 'MoneyMeasures' },
      durations: { receiptToAcceptance: { workingDays: { median: 1, p90: 20, mean: 33 / 5, histogram: [{ days: 1, count: 3 }, { days: 10, count: 1 }, { days: 20, count: 1 }] } } },
    });
  });

  test('one region alone: its groups in the merge’s order, the hidden key dropped, its own measures kept', () => {
    // The region sorts by its groupBy order (status first); the merge sorts by the key fields' fixed order (category first).
    const regionOrder = [group({ category: 'PRICE', status: 'ACCEPTED' }, 1, 5), group({ category: 'AFTER_SALES', status: 'REGISTERED' }, 2, 7)];
    const statusFirst = rootField('{ complaintStatistics(groupBy: [STATUS, CATEGORY]) { key { category status } count sum overdue } }');
    const withoutState = regionOrder.map(({ [HIDDEN_STATISTICS.state]: _state, ...rest }) => rest);
    const alone = orderedRegionGroups(withoutState);
    expect(alone).toEqual(mergeStatistics([regionOrder], statusFirst.field, statusFirst.fragments));
    expect(alone.map((g) => Object.keys(g))).toEqual([['key', 'count', 'sum', 'overdue'], ['key', 'count', 'sum', 'overdue']]);
    expect(orderedRegionGroups(withoutState.slice().reverse())).toEqual(alone);
  });

  test('one region alone is asked for the key fields its groupBy sets, in the merge’s order, each set printed once', () => {
    const statusFirst = rootField('{ complaintStatistics(groupBy: [STATUS, CATEGORY]) { key { category status } count } }');
    const hiddenKeyOf = (rewritten: FieldNode) => (rewritten.selectionSet!.selections as FieldNode[]).find((selection) => selection.alias?.value === HIDDEN_STATISTICS.key)!;
    const rewritten = withStatisticsKeyOnly(statusFirst.field, ['STATUS', 'CATEGORY']);
    expect((hiddenKeyOf(rewritten).selectionSet!.selections as FieldNode[]).map((selection) => selection.name.value)).toEqual(['category', 'status']);
    // The same set, from variables or in another order, is the same node (its operation is printed once).
    expect(withStatisticsKeyOnly(statusFirst.field, ['CATEGORY', 'STATUS'])).toBe(rewritten);
    // Without a usable groupBy every key field is asked, as the merge of several regions does.
    for (const groupBy of [undefined, [], ['NOT_A_DIMENSION'], 'CATEGORY']) {
      expect(hiddenKeyOf(withStatisticsKeyOnly(statusFirst.field, groupBy)).selectionSet!.selections).toHaveLength(STATISTICS_KEY_FIELD_NAMES.length);
    }
  });

  test('no regions, no groups', () => {
    expect(mergeStatistics([], client.field, client.fragments)).toEqual([]);
    expect(mergeStatistics([[], []], client.field, client.fragments)).toEqual([]);
  });
});
