import { describe, expect, it } from 'vitest';
import {
  allSubscriptionsEqual,
  cooperativeStickyAssign,
  constrainedStickyAssign,
  generalStickyAssign,
  rangeAssign,
  roundRobinAssign,
  stickyAssign,
  stickyPathFor,
} from './assignors.ts';
import {
  assignmentProblems,
  fmtAll,
  member,
  movedCount,
  nextRound,
  spread,
  tps,
} from './testKit.ts';

describe('sticky: choosing Kafka’s code path', () => {
  it('takes the constrained path only when every subscription is the same set', () => {
    expect(allSubscriptionsEqual([member('a', ['x', 'y']), member('b', ['y', 'x'])])).toBe(true);
    // Kafka compares the topic *list*'s size with the set's: a topic listed twice differs.
    expect(allSubscriptionsEqual([member('a', ['x', 'y']), member('b', ['y', 'x', 'y'])])).toBe(
      false,
    );
    expect(stickyPathFor([member('a', ['x', 'y']), member('b', ['x'])])).toBe('general');
    expect(stickyPathFor([])).toBe('constrained');
  });

  it('constrainedStickyAssign refuses differing subscriptions', () => {
    expect(() =>
      constrainedStickyAssign([member('a', ['x']), member('b', ['y'])], { x: 1, y: 1 }),
    ).toThrow();
  });
});

describe('sticky: StickyAssignor javadoc example 1 (same subscriptions)', () => {
  const ppt = { t0: 2, t1: 2, t2: 2, t3: 2 };
  const all = ['t0', 't1', 't2', 't3'];

  it('a fresh group is dealt round-robin style', () => {
    const a = stickyAssign([member('C0', all), member('C1', all), member('C2', all)], ppt);
    expect(fmtAll(a)).toEqual({
      C0: ['t0:0', 't1:1', 't3:0'],
      C1: ['t0:1', 't2:0', 't3:1'],
      C2: ['t1:0', 't2:1'],
    });
  });

  it('when C1 leaves, C0 and C2 keep everything and split only C1’s partitions', () => {
    const members = [
      member('C0', all, { owned: tps('t0:0', 't1:1', 't3:0'), generation: 1 }),
      member('C2', all, { owned: tps('t1:0', 't2:1'), generation: 1 }),
    ];
    const a = stickyAssign(members, ppt);
    // Kafka's javadoc (written for the original algorithm) shows C0 taking t2p0 and C2 taking
    // t0p1,t3p1; today's constrained builder deals the free t0p1,t2p0,t3p1 round-robin to the
    // members under quota, giving the same stickiness (nothing owned moves) with t0p1 at C0.
    expect(fmtAll(a)).toEqual({
      C0: ['t0:0', 't0:1', 't1:1', 't3:0'],
      C2: ['t1:0', 't2:0', 't2:1', 't3:1'],
    });
    expect(movedCount(members, ppt, a)).toBe(0);
    // Round robin on the same group would have moved partitions between C0 and C2.
    const rr = roundRobinAssign(members, ppt);
    expect(movedCount(members, ppt, rr)).toBeGreaterThan(0);
  });
});

describe('sticky: StickyAssignor javadoc example 2 (different subscriptions, general path)', () => {
  const ppt = { t0: 1, t1: 2, t2: 3 };

  it('fresh assignment is as balanced as subscriptions allow', () => {
    const members = [
      member('C0', ['t0']),
      member('C1', ['t0', 't1']),
      member('C2', ['t0', 't1', 't2']),
    ];
    expect(fmtAll(stickyAssign(members, ppt))).toEqual({
      C0: ['t0:0'],
      C1: ['t1:0', 't1:1'],
      C2: ['t2:0', 't2:1', 't2:2'],
    });
  });

  it('when C0 leaves, only its partition moves', () => {
    const members = [
      member('C1', ['t0', 't1'], { owned: tps('t1:0', 't1:1') }),
      member('C2', ['t0', 't1', 't2'], { owned: tps('t2:0', 't2:1', 't2:2') }),
    ];
    expect(fmtAll(stickyAssign(members, ppt))).toEqual({
      C1: ['t0:0', 't1:0', 't1:1'],
      C2: ['t2:0', 't2:1', 't2:2'],
    });
  });
});

describe('sticky: constrained path details', () => {
  it('a joining member takes exactly what balance needs (one partition here)', () => {
    const ppt = { t: 6 };
    const members = [
      member('c0', ['t'], { owned: tps('t:0', 't:1') }),
      member('c1', ['t'], { owned: tps('t:2', 't:3') }),
      member('c2', ['t'], { owned: tps('t:4', 't:5') }),
      member('c3', ['t']),
    ];
    const a = stickyAssign(members, ppt);
    // 6 over 4: quotas 1..2, two members may keep 2. c0 and c1 claim those slots first (member
    // order); c2 keeps one and gives up the other to c3.
    expect(fmtAll(a)).toEqual({ c0: ['t:0', 't:1'], c1: ['t:2', 't:3'], c2: ['t:4'], c3: ['t:5'] });
    expect(movedCount(members, ppt, a)).toBe(1);
  });

  it('keeps the lowest-numbered owned partitions (Kafka sorts them by partition, then topic)', () => {
    const members = [member('c0', ['t'], { owned: tps('t:3', 't:0', 't:1') }), member('c1', ['t'])];
    expect(fmtAll(stickyAssign(members, { t: 4 }))).toEqual({
      c0: ['t:0', 't:1'],
      c1: ['t:2', 't:3'],
    });
  });

  it('successive rebalances: join, join, leave — each moves only what balance needs', () => {
    const ppt = { a: 5, b: 7 };
    const topics = ['a', 'b'];
    let members = [member('m1', topics), member('m2', topics)];
    let a = stickyAssign(members, ppt);
    expect(spread(a)).toBeLessThanOrEqual(1);
    const expectedMoves = [4, 3, 0]; // 12 over 2 -> 3 (6 each -> 4 each: 2+2 move), then 4 (3 each: 1 each from 3 members), then leave
    // join m3
    members = [...nextRound(members, a, 1), member('m3', topics)];
    a = stickyAssign(members, ppt);
    expect(movedCount(members, ppt, a)).toBe(expectedMoves[0]);
    expect(spread(a)).toBe(0);
    // join m4
    members = [...nextRound(members, a, 2), member('m4', topics)];
    a = stickyAssign(members, ppt);
    expect(movedCount(members, ppt, a)).toBe(expectedMoves[1]);
    expect(spread(a)).toBe(0);
    // m2 leaves: its 3 partitions are free, nobody else moves
    members = nextRound(members, a, 3).filter((m) => m.memberId !== 'm2');
    a = stickyAssign(members, ppt);
    expect(movedCount(members, ppt, a)).toBe(expectedMoves[2]);
    expect(spread(a)).toBe(0);
    expect(assignmentProblems(a, members, ppt)).toEqual([]);
  });

  it('more consumers than partitions: owners keep theirs, the rest are idle', () => {
    const members = [
      member('c0', ['t']),
      member('c1', ['t'], { owned: tps('t:1') }),
      member('c2', ['t']),
      member('c3', ['t'], { owned: tps('t:0') }),
    ];
    expect(fmtAll(stickyAssign(members, { t: 3 }))).toEqual({
      c0: ['t:2'],
      c1: ['t:1'],
      c2: [],
      c3: ['t:0'],
    });
  });

  it('ignores a stale (older generation) claim when a newer member claims the same partition', () => {
    const members = [
      member('c0', ['t'], { owned: tps('t:0', 't:1'), generation: 5 }),
      member('c1', ['t'], { owned: tps('t:1', 't:2'), generation: 3 }),
    ];
    // c1 missed a rebalance: its claim on t:1 loses to c0's newer one, but nobody else claims
    // t:2, so c1 keeps that.
    expect(fmtAll(stickyAssign(members, { t: 4 }))).toEqual({
      c0: ['t:0', 't:1'],
      c1: ['t:2', 't:3'],
    });
  });

  it('trusts neither claim when two members claim a partition in the same generation', () => {
    const members = [
      member('c0', ['t'], { owned: tps('t:1', 't:2', 't:3'), generation: 4 }),
      member('c1', ['t'], { owned: tps('t:3', 't:0'), generation: 4 }),
      member('c2', ['t']),
    ];
    // t:3 is contested, so it is free; c0 keeps t:1,t:2 and c1 keeps t:0; t:3 and t:4,t:5 fill up.
    const a = stickyAssign(members, { t: 6 });
    expect(fmtAll(a)).toEqual({ c0: ['t:1', 't:2'], c1: ['t:0', 't:3'], c2: ['t:4', 't:5'] });
  });

  it('ignores owned partitions of deleted topics and partitions that no longer exist', () => {
    const members = [
      member('c0', ['t'], { owned: tps('gone:0', 't:9', 't:1') }),
      member('c1', ['t']),
    ];
    expect(fmtAll(stickyAssign(members, { t: 2 }))).toEqual({ c0: ['t:1'], c1: ['t:0'] });
  });

  it('orders members by member id only: static members get no precedence (unlike range and round robin)', () => {
    // Checked against kafka-clients 4.3.1's StickyAssignor.
    const members = [member('a', ['t']), member('b', ['t'], { instanceId: 'static-1' })];
    expect(fmtAll(stickyAssign(members, { t: 3 }))).toEqual({ a: ['t:0', 't:2'], b: ['t:1'] });
  });

  it('feeding the result back (next generation) changes nothing', () => {
    const ppt = { x: 7, y: 4 };
    const members = ['p', 'q', 'r', 's'].map((id) => member(id, ['x', 'y']));
    const a = stickyAssign(members, ppt);
    expect(stickyAssign(nextRound(members, a, 2), ppt)).toEqual(a);
  });
});

describe('sticky: general path (different subscriptions)', () => {
  it('Kafka moves single partitions only: a 3/2/1 spread that needs a chain stays (checked against Kafka 4.3.1)', () => {
    // A only reads x, C only reads y, B reads both. A has 3, B 2, C 1: a chain A->B (an x) plus
    // B->C (a y) would balance at 2/2/2, but Kafka's isBalanced() only asks whether one
    // partition could move to a member with 2 fewer, which none can, so nothing moves.
    const ppt = { x: 4, y: 2 };
    const members = [
      member('A', ['x'], { owned: tps('x:0', 'x:1', 'x:2') }),
      member('B', ['x', 'y'], { owned: tps('x:3', 'y:0') }),
      member('C', ['y'], { owned: tps('y:1') }),
    ];
    const a = stickyAssign(members, ppt);
    expect(fmtAll(a)).toEqual({ A: ['x:0', 'x:1', 'x:2'], B: ['x:3', 'y:0'], C: ['y:1'] });
    expect(movedCount(members, ppt, a)).toBe(0);
  });

  it('drops owned partitions of topics a member unsubscribed from (and rebalances around it)', () => {
    const ppt = { x: 2, y: 2 };
    const members = [
      member('A', ['x'], { owned: tps('x:0', 'y:0', 'y:1') }),
      member('B', ['x', 'y'], { owned: tps('x:1') }),
    ];
    const a = stickyAssign(members, ppt);
    // y:0,y:1 can only go to B (A unsubscribed), leaving 1 vs 3; balance needs B's x:1 at A.
    expect(fmtAll(a)).toEqual({ A: ['x:0', 'x:1'], B: ['y:0', 'y:1'] });
    expect(movedCount(members, ppt, a)).toBe(1);
  });

  it('a newcomer on a subset of topics: Kafka stops at 4/3/3/2 (checked against Kafka 4.3.1)', () => {
    const ppt = { x: 6, y: 6 };
    let members = [member('A', ['x', 'y']), member('B', ['x', 'y']), member('C', ['y'])];
    let a = stickyAssign(members, ppt);
    expect(fmtAll(a)).toEqual({
      A: ['x:0', 'x:2', 'x:4', 'y:3'],
      B: ['x:1', 'x:3', 'x:5', 'y:4'],
      C: ['y:0', 'y:1', 'y:2', 'y:5'],
    });
    members = [...nextRound(members, a, 1), member('D', ['x'])];
    a = stickyAssign(members, ppt);
    // D takes x:0 from A and x:1 from B; then no single partition can move to a member with 2
    // fewer (C holds only y, which D does not read), so the heuristic stops short of 3/3/3/3.
    expect(fmtAll(a)).toEqual({
      A: ['x:2', 'x:4', 'y:3'],
      B: ['x:3', 'x:5', 'y:4'],
      C: ['y:0', 'y:1', 'y:2', 'y:5'],
      D: ['x:0', 'x:1'],
    });
    expect(movedCount(members, ppt, a)).toBe(2);
    expect(assignmentProblems(a, members, ppt)).toEqual([]);
  });

  it('members subscribed to nothing stay idle and do not disturb balance', () => {
    const members = [member('A', ['x']), member('B', []), member('C', ['x'])];
    // Kafka deals fresh partitions one at a time to the least-loaded subscriber.
    expect(fmtAll(stickyAssign(members, { x: 4 }))).toEqual({
      A: ['x:0', 'x:2'],
      B: [],
      C: ['x:1', 'x:3'],
    });
  });

  it('generalStickyAssign also works (and balances) when subscriptions are equal', () => {
    const members = ['a', 'b', 'c'].map((id) => member(id, ['x', 'y']));
    const a = generalStickyAssign(members, { x: 5, y: 5 });
    expect(spread(a)).toBe(1);
    expect(assignmentProblems(a, members, { x: 5, y: 5 })).toEqual([]);
  });

  it('feeding the result back (next generation) changes nothing', () => {
    const ppt = { x: 5, y: 3, z: 4 };
    const members = [
      member('p', ['x', 'y']),
      member('q', ['y', 'z']),
      member('r', ['x', 'z']),
      member('s', ['z']),
    ];
    const a = stickyAssign(members, ppt);
    expect(stickyAssign(nextRound(members, a, 7), ppt)).toEqual(a);
  });
});

describe('static membership keeps positions across restarts', () => {
  it('range and round robin give a restarted static member (new member id) the same partitions', () => {
    const before = [
      member('m-aaa', ['t'], { instanceId: 'host-2' }),
      member('m-bbb', ['t'], { instanceId: 'host-1' }),
    ];
    const after = [
      member('m-zzz', ['t'], { instanceId: 'host-2' }),
      member('m-bbb', ['t'], { instanceId: 'host-1' }),
    ];
    for (const fn of [rangeAssign, roundRobinAssign]) {
      expect(fn(after, { t: 5 })['m-zzz']).toEqual(fn(before, { t: 5 })['m-aaa']);
    }
  });
});

describe("sticky: Kafka's own unit tests (AbstractStickyAssignorTest, kafka 4.3.1)", () => {
  it('testMultipleConsumersMixedTopicSubscriptions', () => {
    const ppt = { topic1: 3, topic2: 2 };
    const members = [
      member('consumer1', ['topic1']),
      member('consumer2', ['topic1', 'topic2']),
      member('consumer3', ['topic1']),
    ];
    expect(fmtAll(stickyAssign(members, ppt))).toEqual({
      consumer1: ['topic1:0', 'topic1:2'],
      consumer2: ['topic2:0', 'topic2:1'],
      consumer3: ['topic1:1'],
    });
  });

  it('testAddRemoveConsumerOneTopic (and the cooperative withholding of topic-2)', () => {
    const ppt = { topic: 3 };
    let members = [member('consumer1', ['topic'])];
    let a = stickyAssign(members, ppt);
    expect(fmtAll(a)).toEqual({ consumer1: ['topic:0', 'topic:1', 'topic:2'] });
    members = [
      member('consumer1', ['topic'], { owned: a.consumer1, generation: 1 }),
      member('consumer2', ['topic'], { generation: 1 }),
    ];
    a = stickyAssign(members, ppt);
    expect(fmtAll(a)).toEqual({ consumer1: ['topic:0', 'topic:1'], consumer2: ['topic:2'] });
    // partitionsTransferringOwnership == {topic-2: consumer2}: withheld this round.
    expect(fmtAll(cooperativeStickyAssign(members, ppt))).toEqual({
      consumer1: ['topic:0', 'topic:1'],
      consumer2: [],
    });
    members = [member('consumer2', ['topic'], { owned: a.consumer2, generation: 1 })];
    expect(fmtAll(stickyAssign(members, ppt))).toEqual({
      consumer2: ['topic:0', 'topic:1', 'topic:2'],
    });
  });
});
