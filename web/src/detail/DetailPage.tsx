import { useEffect, useRef, type ReactNode } from 'react';
import type { CombinedError } from 'urql';
import { Link } from 'wouter';
import { hasErrorCode, unavailableRegionsOf } from '../api/responseErrors';
import { listHref } from '../filters/useListQuery';
import { RegionUnavailableNotice } from '../ui/RegionUnavailableNotice';
import { SiteLayout } from '../ui/SiteLayout';
import { usePageTitle } from '../ui/usePageTitle';

/** Moves focus to the record's heading once it is there, so screen readers start on the new page. */
export function useFocusOnArrival<T extends HTMLElement>(ready: boolean) {
  const heading = useRef<T | null>(null);
  useEffect(() => {
    if (ready) heading.current?.focus();
  }, [ready]);
  return heading;
}

/**
 * The frame of a detail view: navigation back to the list, and the loading, not-found and region-down states.
 * `children` is rendered once the record is there.
 */
export function DetailPage({ kind, fetching, error, found, title, children }: { kind: string; fetching: boolean; error: CombinedError | undefined; found: boolean; title: string | null; children: ReactNode }) {
  usePageTitle(title ?? kind);
  const unavailableRegions = unavailableRegionsOf(error);
  // A malformed or unknown ID is a record that does not exist, not a failure.
  const failed = error !== undefined && !hasErrorCode(error, 'BAD_USER_INPUT') && !hasErrorCode(error, 'NOT_FOUND');
  const navigation = (
    <div className="detail-nav">
      <Link href={listHref()} className="nav-link">
        ‹ 返回列表
      </Link>
    </div>
  );
  return (
    <SiteLayout isHome={false} navigation={navigation}>
      {found ? (
        children
      ) : fetching ? (
        <p className="list-status">正在加载{kind}…</p>
      ) : unavailableRegions.length > 0 ? (
        <>
          <h1 className="detail-title">{kind}</h1>
          <RegionUnavailableNotice regions={unavailableRegions} shown="record" />
        </>
      ) : (
        <>
          <h1 className="detail-title">{failed ? `${kind}暂时无法加载` : `未找到该${kind}`}</h1>
          <p>{failed ? '请稍后重试。' : '该信息可能已撤销，或链接有误。'}</p>
        </>
      )}
    </SiteLayout>
  );
}
