import type { Collection, Document, Filter, Sort } from 'mongodb';
import { decodeCursor, encodeCursor, type CursorSortKind, type CursorSortValue } from '../../../kernel';
import { BadUserInputError } from './domainErrors';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** A sortable key of a collection: a date, number or ID field (never free text). */
export interface SortKey {
  path: string;
  kind: CursorSortKind;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Edge<TNode> {
  cursor: string;
  node: TNode;
}

/** A Relay connection: one page of nodes with their cursors, and the number of matches on all pages. */
export interface Connection<TNode> {
  edges: Edge<TNode>[];
  pageInfo: PageInfo;
  /** -1 when the request did not ask for it (see `PageRequest.countTotal`). */
  totalCount: number;
}

export interface PageRequest {
  filter: Filter<Document>;
  sortKey: SortKey;
  direction: 1 | -1;
  first?: number | null;
  after?: string | null;
  /** Counting every match is the expensive part of a page: skip it when totalCount is not selected. */
  countTotal?: boolean;
}

function sortValueOf(document: Document, sortKey: SortKey): CursorSortValue {
  let value: unknown = document;
  for (const segment of sortKey.path.split('.')) value = (value as Document | undefined)?.[segment];
  return value as CursorSortValue;
}

export function validatePageSize(first: number | null | undefined): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw new BadUserInputError('first', `first must be an integer from 0 to ${MAX_PAGE_SIZE}, got ${first}`);
  }
  return size;
}

/**
 * The filter selecting records strictly after a keyset cursor in (sortKey, _id) order. The plain range
 * on the sort key lets an index scan start at the cursor; the `$or` breaks ties by ID.
 */
function afterCursorFilter(sortKey: SortKey, direction: 1 | -1, after: string): Filter<Document> {
  const { sortValue, id } = decodeCursor(after, sortKey.kind);
  const beyond = direction === 1 ? '$gt' : '$lt';
  if (sortKey.path === '_id') return { _id: { [beyond]: id } };
  const inclusive = direction === 1 ? '$gte' : '$lte';
  return {
    [sortKey.path]: { [inclusive]: sortValue },
    $or: [{ [sortKey.path]: { [beyond]: sortValue } }, { _id: { [beyond]: id } }],
  };
}

/** One keyset page of a collection with its total; every node's cursor encodes [sortValue, id]. */
export async function keysetPage<TDocument extends Document, TNode>(
  collection: Collection<TDocument>,
  request: PageRequest,
  toNode: (document: TDocument) => TNode,
): Promise<Connection<TNode>> {
  const size = validatePageSize(request.first);
  const pageFilter = request.after
    ? { $and: [request.filter, afterCursorFilter(request.sortKey, request.direction, request.after)] }
    : request.filter;
  const sort: Sort = request.sortKey.path === '_id' ? { _id: request.direction } : { [request.sortKey.path]: request.direction, _id: request.direction };
  const [documents, totalCount] = await Promise.all([
    size === 0 ? Promise.resolve([]) : collection.find(pageFilter as Filter<TDocument>, { sort, limit: size + 1 }).toArray(),
    request.countTotal === false ? Promise.resolve(-1) : collection.countDocuments(request.filter as Filter<TDocument>),
  ]);
  const pageDocuments = documents.slice(0, size) as TDocument[];
  const edges = pageDocuments.map((document) => ({
    cursor: encodeCursor(sortValueOf(document, request.sortKey), String(document._id)),
    node: toNode(document),
  }));
  return {
    edges,
    totalCount,
    pageInfo: {
      hasNextPage: documents.length > size,
      hasPreviousPage: Boolean(request.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/**
 * One keyset page of the documents a pipeline makes of a collection (e.g. entries unwound from the records that hold
 * them, each given an `_id`): the same filter, cursor, order and total as keysetPage.
 */
export async function keysetPipelinePage<TDocument extends Document, TNode>(
  collection: Collection<Document>,
  pipeline: readonly Document[],
  request: PageRequest,
  toNode: (document: TDocument) => TNode,
): Promise<Connection<TNode>> {
  const size = validatePageSize(request.first);
  const pageFilter = request.after ? { $and: [request.filter, afterCursorFilter(request.sortKey, request.direction, request.after)] } : request.filter;
  const sort: Sort = request.sortKey.path === '_id' ? { _id: request.direction } : { [request.sortKey.path]: request.direction, _id: request.direction };
  const [documents, counted] = await Promise.all([
    size === 0 ? Promise.resolve([]) : collection.aggregate([...pipeline, { $match: pageFilter }, { $sort: sort }, { $limit: size + 1 }]).toArray(),
    request.countTotal === false ? Promise.resolve(null) : collection.aggregate([...pipeline, { $match: request.filter }, { $count: 'total' }]).toArray(),
  ]);
  const pageDocuments = documents.slice(0, size) as TDocument[];
  const edges = pageDocuments.map((document) => ({ cursor: encodeCursor(sortValueOf(document, request.sortKey), String(document._id)), node: toNode(document) }));
  return {
    edges,
    totalCount: counted === null ? -1 : Number((counted[0] as { total?: number } | undefined)?.total ?? 0),
    pageInfo: { hasNextPage: documents.length > size, hasPreviousPage: Boolean(request.after), startCursor: edges[0]?.cursor ?? null, endCursor: edges[edges.length - 1]?.cursor ?? null },
  };
}
