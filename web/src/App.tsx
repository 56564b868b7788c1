import { lazy, Suspense } from 'react';
import { Route, Switch } from 'wouter';
import { AlertDetail } from './detail/AlertDetail';
import { RecallDetail } from './detail/RecallDetail';
import { HomePage } from './home/HomePage';

/** The analyst console and ECharts are a chunk of their own, loaded only on /analysis: the public page stays small. */
const AnalysisPage = lazy(() => import('./analysis/AnalysisPage').then((module) => ({ default: module.AnalysisPage })));

/**
 * Routes: the lists at `/`, a recall at `/recall/<id>`, a risk alert at `/alert/<id>`, the analyst console at
 * `/analysis` (the gateway serves index.html for each).
 */
export function App() {
  return (
    <Switch>
      <Route path="/analysis">
        <Suspense fallback={<p className="container">正在加载数据分析台…</p>}>
          <AnalysisPage />
        </Suspense>
      </Route>
      <Route path="/recall/:id">{(params) => <RecallDetail key={params.id} id={decodeURIComponent(params.id)} />}</Route>
      <Route path="/alert/:id">{(params) => <AlertDetail key={params.id} id={decodeURIComponent(params.id)} />}</Route>
      <Route>
        <HomePage />
      </Route>
    </Switch>
  );
}
