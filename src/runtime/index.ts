/**
 * The runtime: a scenario run over the engine, headless. It owns the run loop (commands
 * enter only through the engine's timed-command cursor), checkpoints and seeking, replay of
 * a session, and what is folded from the trace for the views (activity, metrics, timeline
 * markers, the event ring and log). The store, the CLI, the browser tests and the benches
 * use it; viz may import its types. It imports the engine and scenario types only.
 */
export {
  Run,
  runEntries,
  METRICS_SAMPLE_MS,
  type ExpectationResults,
  type Narration,
  type PartitionCountChange,
  type RunEntry,
  type RunCheckpoint,
} from './run';
export {
  createSimulationDriver,
  CHECKPOINT_MS,
  CHECKPOINT_EVENTS,
  MAX_CHECKPOINT_GAP_MS,
  INDEX_HOP_MS,
  type DriverFrame,
  type SimulationDriver,
  type TimelineIndex,
} from './simulationDriver';
export { replaySession } from './replay';
export type { SessionEntry } from './session';
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
export {
  createMetricsRecorder,
  sampleOf,
  throughputSeries,
  MAX_SAMPLES,
  type MetricsRecorder,
  type MetricsSample,
  type MetricsSeries,
} from './metrics';
export { markersOf, type MarkerKind, type TimelineMarker } from './timelineMarkers';
export { createEventRing, type EventEntry, type EventRing } from './eventRing';
export {
  createEventLog,
  EVENT_LOG_CAPACITY,
  EVENT_LOG_CHUNK,
  type EventLog,
  type WritableEventLog,
} from './eventLog';
export { formatEventTime, formatWindow } from './eventTime';
