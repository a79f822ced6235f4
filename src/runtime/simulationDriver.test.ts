import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  restoreCheckpoint,
  saveCheckpoint,
  snapshot,
  traceHash,
  type Command,
  type Snapshot,
} from '../engine';
import { loadScenario, runScenario, type CompiledScenario } from '../scenario';
import { replaySession } from './replay';
import { createHeapWalk, createStringTable, estimateHeapBytes } from './heapEstimate';
import { Run, runEntries } from './run';
import {
  createSimulationDriver,
  REHEARSE_AT_CHECKPOINTS,
  thinOut,
  type SimulationDriver,
} from './simulationDriver';

function scenario(name: string): CompiledScenario {
  const text = readFileSync(`public/scenarios/${name}.yaml`, 'utf8');
  const loaded = loadScenario(text, `${name}.yaml`);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.value;
}

function indexed(s: CompiledScenario, session: { atMs: number; command: Command }[] = []) {
  const driver = createSimulationDriver();
  driver.start(s, s.seed, session);
  while (driver.indexAhead(() => false));
  return driver;
}

/** The state a straight headless run reaches: the reference every way of moving must match. */
function straight(
  s: CompiledScenario,
  atMs: number,
  session: { atMs: number; command: Command }[] = [],
) {
  const world = replaySession(s, s.seed, session, atMs);
  return { hash: traceHash(world) };
}

function here(driver: SimulationDriver) {
  const snap = driver.frame().snapshot;
  return snap.traceHash;
}

const FAILOVER = scenario('broker-failover');
const COOPERATIVE = scenario('join-cooperative');
const QUORUM = scenario('controller-quorum');

describe('seeking', () => {
  it('any sequence of seeks lands on the straight run’s state (fixed seeds)', () => {
    const driver = indexed(FAILOVER);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: FAILOVER.durationMs }), { minLength: 1, maxLength: 6 }),
        (times) => {
          for (const t of times) {
            driver.seek(t);
            expect(driver.timeMs()).toBe(t);
            expect(here(driver)).toBe(straight(FAILOVER, t).hash);
          }
        },
      ),
      { seed: 6, numRuns: 25 },
    );
  });

  it('the recent events, narration and metrics after a seek back are those of playing straight', () => {
    const driver = indexed(FAILOVER);
    const played = createSimulationDriver();
    played.start(FAILOVER, FAILOVER.seed);
    for (let t = 0; t <= 31_700; t += 16.7) played.runUntil(t);
    played.runUntil(31_700);
    driver.seek(45_000);
    driver.seek(31_700);
    const a = driver.frame();
    const b = played.frame();
    expect(a.snapshot.traceHash).toBe(b.snapshot.traceHash);
    expect(a.recentEvents).toEqual(b.recentEvents);
    expect(a.narration).toEqual(b.narration);
    expect(a.metrics).toEqual(b.metrics);
    expect(a.activity).toEqual(b.activity);
  });

  it('seeking works before the index got there (runs forward) and after it (restores)', () => {
    const driver = createSimulationDriver();
    driver.start(FAILOVER, FAILOVER.seed);
    driver.seek(20_000); // nothing indexed yet
    expect(here(driver)).toBe(straight(FAILOVER, 20_000).hash);
    driver.indexAhead(() => false);
    driver.seek(5_000);
    expect(here(driver)).toBe(straight(FAILOVER, 5_000).hash);
  });
});

describe('indexing in small pieces', () => {
  it('one piece per call (a hop, a part of a checkpoint) builds the same index as all at once', () => {
    const whole = indexed(FAILOVER);
    const pieces = createSimulationDriver(200, 96 * 1024);
    pieces.start(FAILOVER, FAILOVER.seed);
    const reference = createSimulationDriver(200, 96 * 1024);
    reference.start(FAILOVER, FAILOVER.seed);
    while (reference.indexAhead(() => false));
    let calls = 0;
    for (;;) {
      let asked = 0;
      calls++;
      if (!pieces.indexAhead(() => asked++ > 0)) break;
    }
    // Checkpoints are taken in many pieces, hops are 20 ms: far more calls than checkpoints.
    expect(calls).toBeGreaterThan(pieces.checkpointCount() * 20);
    const at = (d: SimulationDriver) => d.checkpointsHeld().map((c) => c.world.atMs);
    expect(at(pieces)).toEqual(at(reference));
    // The small budget thinned them (and counted them again, in pieces too) the same way.
    expect(at(pieces).length).toBeLessThan(at(whole).length);
    expect(pieces.checkpointHeapBytes()).toBe(reference.checkpointHeapBytes());
    expect(pieces.frame().timeline).toEqual(reference.frame().timeline);
    for (const t of [2_500, 17_000, 9_000]) {
      pieces.seek(t);
      expect(here(pieces)).toBe(straight(FAILOVER, t).hash);
    }
  });
});

describe('rehearsed seeks', () => {
  it('the indexer rehearses seeks in pieces, and they leave no trace in the index, log or frame', () => {
    const piecewise = (rehearseAt: readonly number[], mayRehearse = true) => {
      const driver = createSimulationDriver(200, undefined, rehearseAt);
      driver.start(FAILOVER, FAILOVER.seed);
      let calls = 0;
      for (;;) {
        let asked = 0;
        calls++;
        if (!driver.indexAhead(() => asked++ > 0, mayRehearse)) break;
      }
      return { driver, calls };
    };
    const plain = piecewise([]);
    const rehearsing = piecewise([3, 6, 12]);
    // Not while playing: the app passes false then, and the index is the plain one.
    expect(piecewise([3, 6, 12], false).calls).toBe(plain.calls);
    expect(rehearsing.driver.timeline()).toEqual(plain.driver.frame().timeline);
    // Each rehearsal replays a checkpoint's gap (>= 1 s) in 20 ms hops, one per call.
    expect(rehearsing.calls - plain.calls).toBeGreaterThanOrEqual(3 * (1000 / 20));
    const a = rehearsing.driver.frame();
    const b = plain.driver.frame();
    expect(a.timeline).toEqual(b.timeline);
    expect(a.snapshot.traceHash).toBe(b.snapshot.traceHash);
    expect(a.eventLog.length).toBe(b.eventLog.length);
    for (let i = 0; i < b.eventLog.length; i += 97)
      expect(a.eventLog.at(i)).toEqual(b.eventLog.at(i));
    for (const t of [2_500, 17_000, 9_000]) {
      rehearsing.driver.seek(t);
      expect(here(rehearsing.driver)).toBe(straight(FAILOVER, t).hash);
    }
  });
});

describe('rehearsed moments', () => {
  /** Indexes in one-hop calls; the distinct `rehearsedMoment`s seen, in order. */
  const momentsWhileIndexing = (driver: SimulationDriver, mayRehearse = true) => {
    const seen: (Snapshot | null)[] = [driver.rehearsedMoment()];
    for (;;) {
      let asked = 0;
      const more = driver.indexAhead(() => asked++ > 0, mayRehearse);
      const now = driver.rehearsedMoment();
      if (now !== seen[seen.length - 1]) seen.push(now);
      if (!more) return seen;
    }
  };

  it('each rehearsal ends in a snapshot of the moment it replayed to, as a straight run has it', () => {
    const driver = createSimulationDriver(200, undefined, [3, 6]);
    driver.start(FAILOVER, FAILOVER.seed);
    const [before, ...moments] = momentsWhileIndexing(driver);
    expect(before).toBeNull();
    expect(moments).toHaveLength(2);
    const held = driver.checkpointsHeld().map((c) => c.world.atMs);
    for (const [i, moment] of moments.entries()) {
      // The count that asked for it: the checkpoint it replayed to was the latest then.
      expect(moment!.timeMs).toBe(held[[3, 6][i] - 1]);
      expect(moment!.traceHash).toBe(straight(FAILOVER, moment!.timeMs).hash);
    }
    // The moment shown is not it.
    expect(driver.frame().snapshot.timeMs).toBe(0);
    // A new run starts without one.
    driver.start(FAILOVER, FAILOVER.seed);
    expect(driver.rehearsedMoment()).toBeNull();
  });

  it('none while playing (no rehearsal then), and none when no count asks for one', () => {
    const playing = createSimulationDriver(200, undefined, [3, 6]);
    playing.start(FAILOVER, FAILOVER.seed);
    expect(momentsWhileIndexing(playing, false)).toEqual([null]);
    const never = createSimulationDriver(200, undefined, []);
    never.start(FAILOVER, FAILOVER.seed);
    expect(momentsWhileIndexing(never)).toEqual([null]);
  });

  it('the default counts double, so a long index is rehearsed late as well as early', () => {
    for (let i = 1; i < REHEARSE_AT_CHECKPOINTS.length; i++)
      expect(REHEARSE_AT_CHECKPOINTS[i]).toBe(2 * REHEARSE_AT_CHECKPOINTS[i - 1]);
    expect(REHEARSE_AT_CHECKPOINTS.at(-1)).toBeGreaterThanOrEqual(200);
  });
});

describe('the records budget', () => {
  const loaded = loadScenario(
    `title: Fast
duration: 30s
cluster:
  brokers: 3
  topics:
    - { name: events, partitions: 3, replicationFactor: 3 }
producers:
  - { id: fast, topic: events, rate: 1000 }
steps:
  - at: 2s
    say: Writing a thousand records a second.
`,
    'fast.yaml',
  );
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const FAST = loaded.value;

  it('playing, seeking and indexing stop where the headless run stops, and nowhere else', () => {
    const headless = runScenario(FAST, { maxRecordsHeld: 10_000 });
    const stop = headless.memoryStop!;
    expect(stop.atMs).toBeLessThan(30_000);

    const played = createSimulationDriver(200, undefined, [], 10_000);
    played.start(FAST, FAST.seed);
    for (let t = 0; t <= 30_000; t += 16.7) played.runUntil(t);
    played.runUntil(30_000);
    expect(played.timeMs()).toBe(stop.atMs);
    expect(played.frame().memoryStop).toEqual(stop);
    expect(here(played)).toBe(traceHash(headless.world));

    // Stepping event by event crosses the memory checks' moments too.
    const stepped = createSimulationDriver(200, undefined, [], 10_000);
    stepped.start(FAST, FAST.seed);
    while (stepped.stepToEvent());
    expect(stepped.frame().memoryStop).toEqual(stop);
    expect(here(stepped)).toBe(traceHash(headless.world));

    // The index stops there too (and says where the run will); seeks land before it or on it.
    const indexed = createSimulationDriver(200, undefined, [], 10_000);
    indexed.start(FAST, FAST.seed);
    while (indexed.indexAhead(() => false));
    expect(indexed.frame().indexStop).toEqual(stop);
    expect(indexed.frame().memoryStop).toBeNull();
    indexed.seek(29_000);
    expect(indexed.timeMs()).toBe(stop.atMs);
    expect(here(indexed)).toBe(traceHash(headless.world));
    indexed.seek(stop.atMs - 2500);
    expect(indexed.frame().memoryStop).toBeNull();
    expect(here(indexed)).toBe(straight(FAST, stop.atMs - 2500).hash);
  });

  it('a run restored from a checkpoint where it stopped, or a second before, stops there', () => {
    const entries = runEntries(FAST, []);
    const run = Run.start(FAST, FAST.seed, entries);
    run.recordBudget = 10_000;
    run.runUntil(30_000);
    const stop = run.memoryStop!;
    expect(run.timeMs).toBe(stop.atMs);
    const atStop = Run.restore(FAST, run.checkpoint(), entries);
    expect(atStop.memoryStop).toEqual(stop);
    atStop.runUntil(30_000);
    expect(atStop.timeMs).toBe(stop.atMs);

    const before = Run.start(FAST, FAST.seed, entries);
    before.recordBudget = 10_000;
    before.runUntil(stop.atMs - 1000);
    const resumed = Run.restore(FAST, before.checkpoint(), entries);
    resumed.recordBudget = 10_000;
    resumed.runUntil(30_000);
    expect(resumed.memoryStop).toEqual(stop);
    expect(traceHash(resumed.world)).toBe(traceHash(run.world));
  });

  it('within the default budget, nothing stops', () => {
    const driver = indexed(FAST);
    driver.seek(30_000);
    expect(driver.timeMs()).toBe(30_000);
    expect(driver.frame().memoryStop).toBeNull();
    expect(driver.frame().indexStop).toBeNull();
  });
});

describe('the checkpoints’ memory budget', () => {
  it('thinning keeps the first, the last and every other one between', () => {
    expect(thinOut([0, 1, 2, 3, 4, 5, 6])).toEqual([0, 2, 4, 6]);
    expect(thinOut([0, 1, 2, 3, 4, 5])).toEqual([0, 2, 4, 5]);
    expect(thinOut([0, 1, 2])).toEqual([0, 2]);
  });

  it('a small budget holds fewer checkpoints, within it, and seeks still land on the straight run', () => {
    const roomy = indexed(FAILOVER);
    const budget = roomy.checkpointHeapBytes() / 5;
    const tight = createSimulationDriver(200, budget);
    tight.start(FAILOVER, FAILOVER.seed);
    while (tight.indexAhead(() => false));
    expect(roomy.checkpointCount()).toBeGreaterThan(10);
    expect(tight.checkpointCount()).toBeLessThan(roomy.checkpointCount() / 3);
    expect(tight.checkpointHeapBytes()).toBeLessThanOrEqual(budget);
    for (const t of [FAILOVER.durationMs, 3_300, 41_000, 0, 27_500]) {
      tight.seek(t);
      expect(here(tight)).toBe(straight(FAILOVER, t).hash);
    }
  });

  it('a fork after thinning indexes the new future within the budget', () => {
    const roomy = indexed(FAILOVER);
    const budget = roomy.checkpointHeapBytes() / 4;
    const tight = createSimulationDriver(200, budget);
    tight.start(FAILOVER, FAILOVER.seed);
    while (tight.indexAhead(() => false));
    tight.seek(12_000);
    tight.apply({ type: 'killBroker', broker: 1 });
    while (tight.indexAhead(() => false));
    expect(tight.checkpointHeapBytes()).toBeLessThanOrEqual(budget);
    tight.seek(30_000);
    expect(here(tight)).toBe(straight(FAILOVER, 30_000, tight.session()).hash);
  });

  it('a fork after the index is complete counts the checkpoints as a fork before it does', () => {
    // The driver lets go of what it counted once the index is complete, and counts again on a
    // fork: without that, the first checkpoint after it would count what it shares (~1 % more).
    const fork = (driver: SimulationDriver) => {
      driver.seek(12_000);
      driver.apply({ type: 'killBroker', broker: 1 });
      while (driver.indexAhead(() => false));
      return driver.checkpointHeapBytes();
    };
    const whole = fork(indexed(FAILOVER));
    const partly = createSimulationDriver();
    partly.start(FAILOVER, FAILOVER.seed);
    let pieces = 0;
    while (partly.frame().timeline.indexedToMs < 20_000)
      partly.indexAhead(() => ++pieces % 20 === 0);
    expect(partly.frame().timeline.indexedToMs).toBeLessThan(FAILOVER.durationMs);
    const before = fork(partly);
    expect(Math.abs(whole - before) / before).toBeLessThan(0.005);
  });

  it('the estimate grows with what a checkpoint holds', () => {
    const small = { a: 1, b: 'x' };
    const big = { a: 1, b: 'x'.repeat(1000), c: Array.from({ length: 1000 }, (_, i) => ({ i })) };
    expect(estimateHeapBytes(big)).toBeGreaterThan(estimateHeapBytes(small) * 100);
    const shared = { v: 'y'.repeat(100) };
    // What is reachable twice is counted once.
    expect(estimateHeapBytes([shared, shared])).toBeLessThan(
      estimateHeapBytes([shared, { ...shared }]),
    );
    // Across calls too, with `counted`: a part an earlier checkpoint holds is counted there.
    const counted = new WeakSet<object>();
    const first = estimateHeapBytes({ big }, counted);
    expect(estimateHeapBytes({ big, small }, counted)).toBeLessThan(first / 50);
  });

  it('with a string table, a short string met again is one copy, counted once; values stay', () => {
    const strings = createStringTable();
    const part = () => ({
      kind: ['fetch', 'WaitExpired'].join(''),
      names: [['even', 'ts'].join('')],
      byId: new Map([[1, ['__consumer', '_offsets'].join('')]]),
      long: 'x'.repeat(100),
    });
    const first = part();
    const second = part();
    const bytes = (value: object) => {
      const walk = createHeapWalk(new WeakSet<object>(), strings);
      walk.add(value);
      walk.walk(Infinity);
      return walk.bytes();
    };
    const plain = estimateHeapBytes(part());
    expect(bytes(first)).toBe(plain);
    // The second copy's short strings are the table's: only the long one (not kept) counts again.
    expect(bytes(second)).toBeLessThan(plain);
    expect(plain - bytes(second)).toBeGreaterThan(3 * 16);
    expect(second).toEqual(part());
  });

  it('checkpoints sharing unchanged parts hold less than copies would, counted once each', () => {
    const driver = indexed(FAILOVER);
    const held = driver.checkpointHeapBytes();
    // Each checkpoint restored and frozen again on its own, without sharing.
    let alone = 0;
    for (const c of driver.checkpointsHeld())
      alone += estimateHeapBytes(saveCheckpoint(restoreCheckpoint(c.world)).frozen);
    expect(held).toBeLessThan(alone * 0.9);
    expect(held).toBeGreaterThan(alone * 0.2);
  });
});

describe('stepping back', () => {
  it('undoes stepping forward, state for state', () => {
    const driver = indexed(COOPERATIVE);
    driver.seek(6_000);
    const seen: string[] = [here(driver)];
    for (let i = 0; i < 40; i++) {
      expect(driver.stepToEvent()).toBe(true);
      seen.push(here(driver));
    }
    for (let i = seen.length - 2; i >= 0; i--) {
      expect(driver.stepBack()).toBe(true);
      expect(here(driver)).toBe(seen[i]);
    }
  });

  it('steps back to the world as created, and no further', () => {
    const driver = indexed(COOPERATIVE);
    const fresh = createSimulationDriver();
    fresh.start(COOPERATIVE, COOPERATIVE.seed);
    driver.seek(300);
    let steps = 0;
    while (driver.stepBack()) steps++;
    expect(steps).toBeGreaterThan(0);
    expect(here(driver)).toBe(here(fresh));
    expect(driver.timeMs()).toBe(0);
  });
});

describe('forking', () => {
  const kill: Command = { type: 'killBroker', broker: 3 };
  const restart: Command = { type: 'restartBroker', broker: 3 };

  it('an action in the past discards the later ones and replays as the new session', () => {
    const driver = indexed(FAILOVER);
    driver.seek(12_000);
    driver.apply(kill);
    driver.seek(25_000);
    driver.apply(restart);
    expect(driver.session().map((e) => e.atMs)).toEqual([12_000, 25_000]);

    driver.seek(20_000);
    const { discarded } = driver.apply({ type: 'shutdownBroker', broker: 4 });
    expect(discarded).toBe(1);
    const session = driver.session();
    expect(session).toEqual([
      { atMs: 12_000, command: kill },
      { atMs: 20_000, command: { type: 'shutdownBroker', broker: 4 } },
    ]);
    driver.seek(40_000);
    expect(here(driver)).toBe(straight(FAILOVER, 40_000, session).hash);
    // And back to before the fork: the same past as ever.
    driver.seek(15_000);
    expect(here(driver)).toBe(straight(FAILOVER, 15_000, session).hash);
  });

  it('the timeline is indexed again after a fork: markers of the new future, none of the old', () => {
    const driver = indexed(FAILOVER);
    driver.seek(12_000);
    driver.apply(kill);
    while (driver.indexAhead(() => false));
    const before = driver.frame().timeline.markers;
    expect(before.filter((m) => m.kind === 'action').map((m) => m.atMs)).toEqual([12_000]);
    driver.seek(11_000);
    driver.apply(restart);
    while (driver.indexAhead(() => false));
    const after = driver.frame().timeline.markers;
    expect(after.filter((m) => m.kind === 'action').map((m) => [m.atMs, m.label])).toEqual([
      [11_000, 'you: restart broker 3'],
    ]);
    // Markers stay in trace order, without duplicates.
    const indexes = after.map((m) => `${m.eventIndex}/${m.kind}`);
    expect(new Set(indexes).size).toBe(indexes.length);
    expect([...after].sort((a, b) => a.eventIndex - b.eventIndex)).toEqual(after);
  });

  it('says whether the run loses its active controller once the index reaches that moment', () => {
    expect(indexed(FAILOVER).timeline().losesController).toBe(false);
    const driver = createSimulationDriver();
    driver.start(QUORUM, QUORUM.seed);
    // Controller 3000 is killed at 6 s (the lesson's step); an election follows.
    let slices = 0;
    const stopAfter = (n: number) => () => n-- <= 0;
    while (driver.timeline().indexedToMs < 6_000 && driver.indexAhead(stopAfter(1))) {
      expect(driver.timeline().losesController).toBe(false);
      slices++;
    }
    expect(slices).toBeGreaterThan(1);
    while (driver.indexAhead(() => false));
    expect(driver.timeline().losesController).toBe(true);

    // A fork before the loss forgets it until the index finds it again in the new future
    // (the lesson still kills controller 3000 at 6 s).
    driver.seek(3_000);
    driver.apply({ type: 'killBroker', broker: 1 });
    expect(driver.timeline().losesController).toBe(false);
    while (driver.indexAhead(() => false));
    expect(driver.timeline().losesController).toBe(true);
    // A fork after it keeps it.
    driver.seek(20_000);
    driver.apply({ type: 'restartBroker', broker: 1 });
    expect(driver.timeline().losesController).toBe(true);
  });

  it('markers cover the run: narration, the crash, elections', () => {
    const driver = indexed(FAILOVER);
    const { markers, indexedToMs, endMs } = driver.frame().timeline;
    expect(indexedToMs).toBe(endMs);
    const kinds = new Set(markers.map((m) => m.kind));
    for (const k of ['narration', 'failure', 'recovery', 'election'] as const)
      expect(kinds).toContain(k);
    const crash = markers.find((m) => m.kind === 'failure');
    expect(crash).toMatchObject({ atMs: 10_000, label: 'broker 2 crashed' });
  });
});

describe('the session replays the same in the driver and headless', () => {
  it('after actions, stepping and seeking, the report equals a straight replay', () => {
    const driver = indexed(COOPERATIVE);
    driver.seek(7_000);
    driver.stepToEvent();
    driver.apply({ type: 'crashConsumer', consumer: COOPERATIVE.setup.consumers![0].id });
    const t = driver.timeMs();
    driver.seek(t + 9_000);
    const world = replaySession(COOPERATIVE, COOPERATIVE.seed, driver.session(), t + 9_000);
    expect(snapshot(world).traceHash).toBe(here(driver));
  });
});
