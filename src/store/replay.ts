import { applyCommand, runUntil, takeEmitted, type World } from '../engine';
import type { CompiledScenario } from '../scenario/types';
import { createScenarioWorld } from './scenarioWorld';
import type { SessionEntry } from './slices';

/**
 * Rebuilds a session headless: the scenario with `seed`, then each logged command applied at
 * its moment exactly as the app applied it, then on to `untilMs`. The trace hash equals the
 * live run's: the contract that sharing links, replay and scenario export rely on.
 */
export function replaySession(
  scenario: CompiledScenario,
  seed: number,
  log: readonly SessionEntry[],
  untilMs: number,
): World {
  const { world } = createScenarioWorld(scenario, seed);
  for (const entry of log) {
    runUntil(world, entry.atMs);
    takeEmitted(world);
    applyCommand(world, entry.command);
    takeEmitted(world);
  }
  runUntil(world, untilMs);
  return world;
}
