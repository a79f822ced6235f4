export { createAppStore, type AppStore, type AppStoreOptions } from './appStore';
export { browserHost } from './browserHost';
export type { Clock, FrameScheduler, Host, TextFetcher } from './host';
export type { EventEntry } from './eventRing';
export { createEventLog, EVENT_LOG_CAPACITY, type EventLog, type WritableEventLog } from './eventLog';
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
export type { ExpectationResults, Narration } from './simulationDriver';
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
export type { MetricsSample, MetricsSeries } from './metrics';
export { throughputSeries } from './metrics';
export { METRICS_SAMPLE_MS } from './simulationDriver';
export type { PartitionCountChange, TimelineIndex } from './simulationDriver';
export type { TimelineMarker, MarkerKind } from './timelineMarkers';
export { describeCommand } from './timelineMarkers';
export { CHECKPOINT_MS } from './simulationDriver';
export { replaySession } from './replay';
export { selectCanStep, selectEnded, selectTitle, selectTraceHash } from './selectors';
export { AppStoreContext, useAppStore, useAppStoreApi } from './useAppStore';
export {
  ACTIVITY_BADGE_MS,
  activityAt,
  EMPTY_ACTIVITY,
  reduceActivity,
  type Activity,
  type IsrRejoin,
  type Revocation,
  type Truncation,
} from './activity';
