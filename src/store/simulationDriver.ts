import { runUntil, snapshot, step } from '../engine';
import type { Snapshot, TraceEvent, World } from '../engine';
import type { CompiledScenario } from '../scenario/types';
import { createEventRing, type EventEntry } from './eventRing';
import { createScenarioWorld } from './scenarioWorld';

/** The latest narration (`say` step), shown as a caption. */
export interface Narration {
  readonly text: string;
  readonly atMs: number;
}

/** What the driver publishes into the store after it moved the world. */
export interface DriverFrame {
  readonly snapshot: Snapshot;
  /** Latest first; the same array as last frame when no event happened since. */
  readonly recentEvents: readonly EventEntry[];
  readonly narration: Narration | null;
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
  frame(): DriverFrame;
}

export function createSimulationDriver(eventLimit = 200): SimulationDriver {
  const ring = createEventRing(eventLimit);
  let world: World | null = null;
  let narration: Narration | null = null;
  let recentEvents: readonly EventEntry[] = [];
  let eventsChanged = true;

  const record = (events: readonly TraceEvent[], total: number): void => {
    const first = total - events.length;
    events.forEach((event, i) => {
      ring.push({ index: first + i, event });
      if (event.type === 'narrated') narration = { text: event.text, atMs: event.atMs };
    });
    if (events.length > 0) eventsChanged = true;
  };
  const requireWorld = (): World => {
    if (world === null) throw new Error('No scenario is loaded');
    return world;
  };

  return {
    start(scenario, seed) {
      ring.clear();
      narration = null;
      const created = createScenarioWorld(scenario, seed);
      world = created.world;
      record(created.initialEvents, created.initialEvents.length);
      eventsChanged = true;
    },
    hasWorld: () => world !== null,
    timeMs: () => world?.nowMs ?? 0,
    runUntil(targetMs) {
      const w = requireWorld();
      runUntil(w, targetMs, (events) => record(events, w.eventCount));
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
    frame() {
      if (eventsChanged) {
        recentEvents = ring.latestFirst();
        eventsChanged = false;
      }
      return { snapshot: snapshot(requireWorld()), recentEvents, narration };
    },
  };
}
