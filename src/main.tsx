import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import {
  AppStoreContext,
  browserHost,
  createAppStore,
  parseLaunchOptions,
  sharePayloadOf,
} from './store';
import { AUTOSAVE_KEY } from './store/autosaveKey';
import { loadPrecompiled } from './store/precompiledScenarios';
import { importScenarioModule } from './store/scenarioModule';
import { App } from './ui/App';
import { embedOrigin, startEmbedApi } from './ui/embedApi';
import { followTheme } from './ui/themeAttribute';
import './ui/app.css';

const host = browserHost();
const launch = parseLaunchOptions(window.location.search, window.location.hash);
const store = createAppStore({
  host,
  scenarioModule: importScenarioModule,
  builtinScenario: loadPrecompiled,
  ...(launch.memoryBudget === undefined ? {} : { recordBudget: launch.memoryBudget }),
});
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

function nextFrames(count: number): Promise<void> {
  return new Promise((resolve) => {
    const next = (left: number) =>
      left === 0 ? resolve() : requestAnimationFrame(() => next(left - 1));
    next(count);
  });
}

// Restores the autosaved session (unless the address asks for something else), else loads
// what the address names; then keeps the session saved. Autosave (with its schema) is its own
// chunk: with nothing saved (a first visit, an embed) the scenario loads without waiting for it.
const autosave = () => import('./store/autosave');
const autosaverOptions = { wallClockMs: () => Date.now() };
const started =
  launch.mode === 'embed' || host.storage.get(AUTOSAVE_KEY) === null
    ? store
        .getState()
        .loadScenario(launch)
        .then(async () => {
          if (launch.mode === 'embed') return null;
          // After the first picture is on screen (it saves what the page opened with then).
          await nextFrames(2);
          return (await autosave()).createAutosaver(store, host, autosaverOptions);
        })
        .catch(() => null)
    : autosave().then(
        ({ startWithAutosave }) => startWithAutosave(store, host, launch, autosaverOptions),
        async () => {
          await store.getState().loadScenario(launch);
          return null;
        },
      );
void started.then((autosaver) => {
  if (autosaver === null) return; // embed mode: no restore, no saving
  window.addEventListener('pagehide', () => autosaver.flush());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') autosaver.flush();
  });
});

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
