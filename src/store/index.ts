export { createAppStore, type AppStore, type AppStoreOptions } from './appStore';
export { browserHost } from './browserHost';
export type { Clock, FrameScheduler, Host, TextFetcher } from './host';
export { draftFileName, EDITOR_CHECK_DELAY_MS } from './editorSlice';
export {
  parseLaunchOptions,
  sharePayloadOf,
  parseDurationMs,
  DEFAULT_SCENARIO,
  THEME_NAMES,
  type CaptionPlacement,
  type ChromeName,
  type DisplayOptions,
  type LaunchOptions,
  type ThemeName,
  type ViewName,
} from './launchOptions';
export { THEME_KEY } from './sessionSlice';
// Built-in scenarios' first frames, computed at build time (scripts/precompileScenarios.ts).
export {
  DEFAULT_EVENT_LIMIT,
  decodeExact,
  encodeExact,
  firstFrameOf,
  openingMs,
  type FirstFrame,
} from './firstFrame';
export type { PrecompiledBuiltin } from './precompiledScenarios';
export {
  SPEEDS,
  MIN_SPEED,
  MAX_SPEED,
  NEXT_CAPTION_MAX_WALL_MS,
  SETTLE_AFTER_END_MS,
  QUIZ_STORAGE_KEY,
  scoreKeyOf,
} from './playbackSlice';
export { CHALLENGES_STORAGE_KEY } from './storedJson';
export { scenarioUrl } from './scenarioSlice';
export type {
  AppMode,
  ShareOutcome,
  ScenarioSource,
  AppProblem,
  AppState,
  EditorCheck,
  GivenAnswer,
  LoadStatus,
  OpenQuestion,
  QuizScores,
  PanelName,
  ScenarioModule,
  Selection,
  SessionEntry,
} from './slices';
export { selectCanStep, selectEnded, selectTitle, selectTraceHash } from './selectors';
export { AppStoreContext, useAppStore, useAppStoreApi } from './useAppStore';
// The runtime's faces the UI reads through the store (the store owns no run logic), from
// the runtime's light face, not its index: the first screen must not pull the run loop and
// the engine (they load after the first picture, see deferredDriver.ts).
export {
  throughputSeries,
  ACTIVITY_BADGE_MS,
  activityAt,
  EMPTY_ACTIVITY,
  reduceActivity,
} from '../runtime/light';
export type {
  WritableEventLog,
  EventEntry,
  EventLog,
  ExpectationResults,
  Narration,
  MetricsSample,
  MetricsSeries,
  PartitionCountChange,
  TimelineIndex,
  TimelineMarker,
  MarkerKind,
  Activity,
  IsrRejoin,
  Revocation,
  Truncation,
} from '../runtime';
