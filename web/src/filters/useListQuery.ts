import { useCallback, useEffect, useMemo } from 'react';
import { useLocation, useSearch } from 'wouter';
import { parseListQuery, serialiseListQuery, type ListQuery } from './listQuery';

/** The last home-page query string, so a detail page's 返回列表 leads back to the same filtered list. */
let lastListSearch = '';

export function listHref(): string {
  return lastListSearch ? `/?${lastListSearch}` : '/';
}

/** The home page's tab and filters, read from and written to the URL query string. */
export function useListQuery(): [ListQuery, (next: ListQuery) => void] {
  const search = useSearch();
  const [, navigate] = useLocation();
  useEffect(() => {
    lastListSearch = search;
  }, [search]);
  const query = useMemo(() => parseListQuery(search), [search]);
  const setQuery = useCallback(
    (next: ListQuery) => {
      const nextSearch = serialiseListQuery(next);
      navigate(nextSearch ? `/?${nextSearch}` : '/');
    },
    [navigate],
  );
  return [query, setQuery];
}
