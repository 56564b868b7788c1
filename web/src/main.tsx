import { createRoot } from 'react-dom/client';
import { createAppServices, ServicesProvider } from './api/services';
import { App } from './App';
import { applyStoredElderMode } from './ui/elderMode';
import './styles/app.css';
// The analyst console's styles are here, not in its lazily loaded chunk: esbuild would not load a chunk's CSS.
import './styles/analysis.css';

applyStoredElderMode();

const container = document.getElementById('app');
if (!container) throw new Error('index.html has no #app element');
createRoot(container).render(
  <ServicesProvider services={createAppServices()}>
    <App />
  </ServicesProvider>,
);
