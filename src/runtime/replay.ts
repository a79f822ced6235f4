import type { World } from '../engine';
import type { CompiledScenario } from '../scenario';
import { Run, runEntries } from './run';
import type { SessionEntry } from './session';

/**
 * Rebuilds a session headless: the scenario with `seed`, its steps and the user's logged
 * commands each applied at its moment after everything due then, exactly as the app applied
 * them, on to `untilMs`. The trace hash equals the live run's: the contract that sharing
 * links, seeking and scenario export rely on.
 */
export function replaySession(
  scenario: CompiledScenario,
  seed: number,
  log: readonly SessionEntry[],
  untilMs: number,
): World {
  const run = Run.start(scenario, seed, runEntries(scenario, log), 1);
  run.runUntil(untilMs);
  return run.world;
}
