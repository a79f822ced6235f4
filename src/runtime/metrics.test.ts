import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../engine';
import { sampleOf } from './metrics';

/** The parts of a snapshot a sample reads: topics' partitions' log ends, groups' lags. */
function snap(timeMs: number, topics: Record<string, number[]>): Snapshot {
  return {
    timeMs,
    topics: [
      ...Object.entries(topics).map(([name, ends]) => ({
        name,
        internal: false,
        partitions: ends.map((logEndOffset, partition) => ({ partition, logEndOffset })),
      })),
      {
        name: '__consumer_offsets',
        internal: true,
        partitions: [{ partition: 0, logEndOffset: 9 }],
      },
    ],
    groups: [{ id: 'g', offsets: [{ lag: 2 }, { lag: null }, { lag: 3 }] }],
  } as unknown as Snapshot;
}

describe('sampleOf', () => {
  it('holds each partition’s log end by "topic-partition", in topic and partition order', () => {
    const ends = Array.from({ length: 40 }, (_, i) => i * 7);
    const a = sampleOf(snap(500, { orders: ends, audit: [5, 6] }));
    const keys = [...ends.map((_, i) => `orders-${i}`), 'audit-0', 'audit-1'];
    expect(Object.keys(a.logEnd)).toEqual(keys);
    expect(Object.values(a.logEnd)).toEqual([...ends, 5, 6]);
    expect(a.groupLag).toEqual({ g: 5 });
    expect(a.timeMs).toBe(500);
    // The next sample with the same partitions is an object of its own, with its own values.
    const b = sampleOf(snap(1000, { orders: ends.map((e) => e + 1), audit: [5, 6] }));
    expect(b.logEnd).not.toBe(a.logEnd);
    expect(a.logEnd['orders-3']).toBe(21);
    expect(b.logEnd['orders-3']).toBe(22);
    // Partitions added: the new keys, in order.
    const c = sampleOf(snap(1500, { orders: [1, 2, 3] }));
    expect(Object.keys(c.logEnd)).toEqual(['orders-0', 'orders-1', 'orders-2']);
    expect(Object.getPrototypeOf(c.logEnd)).toBe(Object.prototype);
  });
});
