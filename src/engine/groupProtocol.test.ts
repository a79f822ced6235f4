import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Command } from './commands';
import type { TraceEvent } from './events';
import { coordinatorPartition } from './groups/coordinator';
import { handleGroupRequest } from './groupCoordinator';
import type { GroupRequest } from './groupMessages';
import type { GroupMemberState } from './model';
import { snapshot, type Snapshot } from './snapshot';
import { runChecked } from './testing';
import type { ConsumerSetup, WorldSetup } from './setup';
import type { AssignorName } from './groups/types';

const at = (atMs: number, command: Command) => ({ atMs, command });
const join = (atMs: number, consumer: ConsumerSetup) => at(atMs, { type: 'addConsumer', consumer });
const member = (id: string, extra: Partial<ConsumerSetup> = {}): ConsumerSetup => ({
  id,
  group: 'billing',
  topics: ['orders'],
  from: 'earliest',
  sessionTimeoutMs: 10_000,
  ...extra,
});

function cluster(seed: number, partitions = 6, extra: Partial<WorldSetup> = {}): WorldSetup {
  return {
    seed,
    brokers: [1, 2, 3],
    topics: [
      { name: 'orders', partitions, replicationFactor: 3, placement: { startIndex: 0, shift: 0 } },
    ],
    producers: [{ id: 'shop', topic: 'orders', acks: 1 }],
    config: { network: { latencyMs: 5, jitterMs: 2 }, groups: { offsetsTopicPartitions: 10 } },
    ...extra,
  };
}

/**
 * Consumers learn of added partitions at a metadata refresh (metadata.max.age.ms, 5 min by
 * default): these refresh every 2 s, so a test sees the rebalance soon after.
 */
const refreshing = (seed: number, partitions: number): WorldSetup => {
  const setup = cluster(seed, partitions);
  return { ...setup, config: { ...setup.config, consumer: { metadataMaxAgeMs: 2000 } } };
};

const ofType = <T extends TraceEvent['type']>(events: TraceEvent[], type: T) =>
  events.filter((e): e is Extract<TraceEvent, { type: T }> => e.type === type);
const group = (s: Snapshot, id = 'billing') => s.groups.find((g) => g.id === id)!;
const owned = (s: Snapshot, consumer: string) =>
  s.consumers.find((c) => c.id === consumer)!.assignment.map((tp) => `${tp.topic}-${tp.partition}`);
const steady = (atMs: number): { atMs: number; command: Command } =>
  at(atMs, {
    type: 'setProducerRate',
    producer: 'shop',
    rate: 60,
    keys: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'],
  });

describe('joining a group', () => {
  it('members that join within the initial delay form generation 1 together (range)', () => {
    const { world, events } = runChecked(
      cluster(1),
      [join(0, member('c1')), join(1000, member('c2'))],
      8000,
    );
    const s = snapshot(world);
    const g = group(s);
    expect(g.state).toBe('Stable');
    expect(g.generation).toBe(1);
    expect(g.protocol).toBe('range');
    expect(g.rebalanceProtocol).toBe('eager');
    expect(g.leader).toBe('c1');
    expect(owned(s, 'c1')).toEqual(['orders-0', 'orders-1', 'orders-2']);
    expect(owned(s, 'c2')).toEqual(['orders-3', 'orders-4', 'orders-5']);
    // group.initial.rebalance.delay.ms: nothing completes before 3 s.
    expect(ofType(events, 'groupJoinCompleted')[0].atMs).toBeGreaterThanOrEqual(3000);
  });

  it('the coordinator is the leader of the __consumer_offsets partition the group id hashes to', () => {
    const { world } = runChecked(cluster(2), [join(0, member('c1'))], 5000);
    const s = snapshot(world);
    const g = group(s);
    expect(g.coordinator.partition).toBe(coordinatorPartition('billing', 10));
    const offsets = s.topics.find((t) => t.name === '__consumer_offsets')!;
    expect(g.coordinator.broker).toBe(offsets.partitions[g.coordinator.partition].leader);
  });

  it('consumers beyond the partition count sit idle', () => {
    const { world } = runChecked(
      cluster(3, 2),
      [join(0, member('c1')), join(0, member('c2')), join(0, member('c3'))],
      8000,
    );
    const s = snapshot(world);
    expect(['c1', 'c2', 'c3'].map((c) => owned(s, c).length).sort()).toEqual([0, 1, 1]);
    expect(group(s).members).toHaveLength(3);
  });
});

describe('rebalancing', () => {
  it('eager: a third member makes everyone revoke everything, then 2/2/2', () => {
    const { world, events } = runChecked(
      cluster(4),
      [steady(0), join(0, member('c1')), join(0, member('c2')), join(10_000, member('c3'))],
      20_000,
    );
    const s = snapshot(world);
    expect(group(s).generation).toBe(2);
    for (const c of ['c1', 'c2', 'c3']) expect(owned(s, c)).toHaveLength(2);
    const revoked = ofType(events, 'partitionsRevoked').filter((e) => e.atMs >= 10_000);
    expect(new Set(revoked.map((e) => e.member))).toEqual(new Set(['c1', 'c2']));
    expect(revoked.every((e) => e.partitions.length === 3)).toBe(true);
    expect(ofType(events, 'groupRebalanceStarted').at(-1)).toMatchObject({
      reason: 'c3 joined',
      rebalanceProtocol: 'eager',
    });
  });

  it('cooperative: only moved partitions are revoked, and they are assigned in a second round', () => {
    const coop = (id: string) => member(id, { assignors: ['cooperative-sticky'] });
    const { world, events } = runChecked(
      cluster(5),
      [steady(0), join(0, coop('c1')), join(0, coop('c2')), join(10_000, coop('c3'))],
      25_000,
    );
    const s = snapshot(world);
    const g = group(s);
    expect(g.rebalanceProtocol).toBe('cooperative');
    expect(g.generation).toBe(3); // the join round, then the round that hands over the revoked partitions
    for (const c of ['c1', 'c2', 'c3']) expect(owned(s, c)).toHaveLength(2);
    const revoked = ofType(events, 'partitionsRevoked').filter((e) => e.atMs >= 10_000);
    // c1 and c2 each give up exactly one partition; nothing else stops.
    expect(revoked.map((e) => e.partitions.length)).toEqual([1, 1]);
    const c3Assigned = ofType(events, 'partitionsAssigned').filter((e) => e.member === 'c3');
    expect(c3Assigned[0].assignment).toEqual([]);
    expect(c3Assigned.at(-1)!.assignment).toHaveLength(2);
  });

  it('a graceful leave rebalances at once; a crash only after the session timeout', () => {
    const leave = runChecked(
      cluster(6),
      [
        join(0, member('c1')),
        join(0, member('c2')),
        at(10_000, { type: 'removeConsumer', consumer: 'c2' }),
      ],
      15_000,
    );
    const started = ofType(leave.events, 'groupRebalanceStarted').at(-1)!;
    expect(started.reason).toBe('c2 left the group');
    expect(started.atMs).toBeLessThan(10_100);
    expect(owned(snapshot(leave.world), 'c1')).toHaveLength(6);

    const crash = runChecked(
      cluster(6),
      [
        join(0, member('c1')),
        join(0, member('c2')),
        at(10_000, { type: 'crashConsumer', consumer: 'c2' }),
      ],
      30_000,
    );
    const removed = ofType(crash.events, 'memberRemoved')[0];
    expect(removed).toMatchObject({ member: 'c2', reason: 'session timed out' });
    // Its last heartbeat was at most 3 s before the crash; the session is 10 s.
    expect(removed.atMs).toBeGreaterThan(10_000 + 10_000 - 3000 - 20);
    expect(removed.atMs).toBeLessThan(10_000 + 10_000 + 20);
    expect(owned(snapshot(crash.world), 'c1')).toHaveLength(6);
  });

  it('a static member that comes back within the session timeout gets its partitions back without a rebalance', () => {
    const stat = (id: string) => member(id, { instanceId: `${id}-host` });
    const { world, events } = runChecked(
      cluster(7),
      [
        join(0, stat('c1')),
        join(0, stat('c2')),
        at(10_000, { type: 'crashConsumer', consumer: 'c2' }),
        join(14_000, stat('c2')),
      ],
      40_000,
    );
    const s = snapshot(world);
    expect(group(s).generation).toBe(1);
    expect(owned(s, 'c2')).toEqual(['orders-3', 'orders-4', 'orders-5']);
    expect(ofType(events, 'staticMemberRejoined')).toHaveLength(1);
    expect(ofType(events, 'groupRebalanceStarted')).toHaveLength(1);
  });

  it('a consumer that stops polling leaves after max.poll.interval.ms', () => {
    const { world, events } = runChecked(
      cluster(8),
      [
        join(0, member('c1', { maxPollIntervalMs: 20_000 })),
        join(0, member('c2', { maxPollIntervalMs: 20_000 })),
        at(10_000, { type: 'stallConsumer', consumer: 'c2' }),
      ],
      40_000,
    );
    const timedOut = ofType(events, 'consumerPollTimedOut')[0];
    expect(timedOut.member).toBe('c2');
    expect(timedOut.atMs).toBeGreaterThan(30_000 - 1);
    expect(owned(snapshot(world), 'c1')).toHaveLength(6);
  });

  it('the eager sticky assignor remembers the last assignment: a joining member takes partitions from the others, who keep the rest', () => {
    const sticky = { assignors: ['sticky' as const] };
    const { events } = runChecked(
      cluster(8),
      [
        join(0, member('c1', sticky)),
        join(0, member('c2', sticky)),
        join(12_000, member('c3', sticky)),
      ],
      30_000,
    );
    const assigned = ofType(events, 'partitionsAssigned');
    const before = new Map(
      assigned.filter((e) => e.atMs < 12_000).map((e) => [e.member, e.assignment]),
    );
    const after = new Map(
      assigned.filter((e) => e.atMs > 12_000).map((e) => [e.member, e.assignment]),
    );
    expect(after.get('c3')).toHaveLength(2);
    // Eager: c1 and c2 gave everything up before rejoining, yet each gets back 2 of its 3.
    for (const id of ['c1', 'c2']) {
      expect(after.get(id)).toHaveLength(2);
      expect(after.get(id)!.every((p) => before.get(id)!.includes(p))).toBe(true);
    }
  });

  it('pause() keeps a member polling and heartbeating: it stays, reads nothing, commits the same offsets', () => {
    const { world, events } = runChecked(
      cluster(8),
      [
        join(0, member('c1', { maxPollIntervalMs: 20_000 })),
        join(0, member('c2', { maxPollIntervalMs: 20_000 })),
        at(10_000, { type: 'pauseConsumer', consumer: 'c2' }),
        ...Array.from({ length: 20 }, (_, i) =>
          at(11_000 + i * 1_000, { type: 'produce', producer: 'shop', count: 8, partition: i % 6 }),
        ),
      ],
      45_000,
    );
    expect(ofType(events, 'consumerPollTimedOut')).toHaveLength(0);
    const s = snapshot(world);
    const c2 = s.consumers.find((c) => c.id === 'c2')!;
    expect(c2.paused).toBe(true);
    expect(c2.pausedPartitions).toHaveLength(owned(s, 'c2').length);
    expect(owned(s, 'c2').length).toBeGreaterThan(0);
    const readAfterPause = ofType(events, 'consumerFetched').filter(
      (e) => e.consumer === 'c2' && e.atMs > 10_100,
    );
    expect(readAfterPause).toHaveLength(0);
    // c1 kept reading its own partitions meanwhile.
    expect(
      ofType(events, 'consumerFetched').filter((e) => e.consumer === 'c1' && e.atMs > 11_000)
        .length,
    ).toBeGreaterThan(0);
  });

  it('a rebalance forgets the pause of the partitions it revokes; new ones arrive unpaused (eager)', () => {
    const { world, events } = runChecked(
      cluster(8),
      [
        join(0, member('c1', { assignors: ['range'] })),
        join(0, member('c2', { assignors: ['range'] })),
        at(10_000, { type: 'pauseConsumer', consumer: 'c2' }),
        at(12_000, { type: 'removeConsumer', consumer: 'c1' }),
        ...Array.from({ length: 10 }, (_, i) =>
          at(13_000 + i * 1_000, { type: 'produce', producer: 'shop', count: 8 }),
        ),
      ],
      30_000,
    );
    const s = snapshot(world);
    const c2 = s.consumers.find((c) => c.id === 'c2')!;
    expect(owned(s, 'c2')).toHaveLength(6);
    expect(c2.paused).toBe(true);
    expect(c2.pausedPartitions).toEqual([]);
    expect(
      ofType(events, 'consumerFetched').filter((e) => e.consumer === 'c2' && e.atMs > 13_000)
        .length,
    ).toBeGreaterThan(0);
  });

  it('partitions added to a subscribed topic trigger a rebalance that assigns them', () => {
    const { world, events } = runChecked(
      refreshing(9, 4),
      [
        join(0, member('c1')),
        join(0, member('c2')),
        at(10_000, { type: 'addPartitions', topic: 'orders', count: 2 }),
      ],
      20_000,
    );
    // The leader rejoins at its first metadata refresh after the change (every 2 s here).
    const rejoined = ofType(events, 'partitionsRevoked').filter((e) => e.atMs > 10_000);
    expect(rejoined[0].reason).toBe('cached metadata has changed: orders has 6 partitions, not 4');
    expect(rejoined[0].atMs).toBeLessThan(12_100);
    const s = snapshot(world);
    expect(s.topics[0].partitions).toHaveLength(6);
    expect([...owned(s, 'c1'), ...owned(s, 'c2')].sort()).toEqual([
      'orders-0',
      'orders-1',
      'orders-2',
      'orders-3',
      'orders-4',
      'orders-5',
    ]);
  });
});

describe('offsets and isolation', () => {
  it('two groups read the same topic independently, each everything', () => {
    const { world } = runChecked(
      cluster(10),
      [
        at(0, { type: 'produce', producer: 'shop', keys: ['a', 'b', 'c', 'd'], count: 40 }),
        join(0, member('b1')),
        join(0, member('b2')),
        join(0, member('a1', { group: 'audit' })),
      ],
      15_000,
    );
    const s = snapshot(world);
    const consumed = (ids: string[]) =>
      ids.reduce((n, id) => n + s.consumers.find((c) => c.id === id)!.consumed, 0);
    expect(consumed(['b1', 'b2'])).toBe(40);
    expect(consumed(['a1'])).toBe(40);
    for (const g of ['billing', 'audit']) {
      const offsets = group(s, g).offsets;
      expect(offsets.reduce((n, o) => n + (o.committed ?? 0), 0)).toBe(40);
      expect(offsets.every((o) => o.lag === 0)).toBe(true);
    }
  });

  it('lag is the high watermark minus the committed offset', () => {
    const { world } = runChecked(
      cluster(11, 1),
      [
        join(0, member('c1', { autoCommit: false })),
        at(6000, { type: 'produce', producer: 'shop', count: 10 }),
        at(8000, { type: 'commit', consumer: 'c1' }),
        at(9000, { type: 'produce', producer: 'shop', count: 5 }),
      ],
      9500,
    );
    const o = group(snapshot(world)).offsets[0];
    expect(o).toEqual({ topic: 'orders', partition: 0, committed: 10, lag: 5 });
  });

  it('commits are real records in __consumer_offsets', () => {
    const { world } = runChecked(
      cluster(12, 1),
      [
        join(0, member('c1')),
        at(4000, { type: 'produce', producer: 'shop', count: 3 }),
        at(7000, { type: 'commit', consumer: 'c1' }),
      ],
      8000,
    );
    const s = snapshot(world);
    const g = group(s);
    const p = s.topics.find((t) => t.name === '__consumer_offsets')!.partitions[
      g.coordinator.partition
    ];
    const values = p.log.records.slice(0, p.log.length).map((r) => `${r.key}=${r.value}`);
    expect(values).toContain('billing/orders/0=3');
  });
});

describe('properties (fixed seeds)', () => {
  const assignorsArb = fc.constantFrom<AssignorName[][]>(
    ['range'],
    ['roundrobin'],
    ['sticky'],
    ['cooperative-sticky'],
    ['range', 'cooperative-sticky'],
  );

  it(
    'after a group stabilises every subscribed partition has exactly one live owner (seed 31)',
    { timeout: 60_000 },
    () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 8 }),
          fc.integer({ min: 1, max: 5 }),
          assignorsArb,
          fc.array(
            fc.record({
              atMs: fc.integer({ min: 5000, max: 30_000 }),
              action: fc.constantFrom('join', 'leave', 'crash'),
            }),
            { maxLength: 4 },
          ),
          (partitions, members, assignors, changes) => {
            const commands = Array.from({ length: members }, (_, i) =>
              join(0, member(`m${i}`, { assignors })),
            );
            changes.forEach((c, i) => {
              const id = c.action === 'join' ? `x${i}` : `m${i % members}`;
              if (c.action === 'join') commands.push(join(c.atMs, member(id, { assignors })));
              else
                commands.push(
                  at(c.atMs, {
                    type: c.action === 'leave' ? 'removeConsumer' : 'crashConsumer',
                    consumer: id,
                  }),
                );
            });
            const { world } = runChecked(
              cluster(partitions, partitions),
              [steady(0), ...commands],
              70_000,
            );
            const s = snapshot(world);
            const g = group(s);
            const live = s.consumers.filter((c) => c.alive && c.group === 'billing');
            if (live.length === 0) return;
            expect(g.state).toBe('Stable');
            const owners = live.flatMap((c) =>
              c.assignment.map((tp) => `${tp.topic}-${tp.partition}`),
            );
            expect(owners.sort()).toEqual(
              Array.from({ length: partitions }, (_, p) => `orders-${p}`).sort(),
            );
          },
        ),
        { seed: 31, numRuns: 12 },
      );
    },
  );

  it(
    'without crashes, no record committed by the group is delivered to it again (seed 32)',
    { timeout: 60_000 },
    () => {
      fc.assert(
        fc.property(assignorsArb, fc.integer({ min: 2, max: 4 }), (assignors, members) => {
          const commands = [
            steady(0),
            ...Array.from({ length: members }, (_, i) =>
              join(i * 4000, member(`m${i}`, { assignors })),
            ),
          ];
          commands.push(at(20_000, { type: 'removeConsumer', consumer: 'm0' }));
          const { events } = runChecked(cluster(40 + members), commands, 40_000);
          const committed: Record<string, number> = {};
          for (const e of events) {
            if (e.type === 'offsetsCommitted')
              for (const o of e.offsets)
                committed[`${o.topic}-${o.partition}`] = Math.max(
                  committed[`${o.topic}-${o.partition}`] ?? 0,
                  o.offset,
                );
            if (e.type === 'consumerFetched')
              expect(e.fromOffset).toBeGreaterThanOrEqual(
                committed[`${e.topic}-${e.partition}`] ?? 0,
              );
          }
        }),
        { seed: 32, numRuns: 8 },
      );
    },
  );
});

describe('coordinator failover', () => {
  it('when the coordinator broker dies, the group finds the new leader of its offsets partition and carries on', () => {
    // Find which broker coordinates 'billing' in this cluster, then kill it.
    const probe = runChecked(cluster(50), [join(0, member('c1')), join(0, member('c2'))], 8000);
    const coordinator = group(snapshot(probe.world)).coordinator.broker;
    const { world, events } = runChecked(
      cluster(50, 6, {
        config: {
          network: { latencyMs: 5, jitterMs: 2 },
          groups: { offsetsTopicPartitions: 10 },
          broker: { sessionTimeoutMs: 3000 },
        },
      }),
      [
        steady(0),
        join(0, member('c1')),
        join(0, member('c2')),
        at(8000, { type: 'killBroker', broker: coordinator }),
        at(9000, { type: 'produce', producer: 'shop', count: 5 }),
      ],
      30_000,
    );
    const s = snapshot(world);
    const g = group(s);
    expect(g.coordinator.broker).not.toBe(coordinator);
    expect(g.coordinator.broker).not.toBe(-1);
    expect(g.state).toBe('Stable');
    // Nobody was removed: the new coordinator re-armed every session instead of expiring the members.
    expect(events.filter((e) => e.type === 'memberRemoved')).toEqual([]);
    // Commits after the move reach the new coordinator.
    const lateCommits = events.filter((e) => e.type === 'offsetsCommitted' && e.atMs > 20_000);
    expect(lateCommits.length).toBeGreaterThan(0);
  });
});

/** The JoinGroup a member of 'billing' sends again, with the same subscription and ownership. */
function sameJoinAgain(m: GroupMemberState): GroupRequest {
  return {
    type: 'join',
    group: 'billing',
    member: m.memberId,
    instanceId: m.instanceId,
    topics: [...m.topics],
    assignors: [...m.assignors],
    owned: m.owned.map((tp) => ({ ...tp })),
    ownedGeneration: m.ownedGeneration,
    sessionTimeoutMs: m.sessionTimeoutMs,
    rebalanceTimeoutMs: m.rebalanceTimeoutMs,
  };
}

describe('regressions', () => {
  it('an eager member commits before its JoinGroup arrives, so the new owner re-reads nothing', () => {
    const one = (id: string) => member(id, { assignors: ['range'] });
    const { world, events } = runChecked(
      cluster(60, 2, {
        config: { network: { latencyMs: 5, jitterMs: 10 }, groups: { offsetsTopicPartitions: 10 } },
      }),
      [
        steady(0),
        join(0, one('c1')),
        join(7000, one('c2')),
        at(15_000, { type: 'setProducerRate', producer: 'shop', rate: 0 }),
      ],
      20_000,
    );
    expect(events.filter((e) => e.type === 'offsetCommitFailed')).toEqual([]);
    const s = snapshot(world);
    const total = s.topics[0].partitions.reduce((n, p) => n + p.logEndOffset, 0);
    expect(s.consumers.reduce((n, c) => n + c.consumed, 0)).toBe(total);
  });

  it('a rebalance started by the only member rejoining completes at once', () => {
    const { world } = runChecked(
      refreshing(61, 2),
      [
        join(0, member('a', { maxPollIntervalMs: 20_000 })),
        at(5000, { type: 'addPartitions', topic: 'orders', count: 2 }),
      ],
      6500,
    );
    expect(group(snapshot(world)).generation).toBe(2);
  });

  it('a JoinGroup answered with the current generation does not count as a rejoin for the next rebalance', () => {
    // Found by the fuzzer (seeds 1628, 2792 of 10,000): members re-sent JoinGroup while the
    // group completed a rebalance (their coordinator moved); the coordinator answered with the
    // current generation but kept them marked as rejoined, so when the leader later rejoined
    // (partitions added), the join completed at once with the followers' stale, empty owned
    // partitions, and the cooperative assignor gave a partition to two members.
    const cooperative = (id: string) => member(id, { assignors: ['cooperative-sticky'] });
    const setup = cluster(63, 4);
    const probe = runChecked(setup, [join(0, cooperative('a')), join(0, cooperative('b'))], 8000);
    const world = probe.world;
    const g = world.groups.billing;
    expect(g.state).toBe('Stable');
    const follower = g.memberOrder.find((id) => id !== g.leader)!;
    const known = g.members[follower];
    const broker = world.topics.__consumer_offsets.partitions[g.offsetsPartition].leader;
    // The follower's late JoinGroup, unchanged: answered with the current generation.
    handleGroupRequest(world, sameJoinAgain(known), broker);
    expect(g.state).toBe('Stable');
    expect(g.generation).toBe(1);
    // The leader rejoins: the group must wait for the follower's own JoinGroup.
    const leader = g.members[g.leader!];
    handleGroupRequest(world, sameJoinAgain(leader), broker);
    expect(g.state).toBe('PreparingRebalance');
    expect(g.generation).toBe(1);
  });

  it('a static leader still rebalances when partitions are added', () => {
    const stat = (id: string) => member(id, { instanceId: `${id}-host` });
    const { world } = runChecked(
      refreshing(62, 2),
      [
        join(0, stat('a')),
        join(0, stat('b')),
        at(5000, { type: 'addPartitions', topic: 'orders', count: 2 }),
      ],
      20_000,
    );
    expect(group(snapshot(world)).members.flatMap((m) => m.assignment)).toHaveLength(4);
  });
});
