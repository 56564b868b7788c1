import { useCallback, useEffect, useRef, useState } from 'react';
import type { RegionCode } from '../../../kernel/regions';

export const PAGE_SIZE = 20;

export interface Page<TItem> {
  items: TItem[];
  totalCount: number;
  hasNextPage: boolean;
  endCursor: string | null;
  /** Regions that did not answer: the page holds the others' records. */
  unavailableRegions: RegionCode[];
}

/** No page at all (every region down, the gateway unreachable…). */
export class PageLoadError extends Error {
  constructor(readonly unavailableRegions: RegionCode[]) {
    super('the list could not be loaded');
  }
}

export type PageFetcher<TItem> = (after: string | null) => Promise<Page<TItem>>;

export interface PagedList<TItem> {
  items: TItem[];
  totalCount: number;
  hasNextPage: boolean;
  status: 'loading' | 'ready' | 'failed';
  loadingMore: boolean;
  unavailableRegions: RegionCode[];
  loadMore(): void;
  reload(): void;
}

interface ListState<TItem> {
  items: TItem[];
  totalCount: number;
  hasNextPage: boolean;
  endCursor: string | null;
  status: PagedList<TItem>['status'];
  loadingMore: boolean;
  unavailableRegions: RegionCode[];
}

const INITIAL: ListState<never> = { items: [], totalCount: 0, hasNextPage: false, endCursor: null, status: 'loading', loadingMore: false, unavailableRegions: [] };

function unionOfRegions(a: readonly RegionCode[], b: readonly RegionCode[]): RegionCode[] {
  return [...new Set([...a, ...b])];
}

/**
 * A keyset-paginated list: the first page when `fetchPage` changes (new filters) or on `reload`, the next
 * page on `loadMore`. Answers to an outdated request are dropped.
 */
export function usePagedList<TItem extends { id: string }>(fetchPage: PageFetcher<TItem>): PagedList<TItem> {
  const [state, setState] = useState<ListState<TItem>>(INITIAL);
  const stateRef = useRef(state);
  stateRef.current = state;
  const generation = useRef(0);
  const requestInFlight = useRef(false);

  const load = useCallback(
    async (after: string | null) => {
      const requestGeneration = generation.current;
      requestInFlight.current = true;
      try {
        const page = await fetchPage(after);
        if (requestGeneration !== generation.current) return;
        setState((current) => {
          const previous = after === null ? [] : current.items;
          const known = new Set(previous.map((item) => item.id));
          return {
            items: [...previous, ...page.items.filter((item) => !known.has(item.id))],
            totalCount: page.totalCount,
            hasNextPage: page.hasNextPage,
            endCursor: page.endCursor,
            status: 'ready',
            loadingMore: false,
            unavailableRegions: after === null ? page.unavailableRegions : unionOfRegions(current.unavailableRegions, page.unavailableRegions),
          };
        });
      } catch (error) {
        if (requestGeneration !== generation.current) return;
        const unavailableRegions = error instanceof PageLoadError ? error.unavailableRegions : [];
        setState((current) => (after === null ? { ...INITIAL, status: 'failed', unavailableRegions } : { ...current, loadingMore: false, unavailableRegions: unionOfRegions(current.unavailableRegions, unavailableRegions) }));
      } finally {
        if (requestGeneration === generation.current) requestInFlight.current = false;
      }
    },
    [fetchPage],
  );

  const reload = useCallback(() => {
    generation.current += 1;
    setState(INITIAL);
    void load(null);
  }, [load]);

  useEffect(reload, [reload]);

  const loadMore = useCallback(() => {
    const current = stateRef.current;
    if (requestInFlight.current || current.status !== 'ready' || !current.hasNextPage) return;
    setState({ ...current, loadingMore: true });
    void load(current.endCursor);
  }, [load]);

  return { ...state, loadMore, reload };
}
