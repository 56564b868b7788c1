import type { FieldNode, FragmentDefinitionNode, GraphQLFormattedError } from 'graphql';
import { compareCursorKeys, regionCursorSortKey, type CursorSortKey } from '../../kernel';
import { field, fieldsOf, memoizedRewrite, responseKey, withExtraSelections } from './operations';

/** Hidden aliases the router adds to a list field so it can merge pages whatever the client selected. */
export const HIDDEN = {
  edges: '__jjjEdges',
  cursor: '__jjjCursor',
  pageInfo: '__jjjPageInfo',
  totalCount: '__jjjTotalCount',
} as const;

const connectionKeysOf = memoizedRewrite((connectionField: FieldNode, fragments: Map<string, FragmentDefinitionNode>) => {
  const wantsTotal = fieldsOf(connectionField.selectionSet, fragments).some((selection) => selection.name.value === 'totalCount');
  return withExtraSelections(connectionField, [
    field('edges', { alias: HIDDEN.edges, selections: [field('cursor', { alias: HIDDEN.cursor })] }),
    field('pageInfo', { alias: HIDDEN.pageInfo, selections: [field('hasNextPage')] }),
    ...(wantsTotal ? [field('totalCount', { alias: HIDDEN.totalCount })] : []),
  ]);
});

/**
 * Adds the cursors and page flags the merge needs; totalCount only when the client asked (counting is costly).
 * The same node for the same field and fragments, so the operation asked of the regions is printed once.
 */
export function withConnectionKeys(connectionField: FieldNode, fragments: Map<string, FragmentDefinitionNode> = new Map()): FieldNode {
  return connectionKeysOf(connectionField, fragments);
}

type JsonObject = Record<string, unknown>;

/** One region's page of a connection, as returned for the rewritten field. */
export interface RegionPage {
  region: string;
  connection: JsonObject;
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
  const candidates: Array<{ page: RegionPage; index: number; cursor: string; sortKey: CursorSortKey }> = [];
  for (const page of pages) {
    const edges = (page.connection[HIDDEN.edges] as JsonObject[] | null) ?? [];
    edges.forEach((edge, index) => {
      const cursor = edge[HIDDEN.cursor];
      if (typeof cursor !== 'string') throw new Error(`region ${page.region} returned an edge without a cursor`);
      candidates.push({ page, index, cursor, sortKey: regionCursorSortKey(cursor) });
    });
  }
  candidates.sort((left, right) => compareCursorKeys(left.sortKey, right.sortKey, request.direction));
  const selected = candidates.slice(0, request.first);
  const edgePositions = new Map(selected.map((candidate, position) => [`${candidate.page.region}:${candidate.index}`, position]));
  const anyRegionHasMore = pages.some((page) => Boolean((page.connection[HIDDEN.pageInfo] as JsonObject | null)?.hasNextPage));
  const pageInfo = {
    hasNextPage: candidates.length > selected.length || anyRegionHasMore,
    hasPreviousPage: Boolean(request.after),
    startCursor: selected[0]?.cursor ?? null,
    endCursor: selected[selected.length - 1]?.cursor ?? null,
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
