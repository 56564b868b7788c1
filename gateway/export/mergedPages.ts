import type { GraphQLFormattedError } from 'graphql';
import { compareCursorKeys, regionCursorSortKey, type CursorSortKey, type RegionCode } from '../../kernel';
import { PAGE_KEY } from './exportPlan';

/** One row of a region's page: its keyset cursor (the shared format) and the node as the region returned it. */
export interface ExportRow {
  region: RegionCode;
  cursor: string;
  key: CursorSortKey;
  node: Record<string, unknown>;
}

export interface RegionPage {
  rows: ExportRow[];
  hasNextPage: boolean;
  /** The first page's count of every match in the region. */
  totalCount?: number;
}

/** A region answered a page with errors (or none): the export cannot be whole. */
export class RegionPageError extends Error {
  constructor(
    readonly region: RegionCode,
    readonly errors: readonly GraphQLFormattedError[],
  ) {
    super(errors[0]?.message ?? `region ${region} answered no page`);
  }
}

/** Reads a region's answer to a page query; a page with any error counts as failed (never a silently partial file). */
export function regionPageOf(region: RegionCode, body: { data?: Record<string, unknown> | null; errors?: readonly GraphQLFormattedError[] }): RegionPage {
  const page = body.data?.[PAGE_KEY] as { totalCount?: number; pageInfo?: { hasNextPage?: boolean }; edges?: Array<{ cursor: string; node: Record<string, unknown> }> } | null | undefined;
  if ((body.errors && body.errors.length > 0) || !page) throw new RegionPageError(region, body.errors ?? []);
  const rows = (page.edges ?? []).map((edge) => ({ region, cursor: edge.cursor, key: regionCursorSortKey(edge.cursor), node: edge.node }));
  return { rows, hasNextPage: Boolean(page.pageInfo?.hasNextPage), ...(typeof page.totalCount === 'number' ? { totalCount: page.totalCount } : {}) };
}

export type PageFetcher = (region: RegionCode, after: string | null, first: boolean) => Promise<RegionPage>;

/**
 * One region's rows in its keyset order, a page at a time, with one page of read-ahead: the next page is asked for
 * when the consumer starts on the current one (it has taken every row of the page before), so the regions work while
 * the rows are written and the three regions' latencies overlap. A consumer that stops taking rows (a client that
 * stops reading holds the writer) stops the asking: a region holds at most two pages here, and is asked for at most
 * one more page after the client stopped.
 */
export class RegionPages {
  private rows: ExportRow[] = [];
  private position = 0;
  private hasNextPage = true;
  private lastCursor: string | null;
  private readAhead: Promise<RegionPage> | null = null;
  /** Pages asked of the region so far. */
  pagesAsked = 0;
  totalCount = 0;

  constructor(
    readonly region: RegionCode,
    private readonly fetchPage: PageFetcher,
    after: string | null,
  ) {
    this.lastCursor = after;
  }

  /** The first page, with the region's total (asked before the export's first byte). */
  async start(): Promise<void> {
    this.pagesAsked += 1;
    this.take(await this.fetchPage(this.region, this.lastCursor, true), true);
  }

  /** The region's next row, waiting for its next page when this one is used up; null at its end. */
  async head(): Promise<ExportRow | null> {
    if (this.position < this.rows.length) return this.rows[this.position]!;
    if (!this.hasNextPage) return null;
    this.take(await (this.readAhead ?? this.ask()), false);
    return this.rows[this.position] ?? null;
  }

  advance(): void {
    this.position += 1;
  }

  /** Starts the streaming: the page after the first is asked for as the first is taken. */
  startReadingAhead(): void {
    if (this.hasNextPage && !this.readAhead) this.readAhead = this.ask();
  }

  private ask(): Promise<RegionPage> {
    this.pagesAsked += 1;
    const page = this.fetchPage(this.region, this.lastCursor, false);
    // Awaited when its turn comes; an export abandoned before that must not leave an unhandled rejection.
    page.catch(() => undefined);
    return page;
  }

  private take(page: RegionPage, first: boolean): void {
    if (first) this.totalCount = page.totalCount ?? 0;
    // The page's rows replace the used-up ones: nothing of an earlier page is kept.
    this.rows = page.rows;
    this.position = 0;
    this.readAhead = null;
    this.hasNextPage = page.hasNextPage && page.rows.length > 0;
    this.lastCursor = page.rows[page.rows.length - 1]?.cursor ?? this.lastCursor;
    if (!first) this.startReadingAhead();
  }
}

/**
 * The regions' rows merge-sorted by their keyset cursors (sort value, then ID, in `direction`), one row at a time:
 * each region was asked for its rows after the same cursor, so the merged order is the list's global order.
 */
export async function* mergedRows(sources: readonly RegionPages[], direction: 1 | -1): AsyncGenerator<ExportRow> {
  for (;;) {
    let best: { source: RegionPages; row: ExportRow } | null = null;
    for (const source of sources) {
      const row = await source.head();
      if (row && (!best || compareCursorKeys(row.key, best.row.key, direction) < 0)) best = { source, row };
    }
    if (!best) return;
    best.source.advance();
    yield best.row;
  }
}
