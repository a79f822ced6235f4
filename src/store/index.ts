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
export {
  SPEEDS,
  MIN_SPEED,
  MAX_SPEED,
  NEXT_CAPTION_MAX_WALL_MS,
  SETTLE_AFTER_END_MS,
} from './playbackSlice';
export { scenarioUrl } from './scenarioSlice';
export type {
  AppMode,
  ShareOutcome,
  ScenarioSource,
  AppProblem,
  AppState,
  EditorCheck,
  LoadStatus,
  PanelName,
  ScenarioModule,
  Selection,
  SessionEntry,
} from './slices';
export { selectCanStep, selectEnded, selectTitle, selectTraceHash } from './selectors';
export { AppStoreContext, useAppStore, useAppStoreApi } from './useAppStore';
// The runtime's faces the UI reads through the store (the store owns no run logic).
export {
  EVENT_LOG_CAPACITY,
  createEventLog,
  type WritableEventLog,
  throughputSeries,
  METRICS_SAMPLE_MS,
  CHECKPOINT_MS,
  replaySession,
  ACTIVITY_BADGE_MS,
  activityAt,
  EMPTY_ACTIVITY,
  reduceActivity,
  type EventEntry,
  type EventLog,
  type ExpectationResults,
  type Narration,
  type MetricsSample,
  type MetricsSeries,
  type PartitionCountChange,
  type TimelineIndex,
  type TimelineMarker,
  type MarkerKind,
  type Activity,
  type IsrRejoin,
  type Revocation,
  type Truncation,
} from '../runtime';
