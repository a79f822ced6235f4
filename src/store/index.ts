export { createAppStore, type AppStore, type AppStoreOptions } from './appStore';
export { browserHost } from './browserHost';
export type { Clock, FrameScheduler, Host, TextFetcher } from './host';
export type { EventEntry } from './eventRing';
export {
  parseLaunchOptions,
  parseDurationMs,
  DEFAULT_SCENARIO,
  type LaunchOptions,
} from './launchOptions';
export { SPEEDS, MIN_SPEED, MAX_SPEED } from './playbackSlice';
export { scenarioUrl } from './scenarioSlice';
export { createScenarioWorld } from './scenarioWorld';
export type { Narration } from './simulationDriver';
export type { AppProblem, AppState, LoadStatus, ScenarioModule } from './slices';
export { selectCanStep, selectEnded, selectTitle, selectTraceHash } from './selectors';
export { AppStoreContext, useAppStore, useAppStoreApi } from './useAppStore';
