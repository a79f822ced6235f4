import { describe, expect, it } from 'vitest';
import { createCursor, createWorld, runWithCommands } from './index';
import { tpKey, type LogRecord } from './model';
import { partitionForKey, utf8Length } from './murmur2';

/**
 * A rate tick makes its records on a fast path (each key list hashed and measured once, the
 * value made from a per-producer prefix, whole timestamps as small integers). Its records must
 * be exactly those the general path describes: these check each field against it.
 */
describe('rate tick records', () => {
  const keys = ['key-0000', 'clé-ü', 'κλειδί', 'emoji-😀', 'k'];

  function run(order: 'random' | 'cycle'): { record: LogRecord; partition: number }[] {
    const world = createWorld({
      seed: 3,
      brokers: [1, 2, 3],
      topics: [{ name: 't', partitions: 7, replicationFactor: 1 }],
      producers: [{ id: 'producer-é', topic: 't', acks: 1 }],
      consumers: [],
    });
    const cursor = createCursor([
      {
        atMs: 0,
        command: {
          type: 'setProducerRate',
          producer: 'producer-é',
          rate: 2000,
          keys,
          keyOrder: order,
        },
      },
    ]);
    runWithCommands(world, cursor, 500);
    return world.topics.t.partitions.flatMap((p) =>
      p.logs[p.leader].records.map((record) => ({ record, partition: p.partition })),
    );
  }

  for (const order of ['random', 'cycle'] as const) {
    it(`${order} keys: value, size, partition and timestamp as the general path makes them`, () => {
      const records = run(order);
      expect(records.length).toBeGreaterThan(500);
      for (const { record, partition } of records) {
        const key = record.key as string;
        expect(keys).toContain(key);
        expect(partition).toBe(partitionForKey(key, 7));
        expect(record.value).toBe(`producer-é-${record.sequence}`);
        // RECORD_OVERHEAD_BYTES (10) + the key's and the value's UTF-8 bytes.
        expect(record.sizeBytes).toBe(10 + utf8Length(key) + utf8Length(record.value as string));
        expect(record.partitionReason).toBe('key-hash');
        expect(Number.isInteger(record.timestampMs)).toBe(true);
      }
      const sequences = new Set(records.map((r) => r.record.sequence));
      expect(sequences.size).toBe(records.length);
    });
  }

  it('cycle order takes the keys in turn', () => {
    // This producer sends only from its rate, so its nth record took the nth key in turn.
    for (const { record } of run('cycle'))
      expect(record.key).toBe(keys[record.sequence % keys.length]);
  });
});

describe('tpKey', () => {
  it('is the topic and partition joined by a slash, the same string each time', () => {
    expect(tpKey('orders', 3)).toBe('orders/3');
    expect(tpKey('orders', 3)).toBe(tpKey('orders', 3));
    expect(tpKey('a/b', 0)).toBe('a/b/0');
    expect(tpKey('orders', -1)).toBe('orders/-1');
    expect(tpKey('orders', 100_000)).toBe('orders/100000');
  });
});
