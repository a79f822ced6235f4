import { describe, expect, it } from 'vitest';
import {
  beginCheckpoint,
  PART_ENTRIES,
  restoreCheckpoint,
  saveCheckpoint,
  SHARE_MAX_LOGS,
  shareUnchanged,
  type WorldCheckpoint,
} from './checkpoint';
import { frozenWhole, graphDifferences } from './checkpointTesting';
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
          // Each shares what did not change with the one before, as the timeline's index does.
          const previous = saved[saved.length - 1]?.checkpoint ?? null;
          saved.push({ checkpoint: saveCheckpoint(run.world, previous), next: run.cursor.next });
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

  it('a world named with Object.prototype keys restores whole (names are data)', () => {
    const setup = {
      seed: 9,
      brokers: [1, 2, 3],
      topics: [{ name: 'constructor', partitions: 2, replicationFactor: 2 }],
      producers: [{ id: '__proto__', topic: 'constructor', acks: 'all' as const }],
      consumers: [
        { id: 'toString', group: '__proto__', topics: ['constructor'], from: 'earliest' as const },
      ],
    };
    const commands = byTime([
      { atMs: 100, command: { type: 'setProducerRate' as const, producer: '__proto__', rate: 50 } },
    ]);
    const straight = createWorld(setup);
    runWithCommands(straight, createCursor(commands), 6_000);
    const run = createWorld(setup);
    const cursor = createCursor(commands);
    runWithCommands(run, cursor, 2_000);
    const world = restoreCheckpoint(saveCheckpoint(run));
    expect(Object.keys(world.producers)).toEqual(['__proto__']);
    expect(Object.keys(world.groups)).toEqual(['__proto__']);
    runWithCommands(world, { entries: cursor.entries, next: cursor.next }, 6_000);
    expect(traceHash(world)).toBe(traceHash(straight));
  });

  it('a checkpoint stays true to its moment while the world runs on and truncates', () => {
    const run = start(1003);
    runWithCommands(run.world, run.cursor, run.untilMs / 3);
    const checkpoint = saveCheckpoint(run.world);
    const before = JSON.stringify(snapshot(restoreCheckpoint(checkpoint)).topics);
    runWithCommands(run.world, run.cursor, run.untilMs);
    expect(JSON.stringify(snapshot(restoreCheckpoint(checkpoint)).topics)).toBe(before);
  });

  it('consecutive checkpoints share the parts of the world that did not change', () => {
    const run = start(1003);
    runWithCommands(run.world, run.cursor, run.untilMs / 3);
    const first = saveCheckpoint(run.world);
    runWithCommands(run.world, run.cursor, run.untilMs / 3 + 1000);
    const second = saveCheckpoint(run.world, first);
    expect(second.frozen.config).toBe(first.frozen.config);
    expect(second.frozen).not.toBe(first.frozen);
    const shared = second.frozen.brokers.filter((b, i) => b === first.frozen.brokers[i]);
    expect(shared.length).toBeGreaterThan(0);
    // Restoring the second is restoring what it would have been without sharing.
    const alone = saveCheckpoint(restoreCheckpoint(second));
    expect(JSON.stringify(restoreCheckpoint(second))).toBe(
      JSON.stringify(restoreCheckpoint(alone)),
    );
  });

  it('consecutive checkpoints share one list of the logs’ arrays, each with its own lengths', () => {
    const run = start(1000);
    runWithCommands(run.world, run.cursor, 2000);
    const first = saveCheckpoint(run.world);
    const lengthsThen = [...first.logs.lengths];
    runWithCommands(run.world, run.cursor, 2500);
    const second = saveCheckpoint(run.world, first);
    expect(second.logs.arrays).toBe(first.logs.arrays);
    expect(second.acked.arrays).toBe(first.acked.arrays);
    expect(first.logs.lengths).toEqual(lengthsThen);
    expect(second.logs.lengths).not.toEqual(lengthsThen);
    // A log replaced (a truncation copies its array): the list is new, the old one unchanged.
    const log = Object.values(Object.values(run.world.topics)[0].partitions[0].logs)[0];
    const oldList = [...second.logs.arrays];
    log.records = log.records.slice();
    const third = saveCheckpoint(run.world, second);
    expect(third.logs.arrays).not.toBe(second.logs.arrays);
    expect(third.logs.arrays).toContain(log.records);
    expect(second.logs.arrays).toEqual(oldList);
  });
});

describe('a checkpoint taken in parts', () => {
  // Seeds whose worlds hold produce requests in several places (a producer's queue, retry
  // tasks, partitions waiting to acknowledge): cloned apart, those would become copies.
  for (const seed of [36, 37, 68, 1003]) {
    it(`seed ${seed}: freezes the world as one clone would, shared objects still one each`, () => {
      const run = start(seed);
      let previous: WorldCheckpoint | null = null;
      for (const f of [0.15, 0.3, 0.45, 0.6]) {
        runWithCommands(run.world, run.cursor, Math.round(run.untilMs * f));
        const checkpoint = saveCheckpoint(run.world, previous);
        expect(
          graphDifferences(structuredClone(checkpoint.frozen), frozenWhole(run.world)),
        ).toEqual([]);
        previous = checkpoint;
      }
    });
  }

  it('is taken in many steps on a wide world, and the world it came from runs on unchanged', () => {
    // More partitions, consumers and fetches than fit one part each: all frozen in slices.
    const wide = () =>
      createWorld({
        seed: 3,
        brokers: [1, 2, 3],
        topics: [{ name: 'wide', partitions: PART_ENTRIES * 3, replicationFactor: 2 }],
        producers: [{ id: 'p', topic: 'wide', acks: 'all' }],
        consumers: Array.from({ length: PART_ENTRIES + 6 }, (_, i) => ({
          id: `c${i}`,
          topics: ['wide'],
          group: 'g',
        })),
      });
    const world = wide();
    const cursor = createCursor([]);
    runWithCommands(world, cursor, 2000);
    expect(Object.keys(world.consumers).length).toBeGreaterThan(PART_ENTRIES);
    expect(world.fetches.size).toBeGreaterThan(PART_ENTRIES);
    const build = beginCheckpoint(world);
    let steps = 1;
    while (build.step()) steps++;
    // A part per partition at least: the indexer can stop between any two.
    expect(steps).toBeGreaterThan(PART_ENTRIES * 3);
    const first = build.finish();
    expect(graphDifferences(structuredClone(first.frozen), frozenWhole(world))).toEqual([]);
    runWithCommands(world, cursor, 3000);
    // The next one shares with it, slice by slice.
    const second = saveCheckpoint(world, first);
    expect(graphDifferences(structuredClone(second.frozen), frozenWhole(world))).toEqual([]);
    const straight = wide();
    runWithCommands(straight, createCursor([]), 4000);
    runWithCommands(world, cursor, 4000);
    expect(traceHash(world)).toBe(traceHash(straight));
    expect(traceHash(restoreCheckpoint(second))).toBe(second.traceHash);
  });
});

describe('sharing only where it pays', () => {
  it('a world with more replica logs than SHARE_MAX_LOGS is frozen whole, not shared', () => {
    const world = createWorld({
      seed: 7,
      brokers: [1, 2, 3],
      topics: [
        { name: 'wide', partitions: Math.ceil(SHARE_MAX_LOGS / 3) + 1, replicationFactor: 3 },
      ],
      producers: [],
      consumers: [],
    });
    runWithCommands(world, createCursor([]), 1000);
    const first = saveCheckpoint(world);
    const second = saveCheckpoint(world, first);
    expect(second.logs.arrays.length).toBeGreaterThan(SHARE_MAX_LOGS);
    expect(second.frozen.config).not.toBe(first.frozen.config);
    expect(JSON.stringify(restoreCheckpoint(second))).toBe(
      JSON.stringify(restoreCheckpoint(first)),
    );
  });
});

describe('shareUnchanged', () => {
  it('takes equal subtrees from the previous one, keeps changed ones, never writes the previous', () => {
    const previous = {
      same: { a: [1, 2] },
      changed: { a: 1, b: { c: 2 } },
      map: new Map([[1, { x: 1 }]]),
    };
    const before = structuredClone(previous);
    const fresh = structuredClone(previous);
    fresh.changed.a = 5;
    const out = shareUnchanged(fresh, previous);
    expect(out).toBe(fresh);
    expect(out.same).toBe(previous.same);
    expect(out.changed).not.toBe(previous.changed);
    expect(out.changed.b).toBe(previous.changed.b);
    expect(out.map).toBe(previous.map);
    expect(previous).toEqual(before);
    // Wholly equal: the previous one itself.
    expect(shareUnchanged(structuredClone(previous), previous)).toBe(previous);
  });

  it('treats key order, -0 and kinds of container as differences', () => {
    const previous = { order: { a: 1, b: 2 }, zero: { v: 0 }, list: { v: [1] as object } };
    const fresh = { order: { b: 2, a: 1 }, zero: { v: -0 }, list: { v: { 0: 1 } as object } };
    const out = shareUnchanged(fresh, previous);
    expect(Object.keys(out.order)).toEqual(['b', 'a']);
    expect(Object.is(out.zero.v, -0)).toBe(true);
    expect(Array.isArray(out.list.v)).toBe(false);
  });

  it('keeps one object referenced twice as one, and two objects as two', () => {
    const record = { offset: 1 };
    // In the previous world one record is referenced twice; in the fresh one, two equal ones.
    const previous = { a: { r: record }, b: { r: record } };
    const fresh = structuredClone({ a: { r: { offset: 1 } }, b: { r: { offset: 1 } } });
    const out = shareUnchanged(fresh, previous);
    expect(out.a.r).not.toBe(out.b.r);
    // In the fresh world one object is referenced twice: the references stay on that object.
    const shared = { offset: 1 };
    const fresh2 = { a: { r: shared }, b: { r: shared } };
    const out2 = shareUnchanged(
      fresh2,
      structuredClone({ a: { r: { offset: 1 } }, b: { r: { offset: 1 } } }),
    );
    expect(out2.a.r).toBe(out2.b.r);
    expect(out2.a.r).toBe(shared);
  });
});
