import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Host } from './host';
import { createPlaybackSlice } from './playbackSlice';
import { createEditorSlice } from './editorSlice';
import { createScenarioSlice } from './scenarioSlice';
import { createShareSlice } from './shareSlice';
import { createSessionSlice, createUiSlice } from './sessionSlice';
import { createSimulationDriver } from '../runtime';
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
  const ctx = {
    host: options.host,
    driver: createSimulationDriver(options.eventLimit ?? 200),
    scenarioModule: options.scenarioModule,
    builtinScenario: options.builtinScenario ?? (() => Promise.resolve(null)),
    beginLoad: latestLoadWins(),
  };
  return createStore<AppState>()((...args) => ({
    ...createScenarioSlice(ctx)(...args),
    ...createPlaybackSlice(ctx)(...args),
    ...createSessionSlice(ctx)(...args),
    ...createUiSlice(ctx)(...args),
    ...createShareSlice(ctx)(...args),
    ...createEditorSlice(ctx)(...args),
  }));
}
