import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../engine';
import { answerHelp } from './questionHelp';

/** Only the fields answerHelp reads. */
const snapshot = {
  topics: [{ name: 'orders', partitions: [{}, {}, {}] }],
  groups: [
    {
      id: 'billing',
      protocol: 'range',
      members: [
        { id: 'c1', assignment: [{ topic: 'orders', partition: 0 }] },
        { id: 'c2', assignment: [] },
      ],
    },
  ],
} as unknown as Snapshot;

describe('answerHelp', () => {
  it('walks a key through murmur2 for partitionOf and partitionsOf, quoted or bare', () => {
    const key = { kind: 'key', topic: 'orders', numPartitions: 3 };
    expect(answerHelp('partitionOf(orders, zoe)', snapshot)).toEqual({ ...key, key: 'zoe' });
    expect(answerHelp('partitionsOf(orders, "a b")', snapshot)).toEqual({ ...key, key: 'a b' });
    expect(answerHelp('partitionOf(orders, "42")', snapshot)).toEqual({ ...key, key: '42' });
  });

  it("gives a group's assignor and assignment for ownerOf and assignment", () => {
    expect(answerHelp('ownerOf(billing, orders, 0)', snapshot)).toEqual({
      kind: 'group',
      group: 'billing',
      protocol: 'range',
      members: [
        { id: 'c1', partitions: ['orders-0'] },
        { id: 'c2', partitions: [] },
      ],
    });
    expect(answerHelp('assignment(billing, c1)', snapshot)?.kind).toBe('group');
  });

  it('has nothing to add for other answers, comparisons, null keys or unknown names', () => {
    for (const answer of [
      'leaderOf(orders, 0)',
      'partitionOf(orders, zoe) == 2',
      'partitionOf(orders, null)',
      'partitionOf(nope, zoe)',
      'ownerOf(nobody, orders, 0)',
      'records(orders',
    ])
      expect(answerHelp(answer, snapshot), answer).toBeNull();
  });
});
