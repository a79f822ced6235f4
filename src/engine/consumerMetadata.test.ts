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
