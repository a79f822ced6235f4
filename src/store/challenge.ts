import type { StoreApi } from 'zustand/vanilla';
import type { Host } from './host';
import type { AppState } from './slices';
import { CHALLENGES_STORAGE_KEY, readSolved, scoreKeyOf } from './storedJson';

export { CHALLENGES_STORAGE_KEY, readSolved, type SolvedChallenges } from './storedJson';

/**
 * Challenges (`challenge:` in a scenario): the run is a sandbox, and the first moment every
 * `solvedWhen` expectation holds after the viewer has acted, the challenge is solved. Checked
 * on published snapshots at most every `CHALLENGE_CHECK_EVERY_MS` of virtual time (and after
 * every action), so a busy run does not build a state report each frame.
 */
export const CHALLENGE_CHECK_EVERY_MS = 100;
/** Whether the challenge's expectations all hold on the state on screen. */
export function challengeHolds(state: AppState): boolean {
  const { scenario, snapshot } = state;
  if (scenario?.challenge == null || snapshot === null) return false;
  try {
    return scenario.challenge.solvedWhen.every((e) => e.check(snapshot).ok);
  } catch {
    return false;
  }
}

/** Watches the store's runs for the challenge's goal; returns the unsubscribe. */
export function watchChallenge(store: StoreApi<AppState>, host: Host): () => void {
  let checkedAtMs = -Infinity;
  let checkedLog: AppState['sessionLog'] | null = null;
  const onChange = (state: AppState, previous: AppState): void => {
    if (state.scenario !== previous.scenario) {
      checkedAtMs = -Infinity;
      checkedLog = null;
    }
    if (state.snapshot === previous.snapshot || state.scenario?.challenge == null) return;
    const solved = state.challengeSolvedAtMs;
    // Back before the moment it was solved (a seek, another run): not solved on screen.
    if (solved !== null && (state.timeMs < solved || state.sessionLog.length === 0)) {
      store.setState({ challengeSolvedAtMs: null });
      return;
    }
    if (solved !== null || state.sessionLog.length === 0) return;
    const acted = state.sessionLog !== checkedLog;
    if (!acted && Math.abs(state.timeMs - checkedAtMs) < CHALLENGE_CHECK_EVERY_MS) return;
    checkedAtMs = state.timeMs;
    checkedLog = state.sessionLog;
    if (!challengeHolds(state)) return;
    const key = scoreKeyOf(state);
    const solvedChallenges = readSolved(host.storage.get(CHALLENGES_STORAGE_KEY));
    const next =
      key === null || key in solvedChallenges
        ? solvedChallenges
        : {
            ...solvedChallenges,
            [key]: { atMs: state.timeMs, seed: state.seed ?? state.scenario.setup.seed },
          };
    if (next !== solvedChallenges) host.storage.set(CHALLENGES_STORAGE_KEY, JSON.stringify(next));
    store.setState({ challengeSolvedAtMs: state.timeMs, solvedChallenges: next });
  };
  const unsubscribe = store.subscribe(onChange);
  // What is on screen now (a snapshot published while this code loaded) is checked at once.
  onChange(store.getState(), { ...store.getState(), snapshot: null });
  return unsubscribe;
}
