import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import {
  AppStoreContext,
  browserHost,
  createAppStore,
  parseLaunchOptions,
  sharePayloadOf,
} from './store';
import { importScenarioModule } from './store/scenarioModule';
import { App } from './ui/App';
import './ui/app.css';

const host = browserHost();
const store = createAppStore({ host, scenarioModule: importScenarioModule });

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <AppStoreContext.Provider value={store}>
      <App />
    </AppStoreContext.Provider>
  </StrictMode>,
);

// Restores the autosaved session (unless the address asks for something else), else loads
// what the address names; then keeps the session saved. Autosave is its own small chunk.
const launch = parseLaunchOptions(window.location.search, window.location.hash);
void import('./store/autosave').then(
  async ({ startWithAutosave }) => {
    const autosaver = await startWithAutosave(store, host, launch, {
      wallClockMs: () => Date.now(),
    });
    if (autosaver === null) return; // embed mode: no restore, no saving
    window.addEventListener('pagehide', () => autosaver.flush());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') autosaver.flush();
    });
  },
  () => store.getState().loadScenario(launch),
);

// A shared link pasted into the address bar of an open page changes only the fragment: open
// it in place (a damaged one is reported and the current run carries on).
window.addEventListener('hashchange', () => {
  const payload = sharePayloadOf(window.location.hash);
  if (payload !== null) void store.getState().openShared(payload);
});
