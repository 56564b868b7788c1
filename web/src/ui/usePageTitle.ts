import { useEffect } from 'react';

export const SITE_TITLE = '京津冀缺陷产品召回与风险预警';

export function usePageTitle(title: string | null): void {
  useEffect(() => {
    document.title = title ? `${title} - ${SITE_TITLE}` : SITE_TITLE;
  }, [title]);
}
