import { describe, expect, it } from 'vitest';
import type { Command } from './commands';
import type { TraceEvent } from './events';
import { checkInvariants, checkRestartedBrokersCaughtUp } from './invariants';
import { createWorld } from './simulation';
import { createCursor, stepWithCommands } from './timedCommands';
import { runChecked } from './testing';
import type { WorldSetup } from './setup';

// Issue 14: a restarted broker registers FENCED, replays the metadata log, and is unfenced only
// when a heartbeat shows it caught up (KRaft's BrokerLifecycleManager STARTING -> RECOVERY ->
// RUNNING; BrokerHeartbeatManager.calculateNextBrokerState grants UNFENCED only when
// currentMetadataOffset >= the offset of its RegisterBrokerRecord).

const at = (atMs: number, command: Command) => ({ atMs, command });
const kill = (broker: number): Command => ({ type: 'killBroker', broker });
const restart = (broker: number): Command => ({ type: 'restartBroker', broker });

function threeBrokers(seed: number, broker: Record<string, number> = {}): WorldSetup {
  return {
    seed,
    brokers: [1, 2, 3],
    // An isolated controller that never fails, so killing brokers never costs the quorum.
    controllers: { mode: 'isolated', voters: [3000] },
    topics: [{ name: 'orders', partitions: 3, replicationFactor: 3 }],
    producers: [{ id: 'app', topic: 'orders', acks: 'all' }],
    config: { network: { latencyMs: 5, jitterMs: 0 }, broker },
  };
}

const ofType = <T extends TraceEvent['type']>(events: TraceEvent[], type: T) =>
  events.filter((e): e is Extract<TraceEvent, { type: T }> => e.type === type);

const rate = at(0, { type: 'setProducerRate', producer: 'app', rate: 50 });

describe('a restarted broker', () => {
  it('registers fenced and is unfenced after catching up plus a startup heartbeat (Kafka defaults)', () => {
    // Killed at 1 s, fenced by the 9 s session timeout, restarted at 15 s.
    const { events } = runChecked(
      threeBrokers(1),
      [rate, at(1000, kill(3)), at(15_000, restart(3))],
      20_000,
    );
    const restarted = ofType(events, 'brokerRestarted')[0];
    const unfenced = ofType(events, 'brokerUnfenced');
    expect(restarted.atMs).toBe(15_000);
    // 50 ms replaying the metadata log, then the first 10 ms STARTING heartbeat at or after it.
    expect(unfenced).toEqual([expect.objectContaining({ broker: 3, atMs: 15_050 })]);
    // Not in any ISR before it was unfenced, and back in them afterwards.
    const joins = ofType(events, 'isrChanged').filter(
      (e) => e.atMs >= 15_000 && e.isr.includes(3) && !e.previousIsr.includes(3),
    );
    expect(joins.length).toBe(3);
    expect(joins.every((e) => e.atMs >= unfenced[0].atMs)).toBe(true);
  });

  it('is fenced at once on restart even when its session had not expired yet', () => {
    const { events } = runChecked(
      threeBrokers(2),
      [rate, at(1000, kill(3)), at(2000, restart(3))],
      6000,
    );
    const fenced = ofType(events, 'brokerFenced');
    expect(fenced).toEqual([expect.objectContaining({ broker: 3, atMs: 2000, reason: 'restart' })]);
    expect(ofType(events, 'brokerUnfenced')).toEqual([
      expect.objectContaining({ broker: 3, atMs: 2050 }),
    ]);
  });

  it('follows the shortened timings: catch-up 300 ms on a 100 ms heartbeat grid', () => {
    const setup = threeBrokers(3, { metadataCatchUpMs: 250, startupHeartbeatIntervalMs: 100 });
    const { world, events } = runChecked(
      setup,
      [rate, at(1000, kill(2)), at(2000, restart(2))],
      5000,
    );
    expect(ofType(events, 'brokerUnfenced')).toEqual([
      expect.objectContaining({ broker: 2, atMs: 2300 }),
    ]);
    expect(world.brokers[1]).toMatchObject({ alive: true, fenced: false, metadataCaughtUp: true });
  });

  it('leads nothing while fenced: an offline partition waits for its unfencing', () => {
    // Only broker 1 left in the ISR of every partition, then it dies too: all offline.
    const setup: WorldSetup = {
      ...threeBrokers(4),
      topics: [{ name: 'orders', partitions: 2, replicationFactor: 1 }],
    };
    const { events } = runChecked(
      setup,
      [at(1000, kill(1)), at(1500, kill(2)), at(1600, kill(3)), at(20_000, restart(1))],
      22_000,
    );
    const elected = ofType(events, 'leaderChanged').filter(
      (e) => e.atMs >= 20_000 && e.leader === 1,
    );
    const unfenced = ofType(events, 'brokerUnfenced').filter((e) => e.broker === 1);
    expect(unfenced).toHaveLength(1);
    expect(elected.length).toBeGreaterThan(0);
    expect(
      elected.every((e) => e.atMs === unfenced[0].atMs && e.reason === 'broker restarted'),
    ).toBe(true);
  });

  it('stays fenced while no controller is active, and is unfenced once one is elected', () => {
    // Broker 3 restarts at 3 s; broker 1, hosting the controller, dies 20 ms later, before 3 has
    // caught up: its heartbeats go unanswered until broker 2 takes over after the 3 s failover.
    const { events } = runChecked(
      { ...threeBrokers(5), controllers: { mode: 'combined', voters: [1, 2, 3] } },
      [rate, at(1000, kill(3)), at(3000, restart(3)), at(3020, kill(1))],
      12_000,
    );
    const moved = ofType(events, 'controllerMoved');
    expect(moved[0]).toMatchObject({ atMs: 6020, to: 2 });
    const unfenced = ofType(events, 'brokerUnfenced').filter((e) => e.broker === 3);
    expect(unfenced).toHaveLength(1);
    // Caught up at 3050; retried at the broker heartbeat interval (2 s): 5050 unanswered, 7050 granted.
    expect(unfenced[0].atMs).toBe(7050);
  });
});

describe('the restarted-broker invariant', () => {
  it('reports a restarted broker unfenced before catching up', () => {
    const world = createWorld(threeBrokers(6));
    const cursor = createCursor([at(1000, kill(3)), at(12_000, restart(3))]);
    while (world.nowMs < 12_000 || world.brokers[2].alive === false)
      stepWithCommands(world, cursor);
    expect(world.brokers[2]).toMatchObject({ fenced: true, metadataCaughtUp: false });
    expect(checkInvariants(world)).toEqual([]);
    world.brokers[2].fenced = false; // the old bug: unfenced at restart
    expect(checkRestartedBrokersCaughtUp(world)).toEqual([
      'broker 3: unfenced after its restart before catching up with the metadata log',
    ]);
    expect(checkInvariants(world)).toContain(
      'broker 3: unfenced after its restart before catching up with the metadata log',
    );
  });
});
