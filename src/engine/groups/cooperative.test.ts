import { describe, expect, it } from 'vitest';
import {
  cooperativeAdjust,
  cooperativeStickyAssign,
  revokedPartitions,
  stickyAssign,
} from './assignors.ts';
import { assignmentProblems, fmtAll, member, nextRound, tps } from './testKit.ts';

describe('cooperative-sticky (CooperativeStickyAssignor)', () => {
  it('two-round move: round 1 withholds moving partitions, round 2 hands them over', () => {
    const ppt = { t: 6 };
    const round1 = [
      member('c0', ['t'], { owned: tps('t:0', 't:1', 't:2', 't:3', 't:4', 't:5'), generation: 1 }),
      member('c1', ['t']),
    ];
    // The sticky target moves t:3..t:5 to the newcomer...
    expect(fmtAll(stickyAssign(round1, ppt))).toEqual({
      c0: ['t:0', 't:1', 't:2'],
      c1: ['t:3', 't:4', 't:5'],
    });
    // ...but c0 still consumes them, so round 1 gives them to nobody.
    const a1 = cooperativeStickyAssign(round1, ppt);
    expect(fmtAll(a1)).toEqual({ c0: ['t:0', 't:1', 't:2'], c1: [] });
    expect(fmtAll(revokedPartitions(round1, a1))).toEqual({ c0: ['t:3', 't:4', 't:5'], c1: [] });
    expect(assignmentProblems(a1, round1, ppt, true)).toEqual([]);

    // c0 revokes and rejoins; in generation 2 nobody claims t:3..t:5 any more.
    const round2 = nextRound(round1, a1, 2);
    const a2 = cooperativeStickyAssign(round2, ppt);
    expect(fmtAll(a2)).toEqual({ c0: ['t:0', 't:1', 't:2'], c1: ['t:3', 't:4', 't:5'] });
    expect(fmtAll(revokedPartitions(round2, a2))).toEqual({ c0: [], c1: [] });
    expect(assignmentProblems(a2, round2, ppt)).toEqual([]);
  });

  it('a member leaving needs only one round: nobody present owns its partitions', () => {
    const ppt = { t: 4 };
    const members = [
      member('c0', ['t'], { owned: tps('t:0', 't:1'), generation: 3 }),
      member('c2', ['t'], { owned: tps('t:3'), generation: 3 }), // c1 (which had t:2) left
    ];
    const a = cooperativeStickyAssign(members, ppt);
    expect(fmtAll(a)).toEqual({ c0: ['t:0', 't:1'], c2: ['t:2', 't:3'] });
    expect(assignmentProblems(a, members, ppt)).toEqual([]);
  });

  it('withholds a partition claimed by two members in the same generation, even from one of them', () => {
    const ppt = { t: 4 };
    const members = [
      member('c0', ['t'], { owned: tps('t:0', 't:1'), generation: 5 }),
      member('c1', ['t'], { owned: tps('t:1'), generation: 5 }),
    ];
    expect(fmtAll(stickyAssign(members, ppt))).toEqual({ c0: ['t:0', 't:1'], c1: ['t:2', 't:3'] });
    expect(fmtAll(cooperativeStickyAssign(members, ppt))).toEqual({
      c0: ['t:0'],
      c1: ['t:2', 't:3'],
    });
  });

  it('does not withhold from the trusted owner when a stale member also claims the partition', () => {
    const ppt = { t: 2 };
    const members = [
      member('fresh', ['t'], { owned: tps('t:0'), generation: 7 }),
      member('zombie', ['t'], { owned: tps('t:0', 't:1'), generation: 6 }),
    ];
    // fresh keeps t:0; zombie keeps t:1 (its claim on it is uncontested).
    expect(fmtAll(cooperativeStickyAssign(members, ppt))).toEqual({
      fresh: ['t:0'],
      zombie: ['t:1'],
    });
  });

  it('cooperativeAdjust (the general-path rule) goes by the raw owned lists, not generations', () => {
    // Kafka's computePartitionsTransferringOwnership: withheld = newly added to a member that
    // did not list it, and listed (owned) by a member that loses it. c1 lists t:1 itself, so
    // even its stale generation-3 claim means t:1 is not "added" to c1: it is not withheld.
    const target = { c0: tps('t:0'), c1: tps('t:1') };
    const members = [
      member('c0', ['t'], { owned: tps('t:0', 't:1'), generation: 5 }),
      member('c1', ['t'], { owned: tps('t:1'), generation: 3 }),
    ];
    expect(fmtAll(cooperativeAdjust(target, members))).toEqual({ c0: ['t:0'], c1: ['t:1'] });
    // A member that did not list it is withheld from.
    const others = [members[0], member('c1', ['t'])];
    expect(fmtAll(cooperativeAdjust(target, others))).toEqual({ c0: ['t:0'], c1: [] });
  });

  it('cooperativeAdjust does not modify the target', () => {
    const target = { a: tps('t:0', 't:1'), b: [] };
    const snapshot = JSON.stringify(target);
    cooperativeAdjust(target, [member('a', ['t']), member('b', ['t'], { owned: tps('t:1') })]);
    expect(JSON.stringify(target)).toBe(snapshot);
  });

  it('revokedPartitions: owned minus assigned, sorted, duplicates collapsed; unknown members revoke all', () => {
    const members = [
      member('a', ['t'], { owned: tps('t:3', 't:1', 't:3', 't:0') }),
      member('gone', ['t'], { owned: tps('t:2') }),
    ];
    expect(fmtAll(revokedPartitions(members, { a: tps('t:1') }))).toEqual({
      a: ['t:0', 't:3'],
      gone: ['t:2'],
    });
  });

  it('general path (different subscriptions) converges in two rounds here (checked against Kafka 4.3.1)', () => {
    const ppt = { x: 6, y: 6 };
    let members = [member('A', ['x', 'y']), member('B', ['x', 'y']), member('C', ['y'])];
    const a0 = cooperativeStickyAssign(members, ppt);
    members = [...nextRound(members, a0, 1), member('D', ['x'])];
    const a1 = cooperativeStickyAssign(members, ppt);
    expect(assignmentProblems(a1, members, ppt, true)).toEqual([]);
    // The target moves x:0 (from A) and x:1 (from B) to D: both withheld this round.
    expect(fmtAll(a1)).toEqual({
      A: ['x:2', 'x:4', 'y:3'],
      B: ['x:3', 'x:5', 'y:4'],
      C: ['y:0', 'y:1', 'y:2', 'y:5'],
      D: [],
    });
    const round2 = nextRound(members, a1, 2);
    const a2 = cooperativeStickyAssign(round2, ppt);
    expect(assignmentProblems(a2, round2, ppt)).toEqual([]);
    expect(a2).toEqual(stickyAssign(members, ppt)); // the target intended in round 1
    expect(a2.D).toEqual(tps('x:0', 'x:1'));
  });
});
