import type { FieldNode, FragmentDefinitionNode, GraphQLFormattedError } from 'graphql';
import { field, fieldsOf, responseKey, withExtraSelections } from './operations';

/** Hidden aliases the router adds to a list field so it can merge pages whatever the client selected. */
export const HIDDEN = {
  edges: '__jjjEdges',
  cursor: '__jjjCursor',
  pageInfo: '__jjjPageInfo',
  totalCount: '__jjjTotalCount',
} as const;

/** Adds the cursors and page flags the merge needs; totalCount only when the client asked (counting is costly). */
export function withConnectionKeys(connectionField: FieldNode, fragments: Map<string, FragmentDefinitionNode> = new Map()): FieldNode {
  const wantsTotal = fieldsOf(connectionField.selectionSet, fragments).some((selection) => selection.name.value === 'totalCount');
  return withExtraSelections(connectionField, [
    field('edges', { alias: HIDDEN.edges, selections: [field('cursor', { alias: HIDDEN.cursor })] }),
    field('pageInfo', { alias: HIDDEN.pageInfo, selections: [field('hasNextPage')] }),
    ...(wantsTotal ? [field('totalCount', { alias: HIDDEN.totalCount })] : []),
  ]);
}

type JsonObject = Record<string, unknown>;

/** One region's page of a connection, as returned for the rewritten field. */
export interface RegionPage {
  region: string;
  connection: JsonObject;
}

/** Decodes the keyset cursor's JSON `[sortValue, id]` without knowing the sort kind: ISO dates and IDs order as strings. */
export function cursorKey(cursor: unknown): [string | number, string] {
  if (typeof cursor !== 'string') throw new Error('edge without a cursor');
  const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string | number, string];
  return parsed;
}

function compareValues(left: string | number, right: string | number): number {
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  const a = String(left);
  const b = String(right);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Order of two cursors in a list sorted by (sortValue, id) in `direction` (1 ascending, -1 descending). */
export function compareCursors(left: unknown, right: unknown, direction: 1 | -1): number {
  const [leftValue, leftId] = cursorKey(left);
  const [rightValue, rightId] = cursorKey(right);
  return (compareValues(leftValue, rightValue) || compareValues(leftId, rightId)) * direction;
}

export interface MergeRequest {
  first: number;
  after?: string | null;
  direction: 1 | -1;
  /** The client's field (without hidden selections): its sub-selections decide the output's keys. */
  clientField: FieldNode;
  fragments: Map<string, FragmentDefinitionNode>;
}

export interface MergedConnection {
  connection: JsonObject;
  /** (region, region-local edge index) → merged edge index, for remapping error paths. */
  edgePositions: Map<string, number>;
}

/**
 * Merge-sorts regional pages into one page of `first` edges: every region was asked for `first` edges after the
 * same cursor, so the first `first` of the merged order are exactly the global page. Totals add up.
 */
export function mergeConnectionPages(pages: RegionPage[], request: MergeRequest): MergedConnection {
  const candidates: Array<{ page: RegionPage; index: number; cursor: unknown }> = [];
  for (const page of pages) {
    const edges = (page.connection[HIDDEN.edges] as JsonObject[] | null) ?? [];
    edges.forEach((edge, index) => candidates.push({ page, index, cursor: edge[HIDDEN.cursor] }));
  }
  candidates.sort((left, right) => compareCursors(left.cursor, right.cursor, request.direction));
  const selected = candidates.slice(0, request.first);
  const edgePositions = new Map(selected.map((candidate, position) => [`${candidate.page.region}:${candidate.index}`, position]));
  const anyRegionHasMore = pages.some((page) => Boolean((page.connection[HIDDEN.pageInfo] as JsonObject | null)?.hasNextPage));
  const pageInfo = {
    hasNextPage: candidates.length > selected.length || anyRegionHasMore,
    hasPreviousPage: Boolean(request.after),
    startCursor: (selected[0]?.cursor as string | undefined) ?? null,
    endCursor: (selected[selected.length - 1]?.cursor as string | undefined) ?? null,
  };
  const totalCount = pages.reduce((sum, page) => sum + Number(page.connection[HIDDEN.totalCount] ?? 0), 0);

  const connection: JsonObject = {};
  for (const selection of fieldsOf(request.clientField.selectionSet, request.fragments)) {
    const key = responseKey(selection);
    switch (selection.name.value) {
      case 'edges':
        connection[key] = selected.map((candidate) => ((candidate.page.connection[key] as JsonObject[] | null) ?? [])[candidate.index] ?? null);
        break;
      case 'pageInfo': {
        const info: JsonObject = {};
        for (const infoField of fieldsOf(selection.selectionSet, request.fragments)) {
          info[responseKey(infoField)] = infoField.name.value === '__typename' ? 'PageInfo' : pageInfo[infoField.name.value as keyof typeof pageInfo];
        }
        connection[key] = info;
        break;
      }
      case 'totalCount':
        connection[key] = totalCount;
        break;
      default:
        connection[key] = pages[0]?.connection[key] ?? null;
    }
  }
  return { connection, edgePositions };
}

/** Maps an error from one region's page onto the merged page (dropped when its edge did not make the page). */
export function remapConnectionError(error: GraphQLFormattedError, region: string, fieldKey: string, merged: MergedConnection): GraphQLFormattedError | null {
  const path = error.path;
  if (!path || path[0] !== fieldKey || typeof path[2] !== 'number') return error;
  const position = merged.edgePositions.get(`${region}:${path[2]}`);
  if (position === undefined) return null;
  return { ...error, path: [path[0], path[1], position, ...path.slice(3)] };
}
