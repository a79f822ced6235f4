import type { SimulationDriver } from '../runtime';

/**
 * The simulation driver, whose code (the runtime and the whole engine) is loaded on first
 * need: the page draws its first picture from a frame computed at build time and loads the
 * engine after. Until it has loaded there is no world: `hasWorld()` is false, so playback,
 * seeking and actions do nothing (every slice checks it), and moving the world throws.
 */
export interface DeferredDriver extends SimulationDriver {
  /** Loads the driver's code (once; again after a failure). */
  load(): Promise<void>;
  /** Whether it has loaded. */
  loaded(): boolean;
}

export function deferredDriver(
  source: SimulationDriver | (() => Promise<SimulationDriver>),
): DeferredDriver {
  let driver: SimulationDriver | null = typeof source === 'function' ? null : source;
  let loading: Promise<void> | null = null;
  const real = (): SimulationDriver => {
    if (driver === null) throw new Error('the simulation engine has not loaded yet');
    return driver;
  };
  return {
    load() {
      if (driver !== null) return Promise.resolve();
      if (typeof source !== 'function') throw new Error('unreachable');
      loading ??= source().then(
        (d) => {
          driver = d;
        },
        (error: unknown) => {
          loading = null; // a later load tries again
          throw error;
        },
      );
      return loading;
    },
    loaded: () => driver !== null,
    start: (scenario, seed, session) => real().start(scenario, seed, session),
    hasWorld: () => driver?.hasWorld() ?? false,
    timeMs: () => driver?.timeMs() ?? 0,
    runUntil: (targetMs) => real().runUntil(targetMs),
    stepToEvent: () => real().stepToEvent(),
    seek: (targetMs) => real().seek(targetMs),
    stepBack: () => real().stepBack(),
    apply: (command) => real().apply(command),
    session: () => driver?.session() ?? [],
    checkpointCount: () => driver?.checkpointCount() ?? 0,
    checkpointHeapBytes: () => driver?.checkpointHeapBytes() ?? 0,
    checkpointsHeld: () => driver?.checkpointsHeld() ?? [],
    indexAhead: (stop, rehearse) => driver?.indexAhead(stop, rehearse) ?? false,
    timeline: () => real().timeline(),
    rehearsedMoment: () => driver?.rehearsedMoment() ?? null,
    frame: () => real().frame(),
  };
}
