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
import { embedOrigin, startEmbedApi } from './ui/embedApi';
import { followTheme } from './ui/themeAttribute';
import './ui/app.css';

const host = browserHost();
const store = createAppStore({ host, scenarioModule: importScenarioModule });
const launch = parseLaunchOptions(window.location.search, window.location.hash);
// Unknown display values (`&chrome=`, `&theme=`…) fall back to their defaults: say so.
for (const warning of launch.warnings ?? []) console.warn(`kafkascope: ${warning}`);
if (launch.display !== undefined) store.getState().applyDisplay(launch.display);
// In an embed that waits for the reader, a still picture with a large Play button.
store.getState().setPoster(launch.mode === 'embed' && launch.autoplay !== true);
followTheme(store, document.documentElement);
startEmbedApiIfFramed(launch.origin ?? null);

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

/** Inside another page's frame: the postMessage API, talking only to the embedding origin. */
function startEmbedApiIfFramed(given: string | null): void {
  if (window.parent === window) return;
  const origin = embedOrigin(given, document.referrer);
  if (origin === null) {
    console.warn(
      "kafkascope: the embed API is off: no &origin= in the address and no referrer to take the embedding page's origin from",
    );
    return;
  }
  startEmbedApi(store, window, {
    origin,
    nowMs: () => performance.now(),
    setTimer: (callback, ms) => window.setTimeout(callback, ms),
    clearTimer: (id) => window.clearTimeout(id as number),
  });
}
