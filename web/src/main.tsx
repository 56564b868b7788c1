import { createRoot } from 'react-dom/client';
import { createAppServices, ServicesProvider } from './api/services';
import { App } from './App';
import { applyStoredElderMode } from './ui/elderMode';
import './styles/app.css';

applyStoredElderMode();

const container = document.getElementById('app');
if (!container) throw new Error('index.html has no #app element');
createRoot(container).render(
  <ServicesProvider services={createAppServices()}>
    <App />
  </ServicesProvider>,
);
