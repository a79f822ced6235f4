import { EMPTY_ACTIVITY } from './activity';
import type { AppSlice, PlaybackSlice, SliceContext } from './slices';

/** The speed control's choices; `setSpeed` clamps to the ends. */
export const SPEEDS: readonly number[] = [0.1, 0.25, 0.5, 1, 2, 5, 10];
export const MIN_SPEED = SPEEDS[0];
export const MAX_SPEED = SPEEDS[SPEEDS.length - 1];

/** A long frame (a background tab, a breakpoint) advances at most this much wall time. */
export const MAX_FRAME_ELAPSED_MS = 100;

/** Idle time left that indexing stops at, so the browser's own idle work still gets done. */
export const INDEX_RESERVE_MS = 1;

export function createPlaybackSlice(ctx: SliceContext): AppSlice<PlaybackSlice> {
  const { host, driver } = ctx;
  return (set, get) => {
    let frameId: number | null = null;
    let lastFrameAtMs = 0;
    let indexing = false;
    let idleId: number | null = null;

    /** Moves the world, then publishes a new snapshot; an engine failure stops playback. */
    const advance = (move: () => void): boolean => {
      try {
        move();
        set({ ...driver.frame(), timeMs: driver.timeMs() });
        return true;
      } catch (error) {
        stopFrames();
        const message = error instanceof Error ? error.message : String(error);
        set({
          playing: false,
          problems: [
            {
              kind: 'simulation',
              title: 'The simulation stopped with an error',
              details: [message],
            },
          ],
        });
        return false;
      }
    };
    const stopFrames = (): void => {
      if (frameId !== null) host.frames.cancelFrame(frameId);
      frameId = null;
    };
    const requestFrame = (): void => {
      if (frameId === null) frameId = host.frames.requestFrame(tick);
    };
    /**
     * The timeline indexes ahead (checkpoints, markers) in the page's idle time only, so it
     * never costs playback a frame; a quiet page indexes a 10-minute run in seconds.
     */
    const requestIndexing = (): void => {
      if (idleId === null && indexing) idleId = host.idle.requestIdle(indexInIdleTime);
    };
    const indexInIdleTime = (timeLeftMs: () => number): void => {
      idleId = null;
      if (!driver.hasWorld()) return;
      try {
        indexing = driver.indexAhead(() => timeLeftMs() <= INDEX_RESERVE_MS);
      } catch {
        // The live run reports engine failures; the index simply stops.
        indexing = false;
      }
      const { timeline } = driver.frame();
      if (timeline !== get().timeline) set({ timeline });
      requestIndexing();
    };
    // Each frame: target virtual time += elapsed wall time × speed. Stops at the scenario's end.
    const tick = (): void => {
      frameId = null;
      const { playing, speed, scenario } = get();
      if (!playing || !driver.hasWorld()) return;
      const now = host.clock.nowMs();
      const elapsedMs = Math.min(Math.max(0, now - lastFrameAtMs), MAX_FRAME_ELAPSED_MS);
      lastFrameAtMs = now;
      const fromMs = driver.timeMs();
      let targetMs = fromMs + elapsedMs * speed;
      const endMs = scenario?.durationMs ?? Infinity;
      const reachesEnd = fromMs < endMs && targetMs >= endMs;
      if (reachesEnd) targetMs = endMs;
      if (!advance(() => driver.runUntil(targetMs))) return;
      if (reachesEnd) set({ playing: false });
      else requestFrame();
    };

    return {
      playing: false,
      speed: 1,
      timeMs: 0,
      snapshot: null,
      recentEvents: [],
      eventLog: null,
      narration: null,
      metrics: null,
      partitionCountChanges: {},
      activity: EMPTY_ACTIVITY,
      timeline: null,

      startRun({ untilMs, play, session = [] }) {
        const { scenario, seed } = get();
        if (scenario === null) return;
        stopFrames();
        set({ playing: false, sessionLog: [], selection: null, forkNotice: null });
        if (idleId !== null) host.idle.cancelIdle(idleId);
        idleId = null;
        if (!advance(() => driver.start(scenario, seed ?? scenario.setup.seed, session))) return;
        set({ sessionLog: driver.session() });
        indexing = true;
        // Time 0 means everything due at 0 has happened: the first caption shows, the first
        // records are sent, whether the run opens paused or playing.
        if (untilMs !== null) get().seek(untilMs);
        else {
          advance(() => driver.runUntil(0));
          if (play) get().play();
        }
        get().scheduleIndexing();
      },
      scheduleIndexing() {
        indexing = true;
        requestIndexing();
      },
      play() {
        if (!driver.hasWorld() || get().problems.some((p) => p.kind === 'simulation')) return;
        lastFrameAtMs = host.clock.nowMs();
        set({ playing: true });
        requestFrame();
      },
      pause() {
        stopFrames();
        if (get().playing) set({ playing: false });
      },
      togglePlay() {
        if (get().playing) get().pause();
        else get().play();
      },
      stepOnce() {
        get().pause();
        if (driver.hasWorld()) advance(() => driver.stepToEvent());
      },
      stepBack() {
        get().pause();
        let moved = false;
        if (driver.hasWorld()) advance(() => (moved = driver.stepBack()));
        return moved;
      },
      seek(timeMs) {
        get().pause();
        if (!Number.isFinite(timeMs) || !driver.hasWorld()) return;
        advance(() => driver.seek(Math.max(0, timeMs)));
      },
      restart(seed) {
        const wasPlaying = get().playing;
        set({ problems: get().problems.filter((p) => p.kind !== 'simulation') });
        if (seed !== undefined && Number.isSafeInteger(seed) && seed >= 0) set({ seed });
        get().startRun({ untilMs: null, play: wasPlaying });
      },
      setSpeed(speed) {
        if (!Number.isFinite(speed)) return;
        set({ speed: Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed)) });
      },
      runTo(timeMs) {
        get().pause();
        if (driver.hasWorld()) advance(() => driver.runUntil(timeMs));
      },
    };
  };
}
