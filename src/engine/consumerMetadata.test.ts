import { describe, expect, it } from 'vitest';
import type { Command } from './commands';
import type { TraceEvent } from './events';
import { createWorld, runUntil, takeEmitted } from './simulation';
import { createCursor, runWithCommands } from './timedCommands';
import { snapshot } from './snapshot';
import { runChecked } from './testing';
import type { WorldSetup } from './setup';

/**
 * Consumers keep their own metadata (issue 14): they learn a leadership change from a fetch
 * error (NOT_LEADER_OR_FOLLOWER with KIP-951's hint, FENCED_LEADER_EPOCH, a lost connection)
 * and from refreshes, not from the controller at the moment it decides.
 */
const at = (atMs: number, command: Command) => ({ atMs, command });
const steady = at(0, { type: 'setProducerRate', producer: 'app', rate: 50 });
const stop = (atMs: number) => at(atMs, { type: 'setProducerRate', producer: 'app', rate: 0 });

function cluster(seed: number, overrides: Partial<WorldSetup> = {}): WorldSetup {
  return {
    seed,
    brokers: [1, 2, 3],
    topics: [
      {
        name: 'orders',
        partitions: 1,
        replicationFactor: 3,
        placement: { startIndex: 0, shift: 0 },
      },
    ],
    producers: [{ id: 'app', topic: 'orders', acks: 'all' }],
    consumers: [{ id: 'reader', topics: ['orders'], from: 'earliest' }],
    config: { network: { latencyMs: 5, jitterMs: 0 }, broker: { sessionTimeoutMs: 3000 } },
    ...overrides,
  };
}

const ofType = <T extends TraceEvent['type']>(events: TraceEvent[], type: T) =>
  events.filter((e): e is Extract<TraceEvent, { type: T }> => e.type === type);

const reader = (world: ReturnType<typeof createWorld>) => world.consumers.reader;

describe('a consumer whose leader dies', () => {
  const run = runChecked(
    cluster(1),
    [steady, at(2000, { type: 'killBroker', broker: 1 }), stop(9000)],
    12_000,
  );
  const { world, events } = run;
  const elected = ofType(events, 'leaderChanged').find((e) => e.previousLeader === 1)!;

  it('loses its connection, refreshes its metadata and reads on from the new leader', () => {
    expect(elected).toBeDefined();
    // Its retries back off exponentially (100 ms doubling, at most 1 s: KIP-580), so six
    // seconds without a leader cost about ten failed fetches, not sixty.
    const errors = reader(world).fetchErrors.NETWORK_EXCEPTION;
    expect(errors).toBeGreaterThan(3);
    expect(errors).toBeLessThanOrEqual(12);
    expect(reader(world).metadata.refreshes).toBeGreaterThan(0);
    const after = ofType(events, 'consumerFetched').filter((e) => e.atMs > elected.atMs);
    expect(after.length).toBeGreaterThan(0);
  });

  it('reads nothing between the kill and the election, and misses nothing', () => {
    const fetched = ofType(events, 'consumerFetched');
    const gap = fetched.filter((e) => e.atMs > 2000 + 20 && e.atMs < elected.atMs);
    expect(gap).toEqual([]);
    // Every record, once, in order: each fetch starts where the previous one ended.
    let next = 0;
    for (const e of fetched) {
      expect(e.fromOffset).toBe(next);
      next = e.fromOffset + e.count;
    }
    const p = snapshot(world).topics[0].partitions[0];
    expect(next).toBe(p.highWatermark);
  });
});

describe('a consumer whose leader moves while it runs', () => {
  it('follows the NOT_LEADER_OR_FOLLOWER hint (KIP-951) without a metadata refresh', () => {
    // Broker 1 dies and returns; the preferred-leader check then moves leadership back to it
    // from broker 2, which keeps running and answers the consumer's parked fetch with
    // NOT_LEADER_OR_FOLLOWER naming broker 1.
    const setup = cluster(2, {
      config: {
        network: { latencyMs: 5, jitterMs: 0 },
        broker: { sessionTimeoutMs: 3000, leaderImbalanceCheckIntervalMs: 2000 },
      },
    });
    const commands = [
      steady,
      at(1000, { type: 'killBroker', broker: 1 } as Command),
      at(5000, { type: 'restartBroker', broker: 1 } as Command),
    ];
    const probe = runChecked(setup, commands, 15_000);
    const back = ofType(probe.events, 'leaderChanged').find((e) => e.leader === 1)!;
    expect(back).toBeDefined();
    expect(back.previousLeader).toBe(2);

    const world = createWorld(setup);
    takeEmitted(world);
    runWithCommands(world, createCursor(commands), back.atMs - 1);
    const consumer = reader(world);
    const refreshes = consumer.metadata.refreshes;
    const notLeader = consumer.fetchErrors.NOT_LEADER_OR_FOLLOWER ?? 0;
    expect(consumer.metadata.leaders.get('orders')![0]).toBe(2);
    runWithCommands(world, createCursor([]), back.atMs + 200);
    expect(consumer.fetchErrors.NOT_LEADER_OR_FOLLOWER).toBe(notLeader + 1);
    expect(consumer.metadata.refreshes).toBe(refreshes);
    expect(consumer.metadata.leaders.get('orders')![0]).toBe(1);
    expect(consumer.metadata.epochs.get('orders')![0]).toBe(back.leaderEpoch);
    const fetchedFromNew = ofType(probe.events, 'consumerFetched').filter(
      (e) => e.atMs > back.atMs && e.atMs < back.atMs + 200,
    );
    expect(fetchedFromNew.length).toBeGreaterThan(0);
  });

  it('is refused with FENCED_LEADER_EPOCH when its epoch is older, and refreshes', () => {
    const world = createWorld(cluster(3));
    takeEmitted(world);
    runUntil(world, 1000);
    const consumer = reader(world);
    expect(consumer.metadata.epochs.get('orders')![0]).toBe(0);
    // The leader's epoch moves on (as after a leader change and back) while the consumer's
    // cache still says 0.
    world.topics.orders.partitions[0].leaderEpoch = 1;
    runUntil(world, 3000);
    expect(consumer.fetchErrors.FENCED_LEADER_EPOCH).toBeGreaterThan(0);
    expect(consumer.metadata.refreshes).toBeGreaterThan(0);
    expect(consumer.metadata.epochs.get('orders')![0]).toBe(1);
  });
});

describe('metadata.max.age.ms', () => {
  it('refreshes a consumer metadata that no error made stale', () => {
    const { world } = runChecked(
      cluster(4, {
        config: { network: { latencyMs: 5, jitterMs: 0 }, consumer: { metadataMaxAgeMs: 2000 } },
      }),
      [steady],
      9_500,
    );
    expect(reader(world).fetchErrors).toEqual({});
    expect(reader(world).metadata.refreshes).toBe(4);
  });
});

describe('without a controller', () => {
  it('a consumer keeps trying its dead leader, then reads on once a leader is elected', () => {
    const { world, events } = runChecked(
      cluster(5, {
        controllers: { mode: 'isolated', voters: [3000, 3001, 3002] },
      }),
      [
        steady,
        at(1000, { type: 'killController', controller: 3000 }),
        at(1000, { type: 'killController', controller: 3001 }),
        at(2000, { type: 'killBroker', broker: 1 }),
        at(8000, { type: 'restartController', controller: 3000 }),
        stop(14_000),
      ],
      16_000,
    );
    // No decision while the quorum was lost: the dead broker stayed leader until after 8 s.
    const elected = ofType(events, 'leaderChanged').find((e) => e.previousLeader === 1)!;
    expect(elected.atMs).toBeGreaterThan(8000);
    expect(reader(world).fetchErrors.NETWORK_EXCEPTION).toBeGreaterThan(10);
    const after = ofType(events, 'consumerFetched').filter((e) => e.atMs > elected.atMs);
    expect(after.length).toBeGreaterThan(0);
  });
});

describe('partitions added to a topic', () => {
  const grown = (consumers: WorldSetup['consumers'], metadataMaxAgeMs: number): WorldSetup => ({
    ...cluster(6),
    topics: [
      {
        name: 'orders',
        partitions: 2,
        replicationFactor: 3,
        placement: { startIndex: 0, shift: 0 },
      },
    ],
    consumers,
    config: { network: { latencyMs: 5, jitterMs: 0 }, consumer: { metadataMaxAgeMs } },
  });
  const grow = (atMs: number) => [
    at(atMs, { type: 'addPartitions', topic: 'orders', count: 2 }),
    at(atMs + 500, { type: 'produce', producer: 'app', partition: 2, count: 5 }),
    at(atMs + 500, { type: 'produce', producer: 'app', partition: 3, count: 5 }),
  ];
  const member = (id: string) => ({
    id,
    group: 'billing',
    topics: ['orders'],
    from: 'earliest' as const,
  });

  it('a group-less consumer reads them from its next refresh on (5 s), every record once', () => {
    const { world, events } = runChecked(
      grown([{ id: 'reader', topics: ['orders'], from: 'earliest' }], 5000),
      grow(1000),
      8000,
    );
    const added = ofType(events, 'consumerFetched').filter((e) => e.partition >= 2);
    expect(added.length).toBeGreaterThan(0);
    expect(Math.min(...added.map((e) => e.atMs))).toBeGreaterThan(5000);
    for (const partition of [2, 3]) {
      const reads = added.filter((e) => e.partition === partition);
      let next = 0;
      for (const e of reads) {
        expect(e.fromOffset).toBe(next);
        next += e.count;
      }
      expect(next).toBe(5);
    }
    expect(reader(world).assignment).toHaveLength(4);
    expect(reader(world).fetchErrors).toEqual({});
  });

  // Refreshes every 20 s: g1 (the leader, started at 0 s) at 20 s, g2 (started at 3.5 s) at
  // 23.5 s. Partitions 2 and 3 are added at 6 s; g3 joins at 7 s, before the leader's
  // metadata lists them.
  const groupSetup = grown([member('g1')], 20_000);
  const groupCommands = [
    at(3500, { type: 'addConsumer', consumer: member('g2') } as Command),
    ...grow(6000),
    at(7000, { type: 'addConsumer', consumer: member('g3') } as Command),
  ];

  it("a group's leader assigns what its metadata lists, and rejoins when a refresh lists more", () => {
    const { world, events } = runChecked(groupSetup, groupCommands, 26_000);
    const assigned = ofType(events, 'partitionsAssigned');
    // g3's rebalance (before 20 s) assigns only the two partitions the leader knows of.
    const forG3 = assigned.filter((e) => e.atMs > 7000 && e.atMs < 20_000);
    expect(forG3.some((e) => e.member === 'g3')).toBe(true);
    expect(forG3.flatMap((e) => e.assignment).sort()).toEqual(['orders-0', 'orders-1']);
    const rejoined = ofType(events, 'partitionsRevoked').find((e) => e.atMs > 20_000)!;
    expect(rejoined.member).toBe('g1');
    expect(rejoined.reason).toBe('cached metadata has changed: orders has 4 partitions, not 2');
    expect(rejoined.atMs).toBeLessThan(20_100);
    const s = snapshot(world);
    const owners = s.consumers.flatMap((c) =>
      c.assignment.map((tp) => `${tp.topic}-${tp.partition}`),
    );
    expect(owners.sort()).toEqual(['orders-0', 'orders-1', 'orders-2', 'orders-3']);
    const readFromAdded = ofType(events, 'consumerFetched')
      .filter((e) => e.partition >= 2)
      .reduce((n, e) => n + e.count, 0);
    expect(readFromAdded).toBe(10);
  });

  it('a member given a partition its metadata does not list refreshes before fetching it', () => {
    // Range over g1, g2, g3 gives g2 orders-2 in the rebalance the leader starts at 20 s (the
    // others rejoin at their next heartbeat); g2's own refresh is not due until 23.5 s.
    const world = createWorld(groupSetup);
    takeEmitted(world);
    runWithCommands(world, createCursor(groupCommands), 20_000);
    const g2 = world.consumers.g2;
    expect(g2.metadata.leaders.get('orders')).toHaveLength(2);
    expect(g2.metadata.refreshes).toBe(0);
    const events: TraceEvent[] = [];
    runWithCommands(world, createCursor([]), 23_400, (emitted) => {
      events.push(...emitted);
    });
    expect(g2.assignment).toContainEqual({ topic: 'orders', partition: 2 });
    expect(g2.metadata.refreshes).toBe(1);
    expect(g2.metadata.leaders.get('orders')).toHaveLength(4);
    const reads = ofType(events, 'consumerFetched').filter(
      (e) => e.consumer === 'g2' && e.partition === 2,
    );
    expect(reads.reduce((n, e) => n + e.count, 0)).toBe(5);
    expect(g2.fetchErrors).toEqual({});
  });
});

describe('determinism', () => {
  it('the same seed gives the same trace, through a leader death and added partitions', () => {
    const setup = cluster(7, {
      consumers: [
        { id: 'reader', topics: ['orders'], from: 'earliest' },
        { id: 'g1', group: 'billing', topics: ['orders'], from: 'earliest' },
        { id: 'g2', group: 'billing', topics: ['orders'], from: 'earliest' },
      ],
      config: {
        network: { latencyMs: 5, jitterMs: 3 },
        broker: { sessionTimeoutMs: 3000 },
        consumer: { metadataMaxAgeMs: 3000 },
      },
    });
    const commands = [
      steady,
      at(2000, { type: 'killBroker', broker: 1 } as Command),
      at(8000, { type: 'addPartitions', topic: 'orders', count: 2 } as Command),
      stop(12_000),
    ];
    const trace = () => {
      const world = createWorld(setup);
      const events: TraceEvent[] = takeEmitted(world);
      runWithCommands(world, createCursor(commands), 15_000, (emitted) => {
        events.push(...emitted);
      });
      return { events, world };
    };
    const first = trace();
    const second = trace();
    expect(second.events).toEqual(first.events);
    // The run took both paths: failed fetches to the dead leader, and the added partitions.
    expect(first.world.consumers.reader.fetchErrors.NETWORK_EXCEPTION).toBeGreaterThan(0);
    expect(first.world.consumers.reader.assignment).toHaveLength(3);
    const owned = Object.values(first.world.consumers).flatMap((c) =>
      c.group === null ? [] : c.assignment,
    );
    expect(owned).toHaveLength(3);
  });
});
