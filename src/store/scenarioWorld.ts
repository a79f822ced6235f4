import { createWorld, scheduleCommand, takeEmitted } from '../engine';
import type { TraceEvent, World } from '../engine';
import type { CompiledScenario } from '../scenario/types';

/**
 * A fresh world for a compiled scenario: its setup (with `seed` in place of the file's, for
 * `?seed=`), and every timed command scheduled up front in file order, as the CLI does, so
 * the app and `kafkascope run` produce the same trace and hash for the same scenario and seed.
 */
export function createScenarioWorld(
  scenario: CompiledScenario,
  seed: number = scenario.setup.seed,
): { world: World; initialEvents: TraceEvent[] } {
  const world = createWorld({ ...scenario.setup, seed });
  for (const timed of scenario.commands) scheduleCommand(world, timed.atMs, timed.command);
  return { world, initialEvents: takeEmitted(world) };
}
