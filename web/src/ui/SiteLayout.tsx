import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { ElderModeToggle } from './ElderModeToggle';
import { SITE_TITLE } from './usePageTitle';

export const MAIN_CONTENT_ID = 'main-content';

/**
 * Header, navigation, main content and footer landmarks of every view. On the home page the site title is
 * the page's heading; on a detail page the record is, and the title links home.
 */
export function SiteLayout({ isHome, navigation, children }: { isHome: boolean; navigation: ReactNode; children: ReactNode }) {
  return (
    <>
      <a className="skip-link" href={`#${MAIN_CONTENT_ID}`}>
        跳到主要内容
      </a>
      <header className="site-header">
        <div className="container header-inner">
          <div className="site-brand">
            <p className="site-owner">北京市 · 天津市 · 河北省 市场监督管理部门</p>
            {isHome ? (
              <h1 className="site-title">{SITE_TITLE}</h1>
            ) : (
              <p className="site-title">
                <Link href="/" className="site-title-link">
                  {SITE_TITLE}
                </Link>
              </p>
            )}
          </div>
          <div className="header-tools">
            <ElderModeToggle />
          </div>
        </div>
      </header>
      <nav className="site-nav" aria-label="栏目导航">
        <div className="container">{navigation}</div>
      </nav>
      <main id={MAIN_CONTENT_ID} tabIndex={-1} className="container site-main">
        {children}
      </main>
      <footer className="site-footer">
        <div className="container">
          <p>信息来源：北京市市场监督管理局、天津市市场监督管理委员会、河北省市场监督管理局，京津冀三地信息共享平台实时汇集。</p>
          <p>发现缺陷产品或安全隐患，请拨打 12315 投诉举报。</p>
        </div>
      </footer>
    </>
  );
}
