import { Route, Switch } from 'wouter';
import { AlertDetail } from './detail/AlertDetail';
import { RecallDetail } from './detail/RecallDetail';
import { HomePage } from './home/HomePage';

/** Routes: the lists at `/`, a recall at `/recall/<id>`, a risk alert at `/alert/<id>` (the gateway serves index.html for each). */
export function App() {
  return (
    <Switch>
      <Route path="/recall/:id">{(params) => <RecallDetail key={params.id} id={decodeURIComponent(params.id)} />}</Route>
      <Route path="/alert/:id">{(params) => <AlertDetail key={params.id} id={decodeURIComponent(params.id)} />}</Route>
      <Route>
        <HomePage />
      </Route>
    </Switch>
  );
}
