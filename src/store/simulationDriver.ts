import { applyCommand, runUntil, snapshot, step, takeEmitted } from '../engine';
import type { Command, Snapshot, TraceEvent, World } from '../engine';
import type { CompiledScenario } from '../scenario/types';
import { EMPTY_ACTIVITY, reduceActivity, type Activity } from './activity';
import { createEventRing, type EventEntry } from './eventRing';
import { createMetricsRecorder, type MetricsSeries } from './metrics';
import { createScenarioWorld } from './scenarioWorld';

/** The latest narration (`say` step), shown as a caption. */
export interface Narration {
  readonly text: string;
  readonly atMs: number;
}

/** A topic's partition count from a moment on (`partitionsAdded`), for the inspector's "why". */
export interface PartitionCountChange {
  readonly atMs: number;
  readonly from: number;
  readonly to: number;
}

/** What the driver publishes into the store after it moved the world. */
export interface DriverFrame {
  readonly snapshot: Snapshot;
  /** Latest first; the same array as last frame when no event happened since. */
  readonly recentEvents: readonly EventEntry[];
  readonly narration: Narration | null;
  /**
   * Brokers the controller has fenced, read from the world (the snapshot's BrokerView has
   * `alive` only). The same array as last frame when unchanged.
   */
  /** Sampled throughput and lag over virtual time; the same object until a sample is added. */
  readonly metrics: MetricsSeries;
  /** Topic → partition count changes after creation (same object until one happens). */
  readonly partitionCountChanges: Readonly<Record<string, readonly PartitionCountChange[]>>;
  /** Recent truncations, ISR rejoins and revoked partitions (same object until one changes). */
  readonly activity: Activity;
}

/**
 * Owns the mutable engine `World`, outside React and zustand state. It only moves the world
 * forward (to a virtual time, or by one eventful task) and hands out immutable snapshots.
 * The engine's state at virtual time T does not depend on how T was reached, so playback at
 * any speed, stepping and seeking all agree with `runUntil(world, T)` run in one go.
 */
export interface SimulationDriver {
  start(scenario: CompiledScenario, seed: number): void;
  hasWorld(): boolean;
  timeMs(): number;
  /** Runs every task up to `targetMs` and sets the clock there (never backwards). */
  runUntil(targetMs: number): void;
  /** Runs tasks until one emits at least one event; false when nothing is scheduled. */
  stepToEvent(): boolean;
  /**
   * Applies a user's command at the current virtual time T, exactly as a replay will:
   * `runUntil(T)`, then `applyCommand` (not `scheduleCommand`, which would queue it behind
   * tasks already due at T). Returns the events the command emitted.
   */
  apply(command: Command): readonly TraceEvent[];
  frame(): DriverFrame;
}

/** Metrics sample spacing in virtual time. */
export const METRICS_SAMPLE_MS = 500;

export function createSimulationDriver(eventLimit = 200): SimulationDriver {
  const ring = createEventRing(eventLimit);
  let world: World | null = null;
  let narration: Narration | null = null;
  let recentEvents: readonly EventEntry[] = [];
  let eventsChanged = true;
  let countChanges: Record<string, readonly PartitionCountChange[]> = {};
  let metrics = createMetricsRecorder(METRICS_SAMPLE_MS);
  let activity: Activity = EMPTY_ACTIVITY;

  const record = (events: readonly TraceEvent[], total: number): void => {
    const first = total - events.length;
    events.forEach((event, i) => {
      ring.push({ index: first + i, event });
      if (event.type === 'narrated') narration = { text: event.text, atMs: event.atMs };
      else if (event.type === 'partitionsAdded') {
        countChanges = {
          ...countChanges,
          [event.topic]: [
            ...(countChanges[event.topic] ?? []),
            { atMs: event.atMs, from: event.from, to: event.to },
          ],
        };
      }
    });
    activity = reduceActivity(activity, events);
    if (events.length > 0) eventsChanged = true;
  };
  const requireWorld = (): World => {
    if (world === null) throw new Error('No scenario is loaded');
    return world;
  };
  /** runUntil in metric-sample-sized hops, sampling at each boundary crossed. */
  const advanceTo = (w: World, targetMs: number): void => {
    for (;;) {
      const boundary = metrics.nextSampleAtMs();
      if (boundary > targetMs) break;
      runUntil(w, boundary, (events) => record(events, w.eventCount));
      metrics.sample(snapshot(w));
    }
    runUntil(w, targetMs, (events) => record(events, w.eventCount));
  };

  return {
    start(scenario, seed) {
      ring.clear();
      narration = null;
      countChanges = {};
      activity = EMPTY_ACTIVITY;
      metrics = createMetricsRecorder(METRICS_SAMPLE_MS);
      const created = createScenarioWorld(scenario, seed);
      world = created.world;
      record(created.initialEvents, created.initialEvents.length);
      metrics.sample(snapshot(world));
      eventsChanged = true;
    },
    hasWorld: () => world !== null,
    timeMs: () => world?.nowMs ?? 0,
    runUntil(targetMs) {
      advanceTo(requireWorld(), targetMs);
    },
    stepToEvent() {
      const w = requireWorld();
      for (;;) {
        const events = step(w);
        if (events === null) return false;
        if (events.length > 0) {
          record(events, w.eventCount);
          return true;
        }
      }
    },
    apply(command) {
      const w = requireWorld();
      advanceTo(w, w.nowMs);
      // The last step's events were already reported; what is left in `emitted` is theirs.
      takeEmitted(w);
      applyCommand(w, command);
      const events = takeEmitted(w);
      record(events, w.eventCount);
      return events;
    },
    frame() {
      const w = requireWorld();
      if (eventsChanged) {
        recentEvents = ring.latestFirst();
        eventsChanged = false;
      }
      return {
        snapshot: snapshot(w),
        recentEvents,
        narration,
        metrics: metrics.series(),
        partitionCountChanges: countChanges,
        activity,
      };
    },
  };
}
