import { describe, expect, it } from 'vitest';
import { restoreCheckpoint, saveCheckpoint } from './checkpoint';
import { generateFuzzCase } from './fuzz';
import { snapshot } from './snapshot';
import { createWorld } from './simulation';
import { byTime, createCursor, runWithCommands, type CommandCursor } from './timedCommands';
import { traceHash, type World } from './world';

/** A fuzz case (faults, a consumer group, lossy settings) as a fresh world and command cursor. */
function start(seed: number): { world: World; cursor: CommandCursor; untilMs: number } {
  const c = generateFuzzCase(seed);
  return {
    world: createWorld(c.setup),
    cursor: createCursor(byTime(c.commands)),
    untilMs: c.untilMs,
  };
}

describe('checkpoints', () => {
  // Seeds with broker kills, truncations and group rebalances among them.
  // Each case runs its world 14 times (straight, checkpointed, every checkpoint restored
  // twice): 1–3 s alone, past vitest's 5 s default on a loaded 2-core CI machine.
  for (const seed of [1000, 1003, 1007, 1012, 1021, 68]) {
    it(
      `seed ${seed}: running on from restored checkpoints gives the straight run's trace`,
      { timeout: 30_000 },
      () => {
        const straight = start(seed);
        runWithCommands(straight.world, straight.cursor, straight.untilMs);

        const run = start(seed);
        const stops = [0.1, 0.25, 0.4, 0.55, 0.7, 0.85].map((f) => Math.round(run.untilMs * f));
        const saved: { checkpoint: ReturnType<typeof saveCheckpoint>; next: number }[] = [];
        for (const at of stops) {
          runWithCommands(run.world, run.cursor, at);
          saved.push({ checkpoint: saveCheckpoint(run.world), next: run.cursor.next });
        }
        runWithCommands(run.world, run.cursor, run.untilMs);
        // Saving never disturbs the world it was taken from.
        expect(traceHash(run.world)).toBe(traceHash(straight.world));

        // Each checkpoint, restored (twice: restoring must not use it up), runs to the same end.
        for (const { checkpoint, next } of saved) {
          for (let round = 0; round < 2; round++) {
            const world = restoreCheckpoint(checkpoint);
            expect(traceHash(world)).toBe(checkpoint.traceHash);
            expect(world.eventCount).toBe(checkpoint.eventCount);
            runWithCommands(world, { entries: run.cursor.entries, next }, run.untilMs);
            expect(traceHash(world)).toBe(traceHash(straight.world));
            expect(snapshot(world).lostRecords).toEqual(snapshot(straight.world).lostRecords);
          }
        }
      },
    );
  }

  it('a checkpoint stays true to its moment while the world runs on and truncates', () => {
    const run = start(1003);
    runWithCommands(run.world, run.cursor, run.untilMs / 3);
    const checkpoint = saveCheckpoint(run.world);
    const before = JSON.stringify(snapshot(restoreCheckpoint(checkpoint)).topics);
    runWithCommands(run.world, run.cursor, run.untilMs);
    expect(JSON.stringify(snapshot(restoreCheckpoint(checkpoint)).topics)).toBe(before);
  });
});
