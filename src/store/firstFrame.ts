import type { DriverFrame, SimulationDriver } from '../runtime';
import type { CompiledScenario } from '../scenario';

/**
 * A built-in scenario's first frame, computed at build time by the real engine and runtime
 * (scripts/precompileScenarios.ts), so the page draws its first picture before the engine's
 * code has arrived; the engine then starts the same run and takes over with an equal frame.
 * Only the parts of a frame the first screen reads are kept; the event log and metrics come
 * with the engine. This module imports types only: it is on the page's first-screen path.
 */

/** How many recent events the page's store keeps (its first frames are computed with it). */
export const DEFAULT_EVENT_LIMIT: number = 200;

/** What a frame publishes before the engine has loaded. */
export type FirstFrameState = Pick<
  DriverFrame,
  | 'snapshot'
  | 'recentEvents'
  | 'narration'
  | 'partitionCountChanges'
  | 'activity'
  | 'timeline'
  | 'expectationResults'
>;

export interface FirstFrame {
  /** The seed the run was started with (the scenario's own). */
  seed: number;
  /** Where the run stands: its first caption, or 0 when it has none (it then plays). */
  atMs: number;
  /** The driver's time there. */
  timeMs: number;
  state: FirstFrameState;
}

/**
 * Where a load with no `&t=`, `&start=` or `&autoplay` opens a run: a scenario with captions
 * stands at its first one, paused; one without plays from 0 (playbackSlice's `startRun`).
 */
export function openingMs(scenario: CompiledScenario, play: boolean): number {
  return play ? 0 : (scenario.captions[0]?.atMs ?? 0);
}

/**
 * The first frame of `scenario` as the page opens it (its own seed, no user actions), run by
 * `driver` exactly as `startRun` does: start, then run to the opening moment.
 */
export function firstFrameOf(driver: SimulationDriver, scenario: CompiledScenario): FirstFrame {
  const seed = scenario.setup.seed;
  const atMs = openingMs(scenario, scenario.captions.length === 0);
  driver.start(scenario, seed, []);
  driver.runUntil(atMs);
  const f = driver.frame();
  return {
    seed,
    atMs,
    timeMs: driver.timeMs(),
    state: {
      snapshot: f.snapshot,
      recentEvents: f.recentEvents,
      narration: f.narration,
      partitionCountChanges: f.partitionCountChanges,
      activity: f.activity,
      timeline: f.timeline,
      expectationResults: f.expectationResults,
    },
  };
}

/**
 * JSON keeps neither a null prototype (the engine's `dict`s) nor `undefined`, `-0` or
 * non-finite numbers. Objects without a prototype carry this key in JSON; anything JSON cannot
 * carry exactly makes `encodeExact` return null (the page then waits for the engine).
 */
const DICT_KEY = '\u0000dict';

class NotExact extends Error {}

function encode(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || Object.is(value, -0)) throw new NotExact();
    return value;
  }
  if (Array.isArray(value)) {
    if (Object.keys(value).length !== value.length) throw new NotExact(); // holes, extra keys
    return value.map(encode);
  }
  if (typeof value !== 'object') throw new NotExact();
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== null && proto !== Object.prototype) throw new NotExact();
  if (Object.hasOwn(value, DICT_KEY) || Object.getOwnPropertySymbols(value).length > 0)
    throw new NotExact();
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = encode(v);
  if (proto === null) out[DICT_KEY] = 1;
  return out;
}

/** `value` as JSON-safe data that `decodeExact` turns back into an equal value, or null. */
export function encodeExact(value: unknown): unknown {
  try {
    return encode(value);
  } catch (error) {
    if (error instanceof NotExact) return null;
    throw error;
  }
}

/** The value `encodeExact` encoded (after a JSON round trip). */
export function decodeExact(data: unknown): unknown {
  if (data === null || typeof data !== 'object') return data;
  if (Array.isArray(data)) return data.map(decodeExact);
  const dict = Object.hasOwn(data, DICT_KEY);
  const out: Record<string, unknown> = dict ? Object.create(null) : {};
  for (const [key, v] of Object.entries(data)) if (key !== DICT_KEY) out[key] = decodeExact(v);
  return out;
}
