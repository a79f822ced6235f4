import { describe, expect, it } from 'vitest';
import { findByPartition } from './partitionIndex';

describe('findByPartition', () => {
  it('finds what list.find finds, in short and long lists, first match first', () => {
    for (const n of [3, 40]) {
      const list = Array.from({ length: n }, (_, i) => ({
        topic: i % 2 === 0 ? 'a' : 'b',
        partition: Math.floor(i / 2),
        i,
      }));
      list.push({ topic: 'a', partition: 0, i: -1 }); // a later duplicate
      for (const topic of ['a', 'b', 'c'])
        for (let partition = -1; partition <= n / 2 + 1; partition++)
          expect(findByPartition(list, topic, partition)).toBe(
            list.find((x) => x.topic === topic && x.partition === partition),
          );
    }
  });
});
