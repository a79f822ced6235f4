import { describe, expect, it } from 'vitest';
import type { Command } from './commands';
import type { TraceEvent } from './events';
import { OFFSETS_TOPIC } from './cluster';
import { checkInvariants } from './invariants';
import { createWorld } from './simulation';
import { createCursor, stepWithCommands } from './timedCommands';
import { snapshot } from './snapshot';
import { runChecked } from './testing';
import type { WorldSetup } from './setup';
import type { World } from './world';

// Issue 10, defect 15: partitions added (and groups created) while a broker is fenced must not
// be led or coordinated by it. KRaft places and elects among unfenced brokers
// (`StripedReplicaPlacer`, `ReplicationControlManager.createPartitions`).

const at = (atMs: number, command: Command) => ({ atMs, command });
const kill = (broker: number): Command => ({ type: 'killBroker', broker });
const shutdown = (broker: number): Command => ({ type: 'shutdownBroker', broker });
const restart = (broker: number): Command => ({ type: 'restartBroker', broker });
const addPartitions = (count: number): Command => ({
  type: 'addPartitions',
  topic: 'orders',
  count,
});
const startGroup = (id: string): Command => ({
  type: 'addConsumer',
  consumer: { id, group: 'audit', topics: ['orders'], from: 'earliest' },
});

/**
 * 3 brokers, orders at RF 3 (so every partition has a replica on every broker), no group yet.
 * Shortened broker session (fenced within 4 s of a kill) and a small offsets topic keep it quick.
 */
function threeBrokers(seed: number): WorldSetup {
  return {
    seed,
    brokers: [1, 2, 3],
    // An isolated controller that never fails: these tests kill every broker, and a combined
    // quorum would go down with them (then nothing would be fenced at all).
    controllers: { mode: 'isolated', voters: [3000] },
    topics: [{ name: 'orders', partitions: 3, replicationFactor: 3 }],
    producers: [{ id: 'app', topic: 'orders', acks: 'all' }],
    config: {
      network: { latencyMs: 5, jitterMs: 0 },
      broker: { sessionTimeoutMs: 3000, heartbeatIntervalMs: 1000 },
      groups: { offsetsTopicPartitions: 5 },
    },
  };
}

const ofType = <T extends TraceEvent['type']>(events: TraceEvent[], type: T) =>
  events.filter((e): e is Extract<TraceEvent, { type: T }> => e.type === type);

function partitionsOf(world: World, topic: string) {
  const found = snapshot(world).topics.find((t) => t.name === topic);
  if (found === undefined) throw new Error(`no topic ${topic}`);
  return found.partitions;
}

function coordinatorOf(world: World, group: string): number | undefined {
  return snapshot(world).groups.find((g) => g.id === group)?.coordinator.broker;
}

// Broker 3 is killed at 1 s and fenced by 4 s; the growth comes at 6 s, while it is fenced.
const whileFenced = [
  at(1000, kill(3)),
  at(6000, addPartitions(3)),
  at(6500, startGroup('auditor')),
];

// Controlled shutdowns, the controller's host (the lowest id) last, so the controller fences each.
const everyBrokerShutDown = [at(1000, shutdown(3)), at(1000, shutdown(2)), at(1000, shutdown(1))];

describe('partitions added while a broker is fenced', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`seed ${seed}: are led by an unfenced broker, with the fenced one outside the ISR, still 30 s later`, () => {
      const { world, events } = runChecked(threeBrokers(seed), whileFenced, 36_000);
      expect(ofType(events, 'brokerFenced').map((e) => e.broker)).toEqual([3]);
      const added = partitionsOf(world, 'orders').slice(3);
      expect(added).toHaveLength(3);
      for (const p of added) {
        expect(p.leader).not.toBe(3);
        expect(p.replicas[0]).toBe(p.leader); // the preferred leader is the unfenced first replica
        expect(p.isr).not.toContain(3);
        // RF 3 on 3 brokers: the fenced broker still gets the third replica (StripedReplicaPlacer).
        expect(p.replicas[2]).toBe(3);
      }
    });
  }

  it('take the returning broker as a follower: it catches up into the ISR and does not lead', () => {
    const commands = [...whileFenced, at(20_000, restart(3))];
    const { world } = runChecked(threeBrokers(1), commands, 40_000);
    for (const p of partitionsOf(world, 'orders').slice(3)) {
      expect(p.leader).not.toBe(3);
      expect([...p.isr].sort()).toEqual([1, 2, 3]);
    }
  });

  it('avoid the fenced broker altogether when enough unfenced brokers remain', () => {
    const setup: WorldSetup = {
      ...threeBrokers(7),
      brokers: [1, 2, 3, 4],
      topics: [{ name: 'orders', partitions: 4, replicationFactor: 3 }],
    };
    const { world } = runChecked(setup, whileFenced, 20_000);
    for (const p of partitionsOf(world, 'orders').slice(4)) {
      expect(p.replicas).not.toContain(3);
      expect([...p.isr].sort()).toEqual([...p.replicas].sort());
    }
  });

  it('are refused while every broker is fenced (so down), and the run goes on', () => {
    const commands = [
      ...everyBrokerShutDown,
      at(5000, addPartitions(2)),
      at(10_000, restart(2)),
      at(11_000, addPartitions(2)),
    ];
    const { world, events } = runChecked(threeBrokers(3), commands, 20_000);
    const rejected = ofType(events, 'commandRejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ atMs: 5000, command: 'addPartitions' });
    // Every fenced broker is a stopped one at 5 s (a restart is fenced only until it catches up), so the client finds
    // no broker to ask; Kafka's placer would also refuse (INVALID_REPLICATION_FACTOR).
    expect(rejected[0].reason).toMatch(/no broker is running/);
    // After broker 2 returns, the second request succeeds: led by 2, the only unfenced broker.
    const added = partitionsOf(world, 'orders').slice(3);
    expect(added.map((p) => p.leader)).toEqual([2, 2]);
    for (const p of added) expect(p.isr).toEqual([2]);
  });
});

// A seed whose placement, before the fix, made broker 3 the group's coordinator.
const SEED_COORDINATED_BY_3 = 1;

describe('partitions added while no broker runs', () => {
  it('are refused (the client times out), even though the last broker killed was never fenced', () => {
    const commands = [
      at(1000, kill(3)),
      at(1000, kill(2)),
      at(6000, kill(1)),
      at(9000, addPartitions(1)),
    ];
    // The controller runs on broker 1 alone (a combined quorum of one): nobody is left to fence it.
    const setup: WorldSetup = {
      ...threeBrokers(2),
      controllers: { mode: 'combined', voters: [1] },
    };
    const { world, events } = runChecked(setup, commands, 12_000);
    expect(world.brokers.map((b) => b.fenced)).toEqual([false, true, true]);
    const rejected = ofType(events, 'commandRejected');
    expect(rejected.map((e) => e.reason)).toEqual([
      'no broker is running: the request times out (TimeoutException)',
    ]);
    expect(world.topics.orders.partitions).toHaveLength(3);
  });
});

describe('a group created while a broker is fenced', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`seed ${seed}: gets an unfenced coordinator and stabilises without the fenced broker`, () => {
      const { world, events } = runChecked(threeBrokers(seed), whileFenced, 30_000);
      const coordinator = coordinatorOf(world, 'audit');
      expect(coordinator).toBeDefined();
      expect([1, 2]).toContain(coordinator);
      expect(ofType(events, 'groupStabilized').some((e) => e.group === 'audit')).toBe(true);
      for (const p of partitionsOf(world, OFFSETS_TOPIC)) expect(p.leader).not.toBe(3);
    });
  }

  it('keeps its coordinator when the fenced broker returns', () => {
    const commands = [...whileFenced, at(20_000, restart(3))];
    const before = runChecked(threeBrokers(SEED_COORDINATED_BY_3), whileFenced, 20_000);
    const after = runChecked(threeBrokers(SEED_COORDINATED_BY_3), commands, 40_000);
    expect([1, 2]).toContain(coordinatorOf(before.world, 'audit'));
    expect(coordinatorOf(after.world, 'audit')).toBe(coordinatorOf(before.world, 'audit'));
  });

  it('waits for a coordinator while every broker is fenced, then stabilises once one returns', () => {
    const setup = threeBrokers(4);
    const commands = [
      ...everyBrokerShutDown,
      at(5000, startGroup('auditor')),
      at(15_000, restart(1)),
    ];
    const waiting = runChecked(setup, commands, 14_000);
    expect(waiting.world.topics[OFFSETS_TOPIC]).toBeUndefined();
    expect(coordinatorOf(waiting.world, 'audit')).toBe(-1);
    const { world, events } = runChecked(setup, commands, 40_000);
    expect(coordinatorOf(world, 'audit')).toBe(1);
    const stable = ofType(events, 'groupStabilized').filter((e) => e.group === 'audit');
    expect(stable.length).toBeGreaterThan(0);
    expect(stable[0].atMs).toBeGreaterThan(15_000);
  });
});

describe('the fenced-broker invariant', () => {
  it('reports a partition led by a fenced broker, and a fenced broker left in a larger ISR', () => {
    const world = createWorld(threeBrokers(1));
    const cursor = createCursor([at(1000, kill(3))]);
    while (world.brokers[2].fenced === false) stepWithCommands(world, cursor);
    expect(checkInvariants(world)).toEqual([]);
    // Corrupt one partition as the bug did: led by the fenced broker, which stays in the ISR.
    const p = world.topics.orders.partitions[0];
    p.leader = 3;
    p.isr = [3, 1, 2];
    expect(checkInvariants(world)).toEqual([
      'orders-0: led by fenced broker 3',
      'orders-0: fenced broker(s) 3 in the ISR 3,1,2',
    ]);
  });

  it('allows a fenced broker kept as the last ISR member of an offline partition', () => {
    const world = createWorld(threeBrokers(1));
    const cursor = createCursor([at(1000, kill(3))]);
    while (world.brokers[2].fenced === false) stepWithCommands(world, cursor);
    const p = world.topics.orders.partitions[0];
    p.leader = -1;
    p.isr = [3];
    expect(checkInvariants(world)).toEqual([]);
  });
});
