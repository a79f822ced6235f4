import { describe, expect, it } from 'vitest';
import { assign, rangeAssign, rangeSlice, roundRobinAssign } from './assignors.ts';
import { assignmentProblems, fmtAll, member } from './testKit.ts';

const twoByThree = { t0: 3, t1: 3 };

describe('range assignor (RangeAssignor)', () => {
  it('Kafka javadoc example: C0,C1 on t0,t1 with 3 partitions each', () => {
    const members = [member('C0', ['t0', 't1']), member('C1', ['t0', 't1'])];
    expect(fmtAll(rangeAssign(members, twoByThree))).toEqual({
      C0: ['t0:0', 't0:1', 't1:0', 't1:1'],
      C1: ['t0:2', 't1:2'],
    });
  });

  it('rangeSlice: floor(P/M) each, the first P mod M members one more', () => {
    // 7 partitions over 3 members: 3, 2, 2
    expect([0, 1, 2].map((i) => rangeSlice(7, 3, i))).toEqual([
      { start: 0, length: 3 },
      { start: 3, length: 2 },
      { start: 5, length: 2 },
    ]);
    // more members than partitions: the tail gets nothing
    expect([0, 1, 2].map((i) => rangeSlice(2, 3, i).length)).toEqual([1, 1, 0]);
  });

  it('uneven remainders: 10 partitions over 4 members -> 3,3,2,2 in member order', () => {
    const members = ['c3', 'c1', 'c0', 'c2'].map((id) => member(id, ['t']));
    expect(fmtAll(rangeAssign(members, { t: 10 }))).toEqual({
      c0: ['t:0', 't:1', 't:2'],
      c1: ['t:3', 't:4', 't:5'],
      c2: ['t:6', 't:7'],
      c3: ['t:8', 't:9'],
    });
  });

  it('uses Java string order for members: consumer10 comes before consumer2', () => {
    const members = [member('consumer2', ['t']), member('consumer10', ['t'])];
    expect(fmtAll(rangeAssign(members, { t: 3 }))).toEqual({
      consumer10: ['t:0', 't:1'],
      consumer2: ['t:2'],
    });
  });

  it('static members come first regardless of member id', () => {
    const members = [
      member('a-dynamic', ['t']),
      member('z-static', ['t'], { instanceId: 'host-1' }),
    ];
    expect(fmtAll(rangeAssign(members, { t: 3 }))).toEqual({
      'z-static': ['t:0', 't:1'],
      'a-dynamic': ['t:2'],
    });
  });

  it('handles each topic over only the members subscribed to it', () => {
    const members = [member('A', ['x', 'y']), member('B', ['y']), member('C', ['x'])];
    expect(fmtAll(rangeAssign(members, { x: 3, y: 2 }))).toEqual({
      A: ['x:0', 'x:1', 'y:0'],
      B: ['y:1'],
      C: ['x:2'],
    });
  });

  it('is unbalanced across many topics: the first member gets every remainder', () => {
    const members = [member('C0', ['a', 'b', 'c']), member('C1', ['a', 'b', 'c'])];
    const a = rangeAssign(members, { a: 3, b: 3, c: 3 });
    expect(a.C0).toHaveLength(6);
    expect(a.C1).toHaveLength(3);
  });

  it('more consumers than partitions: the extra consumers are idle', () => {
    const members = ['c0', 'c1', 'c2', 'c3'].map((id) => member(id, ['t']));
    expect(fmtAll(rangeAssign(members, { t: 2 }))).toEqual({
      c0: ['t:0'],
      c1: ['t:1'],
      c2: [],
      c3: [],
    });
  });

  it('ignores subscribed topics with no metadata and topics nobody subscribes to', () => {
    const members = [member('c0', ['ghost', 't'])];
    expect(fmtAll(rangeAssign(members, { t: 1, other: 4 }))).toEqual({ c0: ['t:0'] });
  });
});

describe('round-robin assignor (RoundRobinAssignor)', () => {
  it('Kafka javadoc example 1: same subscriptions', () => {
    const members = [member('C0', ['t0', 't1']), member('C1', ['t0', 't1'])];
    expect(fmtAll(roundRobinAssign(members, twoByThree))).toEqual({
      C0: ['t0:0', 't0:2', 't1:1'],
      C1: ['t0:1', 't1:0', 't1:2'],
    });
  });

  it('Kafka javadoc example 2: different subscriptions skip non-subscribers', () => {
    const members = [
      member('C0', ['t0']),
      member('C1', ['t0', 't1']),
      member('C2', ['t0', 't1', 't2']),
    ];
    expect(fmtAll(roundRobinAssign(members, { t0: 1, t1: 2, t2: 3 }))).toEqual({
      C0: ['t0:0'],
      C1: ['t1:0'],
      C2: ['t1:1', 't2:0', 't2:1', 't2:2'],
    });
  });

  it('deals across topics in one sequence, so remainders spread out', () => {
    const members = [member('C0', ['a', 'b', 'c']), member('C1', ['a', 'b', 'c'])];
    const a = roundRobinAssign(members, { a: 3, b: 3, c: 3 });
    expect([a.C0.length, a.C1.length]).toEqual([5, 4]);
  });

  it('sorts topics in Java order (t10 before t2) when dealing', () => {
    const members = [member('A', ['t2', 't10']), member('B', ['t2', 't10'])];
    expect(fmtAll(roundRobinAssign(members, { t2: 1, t10: 1 }))).toEqual({
      A: ['t10:0'],
      B: ['t2:0'],
    });
  });

  it('static members are dealt first', () => {
    const members = [member('a', ['t']), member('b', ['t'], { instanceId: 'i' })];
    expect(fmtAll(roundRobinAssign(members, { t: 3 }))).toEqual({ b: ['t:0', 't:2'], a: ['t:1'] });
  });

  it('more consumers than partitions: the extra consumers are idle', () => {
    const members = ['c0', 'c1', 'c2'].map((id) => member(id, ['t']));
    expect(fmtAll(roundRobinAssign(members, { t: 1 }))).toEqual({ c0: ['t:0'], c1: [], c2: [] });
  });
});

describe('assign() dispatcher', () => {
  const members = [member('C1', ['t0', 't1']), member('C0', ['t0', 't1'])];

  it.each(['range', 'roundrobin', 'sticky', 'cooperative-sticky'] as const)(
    '%s gives a complete, valid assignment',
    (name) => {
      const a = assign(name, members, twoByThree);
      expect(assignmentProblems(a, members, twoByThree)).toEqual([]);
    },
  );

  it.each(['range', 'roundrobin', 'sticky', 'cooperative-sticky'] as const)(
    '%s on an empty group is {}',
    (name) => {
      expect(assign(name, [], twoByThree)).toEqual({});
    },
  );

  it.each(['range', 'roundrobin', 'sticky', 'cooperative-sticky'] as const)(
    '%s rejects duplicate member ids',
    (name) => {
      expect(() => assign(name, [member('x', ['t0']), member('x', ['t0'])], twoByThree)).toThrow(
        /duplicate member id/,
      );
    },
  );

  it('rejects negative or fractional partition counts', () => {
    expect(() => assign('range', members, { t0: -1 })).toThrow(RangeError);
    expect(() => assign('sticky', members, { t0: 1.5 })).toThrow(RangeError);
  });

  it('topics with zero partitions assign nothing', () => {
    expect(assign('roundrobin', members, { t0: 0, t1: 0 })).toEqual({ C0: [], C1: [] });
  });

  it('handles a member id of "__proto__" as an ordinary key', () => {
    const odd = [member('__proto__', ['t0'])];
    const a = assign('range', odd, { t0: 1 });
    expect(Object.keys(a)).toEqual(['__proto__']);
    expect(a['__proto__']).toEqual([{ topic: 't0', partition: 0 }]);
  });
});
