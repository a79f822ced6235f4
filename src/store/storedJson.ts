import type { AppState } from './slices';

/** A JSON object kept in storage, or {} when there is none or it is not one (edited, corrupt). */
export function readStoredObject<T extends object>(text: string | null): Readonly<T> {
  if (text === null) return {} as T;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as T)
      : ({} as T);
  } catch {
    return {} as T;
  }
}

/** Solved challenges, kept in the browser: scenario key → when (virtual ms) and the seed. */
export const CHALLENGES_STORAGE_KEY = 'kafkascope:challenges';

export type SolvedChallenges = Readonly<Record<string, { atMs: number; seed: number }>>;

export function readSolved(text: string | null): SolvedChallenges {
  return readStoredObject<SolvedChallenges>(text);
}

/** The key a scenario's score is kept under: a built-in's name, or a file's title. */
export function scoreKeyOf(state: Pick<AppState, 'scenarioSource' | 'scenario'>): string | null {
  const source = state.scenarioSource;
  if (source?.kind === 'builtin') return `builtin:${source.name}`;
  return state.scenario === null ? null : `title:${state.scenario.title}`;
}
