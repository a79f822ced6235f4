import type { AppState } from './slices';

/** True once playback reached the scenario's duration (playing on stays possible). */
export const selectEnded = (s: AppState): boolean =>
  s.scenario !== null && s.timeMs >= s.scenario.durationMs;

export const selectTraceHash = (s: AppState): string | null => s.snapshot?.traceHash ?? null;

export const selectTitle = (s: AppState): string | null => s.scenario?.title ?? null;

export const selectCanStep = (s: AppState): boolean =>
  s.snapshot !== null && !s.problems.some((p) => p.kind === 'simulation');
