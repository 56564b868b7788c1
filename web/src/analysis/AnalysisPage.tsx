import { useMemo } from 'react';
import { Provider } from 'urql';
import { Link } from 'wouter';
import { SiteLayout } from '../ui/SiteLayout';
import { usePageTitle } from '../ui/usePageTitle';
import { createAnalysisClient } from './analysisClient';
import { useAnalystToken } from './analystToken';
import { ChartPanel } from './ChartPanel';
import { ALERTS_BY_LEVEL } from './charts/alertsByLevel';
import { OVERDUE_COMPLAINTS } from './charts/overdueComplaints';
import { RECALLS_BY_MONTH } from './charts/recallsByMonth';
import { RESOLUTION_TIME } from './charts/resolutionTime';
import { useGraphiqlAvailable } from './graphiqlLink';
import { TokenForm } from './TokenForm';

/**
 * 数据分析台 (/analysis): four charts of the three regions' statistics for bureau analysts, each with its filters,
 * a table of the same numbers, a CSV export and (where the gateway serves GraphiQL) its query there. Needs an agency
 * token, entered here and kept in this tab only.
 */
export function AnalysisPage() {
  usePageTitle('数据分析台');
  const token = useAnalystToken();
  const client = useMemo(() => (token ? createAnalysisClient(token) : null), [token]);
  const graphiql = useGraphiqlAvailable();
  return (
    <SiteLayout
      isHome={false}
      navigation={
        <p className="analysis-nav">
          <Link href="/">公众页面</Link> · <span aria-current="page">数据分析台</span>
        </p>
      }
    >
      <h1 className="analysis-title">数据分析台</h1>
      <p className="hint">京津冀三地数据的统计图表（跨地区合并计算），可导出明细供 Excel 使用。日期均为北京时间。</p>
      <TokenForm token={token} />
      {token && client && (
        <Provider value={client}>
          <div className="analysis-grid" key={token}>
            <ChartPanel definition={RECALLS_BY_MONTH} token={token} graphiql={graphiql} />
            <ChartPanel definition={ALERTS_BY_LEVEL} token={token} graphiql={graphiql} />
            <ChartPanel definition={RESOLUTION_TIME} token={token} graphiql={graphiql} />
            <ChartPanel definition={OVERDUE_COMPLAINTS} token={token} graphiql={graphiql} />
          </div>
        </Provider>
      )}
    </SiteLayout>
  );
}
