import { describe, expect, it } from 'vitest';
import type { Command } from './commands';
import { validateCommand } from './commands';
import type { TraceEvent } from './events';
import { defaultQuorum, quorumSetupProblem, resolveQuorum } from './quorum';
import { stateReport } from './report';
import type { WorldSetup } from './setup';
import { createWorld } from './simulation';
import { snapshot } from './snapshot';
import { checkDecisionsHadController, checkQuorumState } from './quorumInvariants';
import { runChecked } from './testing';

/**
 * The KRaft controller quorum as nodes of its own: the active controller is the quorum's
 * leader; it moves when that voter dies, and with fewer than a majority of voters running no
 * decision is made (no elections, ISR changes, fencing or unfencing) until enough return.
 */

const at = (atMs: number, command: Command) => ({ atMs, command });
const killBroker = (broker: number): Command => ({ type: 'killBroker', broker });
const restartBroker = (broker: number): Command => ({ type: 'restartBroker', broker });
const killController = (controller: number): Command => ({ type: 'killController', controller });
const restartController = (controller: number): Command => ({
  type: 'restartController',
  controller,
});

const ofType = <T extends TraceEvent['type']>(events: TraceEvent[], type: T) =>
  events.filter((e): e is Extract<TraceEvent, { type: T }> => e.type === type);

/** Three brokers, orders-0 led by broker 1 (replicas 1, 2, 3), three isolated controllers. */
function isolated(seed = 1): WorldSetup {
  return {
    seed,
    brokers: [1, 2, 3],
    controllers: { mode: 'isolated', voters: [3000, 3001, 3002] },
    topics: [
      { name: 'orders', partitions: 1, replicationFactor: 3, replicaAssignment: [[1, 2, 3]] },
    ],
    producers: [{ id: 'app', topic: 'orders', acks: 'all' }],
    config: {
      network: { latencyMs: 5, jitterMs: 0 },
      broker: { sessionTimeoutMs: 3000, heartbeatIntervalMs: 1000, controllerFailoverMs: 2000 },
    },
  };
}

const rate = at(0, { type: 'setProducerRate', producer: 'app', rate: 20 });

describe('the quorum setup', () => {
  it('defaults to the first three brokers, combined (one broker when fewer than three)', () => {
    expect(defaultQuorum([4, 2, 1, 3])).toEqual({ mode: 'combined', voters: [1, 2, 3] });
    expect(defaultQuorum([7, 5])).toEqual({ mode: 'combined', voters: [5] });
    const world = createWorld({ seed: 1, brokers: [1, 2, 3, 4], topics: [] });
    expect(world.controllers.map((c) => [c.id, c.broker])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(world.controllerId).toBe(1);
  });

  it('resolves a voter count to the first brokers or to ids 3000 and up', () => {
    expect(resolveQuorum({ mode: 'combined', voters: 2 }, [9, 4, 6])).toEqual({
      mode: 'combined',
      voters: [4, 6],
    });
    expect(resolveQuorum({ mode: 'isolated', voters: 3 }, [1, 2])).toEqual({
      mode: 'isolated',
      voters: [3000, 3001, 3002],
    });
  });

  it('refuses voters that are not brokers (combined) or that are (isolated)', () => {
    expect(quorumSetupProblem({ mode: 'combined', voters: [1, 9] }, [1, 2, 3])).toMatch(
      /combined controller 9 is not a broker/,
    );
    expect(quorumSetupProblem({ mode: 'isolated', voters: [2] }, [1, 2, 3])).toMatch(
      /isolated controller 2 has a broker's id/,
    );
    expect(quorumSetupProblem({ mode: 'isolated', voters: [3000, 3000] }, [1])).toMatch(/distinct/);
    expect(quorumSetupProblem({ mode: 'isolated', voters: [3000] }, [1])).toBeNull();
  });
});

describe('an isolated quorum', () => {
  it('moves the active controller when it dies, and the new one fences a dead broker', () => {
    const { events, world } = runChecked(
      isolated(),
      [rate, at(1000, killController(3000)), at(1500, killBroker(2))],
      12_000,
    );
    expect(ofType(events, 'controllerKilled')).toEqual([
      expect.objectContaining({ controller: 3000, atMs: 1000 }),
    ]);
    expect(ofType(events, 'controllerMoved')).toEqual([
      expect.objectContaining({ from: 3000, to: 3001, atMs: 3000, onBroker: false }),
    ]);
    expect(ofType(events, 'quorumLost')).toEqual([]);
    // The new controller tracks sessions from its election: fenced a session timeout later.
    expect(ofType(events, 'brokerFenced')).toEqual([
      expect.objectContaining({ broker: 2, atMs: 3000 + 3000 }),
    ]);
    expect(world.topics.orders.partitions[0].isr).toEqual([1, 3]);
  });

  it('without a majority decides nothing: a dead leader keeps its partition until a voter returns', () => {
    const { events, world } = runChecked(
      isolated(),
      [
        rate,
        at(1000, killController(3001)),
        at(1000, killController(3002)),
        at(2000, killBroker(1)),
        at(20_000, restartController(3002)),
      ],
      30_000,
    );
    expect(ofType(events, 'quorumLost')).toEqual([
      expect.objectContaining({ atMs: 1000, liveVoters: 1, voters: 3 }),
    ]);
    const before = events.filter((e) => e.atMs < 20_000);
    // Broker 1 is dead for 18 s, six session timeouts: no fencing, no election, no ISR change.
    expect(ofType(before, 'brokerFenced')).toEqual([]);
    expect(ofType(before, 'leaderChanged')).toEqual([]);
    expect(ofType(before, 'isrChanged')).toEqual([]);
    // Producers wait on a leader that is gone; nothing they sent after the crash was acknowledged.
    const acks = ofType(before, 'produceAcked').filter((e) => e.atMs > 2000);
    expect(acks).toEqual([]);
    // 3002 returns: with 3000 and 3002 the quorum has a majority; it elects after the election timeout.
    const moved = ofType(events, 'controllerMoved');
    expect(moved).toEqual([expect.objectContaining({ from: -1, to: 3000, atMs: 21_000 })]);
    const fenced = ofType(events, 'brokerFenced');
    expect(fenced).toEqual([expect.objectContaining({ broker: 1, atMs: 21_000 + 3000 })]);
    const p = world.topics.orders.partitions[0];
    expect(p.leader).toBe(2);
    expect(p.isr).toEqual([2, 3]);
    expect(ofType(events, 'produceAcked').some((e) => e.atMs > 24_000)).toBe(true);
  });

  it('a broker restarted without a controller waits to register, then rejoins', () => {
    const commands = [
      rate,
      at(1000, killBroker(3)),
      at(6000, killController(3001)),
      at(6000, killController(3002)),
      at(8000, restartBroker(3)),
      at(12_000, restartController(3001)),
    ];
    const waiting = snapshot(runChecked(isolated(), commands, 10_000).world).brokers[2];
    expect(waiting).toMatchObject({ alive: false, fenced: true, waitingForController: true });
    const { events, world } = runChecked(isolated(), commands, 20_000);
    // Fenced a session timeout after its last heartbeat, while the quorum still had its majority.
    const fenced = ofType(events, 'brokerFenced');
    expect(fenced.map((e) => e.broker)).toEqual([3]);
    expect(fenced[0].atMs).toBeGreaterThan(3000);
    expect(fenced[0].atMs).toBeLessThanOrEqual(4000);
    // Restarted at 8 s with no controller: it waits, and registers once 3001 is back and elected.
    expect(ofType(events, 'controllerMoved')).toEqual([
      expect.objectContaining({ from: -1, to: 3000, atMs: 13_000 }),
    ]);
    const unfenced = ofType(events, 'brokerUnfenced');
    expect(unfenced).toHaveLength(1);
    expect(unfenced[0].atMs).toBeGreaterThan(13_000);
    expect(world.brokers[2]).toMatchObject({ alive: true, fenced: false });
    expect(world.topics.orders.partitions[0].isr).toContain(3);
  });

  it('reports the quorum in the snapshot and the JSON state report', () => {
    const { world } = runChecked(
      isolated(),
      [at(1000, killController(3001)), at(1000, killController(3002))],
      2000,
    );
    const s = snapshot(world);
    expect(s.controllerId).toBe(-1);
    expect(s.controllers).toEqual([
      { id: 3000, alive: true, broker: null },
      { id: 3001, alive: false, broker: null },
      { id: 3002, alive: false, broker: null },
    ]);
    expect(stateReport(s).quorum).toEqual({
      mode: 'isolated',
      voters: s.controllers,
      liveVoters: 1,
      majority: false,
    });
  });

  it('refuses to add partitions with no active controller, and to kill what is not an isolated controller', () => {
    const { world } = runChecked(
      isolated(),
      [at(1000, killController(3001)), at(1000, killController(3002))],
      2000,
    );
    expect(validateCommand(world, { type: 'addPartitions', topic: 'orders', count: 1 })).toMatch(
      /no active controller/,
    );
    expect(validateCommand(world, killController(3001))).toBe('controller 3001 is already down');
    expect(validateCommand(world, killController(7))).toMatch(/no controller 7/);
    const combined = createWorld({ seed: 1, brokers: [1, 2, 3], topics: [] });
    expect(validateCommand(combined, killController(1))).toMatch(
      /runs inside broker 1 \(a combined quorum\): kill or restart the broker/,
    );
  });
});

describe('a combined quorum', () => {
  it('goes down with its brokers: two of three voter brokers dead is no majority', () => {
    const { events, world } = runChecked(
      {
        ...isolated(),
        brokers: [1, 2, 3, 4],
        controllers: { mode: 'combined', voters: [2, 3, 4] },
        topics: [
          { name: 'orders', partitions: 1, replicationFactor: 3, replicaAssignment: [[1, 2, 3]] },
        ],
      },
      [rate, at(1000, killBroker(3)), at(1000, killBroker(4)), at(2000, killBroker(1))],
      15_000,
    );
    expect(ofType(events, 'quorumLost')).toEqual([
      expect.objectContaining({ atMs: 1000, liveVoters: 1, voters: 3 }),
    ]);
    expect(world.controllerId).toBe(-1);
    expect(ofType(events, 'brokerFenced')).toEqual([]);
    expect(world.topics.orders.partitions[0].leader).toBe(1); // dead, and still the leader
  });

  it('the controller follows its broker: killing the active one moves it to the next voter', () => {
    const { events } = runChecked(
      { ...isolated(), controllers: { mode: 'combined', voters: [1, 2, 3] } },
      [at(1000, killBroker(1))],
      10_000,
    );
    expect(ofType(events, 'controllerMoved')).toEqual([
      expect.objectContaining({ from: 1, to: 2, atMs: 3000, onBroker: true }),
    ]);
  });
});

describe('the quorum invariants', () => {
  it('catch an active controller without a majority, and a decision made with none', () => {
    const world = createWorld(isolated());
    expect(checkQuorumState(world)).toEqual([]);
    world.controllers[1].alive = false;
    world.controllers[2].alive = false; // the old bug: the quorum "never loses its majority"
    expect(checkQuorumState(world)).toEqual([
      'active controller 3000 without a majority of voters running',
    ]);
    world.controllerId = -1;
    const fenced: TraceEvent = {
      type: 'brokerFenced',
      atMs: 5,
      broker: 2,
      reason: 'session timeout',
    };
    expect(checkDecisionsHadController(world, -1, [fenced])).toEqual([
      'brokerFenced at 5 ms with no active controller',
    ]);
    expect(checkDecisionsHadController(world, 3000, [fenced])).toEqual([]);
  });

  it('catch a combined controller out of step with its broker', () => {
    const world = createWorld({ seed: 1, brokers: [1, 2, 3], topics: [] });
    world.brokers[1].alive = false;
    expect(checkQuorumState(world)).toEqual(['combined controller 2 runs but its broker does not']);
  });
});
