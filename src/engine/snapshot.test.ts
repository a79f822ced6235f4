import { describe, expect, it } from 'vitest';
import { restoreCheckpoint, saveCheckpoint } from './checkpoint';
import { generateFuzzCase } from './fuzz';
import { snapshot, type Snapshot } from './snapshot';
import { createWorld } from './simulation';
import { byTime, createCursor, runWithCommands } from './timedCommands';

/** A snapshot as plain data: the views reused from an earlier snapshot included. */
const plain = (s: Snapshot): unknown => JSON.parse(JSON.stringify(s));

/**
 * What a snapshot says of topics, groups and consumers, each log clipped to its length (a
 * view shares the log's append-only array and is read below its length only).
 */
const shown = (s: Snapshot): unknown =>
  plain({
    ...s,
    producers: [],
    topics: s.topics.map((t) => ({
      ...t,
      partitions: t.partitions.map((p) => ({
        ...p,
        log: { ...p.log, records: p.log.records.slice(0, p.log.length) },
      })),
    })),
  } as Snapshot);

describe('snapshot', () => {
  // snapshot() reuses the views of partitions, group offsets and consumer positions that did
  // not change since the last snapshot of the same world. A world restored from a checkpoint
  // has new objects, so its snapshot is built from nothing: the two must agree at every step
  // of runs with broker kills, truncations, leader changes and rebalances.
  for (const seed of [1000, 1003, 1012, 68]) {
    it(
      `seed ${seed}: a snapshot reusing earlier views equals one built afresh`,
      { timeout: 30_000 },
      () => {
        const c = generateFuzzCase(seed);
        const world = createWorld(c.setup);
        const cursor = createCursor(byTime(c.commands));
        const stops = 25;
        let reused = 0;
        let before: Snapshot | null = null;
        for (let i = 1; i <= stops; i++) {
          runWithCommands(world, cursor, Math.round((c.untilMs * i) / stops));
          const cached = snapshot(world);
          const fresh = snapshot(restoreCheckpoint(saveCheckpoint(world)));
          expect(shown(cached)).toEqual(shown(fresh));
          if (before !== null)
            reused += cached.topics.flatMap((t, ti) =>
              t.partitions.filter((p, pi) => p === before?.topics[ti]?.partitions[pi]),
            ).length;
          before = cached;
        }
        // The cache is used: without reuse, this test would not be testing it.
        expect(reused).toBeGreaterThan(0);
      },
    );
  }

  it(
    'an old snapshot keeps showing its moment after the world moves on',
    { timeout: 30_000 },
    () => {
      const c = generateFuzzCase(1007);
      const world = createWorld(c.setup);
      const cursor = createCursor(byTime(c.commands));
      runWithCommands(world, cursor, Math.round(c.untilMs / 3));
      const early = snapshot(world);
      const earlyCopy = shown(early);
      runWithCommands(world, cursor, c.untilMs);
      snapshot(world);
      expect(shown(early)).toEqual(earlyCopy);
    },
  );
});
