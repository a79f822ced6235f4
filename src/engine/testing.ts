import type { TraceEvent } from './events';
import { createInvariantMemory } from './invariants';
import { checkStep } from './quorumInvariants';
import { createWorld, takeEmitted } from './simulation';
import { byTime, createCursor, runWithCommands, type TimedEntry } from './timedCommands';
import type { WorldSetup } from './setup';
import type { World } from './world';

/**
 * Test support (not used by the app): runs a world through the app's own run loop (a command
 * at T applies after every task due at T), checking Kafka's invariants after every step, and
 * fails naming the seed, the step and the last events.
 */
export interface CheckedRun {
  world: World;
  events: TraceEvent[];
  steps: number;
}

export function runChecked(
  setup: WorldSetup,
  commands: readonly TimedEntry[],
  untilMs: number,
): CheckedRun {
  const world = createWorld(setup);
  const events = takeEmitted(world);
  const memory = createInvariantMemory();
  let steps = 0;
  let controllerBefore = world.controllerId;
  runWithCommands(world, createCursor(byTime(commands)), untilMs, (emitted) => {
    events.push(...emitted);
    steps++;
    const problems = checkStep(world, memory, emitted, controllerBefore);
    controllerBefore = world.controllerId;
    if (problems.length > 0) {
      const recent = events
        .slice(-8)
        .map((e) => JSON.stringify(e))
        .join('\n  ');
      throw new Error(
        `seed ${setup.seed}, step ${steps} at ${world.nowMs} ms: ${problems.join('; ')}\n  last events:\n  ${recent}`,
      );
    }
  });
  return { world, events, steps };
}
