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

/** One region's page during the merge: its edges and the one at the front, decoded. */
interface PageHead {
  page: RegionPage;
  edges: JsonObject[];
  index: number;
  cursor: string;
  sortKey: CursorSortKey;
}

/** Moves a head to its page's next edge (decoding its cursor); false when the page has no more. */
function advance(head: PageHead): boolean {
  if (head.index >= head.edges.length) return false;
  const cursor = head.edges[head.index]?.[HIDDEN.cursor];
  if (typeof cursor !== 'string') throw new Error(`region ${head.page.region} returned an edge without a cursor`);
  head.cursor = cursor;
  head.sortKey = regionCursorSortKey(cursor);
  return true;
}

/**
 * Merges regional pages into one page of `first` edges: every region was asked for `first` edges after the same
 * cursor, in the same order, so the first `first` of the merged order are exactly the global page. Each page is
 * already in that order, so the merge takes the least of the pages' front edges `first` times: it decodes only the
 * cursors it compares (about `first` + one per region, not every edge of every page; decoding was most of a merge's
 * CPU). Equal keys keep the pages' order. Totals add up.
 */
export function mergeConnectionPages(pages: RegionPage[], request: MergeRequest): MergedConnection {
  const heads: PageHead[] = pages.map((page) => ({ page, edges: (page.connection[HIDDEN.edges] as JsonObject[] | null) ?? [], index: 0, cursor: '', sortKey: ['', ''] }));
  const edgeCount = heads.reduce((sum, head) => sum + head.edges.length, 0);
  const live = heads.filter(advance);
  const selected: Array<{ page: RegionPage; index: number; cursor: string }> = [];
  while (selected.length < request.first && live.length > 0) {
    let least = 0;
    for (let i = 1; i < live.length; i++) if (compareCursorKeys(live[i]!.sortKey, live[least]!.sortKey, request.direction) < 0) least = i;
    const head = live[least]!;
    selected.push({ page: head.page, index: head.index, cursor: head.cursor });
    head.index++;
    if (!advance(head)) live.splice(least, 1);
  }
  const edgePositions = new Map(selected.map((candidate, position) => [`${candidate.page.region}:${candidate.index}`, position]));
  const anyRegionHasMore = pages.some((page) => Boolean((page.connection[HIDDEN.pageInfo] as JsonObject | null)?.hasNextPage));
  const pageInfo = {
    hasNextPage: edgeCount > selected.length || anyRegionHasMore,
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
