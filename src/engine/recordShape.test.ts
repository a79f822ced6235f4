import { describe, expect, it } from 'vitest';
import { recordShape } from './producer';
import { runChecked } from './testing';
import type { Command } from './commands';

describe('records keep one shape', () => {
  // `recordShape()` decides how V8 holds every record's fields only while every record is
  // built with its keys in its order: a producer's and a broker's own (offset commits).
  it("a producer's records and a broker's offset commits have the keys of recordShape(), in order", () => {
    const at = (atMs: number, command: Command) => ({ atMs, command });
    const { world } = runChecked(
      {
        seed: 3,
        brokers: [1, 2, 3],
        topics: [{ name: 'orders', partitions: 2, replicationFactor: 3 }],
        producers: [{ id: 'shop', topic: 'orders', acks: 'all' }],
        config: { groups: { offsetsTopicPartitions: 4 } },
      },
      [
        at(0, {
          type: 'addConsumer',
          consumer: { id: 'c1', group: 'billing', topics: ['orders'], from: 'earliest' },
        }),
        at(4000, { type: 'produce', producer: 'shop', count: 6 }),
        at(7000, { type: 'commit', consumer: 'c1' }),
      ],
      8000,
    );
    const recordsOf = (topic: string) =>
      world.topics[topic].partitions.flatMap((p) => p.logs[p.leader].records);
    const produced = recordsOf('orders');
    const commits = recordsOf('__consumer_offsets');
    expect(produced.length).toBe(6);
    expect(commits.length).toBeGreaterThan(0);
    const keys = Object.keys(recordShape());
    for (const r of [...produced, ...commits]) expect(Object.keys(r)).toEqual(keys);
    // What it is for: a commit is stamped with the clock (a fraction), a produced record not.
    expect(commits.some((r) => !Number.isInteger(r.timestampMs))).toBe(true);
    expect(produced.every((r) => Number.isInteger(r.timestampMs))).toBe(true);
    expect(typeof recordShape().timestampMs).not.toBe('number');
    expect(recordShape()).toBe(recordShape());
  });
});
