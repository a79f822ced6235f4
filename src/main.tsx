import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppStoreContext, browserHost, createAppStore, parseLaunchOptions } from './store';
import { importScenarioModule } from './store/scenarioModule';
import { App } from './ui/App';
import './ui/app.css';

const store = createAppStore({ host: browserHost(), scenarioModule: importScenarioModule });

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <AppStoreContext.Provider value={store}>
      <App />
    </AppStoreContext.Provider>
  </StrictMode>,
);

void store.getState().loadScenario(parseLaunchOptions(window.location.search));
