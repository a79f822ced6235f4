import { describe, expect, it } from 'vitest';
import type { Command } from './commands';
import type { TraceEvent } from './events';
import { logEndOffset } from './model';
import { stateReport } from './report';
import { applyCommand, createWorld, runUntil, takeEmitted } from './simulation';
import { snapshot } from './snapshot';
import type { ProducerSetup, WorldSetup } from './setup';
import { runChecked } from './testing';
import type { World } from './world';

/**
 * The producer on the wire: one produce request per leader broker carrying several partitions'
 * batches, up to max.in.flight requests per connection with idempotent sequences keeping
 * order, its own metadata refreshed on errors and every metadata.max.age.ms, and an expired
 * batch counted as a timeout.
 */

const at = (atMs: number, command: Command) => ({ atMs, command });
const produceTo = (partition: number, value: string): Command => ({
  type: 'produce',
  producer: 'app',
  partition,
  value,
});

const ofType = <T extends TraceEvent['type']>(events: TraceEvent[], type: T) =>
  events.filter((e): e is Extract<TraceEvent, { type: T }> => e.type === type);

function setup(
  replicaAssignment: number[][],
  producer: Partial<ProducerSetup> = {},
  overrides: Partial<WorldSetup> = {},
): WorldSetup {
  return {
    seed: 5,
    brokers: [1, 2, 3],
    topics: [
      {
        name: 'orders',
        partitions: replicaAssignment.length,
        replicationFactor: replicaAssignment[0].length,
        replicaAssignment,
      },
    ],
    producers: [{ id: 'app', topic: 'orders', acks: 'all', ...producer }],
    config: { network: { latencyMs: 10, jitterMs: 0 } },
    ...overrides,
  };
}

/** The values in a partition's leader log, in offset order. */
function logValues(world: World, partition: number): (string | null)[] {
  const p = world.topics.orders.partitions[partition];
  return p.logs[p.leader].records.map((r) => r.value);
}

describe('one produce request per leader broker', () => {
  it('carries the batches of every partition the broker leads that are ready at the same moment', () => {
    const world = createWorld(setup([[1], [1], [2]], { lingerMs: 0 }));
    const events: TraceEvent[] = [];
    for (const [partition, value] of [
      [0, 'a'],
      [1, 'b'],
      [2, 'c'],
    ] as const)
      applyCommand(world, produceTo(partition, value));
    runUntil(world, 1_000, (e) => events.push(...e));
    const sent = ofType(events, 'recordsSent');
    expect(sent.map((e) => [e.partition, e.broker])).toEqual([
      [0, 1],
      [1, 1],
      [2, 2],
    ]);
    expect(sent[0].request).toBe(sent[1].request);
    expect(sent[2].request).not.toBe(sent[0].request);
    // One request, one arrival: both batches reach broker 1 together.
    expect(sent[0].arrivesAtMs).toBe(sent[1].arrivesAtMs);
    expect(ofType(events, 'produceAcked')).toHaveLength(3);
  });

  it("takes along a batch still lingering when another partition's batch is ready (Kafka drains every partition of a ready node)", () => {
    const { events } = runChecked(
      setup([[1], [1]], { lingerMs: 50 }),
      [at(100, produceTo(0, 'a')), at(120, produceTo(1, 'b'))],
      1_000,
    );
    const sent = ofType(events, 'recordsSent');
    expect(sent).toHaveLength(2);
    // Partition 0 lingered to 150; partition 1's batch (linger until 170) went with it.
    expect(sent.every((e) => e.atMs === 150)).toBe(true);
    expect(sent[0].request).toBe(sent[1].request);
  });
});

/**
 * Two batches to one partition, the second sent while the first is on the wire. The leader
 * refuses the first (min.insync.replicas raised above the ISR for the moment it arrives).
 */
function firstBatchRefused(producer: Partial<ProducerSetup>): {
  world: World;
  events: TraceEvent[];
} {
  const world = createWorld(setup([[1]], { lingerMs: 0, ...producer }));
  const events: TraceEvent[] = [];
  const collect = (e: TraceEvent[]) => events.push(...e);
  applyCommand(world, produceTo(0, 'first'));
  runUntil(world, 1, collect);
  applyCommand(world, produceTo(0, 'second'));
  world.topics.orders.config.minInsyncReplicas = 2;
  runUntil(world, 10.5, collect); // the first batch arrives at 10 and is refused
  world.topics.orders.config.minInsyncReplicas = 1;
  runUntil(world, 2_000, collect);
  return { world, events };
}

describe('max.in.flight.requests.per.connection', () => {
  it('with idempotence (the default with acks=all), a refused batch retried keeps its place: the next one is refused as out of order until it is written', () => {
    const { world, events } = firstBatchRefused({});
    const sent = ofType(events, 'recordsSent');
    // Both were on the wire at once (max.in.flight 5).
    expect(sent[1].atMs).toBeLessThan(sent[0].arrivesAtMs);
    const errors = ofType(events, 'produceErrored').map((e) => e.error);
    expect(errors).toEqual(['NOT_ENOUGH_REPLICAS', 'OUT_OF_ORDER_SEQUENCE_NUMBER']);
    expect(logValues(world, 0)).toEqual(['first', 'second']);
    expect(snapshot(world).producers[0].acked).toBe(2);
  });

  it('without idempotence, the retry lands after the batch sent behind it: order is lost', () => {
    const { world, events } = firstBatchRefused({ idempotence: false });
    expect(ofType(events, 'produceErrored').map((e) => e.error)).toEqual(['NOT_ENOUGH_REPLICAS']);
    expect(logValues(world, 0)).toEqual(['second', 'first']);
  });

  it('with max.in.flight=1 the second batch waits for the first: order kept without sequences', () => {
    const { world, events } = firstBatchRefused({ maxInFlight: 1, idempotence: false });
    const sent = ofType(events, 'recordsSent');
    expect(sent[1].atMs).toBeGreaterThanOrEqual(sent[0].arrivesAtMs);
    expect(logValues(world, 0)).toEqual(['first', 'second']);
  });

  it('keeps at most max.in.flight requests unanswered per broker', () => {
    const world = createWorld(setup([[1], [2]], { lingerMs: 0, maxInFlight: 2 }));
    let most = 0;
    for (let t = 0; t < 500; t++) {
      // One batch a millisecond for 6 ms, faster than the 20 ms round trip.
      if (t < 6) applyCommand(world, produceTo(0, `v${t}`));
      runUntil(world, t + 0.5);
      most = Math.max(most, world.producers.app.inFlightRequests[1] ?? 0);
    }
    expect(most).toBe(2);
    expect(logValues(world, 0)).toEqual(['v0', 'v1', 'v2', 'v3', 'v4', 'v5']);
  });
});

describe("the producer's own metadata", () => {
  it('a stale leader answers NOT_LEADER_OR_FOLLOWER: the producer takes the new leader, refreshes its metadata and resends', () => {
    const world = createWorld(setup([[1, 2]], { lingerMs: 0 }));
    const events: TraceEvent[] = [];
    const collect = (e: TraceEvent[]) => events.push(...e);
    runUntil(world, 50, collect);
    expect(world.topics.orders.partitions[0].leader).toBe(1);
    // The producer believes broker 2 (a follower) leads, from an older epoch.
    world.producers.app.metadata.leaders.set('orders', [2]);
    world.producers.app.metadata.epochs.set('orders', [-1]);
    applyCommand(world, produceTo(0, 'x'));
    runUntil(world, 1_000, collect);
    const sent = ofType(events, 'recordsSent');
    expect(sent.map((e) => e.broker)).toEqual([2, 1]);
    const errored = ofType(events, 'produceErrored');
    expect(errored.map((e) => [e.error, e.willRetry])).toEqual([['NOT_LEADER_OR_FOLLOWER', true]]);
    expect(world.producers.app.metadata.refreshes).toBe(1);
    expect(logValues(world, 0)).toEqual(['x']);
  });

  it('a killed leader: network errors make the producer refresh until its metadata names the new leader, a round trip after the election', () => {
    const { world, events } = runChecked(
      setup([[1, 2]], { lingerMs: 0 }, { config: { network: { latencyMs: 10, jitterMs: 0 } } }),
      [at(100, { type: 'killBroker', broker: 1 }), at(200, produceTo(0, 'x'))],
      20_000,
    );
    const elected = ofType(events, 'leaderChanged').find((e) => e.leader === 2);
    expect(elected).toBeDefined();
    const sentTo2 = ofType(events, 'recordsSent').find((e) => e.broker === 2);
    expect(sentTo2).toBeDefined();
    const errors = ofType(events, 'produceErrored').map((e) => e.error);
    expect(errors.length).toBeGreaterThan(0);
    expect(new Set(errors)).toEqual(new Set(['NETWORK_EXCEPTION']));
    // Learned by a MetadataRequest round trip (20 ms here), not at the election.
    expect(sentTo2!.atMs).toBeGreaterThanOrEqual(elected!.atMs + 20);
    expect(world.producers.app.metadata.refreshes).toBeGreaterThan(1);
    expect(logValues(world, 0)).toEqual(['x']);
  });

  it('refreshes every metadata.max.age.ms without any error, and learns a leader change it did not run into', () => {
    const world = createWorld(
      setup(
        [[1, 2]],
        {},
        {
          config: {
            network: { latencyMs: 10, jitterMs: 0 },
            producer: { metadataMaxAgeMs: 1_000 },
          },
        },
      ),
    );
    // One record: the producer now tracks the topic (a client's metadata covers the topics it uses).
    applyCommand(world, produceTo(0, 'x'));
    runUntil(world, 3_500);
    const metadata = world.producers.app.metadata;
    expect(metadata.refreshes).toBe(3);
    // Each refresh is a 20 ms round trip, and the next is due max age after it was answered.
    expect(metadata.lastRefreshMs).toBe(3 * 1_020);
    // A controlled shutdown moves the leadership; the idle producer learns it at the next refresh.
    applyCommand(world, { type: 'shutdownBroker', broker: 1 });
    runUntil(world, 3_600);
    expect(world.topics.orders.partitions[0].leader).toBe(2);
    expect(metadata.leaders.get('orders')).toEqual([1]);
    runUntil(world, 4_500);
    expect(metadata.leaders.get('orders')).toEqual([2]);
  });
});

describe('delivery.timeout.ms', () => {
  it('an expired batch is counted as a timeout, attributed to the error it kept getting', () => {
    const { world, events } = runChecked(
      setup(
        [[1, 2]],
        {},
        {
          config: {
            network: { latencyMs: 10, jitterMs: 0 },
            producer: { deliveryTimeoutMs: 3_000, requestTimeoutMs: 1_000 },
          },
          topics: [
            {
              name: 'orders',
              partitions: 1,
              replicationFactor: 2,
              replicaAssignment: [[1, 2]],
              minInsyncReplicas: 2,
            },
          ],
        },
      ),
      [at(0, { type: 'killBroker', broker: 2 }), at(15_000, produceTo(0, 'x'))],
      25_000,
    );
    const expired = ofType(events, 'produceExpired');
    expect(expired).toHaveLength(1);
    expect(expired[0].timedOut).toBe(true);
    expect(expired[0].error).toBe('NOT_ENOUGH_REPLICAS');
    expect(expired[0].atMs).toBe(15_000 + 3_000);
    const s = snapshot(world).producers[0];
    expect([s.failed, s.timedOut]).toEqual([1, 1]);
    const report = stateReport(snapshot(world));
    expect(report.producers[0].timedOut).toBe(1);
    expect(report.producers[0].errors).toEqual({ NOT_ENOUGH_REPLICAS: 1 });
    expect(logEndOffset(world.topics.orders.partitions[0].logs[1])).toBe(0);
  });

  it('a batch that never got an answer (no leader) times out as DELIVERY_TIMEOUT', () => {
    const { world, events } = runChecked(
      setup(
        [[1]],
        {},
        {
          config: {
            network: { latencyMs: 10, jitterMs: 0 },
            producer: { deliveryTimeoutMs: 5_000 },
          },
        },
      ),
      [at(0, { type: 'killBroker', broker: 1 }), at(12_000, produceTo(0, 'x'))],
      20_000,
    );
    const expired = ofType(events, 'produceExpired');
    expect(expired.map((e) => [e.error, e.timedOut, e.atMs])).toEqual([
      ['DELIVERY_TIMEOUT', true, 17_000],
    ]);
    expect(snapshot(world).producers[0].timedOut).toBe(1);
  });
});

describe('reconfiguring acks', () => {
  it('turns default idempotence off with acks=1, and refuses acks=1 when idempotence was asked for', () => {
    const world = createWorld(setup([[1]], {}));
    applyCommand(world, { type: 'configureProducer', producer: 'app', acks: 1 });
    expect(world.producers.app.idempotent).toBe(false);
    const strict = createWorld(setup([[1]], { idempotence: true }));
    takeEmitted(strict);
    applyCommand(strict, { type: 'configureProducer', producer: 'app', acks: 1 });
    expect(ofType(takeEmitted(strict), 'commandRejected').map((e) => e.reason)).toEqual([
      'Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.',
    ]);
    expect(strict.producers.app.acks).toBe('all');
    expect(strict.producers.app.idempotent).toBe(true);
  });
});
