import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Host } from './host';
import { createPlaybackSlice } from './playbackSlice';
import { createEditorSlice } from './editorSlice';
import { createScenarioSlice } from './scenarioSlice';
import { createShareSlice } from './shareSlice';
import { createSessionSlice, createUiSlice } from './sessionSlice';
import type { SimulationDriver } from '../runtime';
import { deferredDriver } from './deferredDriver';
import { DEFAULT_EVENT_LIMIT } from './firstFrame';
import type { AppState, BuiltinScenario, ScenarioModule } from './slices';

export type AppStore = StoreApi<AppState>;

export interface AppStoreOptions {
  host: Host;
  /** Loads the scenario layer; the app passes a dynamic import so the YAML parser loads lazily. */
  scenarioModule: () => Promise<ScenarioModule>;
  /**
   * A built-in scenario compiled at build time (the page's first load needs no parser), or
   * null: the page passes the build's precompiled scenarios; without it every file is parsed.
   */
  builtinScenario?: (name: string) => Promise<BuiltinScenario | null>;
  /** How many recent trace events the event list keeps. */
  eventLimit?: number;
  /** Records a run may hold (`?memoryBudget=`); at most, and by default, the engine's budget. */
  recordBudget?: number;
  /**
   * The simulation driver, or how to load it. By default its code (runtime and engine) is its
   * own chunk, loaded after the first picture of a built-in scenario, or with the scenario
   * layer for anything else.
   */
  driver?: SimulationDriver | (() => Promise<SimulationDriver>);
}

/**
 * The app's one store: a view of engine snapshots plus playback and scenario state. The
 * engine's mutable `World` lives in the driver, outside the state; every published snapshot
 * is a new object, so subscribers and selectors see each change.
 */
function latestLoadWins(): () => () => boolean {
  let latest = 0;
  return () => {
    const token = ++latest;
    return () => token === latest;
  };
}

export function createAppStore(options: AppStoreOptions): AppStore {
  const eventLimit = options.eventLimit ?? DEFAULT_EVENT_LIMIT;
  const driver = deferredDriver(
    options.driver ??
      (async () => {
        const engine = await import('./engineSide');
        const budget = Math.min(options.recordBudget ?? Infinity, engine.MAX_RECORDS_HELD);
        return engine.createSimulationDriver(eventLimit, undefined, undefined, budget);
      }),
  );
  const builtinScenario = options.builtinScenario ?? (() => Promise.resolve(null));
  const ctx = {
    host: options.host,
    driver,
    // What parses a scenario runs it next: the engine loads alongside.
    scenarioModule: async () => (await Promise.all([options.scenarioModule(), driver.load()]))[0],
    builtinScenario: async (name: string) => {
      const builtin = await builtinScenario(name);
      // First frames are computed with the page's event limit: another limit shows none.
      return builtin === null || eventLimit === DEFAULT_EVENT_LIMIT
        ? builtin
        : { ...builtin, firstFrame: null };
    },
    beginLoad: latestLoadWins(),
  };
  const store = createStore<AppState>()((...args) => ({
    ...createScenarioSlice(ctx)(...args),
    ...createPlaybackSlice(ctx)(...args),
    ...createSessionSlice(ctx)(...args),
    ...createUiSlice(ctx)(...args),
    ...createShareSlice(ctx)(...args),
    ...createEditorSlice(ctx)(...args),
  }));
  // The challenge watcher's code loads with the first scenario that has a challenge.
  const stopWaiting = store.subscribe((state) => {
    if (state.scenario?.challenge == null) return;
    stopWaiting();
    void import('./challenge').then(({ watchChallenge }) => {
      watchChallenge(store, options.host);
    });
  });
  return store;
}
