import { describe, expect, it } from 'vitest';
import type { Command } from './commands';
import type { TraceEvent } from './events';
import { snapshot } from './snapshot';
import { runChecked } from './testing';
import type { WorldSetup } from './setup';
import { lostRecordsOf } from './lost';

const at = (atMs: number, command: Command) => ({ atMs, command });
const kill = (broker: number): Command => ({ type: 'killBroker', broker });
const restart = (broker: number): Command => ({ type: 'restartBroker', broker });

/** The classic slide: 4 brokers, 4 partitions at RF 3, fixed placement. */
function fourBrokers(seed: number, overrides: Partial<WorldSetup> = {}): WorldSetup {
  return {
    seed,
    brokers: [1, 2, 3, 4],
    topics: [
      {
        name: 'orders',
        partitions: 4,
        replicationFactor: 3,
        placement: { startIndex: 0, shift: 0 },
      },
    ],
    producers: [{ id: 'app', topic: 'orders', acks: 'all' }],
    consumers: [{ id: 'reader', topics: ['orders'] }],
    config: { network: { latencyMs: 5, jitterMs: 0 } },
    ...overrides,
  };
}

const ofType = <T extends TraceEvent['type']>(events: TraceEvent[], type: T) =>
  events.filter((e): e is Extract<TraceEvent, { type: T }> => e.type === type);

describe('a killed broker', () => {
  it('keeps its leaderships until the controller fences it after the session timeout', () => {
    const { world, events } = runChecked(fourBrokers(1), [at(1000, kill(2))], 12_000);
    const fenced = ofType(events, 'brokerFenced');
    expect(fenced).toHaveLength(1);
    expect(fenced[0].broker).toBe(2);
    // Broker 2's last heartbeat came at most 2 s before the kill; the session is 9 s.
    expect(fenced[0].atMs).toBeGreaterThan(1000 + 9000 - 2000 - 1);
    expect(fenced[0].atMs).toBeLessThanOrEqual(1000 + 9000);
    const changes = ofType(events, 'leaderChanged');
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((c) => c.atMs === fenced[0].atMs && c.previousLeader === 2)).toBe(true);
    for (const p of snapshot(world).topics[0].partitions) {
      expect(p.leader).not.toBe(2);
      expect(p.isr).not.toContain(2);
    }
  });

  it('is replaced by the first live in-sync replica in assignment order, with a new epoch', () => {
    const { world } = runChecked(fourBrokers(2), [at(500, kill(2))], 11_000);
    const led = snapshot(world).topics[0].partitions.filter((p) => p.replicas[0] === 2);
    expect(led.length).toBeGreaterThan(0);
    for (const p of led) {
      expect(p.leader).toBe(p.replicas[1]);
      expect(p.leaderEpoch).toBe(1);
    }
  });

  it('hosting the controller: the quorum elects another controller first, then it is fenced', () => {
    const { events } = runChecked(fourBrokers(11), [at(1000, kill(1))], 20_000);
    const moved = ofType(events, 'controllerMoved');
    expect(moved).toEqual([expect.objectContaining({ from: 1, to: 2, atMs: 1000 + 3000 })]);
    const fenced = ofType(events, 'brokerFenced');
    // The new controller tracks sessions afresh: fenced a full session timeout after it took over.
    expect(fenced).toEqual([expect.objectContaining({ broker: 1, atMs: 4000 + 9000 })]);
  });

  it('comes back: truncates to the leader history, catches up and rejoins the ISR', () => {
    const { world, events } = runChecked(
      fourBrokers(3),
      [
        at(0, {
          type: 'setProducerRate',
          producer: 'app',
          rate: 100,
          keys: ['a', 'b', 'c', 'd', 'e', 'f'],
        }),
        at(1000, kill(2)),
        at(15_000, restart(2)),
      ],
      20_000,
    );
    const s = snapshot(world);
    for (const p of s.topics[0].partitions) {
      if (!p.replicas.includes(2)) continue;
      expect(p.isr).toContain(2);
      expect(p.replicaLogEndOffsets[2]).toBeGreaterThan(0);
    }
    expect(
      ofType(events, 'isrChanged').some((e) => e.reason === 'caught up' && e.isr.includes(2)),
    ).toBe(true);
    expect(ofType(events, 'brokerRestarted')).toHaveLength(1);
  });

  it('gets its preferred leaderships back through auto leader rebalancing', () => {
    const { world, events } = runChecked(
      fourBrokers(4, {
        config: {
          network: { latencyMs: 5, jitterMs: 0 },
          broker: { leaderImbalanceCheckIntervalMs: 20_000 },
        },
      }),
      [at(1000, kill(1)), at(12_000, restart(1))],
      41_000,
    );
    expect(
      ofType(events, 'leaderChanged').some(
        (e) => e.reason === 'preferred leader' && e.leader === 1,
      ),
    ).toBe(true);
    for (const p of snapshot(world).topics[0].partitions) expect(p.leader).toBe(p.replicas[0]);
  });
});

describe('controlled shutdown', () => {
  it('moves leadership first, with no gap and nothing lost', () => {
    const { world, events } = runChecked(
      fourBrokers(5),
      [
        at(0, { type: 'setProducerRate', producer: 'app', rate: 200 }),
        at(1000, { type: 'shutdownBroker', broker: 1 }),
      ],
      3000,
    );
    const shutdown = ofType(events, 'brokerShutDown')[0];
    const moves = ofType(events, 'leaderChanged');
    expect(moves.length).toBeGreaterThan(0);
    expect(moves.every((m) => m.atMs === shutdown.atMs && m.reason === 'controlled shutdown')).toBe(
      true,
    );
    expect(lostRecordsOf(world)).toEqual([]);
    expect(snapshot(world).producers[0].failed).toBe(0);
  });
});

describe('ISR', () => {
  it('drops a follower that has not caught up within replica.lag.time.max.ms', () => {
    // A session timeout longer than the lag limit, so the ISR shrink comes first.
    const { events } = runChecked(
      fourBrokers(6, {
        config: {
          network: { latencyMs: 5, jitterMs: 0 },
          broker: { sessionTimeoutMs: 120_000 },
          replication: { replicaLagTimeMaxMs: 10_000 },
        },
      }),
      [at(0, { type: 'setProducerRate', producer: 'app', rate: 50 }), at(1000, kill(3))],
      20_000,
    );
    const shrinks = ofType(events, 'isrChanged').filter((e) => e.reason === 'follower lagging');
    expect(shrinks.length).toBeGreaterThan(0);
    for (const e of shrinks) {
      expect(e.previousIsr).toContain(3);
      expect(e.isr).not.toContain(3);
      expect(e.atMs).toBeGreaterThan(1000 + 10_000 - 1);
    }
  });

  it('holds the high watermark (and acks=all) while a dead follower is still in the ISR', () => {
    const { events } = runChecked(
      fourBrokers(7),
      [at(1000, kill(2)), at(1500, { type: 'produce', producer: 'app', partition: 1 })],
      12_000,
    );
    const acked = ofType(events, 'produceAcked')[0];
    const fenced = ofType(events, 'brokerFenced')[0];
    // Partition 1 has replicas [2, 3, 4]; broker 2 leads it, so the record waits for the election and a retry.
    expect(acked.atMs).toBeGreaterThan(fenced.atMs);
  });
});

describe('acks and lost data', () => {
  /** Partition 0 is on [1, 2, 3] with 1 leading. Followers 2 and 3 are killed, then the leader. */
  function lossScenario(acks: 0 | 1 | 'all', minInsyncReplicas: number, unclean = false) {
    return runChecked(
      fourBrokers(8, {
        // The controller runs on broker 4, which stays up: with three of four brokers down,
        // a quorum of the first three would have lost its majority and decided nothing.
        controllers: { mode: 'combined', voters: [4] },
        topics: [
          {
            name: 'orders',
            partitions: 1,
            replicationFactor: 3,
            replicaAssignment: [[1, 2, 3]],
            minInsyncReplicas,
            uncleanLeaderElection: unclean,
          },
        ],
        producers: [{ id: 'app', topic: 'orders', acks }],
      }),
      [
        at(0, { type: 'produce', producer: 'app', count: 10 }),
        // Brokers 2 and 3 fall behind: killed, fenced out of the ISR.
        at(1000, kill(2)),
        at(1000, kill(3)),
        at(12_000, { type: 'produce', producer: 'app', count: 5 }),
        // The leader dies with records only it has; the followers come back.
        at(13_000, kill(1)),
        at(13_100, restart(2)),
        at(13_100, restart(3)),
      ],
      40_000,
    );
  }

  it('acks=1 acknowledges records that are later lost (unclean election)', () => {
    const { world, events } = lossScenario(1, 1, true);
    const lost = lostRecordsOf(world);
    expect(lost.length).toBe(5);
    expect(lost.map((r) => r.sequence)).toEqual([10, 11, 12, 13, 14]);
    expect(ofType(events, 'acknowledgedRecordsLost').length).toBeGreaterThan(0);
    expect(ofType(events, 'leaderChanged').some((e) => e.unclean)).toBe(true);
  });

  it('without unclean election the partition stays offline rather than lose them', () => {
    const { world } = lossScenario(1, 1, false);
    const p = snapshot(world).topics[0].partitions[0];
    expect(p.leader).toBe(-1);
    expect(p.isr).toEqual([1]);
    expect(lostRecordsOf(world)).toEqual([]);
  });

  it('acks=all with min.insync.replicas=2 refuses the writes instead (NOT_ENOUGH_REPLICAS)', () => {
    const { world, events } = lossScenario('all', 2, false);
    expect(lostRecordsOf(world)).toEqual([]);
    expect(ofType(events, 'produceErrored').some((e) => e.error === 'NOT_ENOUGH_REPLICAS')).toBe(
      true,
    );
    const producer = snapshot(world).producers[0];
    expect(producer.acked).toBe(10);
  });

  /**
   * Under a steady load the followers are always mid-fetch. The leader crashes at some moment:
   * a record it appended and acknowledged may not have reached any follower yet.
   */
  function leaderCrashAt(acks: 1 | 'all', killAtMs: number) {
    return runChecked(
      fourBrokers(9, {
        // Broker 0 hosts the controller, so killing broker 1 needs no controller failover.
        brokers: [0, 1, 2, 3],
        topics: [
          {
            name: 'orders',
            partitions: 1,
            replicationFactor: 3,
            replicaAssignment: [[1, 2, 3]],
            minInsyncReplicas: 2,
          },
        ],
        producers: [{ id: 'app', topic: 'orders', acks, lingerMs: 0 }],
        config: { network: { latencyMs: 20, jitterMs: 10 } },
      }),
      [
        at(0, { type: 'setProducerRate', producer: 'app', rate: 100 }),
        at(killAtMs, kill(1)),
        at(3000, { type: 'setProducerRate', producer: 'app', rate: 0 }),
        at(15_000, restart(1)),
      ],
      25_000,
    );
  }
  const crashMoments = Array.from({ length: 60 }, (_, i) => 1000 + i);

  it('acks=1: at some crash moments acknowledged records are lost, and the old leader truncates them on return', () => {
    let lossyRuns = 0;
    for (const t of crashMoments) {
      const { world, events } = leaderCrashAt(1, t);
      const lost = lostRecordsOf(world);
      if (lost.length === 0) continue;
      lossyRuns++;
      const acked = new Set(
        ofType(events, 'produceAcked').flatMap((e) =>
          Array.from({ length: e.count }, (_, i) => e.baseOffset + i),
        ),
      );
      for (const r of lost) expect(acked.has(r.offset)).toBe(true);
      const truncated = ofType(events, 'logTruncated').filter((e) => e.broker === 1);
      expect(truncated.length).toBeGreaterThan(0);
      const p = snapshot(world).topics[0].partitions[0];
      expect(new Set(Object.values(p.replicaLogEndOffsets)).size).toBe(1);
    }
    expect(lossyRuns).toBeGreaterThanOrEqual(5);
  });

  it('acks=all with min.insync.replicas=2: no crash moment loses anything, and nothing is written twice', () => {
    for (const t of crashMoments) {
      const { world } = leaderCrashAt('all', t);
      expect(lostRecordsOf(world)).toEqual([]);
      const s = snapshot(world);
      const producer = s.producers[0];
      expect(producer.failed).toBe(0);
      expect(producer.acked).toBe(producer.sent);
      const p = s.topics[0].partitions[0];
      const sequences = p.log.records.slice(0, p.log.length).map((r) => r.sequence);
      expect(new Set(sequences).size).toBe(sequences.length);
      expect(sequences.length).toBe(producer.sent);
    }
  });
});

describe('offline partitions and keyed records', () => {
  it('a keyed record for an offline partition waits and then fails; it is never rerouted', () => {
    const { world, events } = runChecked(
      fourBrokers(10, {
        topics: [
          { name: 'orders', partitions: 2, replicationFactor: 1, replicaAssignment: [[1], [2]] },
        ],
        producers: [{ id: 'app', topic: 'orders', acks: 1 }],
        config: { network: { latencyMs: 5, jitterMs: 0 }, producer: { deliveryTimeoutMs: 20_000 } },
      }),
      [at(0, kill(1)), at(12_000, { type: 'produce', producer: 'app', partition: 0, key: 'x' })],
      40_000,
    );
    const p = snapshot(world).topics[0].partitions;
    expect(p[0].leader).toBe(-1);
    expect(p[1].logEndOffset).toBe(0);
    expect(snapshot(world).producers[0].failed).toBe(1);
    expect(ofType(events, 'produceExpired')[0].error).toBe('DELIVERY_TIMEOUT');
  });
});
