import type { Command } from './commands';
import type { TraceEvent } from './events';
import { checkInvariants, checkReads, createInvariantMemory } from './invariants';
import { createWorld, scheduleCommand, step, takeEmitted } from './simulation';
import type { World, WorldSetup } from './world';

/**
 * Test support (not used by the app): runs a world step by step, checking Kafka's invariants
 * after every step, and fails naming the seed, the step and the last events.
 */
export interface CheckedRun {
  world: World;
  events: TraceEvent[];
  steps: number;
}

export function runChecked(
  setup: WorldSetup,
  commands: readonly { atMs: number; command: Command }[],
  untilMs: number,
): CheckedRun {
  const world = createWorld(setup);
  const events = takeEmitted(world);
  for (const { atMs, command } of commands) scheduleCommand(world, atMs, command);
  const memory = createInvariantMemory();
  let steps = 0;
  for (;;) {
    const next = world.queue.items[0];
    if (next === undefined || next.atMs > untilMs) break;
    const emitted = step(world) ?? [];
    events.push(...emitted);
    steps++;
    const problems = [...checkInvariants(world, memory), ...checkReads(emitted, memory)];
    if (problems.length > 0) {
      const recent = events
        .slice(-8)
        .map((e) => JSON.stringify(e))
        .join('\n  ');
      throw new Error(
        `seed ${setup.seed}, step ${steps} at ${world.nowMs} ms: ${problems.join('; ')}\n  last events:\n  ${recent}`,
      );
    }
  }
  return { world, events, steps };
}
