import { describe, expect, it } from 'vitest';
import { generateFuzzCase } from './fuzz';
import { createWorld } from './simulation';
import { dropSpentTasks, isSpentTask } from './spentTasks';
import { byTime, createCursor, runWithCommands } from './timedCommands';
import { traceHash } from './world';

function start(seed: number) {
  const c = generateFuzzCase(seed);
  return {
    world: createWorld(c.setup),
    cursor: createCursor(byTime(c.commands)),
    untilMs: c.untilMs,
  };
}

describe('spent tasks', () => {
  // Fuzz cases with producers, consumer groups and broker faults: their queues fill with
  // request timeouts and fetch waits whose answer came first.
  for (const seed of [1000, 1003, 1007, 68]) {
    it(`seed ${seed}: dropping them along the way leaves the run unchanged, event for event`, () => {
      const straight = start(seed);
      runWithCommands(straight.world, straight.cursor, straight.untilMs);

      const pruned = start(seed);
      let dropped = 0;
      for (let i = 1; i <= 20; i++) {
        runWithCommands(pruned.world, pruned.cursor, (pruned.untilMs * i) / 20);
        dropped += dropSpentTasks(pruned.world);
        expect(pruned.world.queue.items.some((t) => isSpentTask(pruned.world, t))).toBe(false);
      }
      expect(dropped).toBeGreaterThan(0);
      expect(pruned.world.eventCount).toBe(straight.world.eventCount);
      expect(pruned.world.seq).toBe(straight.world.seq);
      expect(traceHash(pruned.world)).toBe(traceHash(straight.world));
    });
  }

  it('a request timeout is spent once its answer came, not before', () => {
    const run = start(1000);
    let seenLive = false;
    let seenSpent = false;
    for (let t = 50; t < run.untilMs && !(seenLive && seenSpent); t += 50) {
      runWithCommands(run.world, run.cursor, t);
      for (const task of run.world.queue.items) {
        if (task.kind !== 'produceTimedOut') continue;
        const wire = run.world.producers[task.producer]?.wires[task.requestId];
        expect(isSpentTask(run.world, task)).toBe(wire === undefined);
        if (wire === undefined) seenSpent = true;
        else seenLive = true;
      }
    }
    expect(seenLive && seenSpent).toBe(true);
  });

  it('a metadata max-age timer is spent once a later one was armed, and only then', () => {
    const run = start(1003);
    let spent = 0;
    for (let t = 500; t < run.untilMs; t += 500) {
      runWithCommands(run.world, run.cursor, t);
      for (const task of run.world.queue.items) {
        if (task.kind !== 'metadataMaxAge') continue;
        const clients = task.client.kind === 'producer' ? run.world.producers : run.world.consumers;
        const latest = clients[task.client.id]?.metadata.maxAgeTaskSeq;
        expect(isSpentTask(run.world, task)).toBe(latest !== undefined && latest > task.seq);
        if (isSpentTask(run.world, task)) spent++;
      }
    }
    expect(spent).toBeGreaterThan(0);
  });
});
